// What the simulator refuses, with CUCM's fault texts and axlcodes (reference §3.5, checklist
// §6 item 6): references to objects that do not exist (5007), duplicate keys (-239; 4052 for an
// existing directory number; lines and patterns share the numplan), get/remove of nothing (5007),
// update of nothing (5003), removal of what is still referenced (-692, the lab's pick), elements
// and values the schema does not allow (5003); and that a refused write changes nothing.
import { expect } from "chai";
import type { AxlClusterState } from "../../../lab/cisco";
import { addOk, axl, child, faultOf, getOk, itemTexts, removeOk, textAt, type AxlLab, withAxlLab } from "./support";

const PHONE = (name: string, extra = ""): string =>
  `<phone><name>${name}</name><product>Cisco 8845</product><class>Phone</class><protocol>SIP</protocol><protocolSide>User</protocolSide><devicePoolName>Cu1Si1-DevicePool</devicePoolName>${extra}</phone>`;

describe("lab AXL simulator: referential integrity and refusals", () => {
  let env: AxlLab;
  withAxlLab((lab) => (env = lab));

  it("refuses references to objects that do not exist with 5007 Item not valid", async () => {
    const cases: [string, string, string][] = [
      ["addPhone", PHONE("SEP0011223344AA").replace("Cu1Si1-DevicePool", "No-Such-DP"), "Item not valid: The specified Device Pool was not found"],
      ["addPhone", PHONE("SEP0011223344AA", "<locationName>Nowhere</locationName>"), "Item not valid: The specified Location was not found"],
      ["addPhone", PHONE("SEP0011223344AA", "<callingSearchSpaceName>No-CSS</callingSearchSpaceName>"), "Item not valid: The specified Calling Search Space was not found"],
      ["addPhone", PHONE("SEP0011223344AA", "<phoneTemplateName>No template</phoneTemplateName>"), "Item not valid: The specified Phone Button Template was not found"],
      ["addPhone", PHONE("SEP0011223344AA", "<ownerUserName>nobody</ownerUserName>"), "Item not valid: The specified User was not found"],
      ["addPhone", PHONE("SEP0011223344AA", "<lines><line><index>1</index><dirn><pattern>4999</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName></dirn></line></lines>"), "Item not valid: The specified Line was not found"],
      ["addLine", "<line><pattern>4100</pattern><routePartitionName>No-PT</routePartitionName></line>", "Item not valid: The specified Route Partition was not found"],
      ["addUser", "<user><lastName>X</lastName><userid>x1</userid><associatedGroups><userGroup><name>No Group</name></userGroup></associatedGroups></user>", "Item not valid: The specified Access Control Group was not found"],
      ["addUser", "<user><lastName>X</lastName><userid>x1</userid><associatedDevices><device>SEPFFFFFFFFFFFF</device></associatedDevices></user>", "Item not valid: The specified SEPFFFFFFFFFFFF was not found"],
      ["addCss", "<css><members><member><routePartitionName>No-PT</routePartitionName><index>1</index></member></members><name>C</name></css>", "Item not valid: The specified Route Partition was not found"],
      ["addTransPattern", "<transPattern><pattern>[2-9]XX[2-9]XXXXXX</pattern><routePartitionName>No-PT</routePartitionName></transPattern>", "Item not valid: The specified Route Partition was not found"],
      ["addTransPattern", "<transPattern><pattern>[2-9]XX[2-9]XXXXXX</pattern><routePartitionName>Cu1-Translation-PT</routePartitionName><prefixDigitsOut>+1</prefixDigitsOut><callingSearchSpaceName>No-CSS</callingSearchSpaceName></transPattern>", "Item not valid: The specified Calling Search Space was not found"],
    ];
    for (const [operation, body, message] of cases) {
      const fault = faultOf(await axl(env, operation, body));
      expect(fault, `${operation} ${body}`).to.include({ axlcode: 5007, axlmessage: message, faultstring: message, request: operation });
    }
  });

  it("takes a reference by its uuid attribute, and only to an object of the right kind", async () => {
    const pool = await getOk(env, "DevicePool", "devicePool", "<name>Cu1Si1-DevicePool</name>", "<name/>");
    const location = await getOk(env, "Location", "location", "<name>Hub_None</name>", "<name/>");
    // An XFkType may carry only the uuid, in any case, with an empty or no text.
    await addOk(env, "Phone", "phone",
      "<name>SEP0011223344AB</name><product>Cisco 8845</product><class>Phone</class><protocol>SIP</protocol>" +
      `<devicePoolName uuid="${pool.attributes.uuid as string}"></devicePoolName><locationName uuid="${(location.attributes.uuid as string).toLowerCase()}"/>`);
    const phone = await getOk(env, "Phone", "phone", "<name>SEP0011223344AB</name>", "<devicePoolName/><locationName/>");
    expect(textAt(phone, "devicePoolName")).to.equal("Cu1Si1-DevicePool");
    expect(textAt(phone, "locationName")).to.equal("Hub_None");
    const wrongKind = await axl(env, "addPhone", PHONE("SEP0011223344AC", `<locationName uuid="${pool.attributes.uuid as string}"/>`));
    expect(faultOf(wrongKind).axlmessage).to.equal("Item not valid: The specified Location was not found");
  });

  it("refuses duplicates: -239 for a taken key (names ignore case), 4052 for an existing directory number", async () => {
    const duplicate = "Could not insert new row - duplicate value in a UNIQUE INDEX column (Unique Index:).";
    for (const [operation, body] of [
      ["addRoutePartition", "<routePartition><name>cu1-dirnum-pt</name></routePartition>"],
      ["addPhone", PHONE("SEP00AABB000001")],
      ["addUser", "<user><lastName>Smith</lastName><userid>JSMITH</userid></user>"],
      // A translation pattern 4000 in the partition of line 4000: one numplan.
      ["addTransPattern", "<transPattern><pattern>4000</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName></transPattern>"],
    ] as const) {
      expect(faultOf(await axl(env, operation, body)), operation).to.include({ axlcode: -239, faultcode: "soapenv:Client", axlmessage: duplicate });
    }
    const line = faultOf(await axl(env, "addLine", "<line><pattern>4000</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName></line>"));
    expect(line).to.include({ axlcode: 4052, request: "addLine" });
    // The same number in no partition is another directory number.
    await addOk(env, "Line", "line", "<pattern>4000</pattern>");
    const rename = faultOf(await axl(env, "updateRoutePartition", "<name>Cu1-PSTN-PT</name><newName>Cu1-DirNum-PT</newName>"));
    expect(rename.axlcode).to.equal(-239);
  });

  it("answers 5007 for get and remove of nothing and 5003 for update of nothing", async () => {
    expect(faultOf(await axl(env, "getPhone", "<name>SEP0011223344FF</name>"))).to.include({ axlcode: 5007, axlmessage: "Item not valid: The specified SEP0011223344FF was not found" });
    expect(faultOf(await axl(env, "removeLine", "<pattern>4999</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName>"))).to.include({ axlcode: 5007, axlmessage: "Item not valid: The specified Line was not found" });
    expect(faultOf(await axl(env, "getDevicePool", "<uuid>{00000000-0000-0000-0000-000000000000}</uuid>")).axlmessage).to.equal("Item not valid: The specified Device Pool was not found");
    expect(faultOf(await axl(env, "updateUser", "<userid>nobody</userid><department>X</department>"))).to.include({ axlcode: 5003, axlmessage: "User not found" });
    expect(faultOf(await axl(env, "updatePhone", "<name>SEP0011223344FF</name><description>x</description>"))).to.include({ axlcode: 5003, axlmessage: "Phone not found" });
  });

  it("refuses to remove what is still referenced (-692), and clears or cascades the references that allow it", async () => {
    const cases: [string, string, string][] = [
      ["removeRoutePartition", "<name>Cu1-DirNum-PT</name>", "refers to Route Partition Cu1-DirNum-PT"],
      ["removeDevicePool", "<name>Cu1Si1-DevicePool</name>", "of Phone SEP00AABB000001 refers to Device Pool Cu1Si1-DevicePool"],
      ["removeCss", "<name>Cu1-Internal-CSS</name>", "refers to Calling Search Space Cu1-Internal-CSS"],
      ["removeUser", "<userid>akim</userid>", "userId of Remote Destination Profile akim-RDP refers to User akim"],
      ["removeVoiceMailProfile", "<name>Cu1-VM-Profile</name>", "voiceMailProfileName of Line"],
    ];
    for (const [operation, key, message] of cases) {
      const fault = faultOf(await axl(env, operation, key));
      expect(fault.axlcode, operation).to.equal(-692);
      expect(fault.axlmessage, operation).to.match(/^Key value for constraint \(.*\) is still being referenced\.$/).and.include(message);
    }
    // A directory number on phones goes with its appearances; the user's primary extension is cleared.
    await removeOk(env, "Line", "<pattern>4000</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName>");
    const phone = await getOk(env, "Phone", "phone", "<name>SEP00AABB000001</name>", "<lines/>");
    expect(child(phone, "lines").children).to.have.length(0);
    const user = await getOk(env, "User", "user", "<userid>jsmith</userid>", "<primaryExtension/>");
    expect(child(user, "primaryExtension").children).to.have.length(0);
  });

  it("refuses elements and values the schema does not allow, naming them", async () => {
    const cases: [string, string, string][] = [
      ["addPhone", PHONE("SEP0011223344AD", "<noSuchElement>1</noSuchElement>"), "addPhone/phone/noSuchElement: the lab's AXL simulator has no such element in schema 15.0"],
      ["addPhone", PHONE("SEP0011223344AD", "<enableExtensionMobility>yes</enableExtensionMobility>"), "addPhone/phone/enableExtensionMobility must be true or false, got \"yes\""],
      ["addPhone", PHONE("SEP0011223344AD").replace("Cisco 8845", "Cisco 9999"), "addPhone/phone/product must be one of"],
      ["addUser", "<user><lastName>X</lastName><userid>x2</userid><remoteDestinationLimit>many</remoteDestinationLimit></user>", "addUser/user/remoteDestinationLimit must be a whole number"],
      ["addUser", "<user><userid>x3</userid></user>", "addUser/user/lastName is required"],
      ["addUser", "<user><lastName>X</lastName><userid>x4</userid><lastName>Y</lastName></user>", "addUser/user/lastName is given more than once"],
      ["getPhone", "<name>SEP00AABB000001</name><returnedTags><noSuchTag/></returnedTags>", "getPhone/returnedTags/noSuchTag"],
      ["addTransPattern", "<transPattern><pattern>77</pattern><dialPlanName>NANP</dialPlanName></transPattern>", "the lab models no dialPlanName objects"],
    ];
    for (const [operation, body, message] of cases) {
      const fault = faultOf(await axl(env, operation, body));
      expect(fault.axlcode, operation).to.equal(5003);
      expect(fault.axlmessage, operation).to.include(message);
    }
  });

  it("changes nothing when a write is refused", async () => {
    const before = JSON.stringify(((await env.control.state("axl")) as AxlClusterState).objects);
    // The second line does not exist: no phone, and the first line keeps no new appearance.
    await axl(env, "addPhone", PHONE("SEP0011223344AE", "<lines><line><index>1</index><dirn><pattern>4004</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName></dirn></line><line><index>2</index><dirn><pattern>4998</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName></dirn></line></lines>"));
    await axl(env, "updateUser", "<userid>jsmith</userid><department>Changed</department><associatedDevices><device>SEPFFFFFFFFFFFF</device></associatedDevices>");
    await axl(env, "removeRoutePartition", "<name>Cu1-DirNum-PT</name>");
    expect(JSON.stringify(((await env.control.state("axl")) as AxlClusterState).objects)).to.equal(before);
    expect(itemTexts(child(await getOk(env, "User", "user", "<userid>jsmith</userid>", "<associatedDevices/>"), "associatedDevices"), "device")).to.deep.equal(["SEP00AABB000001"]);
  });
});
