// The Unified CM export against the lab's seeded Cluster1: reading Contoso's part of it
// (readCucmExportSnapshot) and mapping it (cucmExportDefinition) gives a definition that decodes
// and describes what the seed holds, user by user; the read writes nothing.
import { expect } from "chai";
import { startLab, type LabHandle } from "../../../lab";
import { createAxlService, LAB_AXL_ADMIN } from "../../../lab/cisco";
import { AxlClient } from "../../../provider/backends/axl/client";
import { httpsTransport } from "../../../provider/backends/axl/transport";
import type { SendRequest } from "../../../provider/core/http-pipeline";
import { decodeCustomerDefinition } from "../../../sdk/definition/customer-definition";
import { cucmExportDefinition } from "../../../sdk/export/cucm-export";
import { readCucmExportSnapshot } from "../../../sdk/export/cucm-snapshot";
import { temporaryStateDir } from "../lab/fixtures/lab-test-support";

describe("Unified CM export of the lab's Cluster1", function () {
  this.timeout(120_000);
  let lab: LabHandle;
  let state: { dir: string; remove: () => Promise<void> };
  const operations: string[] = [];

  before(async () => {
    state = await temporaryStateDir();
    lab = await startLab({ stateDir: state.dir, tlsDir: process.env.UCFLOW_TEST_TLS_DIR!, services: [createAxlService()], log: () => undefined });
  });
  after(async () => {
    await lab?.stop();
    await state?.remove();
  });

  function client(): AxlClient {
    const transport = httpsTransport({ ca: lab.caCertPem });
    const counting: SendRequest = (request) => {
      operations.push(/(\w+)"?$/.exec(request.headers.get("soapaction") ?? "")?.[1] ?? "getCCMVersion");
      return transport(request);
    };
    return new AxlClient({ host: lab.endpoints.services.axl as string, username: LAB_AXL_ADMIN.userid, password: LAB_AXL_ADMIN.password, cluster: "Cluster1", transport: counting });
  }

  it("exports Contoso (Cu1) as a definition that decodes, each user in the site and profile they have now", async () => {
    const snapshot = await readCucmExportSnapshot(client(), { cluster: "Cluster1", customerCode: "Cu1" });
    const exported = cucmExportDefinition(snapshot, { customerCode: "Cu1", customerName: "Contoso", unityConnection: "UCxn1" });
    if (!exported.ok) throw new Error(exported.problems.join("\n"));
    const definition = exported.definition as Record<string, any>;
    expect(definition.customer).to.deep.equal({ code: "Cu1", name: "Contoso", adoption: { existing: "adopt" } });
    expect(definition.directory).to.deep.equal({ source: "cucm" });
    expect(definition.subscriberSets).to.deep.equal({ count: 1 });
    expect(definition.clusters).to.deep.equal([
      {
        name: "Cluster1",
        dialPlan: { extensionLength: 4, countryCallingCode: "1", outsideAccessCode: "9", gateway: "Cu1-PSTN-RL" },
        voicemail: { profile: "Cu1-VM-Profile", unityConnection: "UCxn1", forwardInternalCalls: false }, // the seed's lines forward external calls only
        defaults: { dateTimeGroup: "Cu1-Chicago-DTG", region: "Cu1Si1-Region" },
        existingDialPlan: { linePartition: "Cu1-DirNum-PT" },
      },
    ]);
    // The lines' calling search space lists Cu1-PSTN-PT, whose 9.1[2-9]XX[2-9]XXXXXX is the NANP national pattern.
    expect(definition.classesOfService).to.deep.equal([{ name: "Cu1-National", countryCallingCode: "1", allows: ["national"] }]);
    // The seeded site under its own names, for adoption.
    const existing = { devicePool: "Cu1Si1-DevicePool", location: "Cu1Si1-Location", deviceCss: "Cu1-Internal-CSS", lineCss: { "Cu1-National": "Cu1-National-CSS" } };
    expect(definition.sites.map((s: any) => [s.code, s.name, s.cucm, s.address.city, s.timeZone, s.adoption])).to.deep.equal([
      ["Cu1Si1", "Chicago", { cluster: "Cluster1", classOfService: "Cu1-National", existing }, "Chicago", "America/Chicago", { existing: "adopt" }],
    ]);
    // lchen has no line: not a subscriber; 4004-4009 are nobody's and stay outside the ranges.
    expect(definition.numberInventory).to.deep.equal({ ranges: [{ start: "4000", end: "4003", site: "Cu1Si1" }] });
    const profiles = new Map(definition.profiles.map((p: any) => [p.name, p]));
    const placement = Object.fromEntries(
      definition.flowThrough.entries.flatMap((e: any) => definition.filters.find((f: any) => f.name === e.filter).rows.flatMap((r: any) => r.value.map((userid: string) => [userid, [e.site, e.profile, e.role ?? null]]))),
    );
    expect(placement).to.deep.equal({
      jsmith: ["Cu1Si1", "8845-VM", null],
      mgarcia: ["Cu1Si1", "8865-Jabber-VM-IMP", "Cu1-Role1"],
      akim: ["Cu1Si1", "SNR-VM", null],
      tnguyen: ["Cu1Si1", "7841-VM", null],
    });
    expect(profiles.get("8865-Jabber-VM-IMP")).to.deep.equal({
      name: "8865-Jabber-VM-IMP",
      jabber: true,
      voicemail: true,
      imAndPresence: true,
      quickAddGroup: { name: "8865-jabber-vm-imp", phone: { product: "Cisco 8865", protocol: "SIP", buttonTemplate: "Standard 8865 SIP" }, serviceProfile: "Cu1-ServiceProfile" },
    });
    expect(profiles.get("SNR-VM")).to.deep.equal({ name: "SNR-VM", voicemail: true, singleNumberReach: true, quickAddGroup: { name: "snr-vm" } });
    expect(definition.roles).to.deep.equal([{ name: "Cu1-Role1", cucm: { accessControlGroups: ["Standard CCM End Users", "Standard CTI Enabled"] } }]);
    expect(exported.notes.join("\n")).to.include("route pattern \\+! in Cu1-PSTN-PT").and.include("user akim has extension mobility profiles (akim-UDP) but no desk phone");
    const decoded = decodeCustomerDefinition(exported.definition, "export");
    expect(decoded.ok ? [] : decoded.problems).to.deep.equal([]);
    expect(operations.filter((o) => !/^(list|get)/.test(o)), "reads only").to.deep.equal([]);
  });
});
