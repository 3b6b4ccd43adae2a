// The typed operations: what they send (keys, defaults, uuids, schema order, no nil) and what
// they make of CUCM's answers (namespaces, both nil encodings, attributes, repeated elements).
import { expect } from "chai";
import * as axl from "../../../../provider/backends/axl/index";
import { axlUuid, booleanOf, integerOf, textOf, uuidOf } from "../../../../provider/backends/axl/values";
import { AxlReplay, envelope, ok, testClient } from "./fixture";

const UUID = "{A8D94FF0-4627-EECC-0D8D-E2EE69123B32}";

function setup() {
  const replay = new AxlReplay();
  return { replay, client: testClient(replay.send) };
}

function body(replay: AxlReplay, i = 0): string {
  return /<soapenv:Body>([\s\S]*)<\/soapenv:Body>/.exec(replay.requests[i].body)![1];
}

describe("AXL typed operations", () => {
  it("reads a phone whatever the prefixes and nil encodings (pre-14 xsi:nil and 14's uuid=\"\")", async () => {
    const { replay, client } = setup();
    const phone =
      `<phone ctiid="12" uuid="{a8d94ff0-4627-eecc-0d8d-e2ee69123b32}"><name>SEP00112233445A</name><description/><product>Cisco 8845</product><class>Phone</class><protocol>SIP</protocol>` +
      `<callingSearchSpaceName xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true" uuid=""/>` +
      `<devicePoolName uuid="{11111111-2222-3333-4444-555555555555}">Cu1Si1-DP</devicePoolName><locationName uuid="">Hub_None</locationName>` +
      `<lines><line uuid="{22222222-2222-3333-4444-555555555555}" ctiid="7"><index>1</index><label>Alice</label><dirn uuid="{33333333-2222-3333-4444-555555555555}"><pattern>4001</pattern><routePartitionName uuid="">Cu1Si1-Internal</routePartitionName></dirn><maxNumCalls>4</maxNumCalls><associatedEndusers><enduser><userId>alice</userId></enduser></associatedEndusers></line></lines>` +
      `<sipProfileName uuid=""/><phoneTemplateName uuid="{4}">Standard 8845 SIP</phoneTemplateName><enableExtensionMobility>t</enableExtensionMobility><allowCtiControlFlag>false</allowCtiControlFlag></phone>`;
    replay.reply({ status: 200, body: envelope(`<ns2:getPhoneResponse xmlns:ns2="http://www.cisco.com/AXL/API/15.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><return>${phone}</return></ns2:getPhoneResponse>`) });
    expect(await axl.getPhone(client, { name: "SEP00112233445A" })).to.deep.equal({
      uuid: UUID,
      name: "SEP00112233445A",
      product: "Cisco 8845",
      class: "Phone",
      protocol: "SIP",
      devicePoolName: "Cu1Si1-DP",
      locationName: "Hub_None",
      lines: [{ index: 1, label: "Alice", dirn: { pattern: "4001", routePartitionName: "Cu1Si1-Internal" }, maxNumCalls: 4, associatedEndusers: [{ userId: "alice" }] }],
      phoneTemplateName: "Standard 8845 SIP",
      enableExtensionMobility: true,
      allowCtiControlFlag: false,
    });
    expect(body(replay)).to.equal('<ns:getPhone xmlns:ns="http://www.cisco.com/AXL/API/15.0"><name>SEP00112233445A</name></ns:getPhone>');
  });

  it("lists: one row is still a list; rows carry their uuid", async () => {
    const { replay, client } = setup();
    replay.reply(ok("listLine", `<line uuid="${UUID}"><pattern>4001</pattern><description/><usage>Device</usage><routePartitionName uuid="{1}">Cu1Si1-Internal</routePartitionName></line>`));
    expect(await axl.listLines(client, { pattern: "4%" })).to.deep.equal([{ uuid: UUID, pattern: "4001", usage: "Device", routePartitionName: "Cu1Si1-Internal" }]);
  });

  it("lists everything on a key field, which every row has, not on an optional one Informix's LIKE '%' skips when NULL", async () => {
    const { replay, client } = setup();
    replay.reply(ok("listCss", ""), ok("listUser", ""), ok("listLine", ""), ok("listRemoteDestination", ""));
    await axl.listCsses(client);
    await axl.listUsers(client);
    await axl.listLines(client);
    await axl.listRemoteDestinations(client);
    const criteria = replay.requests.map((_, i) => /<searchCriteria>([\s\S]*?)<\/searchCriteria>/.exec(body(replay, i))?.[1]);
    // Cisco's first criteria are description (CSS) and firstName (user), both optional; a
    // remote destination has no key among its criteria, so its first (name) stays.
    expect(criteria).to.deep.equal(["<name>%</name>", "<userid>%</userid>", "<pattern>%</pattern>", "<name>%</name>"]);
    expect(axl.matchAllCriterion("name uuid", ["description", "partitionUsage", "name"])).to.equal("name");
    expect(axl.matchAllCriterion("destination uuid", ["name", "remoteDestinationProfileName"])).to.equal("name");
  });

  it("adds with Cisco's required defaults, in schema order, and returns the uuid", async () => {
    const { replay, client } = setup();
    replay.reply(ok("addPhone", UUID.toLowerCase().replace(/[{}]/g, "")));
    const uuid = await axl.addPhone(client, { protocol: "SIP", phoneTemplateName: "Standard Client Services Framework", devicePoolName: "Default", product: "Cisco Unified Client Services Framework", name: "CSFALICE" });
    expect(uuid).to.equal(UUID);
    expect(body(replay)).to.equal(
      '<ns:addPhone xmlns:ns="http://www.cisco.com/AXL/API/15.0"><phone><name>CSFALICE</name><product>Cisco Unified Client Services Framework</product><class>Phone</class><protocol>SIP</protocol><protocolSide>User</protocolSide>' +
        "<devicePoolName>Default</devicePoolName><commonPhoneConfigName>Standard Common Phone Profile</commonPhoneConfigName><locationName>Hub_None</locationName><useTrustedRelayPoint>Default</useTrustedRelayPoint>" +
        "<phoneTemplateName>Standard Client Services Framework</phoneTemplateName><primaryPhoneName></primaryPhoneName><builtInBridgeStatus>Default</builtInBridgeStatus><packetCaptureMode>None</packetCaptureMode>" +
        "<certificateOperation>No Pending Operation</certificateOperation><deviceMobilityMode>Default</deviceMobilityMode></phone></ns:addPhone>",
    );
  });

  it("escapes text and never sends nil elements for unset fields", async () => {
    const { replay, client } = setup();
    replay.reply(ok("addRemoteDestination", UUID));
    await axl.addRemoteDestination(client, { destination: "+4917012345678", ownerUserId: "alice", name: "Alice <mobile> & co", dualModeDeviceName: undefined });
    expect(body(replay)).to.include("<name>Alice &lt;mobile&gt; &amp; co</name>").and.include("<answerTooSoonTimer>1500</answerTooSoonTimer><answerTooLateTimer>19000</answerTooLateTimer><delayBeforeRingingCell>4000</delayBeforeRingingCell>");
    expect(body(replay)).not.to.include("nil");
  });

  it("keys: uuids in AXL's form, lines and patterns by pattern and partition (empty: none)", async () => {
    const { replay, client } = setup();
    replay.reply(ok("removeLine", "true"), ok("removeRoutePattern", "true"), ok("updateUser", "true"));
    await axl.removeLine(client, { pattern: "4001" });
    await axl.removeRoutePattern(client, { pattern: "\\+!", routePartitionName: "Cu1-PSTN" });
    await axl.updateUser(client, { uuid: "a8d94ff0-4627-eecc-0d8d-e2ee69123b32" }, { newUserid: "alice2" });
    expect(body(replay, 0)).to.include("<pattern>4001</pattern><routePartitionName></routePartitionName></ns:removeLine>");
    expect(body(replay, 1)).to.include("<pattern>\\+!</pattern><routePartitionName>Cu1-PSTN</routePartitionName><dialPlanName></dialPlanName><routeFilterName></routeFilterName>");
    expect(body(replay, 2)).to.include(`<uuid>${UUID}</uuid><newUserid>alice2</newUserid>`);
  });

  it("updates CSS members as a delta in Cisco's order (removeMembers before addMembers) whatever the object order", async () => {
    const { replay, client } = setup();
    replay.reply(ok("updateCss", "true"));
    await axl.updateCss(client, { name: "C" }, { addMembers: [{ routePartitionName: "New", index: 2 }], removeMembers: [{ routePartitionName: "Old", index: 1 }] });
    expect(body(replay)).to.include("<name>C</name><removeMembers><member><routePartitionName>Old</routePartitionName><index>1</index></member></removeMembers><addMembers>");
    expect(() => axl.updateCss(client, { name: "C" }, { members: [], addMembers: [] })).to.throw(/not both/);
  });

  it("errors of each operation name the object", async () => {
    const { replay, client } = setup();
    replay.reply(
      { status: 500, body: envelope("<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>x</faultstring><detail><axlError><axlcode>5007</axlcode><axlmessage>Item not valid: The specified EM-alice was not found</axlmessage><request>getDeviceProfile</request></axlError></detail></soapenv:Fault>") },
    );
    const error = await axl.getDeviceProfile(client, { name: "EM-alice" }).catch((e: Error) => e);
    expect((error as Error).message).to.equal("axl: reading device profile EM-alice: 5007: Item not valid: The specified EM-alice was not found");
  });

  it("refuses fields the schema description does not know (a typo cannot reach CUCM)", async () => {
    const { client } = setup();
    const bad = { name: "P", descripton: "typo" } as unknown as axl.RoutePartition;
    const error = await axl.addRoutePartition(client, bad).catch((e: Error) => e);
    expect((error as Error).message).to.match(/descripton not in the schema description/);
  });

  it("values: uuids, booleans, integers, text", () => {
    expect(axlUuid("a8d94ff0-4627-eecc-0d8d-e2ee69123b32")).to.equal(UUID);
    expect(axlUuid(UUID.toLowerCase())).to.equal(UUID);
    expect(() => axlUuid("SEP001122")).to.throw(/not a CUCM uuid/);
    expect([booleanOf("t"), booleanOf("f"), booleanOf("true"), booleanOf(true), booleanOf("0"), booleanOf(""), booleanOf(undefined)]).to.deep.equal([true, false, true, true, false, undefined, undefined]);
    expect([integerOf("15"), integerOf(15), integerOf("x"), integerOf("")]).to.deep.equal([15, 15, undefined, undefined]);
    expect([textOf({ attributes: { uuid: "" } }), textOf({ attributes: { uuid: "{1}" }, $value: "Default" }), textOf(""), textOf(null), textOf(42)]).to.deep.equal([undefined, "Default", undefined, undefined, "42"]);
    expect(uuidOf({ attributes: { uuid: "a8d94ff0-4627-eecc-0d8d-e2ee69123b32" } })).to.equal(UUID);
  });
});

