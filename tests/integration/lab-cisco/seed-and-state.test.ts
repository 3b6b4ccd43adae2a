// The seeded cluster and the lab's control of it (docs/lab-cisco.md): what Cluster1 holds, the
// same uuids every time, POST /seed (objects, updates, removals, application users, knobs, all
// checked as AXL checks them, all or nothing), GET /state/axl, reset, and persistence through the
// state directory across a restart.
import { expect } from "chai";
import { LabControlError, startLab } from "../../../lab";
import { applyAxlSeed, CLUSTER1, createAxlService, emptyCluster, type AxlClusterState, type StoredObject } from "../../../lab/cisco";
import { axl, child, itemTexts, returnOf, startAxlLab, textAt, type AxlLab, withAxlLab, getOk } from "./support";
import { temporaryStateDir } from "../lab/fixtures/lab-test-support";

function names(state: AxlClusterState, kind: keyof AxlClusterState["objects"], field = "name"): string[] {
  return Object.values(state.objects[kind] ?? {}).map((object: StoredObject) => String(object.fields[field]));
}

async function refusal(promise: Promise<unknown>): Promise<LabControlError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LabControlError) return error;
    throw error;
  }
  throw new Error("expected the seed to be refused");
}

describe("lab AXL simulator: seeded cluster, seed data and state", () => {
  let env: AxlLab;
  withAxlLab((lab) => (env = lab));

  it("seeds Cluster1 with the system objects, a Contoso site and existing users, lines and phones", async () => {
    const state = (await env.control.state("axl")) as AxlClusterState;
    expect(state.cluster).to.deep.equal({ name: "Cluster1", version: "15.0.1.12900-1", schemaVersions: ["12.5", "14.0", "15.0"] });
    expect(names(state, "devicePool")).to.have.members(["Default", "Cu1Si1-DevicePool"]);
    expect(names(state, "location")).to.have.members(["Hub_None", "Phantom", "Shadow", "Cu1Si1-Location"]);
    expect(names(state, "routePartition")).to.have.members(["Cu1-DirNum-PT", "Cu1-Translation-PT", "Cu1-PSTN-PT"]);
    expect(names(state, "css")).to.have.members(["Cu1-Internal-CSS", "Cu1-National-CSS"]);
    expect(names(state, "transPattern", "pattern")).to.have.members(["0", "\\+131255540XX"]);
    expect(names(state, "routePattern", "pattern")).to.have.members(["9.1[2-9]XX[2-9]XXXXXX", "\\+!", "911"]);
    expect(names(state, "line", "pattern")).to.deep.equal([...CLUSTER1.existingLines]);
    expect(names(state, "user", "userid")).to.have.members(["jsmith", "mgarcia", "akim", "lchen", "tnguyen"]);
    expect(names(state, "phone")).to.have.members(["SEP00AABB000001", "SEP00AABB000002", "CSFMGARCIA", "SEP00AABB000003", "SEP00AABB000010"]);
    expect(names(state, "phoneButtonTemplate")).to.include.members(["Standard 8845 SIP", "Standard 7841 SIP", "Standard Client Services Framework"]);
    expect(names(state, "userGroup")).to.include.members(["Standard CCM End Users", "Standard CTI Enabled"]);
    expect(names(state, "ipPhoneServices", "serviceName")).to.deep.equal(["Extension Mobility"]);
    expect(names(state, "ucService")).to.have.members(["Cu1-Voicemail", "Cu1-IMP", "Cu1-CTI"]);
    expect(names(state, "serviceProfile")).to.deep.equal(["Cu1-ServiceProfile", "Fabrikam-Jabber"]);
    expect(names(state, "voiceMailProfile")).to.have.members(["NoVoiceMail", "Cu1-VM-Profile", "Fabrikam-VM"]);
    expect(names(state, "voiceMailPilot", "dirn")).to.deep.equal(["8000", "8200"]);
    expect(state.applicationUsers.map((user) => user.userid)).to.deep.equal(["axladmin", "axlreadonly", "axlnoaccess"]);
    // The same uuids after a reset (the seed is deterministic).
    const partition = Object.keys(state.objects.routePartition ?? {});
    await env.control.reset("axl");
    expect(Object.keys(((await env.control.state("axl")) as AxlClusterState).objects.routePartition ?? {})).to.deep.equal(partition);
  });

  it("adds, updates and removes objects from POST /seed with AXL's checks, and a reset returns to the seed", async () => {
    await env.control.seed("axl", {
      objects: [
        { kind: "routePartition", name: "Cu2-DirNum-PT" },
        { kind: "line", pattern: "5000", routePartitionName: "Cu2-DirNum-PT", description: "seeded" },
        { kind: "user", userid: "seeded.user", lastName: "User", associatedGroups: [{ name: "Standard CCM End Users" }] },
        { kind: "phone", name: "SEP00AABB0000F0", product: "Cisco 8851", class: "Phone", protocol: "SIP", devicePoolName: "Cu1Si1-DevicePool", ownerUserName: "seeded.user", lines: [{ index: 1, dirn: { pattern: "5000", routePartitionName: "Cu2-DirNum-PT" } }] },
      ],
      updates: [{ kind: "user", userid: "seeded.user", associatedDevices: ["SEP00AABB0000F0"], newUserid: "seeded.person" }],
      remove: [{ kind: "line", pattern: "4008", routePartitionName: "Cu1-DirNum-PT" }],
    });
    const phone = await getOk(env, "Phone", "phone", "<name>SEP00AABB0000F0</name>", "<ownerUserName/><lines/>");
    expect(textAt(phone, "ownerUserName")).to.equal("seeded.person");
    expect(textAt(child(child(phone, "lines"), "line"), "dirn", "pattern")).to.equal("5000");
    expect(itemTexts(child(await getOk(env, "User", "user", "<userid>seeded.person</userid>", "<associatedDevices/>"), "associatedDevices"), "device")).to.deep.equal(["SEP00AABB0000F0"]);
    expect((await axl(env, "getLine", "<pattern>4008</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName>")).status).to.equal(500);

    await env.control.reset("axl");
    expect((await axl(env, "getPhone", "<name>SEP00AABB0000F0</name>")).status).to.equal(500);
    expect((await axl(env, "getLine", "<pattern>4008</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName>")).status).to.equal(200);
  });

  it("refuses seed data that AXL would refuse, naming the entry, and applies none of it", async () => {
    const before = JSON.stringify(((await env.control.state("axl")) as AxlClusterState).objects);
    const dangling = await refusal(env.control.seed("axl", { objects: [{ kind: "routePartition", name: "OK-PT" }, { kind: "line", pattern: "6000", routePartitionName: "Missing-PT" }] }));
    expect(dangling.status).to.equal(400);
    expect(dangling.message).to.include("objects[1] (line): Item not valid: The specified Route Partition was not found");
    const duplicate = await refusal(env.control.seed("axl", { objects: [{ kind: "user", userid: "jsmith", lastName: "Again" }] }));
    expect(duplicate.message).to.include("Could not insert new row");
    const unknownKind = await refusal(env.control.seed("axl", { objects: [{ kind: "fax", name: "x" }] }));
    expect(unknownKind.message).to.include("objects[0].kind must name an AXL kind");
    const knob = await refusal(env.control.seed("axl", { settings: { throttling: { maxConcurrentReads: 0 } } }));
    expect(knob.message).to.include("settings.throttling.maxConcurrentReads must be a whole number from 1");
    const version = await refusal(env.control.seed("axl", { cluster: { schemaVersions: ["11.5"] } }));
    expect(version.message).to.include("cluster.schemaVersions must list AXL schemas the lab knows (12.0, 12.5, 14.0, 15.0)");
    expect(JSON.stringify(((await env.control.state("axl")) as AxlClusterState).objects)).to.equal(before);
  });

  it("takes application users from the seed: who may call AXL and with which role", async () => {
    await env.control.seed("axl", { applicationUsers: [{ userid: "provisioner", password: "Another-Lab-Secret-1", roles: ["Standard AXL API Access"] }], removeApplicationUsers: ["axlreadonly"] });
    const ok = await axl(env, "getCCMVersion", "", { credentials: { userid: "provisioner", password: "Another-Lab-Secret-1" } });
    expect(textAt(returnOf(ok, "getCCMVersion"), "componentVersion", "version")).to.equal("15.0.1.12900-1");
    expect((await axl(env, "getCCMVersion", "", { credentials: { userid: "axlreadonly", password: "Lab-AXL-readonly-0001" } })).status).to.equal(401);
  });
});

describe("lab AXL simulator: persistence", () => {
  it("keeps the cluster in the state directory across a restart, with its lookups rebuilt", async () => {
    const state = await temporaryStateDir();
    let env = await startAxlLab({}, state.dir);
    try {
      await axl(env, "addPhone", "<phone><name>SEP00AABB0000E0</name><product>Cisco 8845</product><class>Phone</class><protocol>SIP</protocol><devicePoolName>Default</devicePoolName><lines><line><index>1</index><dirn><pattern>4006</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName></dirn></line></lines></phone>");
      await axl(env, "updateRoutePartition", "<name>Cu1-PSTN-PT</name><newName>Cu1-Breakout-PT</newName>");
      await env.control.flush("axl");
      await env.stop();
      env = await startAxlLab({}, state.dir);
      const line = await getOk(env, "Line", "line", "<pattern>4006</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName>", "<associatedDevices/>");
      expect(itemTexts(child(line, "associatedDevices"), "device")).to.deep.equal(["SEP00AABB0000E0"]);
      expect(textAt(await getOk(env, "RoutePartition", "routePartition", "<name>Cu1-Breakout-PT</name>"), "name")).to.equal("Cu1-Breakout-PT");
      // The restarted lab forgot its sessions but not its users.
      expect((await axl(env, "getCCMVersion", "")).status).to.equal(200);
    } finally {
      await env.stop();
      await state.remove();
    }
  });
});

describe("lab AXL simulator: several clusters", () => {
  it("runs a second cluster as a second service with its own name, port, seed and versions", async () => {
    const state = await temporaryStateDir();
    const lab = await startLab({
      stateDir: state.dir,
      tlsDir: process.env.UCFLOW_TEST_TLS_DIR,
      ldap: false,
      log: () => undefined,
      services: [
        createAxlService(),
        createAxlService({
          name: "axl-b",
          cluster: (indexFor) => {
            const cluster = emptyCluster("Cluster2", "14.0.1.13900-155", ["12.5", "14.0"]);
            return applyAxlSeed(cluster, indexFor(cluster), { objects: [{ kind: "region", name: "Default" }] });
          },
        }),
      ],
    });
    try {
      expect(lab.env.UCFLOW_LAB_AXL_B_URL).to.equal(lab.endpoints.services["axl-b"]);
      const second = { lab, axlUrl: `${lab.endpoints.services["axl-b"] as string}/axl/` } as unknown as AxlLab;
      const version = await axl(second, "getCCMVersion", "", { version: "1.0", soapAction: null });
      expect(textAt(returnOf(version, "getCCMVersion"), "componentVersion", "version")).to.equal("14.0.1.13900-155");
      expect((await axl(second, "getUser", "<userid>jsmith</userid>", { version: "15.0" })).status).to.equal(599);
      expect((await axl(second, "getUser", "<userid>jsmith</userid>", { version: "14.0" })).body).to.include("The specified User was not found");
      const first = { lab, axlUrl: `${lab.endpoints.services.axl as string}/axl/` } as unknown as AxlLab;
      expect((await axl(first, "getUser", "<userid>jsmith</userid>")).status).to.equal(200);
    } finally {
      await lab.stop();
      await state.remove();
    }
  });
});
