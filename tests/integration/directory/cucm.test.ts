// The Unified CM source against the lab's AXL simulator: the seeded Cluster1's lines, end users
// and referenced names (Contoso's, and what the Fabrikam example names), the cluster's end users
// as a directory, and readCustomerSources with clients from ucflow:clusters (and the lab's LDAP
// for the Fabrikam example as it is). A counting transport shows a read is a handful of paged
// lists, also on a cluster of a few thousand users, lines and phones.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { startLab, LabControlClient, type LabHandle } from "../../../lab";
import { applyAxlSeed, createAxlService, deterministicUuids, LAB_AXL_ADMIN, seedCluster1 } from "../../../lab/cisco";
import { createCupiService, LAB_CUPI_PASSWORD, LAB_CUPI_USERNAME } from "../../../lab/cisco/cupi";
import { AxlClient } from "../../../provider/backends/axl/client";
import { httpsTransport } from "../../../provider/backends/axl/transport";
import { checkCucmReferences } from "../../../provider/plan/cucm-references";
import type { SendRequest } from "../../../provider/core/http-pipeline";
import { decodeCustomerDefinition, type CustomerDefinition } from "../../../sdk/definition/customer-definition";
import { readCucmCluster, readCucmEndUsers } from "../../../sdk/directory/cucm";
import { readCustomerSources } from "../../../sdk/directory/customer-sources";
import { rejectionOf } from "../../unit/backends/replay";
import { temporaryStateDir } from "../lab/fixtures/lab-test-support";

/** Users, lines and phones added to Cluster1 for the large cluster: each user's phone carries their line, their primary extension. */
const LARGE = 2500;

function largeCluster(indexFor: Parameters<typeof seedCluster1>[0]) {
  const state = seedCluster1(indexFor);
  const objects: Record<string, unknown>[] = [];
  const updates: Record<string, unknown>[] = [];
  for (let i = 0; i < LARGE; i++) {
    const id = String(i).padStart(5, "0");
    const dirn = { pattern: `5${id}`, routePartitionName: "Cu1-DirNum-PT" };
    objects.push({ kind: "user", userid: `bulk${id}`, lastName: `Bulk ${id}`, department: "Bulk" });
    objects.push({ kind: "line", ...dirn });
    objects.push({ kind: "phone", name: `SEP00BB000${id}`, product: "Cisco 8845", class: "Phone", protocol: "SIP", devicePoolName: "Cu1Si1-DevicePool", ownerUserName: `bulk${id}`, lines: [{ index: 1, dirn }] });
    updates.push({ kind: "user", userid: `bulk${id}`, associatedDevices: [`SEP00BB000${id}`], primaryExtension: dirn });
  }
  return applyAxlSeed(state, indexFor(state), { objects, updates }, deterministicUuids("large"));
}

const FABRIKAM = path.join(__dirname, "../../../../examples/cucm-customer/fabrikam.yaml");

function fabrikam(change: (raw: Record<string, unknown>) => void = () => undefined): CustomerDefinition {
  const raw = parse(fs.readFileSync(FABRIKAM, "utf8")) as Record<string, unknown>;
  change(raw);
  const decoded = decodeCustomerDefinition(raw, "fabrikam.yaml");
  if (!decoded.ok) throw new Error(`fabrikam.yaml: ${JSON.stringify(decoded.problems)}`);
  return decoded.value;
}

describe("Unified CM source against the lab's Cluster1", function () {
  this.timeout(120_000);
  let lab: LabHandle;
  let control: LabControlClient;
  let state: { dir: string; remove: () => Promise<void> };
  const url = (service: string) => lab.endpoints.services[service] as string;

  /** A client of a lab cluster whose transport records each request's AXL operation. */
  const client = (service = "axl", extra: { password?: string; pageSize?: number } = {}) => {
    const operations: string[] = [];
    const transport = httpsTransport({ ca: lab.caCertPem });
    const counting: SendRequest = (request) => {
      operations.push(/(\w+)"?$/.exec(request.headers.get("soapaction") ?? "")?.[1] ?? "getCCMVersion");
      return transport(request);
    };
    const axl = new AxlClient({ host: url(service), username: LAB_AXL_ADMIN.userid, password: extra.password ?? LAB_AXL_ADMIN.password, cluster: "Cluster1", transport: counting, ...(extra.pageSize ? { pageSize: extra.pageSize } : {}) });
    return { axl, operations };
  };

  const clustersConfig = (password = LAB_AXL_ADMIN.password) => ({ Cluster1: { host: url("axl"), username: LAB_AXL_ADMIN.userid, password, ca: lab.caCertPem } });
  // The Fabrikam example's voicemail is on UCxn1: readCustomerSources checks its template.
  const unityConnections = () => JSON.stringify({ UCxn1: { baseUrl: url("cupi"), username: LAB_CUPI_USERNAME, password: LAB_CUPI_PASSWORD, ca: lab.caCertPem } });
  const config = (values: Record<string, string>) => {
    pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries({ unityConnections: unityConnections(), ...values }).map(([k, v]) => [`ucflow:${k}`, v])));
    return new pulumi.Config("ucflow");
  };

  before(async () => {
    state = await temporaryStateDir();
    lab = await startLab({
      stateDir: state.dir,
      tlsDir: process.env.UCFLOW_TEST_TLS_DIR!,
      services: [createAxlService(), createAxlService({ name: "axl-large", cluster: largeCluster }), createCupiService()],
      log: () => undefined,
    });
    control = new LabControlClient(lab.endpoints.control, lab.caCertPem);
  });
  after(async () => {
    await lab?.stop();
    await state?.remove();
  });
  beforeEach(async () => {
    await control.reset("axl");
  });
  afterEach(() => {
    pulumi.runtime.setAllConfig({});
  });

  it("reads every line with its owner, every end user and the referenced names, in one paged list of each", async () => {
    const { axl, operations } = client();
    const snapshot = await readCucmCluster(axl);

    const lines = Object.fromEntries([...snapshot.lines].map(([pattern, entries]) => [pattern, entries]));
    expect(Object.keys(lines).sort()).to.deep.equal(["4000", "4001", "4002", "4003", "4004", "4005", "4006", "4007", "4008", "4009"]);
    expect(lines["4000"]).to.deep.equal([{ partition: "Cu1-DirNum-PT", userid: "jsmith" }]);
    expect(lines["4001"]).to.deep.equal([{ partition: "Cu1-DirNum-PT", userid: "mgarcia" }]);
    expect(lines["4002"]).to.deep.equal([{ partition: "Cu1-DirNum-PT", userid: "akim" }]);
    expect(lines["4003"]).to.deep.equal([{ partition: "Cu1-DirNum-PT", userid: "tnguyen" }]);
    expect(lines["4009"]).to.deep.equal([{ partition: "Cu1-DirNum-PT" }]);
    expect(Object.fromEntries(snapshot.users)).to.deep.equal({
      akim: { primaryExtension: "4002", telephoneNumber: "+13125554002" },
      jsmith: { primaryExtension: "4000", telephoneNumber: "+13125554000" },
      lchen: {},
      mgarcia: { primaryExtension: "4001", telephoneNumber: "+13125554001" },
      tnguyen: { primaryExtension: "4003", telephoneNumber: "+13125554003" },
    });

    const catalog = snapshot.catalog!;
    expect(catalog.routeLists).to.include.members(["Cu1-PSTN-RL", "Fabrikam-PSTN-RL"]);
    expect(catalog.sipTrunks).to.deep.equal(["Cu1-PSTN-SBC"]);
    expect(catalog.gateways).to.deep.equal(["10.10.1.1"]);
    expect(catalog.voicemailProfiles).to.include.members(["NoVoiceMail", "Cu1-VM-Profile", "Fabrikam-VM"]);
    expect(catalog.serviceProfiles).to.include.members(["Cu1-ServiceProfile", "Fabrikam-Jabber"]);
    expect(catalog.ipPhoneServices).to.deep.equal(["Extension Mobility"]);
    expect(catalog.phoneButtonTemplates).to.include.members(["Standard 8845 SIP", "Standard Client Services Framework"]);
    expect(catalog.phoneSecurityProfiles).to.include("Cisco 8845 - Standard SIP Non-Secure Profile");
    expect(catalog.sipProfiles).to.include.members(["Standard SIP Profile", "Standard SIP Profile For Mobile Device"]);
    expect(catalog.callManagerGroups).to.deep.equal(["Default"]);
    expect(catalog.dateTimeGroups).to.include.members(["CMLocal", "Cu1-Chicago-DTG"]);
    expect(catalog.regions).to.include.members(["Default", "Cu1Si1-Region"]);
    expect(catalog.srsts).to.include.members(["Disable", "Use Default Gateway"]);
    expect(catalog.presenceGroups).to.deep.equal(["Standard Presence group"]);
    expect(catalog.commonPhoneConfigs).to.deep.equal(["Standard Common Phone Profile"]);
    // The access control groups roles name (the lab seeds the cluster's standard ones).
    expect(catalog.userGroups).to.include.members(["Standard CCM End Users", "Standard CTI Enabled"]);
    // Every name the Fabrikam example gives is on the cluster.
    expect(checkCucmReferences(fabrikam(), { Cluster1: catalog })).to.deep.equal([]);

    // The version once, then one page of each list, nothing per object.
    expect(operations[0]).to.equal("getCCMVersion");
    expect(operations.slice(1).sort()).to.deep.equal(
      [
        "listLine", "listUser", "listRouteList", "listSipTrunk", "listGateway", "listVoiceMailProfile", "listPhoneButtonTemplate", "listPhoneSecurityProfile",
        "listSipProfile", "listServiceProfile", "listIpPhoneServices", "listCallManagerGroup", "listDateTimeGroup", "listRegion", "listSrst", "listPresenceGroup", "listCommonPhoneConfig",
        "listUserGroup",
      ].sort(),
    );
  });

  it("stays a handful of paged lists on a cluster of a few thousand users, lines and phones", async () => {
    const { axl, operations } = client("axl-large");
    const snapshot = await readCucmCluster(axl);
    expect(snapshot.lines.size).to.equal(LARGE + 10);
    expect(snapshot.users.size).to.equal(LARGE + 5);
    expect(snapshot.lines.get("502499")).to.deep.equal([{ partition: "Cu1-DirNum-PT", userid: "bulk02499" }]);
    expect(snapshot.users.get("bulk00000")).to.deep.equal({ primaryExtension: "500000" });
    // 1000 rows a page: lines and users take 3 pages each; the 16 name lists one each.
    const count = (operation: string) => operations.filter((o) => o === operation).length;
    expect([count("listLine"), count("listUser"), operations.length]).to.deep.equal([3, 3, 1 + 3 + 3 + 16]);
    expect(operations.filter((o) => !o.startsWith("list") && o !== "getCCMVersion")).to.deep.equal([]);
  });

  it("reads the cluster's end users as a directory: keyed by uuid, with their attributes, filtered by criteria", async () => {
    const { axl } = client();
    const users = await readCucmEndUsers(axl);
    const labUsers = ((await control.state("axl")) as { objects: { user: Record<string, { uuid: string; fields: { userid: string } }> } }).objects.user;
    const uuidOf = Object.fromEntries(Object.values(labUsers).map((u) => [u.fields.userid, u.uuid.replace(/[{}]/g, "").toLowerCase()]));
    expect(users.map((u) => u.id)).to.deep.equal(Object.values(uuidOf).sort());
    const mgarcia = users.find((u) => u.id === uuidOf.mgarcia)!;
    expect(mgarcia.attributes).to.deep.include({ userId: "mgarcia", firstName: "Maria", lastName: "Garcia", mail: "mgarcia@contoso.com", department: "Engineering", primaryExtension: "4001", serviceProfile: "Cu1-ServiceProfile" });
    const engineering = await readCucmEndUsers(axl, { criteria: [{ attribute: "department", condition: "equals", value: "engineering" }] });
    expect(engineering.map((u) => u.attributes.userId)).to.deep.equal(["mgarcia"]);
  });

  it("readCustomerSources reads each cluster the sites use, and the cluster's end users for source cucm, with clients from ucflow:clusters", async () => {
    const definition = fabrikam((raw) => (raw.directory = { source: "cucm" }));
    const sources = await readCustomerSources(definition, { config: config({ clusters: JSON.stringify(clustersConfig()) }) });
    expect(Object.keys(sources.clusterSnapshots ?? {})).to.deep.equal(["Cluster1"]);
    const snapshot = sources.clusterSnapshots!.Cluster1;
    expect(snapshot.lines.get("4000")).to.deep.equal([{ partition: "Cu1-DirNum-PT", userid: "jsmith" }]);
    expect(snapshot.catalog?.routeLists).to.include("Fabrikam-PSTN-RL");
    expect(sources.users?.map((u) => u.attributes.userId).sort()).to.deep.equal(["akim", "jsmith", "lchen", "mgarcia", "tnguyen"]);
    expect(sources).to.not.have.property("tenant");
  });

  it("readCustomerSources lists the directory cluster's users once for the snapshot and the directory", async () => {
    const { axl, operations } = client();
    const definition = fabrikam((raw) => (raw.directory = { source: "cucm", cluster: "Cluster1" }));
    const sources = await readCustomerSources(definition, { axlClient: () => axl, config: config({}) });
    expect(sources.users).to.have.length(5);
    expect(operations.filter((o) => o === "listUser")).to.have.length(1);
  });

  it("readCustomerSources reads the Fabrikam example as it is: users from the lab's LDAP, Cluster1 as it is", async () => {
    const ldap = lab.endpoints.ldap!;
    const sources = await readCustomerSources(fabrikam(), {
      config: config({
        clusters: JSON.stringify(clustersConfig()),
        ldapUrl: ldap.url,
        ldapCaCert: lab.caCertPem,
        ldapBindDn: ldap.bindDn,
        ldapBindPassword: ldap.bindPassword,
        ldapBaseDn: ldap.baseDn,
      }),
    });
    expect(sources.users!.length).to.be.greaterThan(0);
    // Employees only (the example's ldapFilter), keyed by entryUUID.
    expect(sources.users!.every((u) => u.attributes.employeeType === "Employee")).to.equal(true);
    const snapshot = sources.clusterSnapshots!.Cluster1;
    expect([...snapshot.lines.keys()]).to.include.members(["4000", "4009"]);
    expect(checkCucmReferences(fabrikam(), { Cluster1: snapshot.catalog })).to.deep.equal([]);
  });

  it("names the cluster and what was being read when the cluster refuses, never the password", async () => {
    const definition = fabrikam((raw) => (raw.directory = { source: "cucm" }));
    const error = await rejectionOf<Error>(readCustomerSources(definition, { config: config({ clusters: JSON.stringify(clustersConfig("Not-the-password-1")) }) }));
    // A RunError: Pulumi prints its message without a stack trace.
    expect(pulumi.RunError.isInstance(error), String(error)).to.equal(true);
    expect(error.message).to.match(/^axl: reading the CUCM version at https:\/\/127\.0\.0\.1:\d+\/axl\/ on Unified CM cluster Cluster1: 401 Unauthorized: CUCM rejected the username or password of AXL user "axladmin"/);
    expect(error.message).to.include("ucflow:clusters.Cluster1.password");
    expect(error.message).not.to.include("Not-the-password-1");
  });

  it("names a voicemail template the Unity Connection server lacks by its path under the root the program gives", async () => {
    const definition = fabrikam((raw) => {
      raw.directory = { source: "cucm" };
      (raw.clusters as { voicemail: { template?: string } }[])[0]!.voicemail.template = "nosuchtemplate";
    });
    const options = { config: config({ clusters: JSON.stringify(clustersConfig()) }) };
    const error = await rejectionOf<Error>(readCustomerSources(definition, { ...options, definitionRoot: "customer" }));
    expect(pulumi.RunError.isInstance(error), String(error)).to.equal(true);
    expect(error.message).to.match(/^the voicemail cannot work; nothing was changed:\n  - customer\.clusters\[0\]\.voicemail\.template: Unity Connection UCxn1 has no user template "nosuchtemplate"; it has /);
    const fromFile = await rejectionOf<Error>(readCustomerSources(definition, { ...options, definitionRoot: { root: "customers/fabrikam.yaml", position: () => ":21:17" } }));
    expect(fromFile.message).to.include("\n  - customers/fabrikam.yaml:21:17: clusters[0].voicemail.template: Unity Connection UCxn1 has no user template");
    expect((await rejectionOf<Error>(readCustomerSources(definition, options))).message).to.include("\n  - definition.clusters[0].voicemail.template: ");
  });

  it("names the setting to give when a cluster the sites use has none", async () => {
    const error = await rejectionOf<Error>(readCustomerSources(fabrikam((raw) => (raw.directory = { source: "cucm" })), { config: config({}) }));
    expect(pulumi.RunError.isInstance(error), String(error)).to.equal(true);
    expect(error.message).to.match(/^cannot read Unified CM cluster Cluster1; nothing was changed:\n  - ucflow:clusters\.Cluster1 is required/);
  });
});
