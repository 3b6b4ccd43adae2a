// Dial plan and site objects through AXL (reference §2): route partitions, calling search
// spaces (members with index; full replace or removeMembers/addMembers), translation and route
// patterns (pattern + partition keys, destinations), directory numbers (lines) with their call
// forward settings, locations and device pools: element names, `return` wrappers,
// {UPPERCASE-UUID} returns, uuid attributes on references, renames shown in every reference.
import { expect } from "chai";
import { addOk, axl, child, children, faultOf, getOk, itemTexts, removeOk, textAt, updateOk, UUID, type AxlLab, withAxlLab } from "./support";

describe("lab AXL simulator: dial plan and site objects", () => {
  let env: AxlLab;
  withAxlLab((lab) => (env = lab));

  it("adds a route partition, answering {UPPERCASE-UUID}, and finds it by name or by its uuid in any spelling", async () => {
    const uuid = await addOk(env, "RoutePartition", "routePartition", "<name>Cu2-DirNum-PT</name><description>Fabrikam numbers</description>");
    expect(uuid).to.match(UUID);
    const byName = await getOk(env, "RoutePartition", "routePartition", "<name>cu2-dirnum-pt</name>");
    expect(byName.attributes.uuid).to.equal(uuid);
    expect(textAt(byName, "description")).to.equal("Fabrikam numbers");
    expect(textAt(byName, "partitionUsage")).to.equal("General");
    for (const spelling of [uuid, uuid.toLowerCase(), uuid.slice(1, -1), uuid.slice(1, -1).toLowerCase()]) {
      const found = await getOk(env, "RoutePartition", "routePartition", `<uuid>${spelling}</uuid>`);
      expect(textAt(found, "name"), spelling).to.equal("Cu2-DirNum-PT");
    }
    const bad = await axl(env, "getRoutePartition", "<uuid>not-a-uuid</uuid>");
    expect(faultOf(bad).axlcode).to.equal(5003);
  });

  it("keeps a calling search space's members with their index, replaces them whole or by removeMembers/addMembers", async () => {
    await addOk(env, "RoutePartition", "routePartition", "<name>Cu1-Extra-PT</name>");
    const uuid = await addOk(env, "Css", "css",
      "<description>Test</description><members><member><routePartitionName>Cu1-DirNum-PT</routePartitionName><index>1</index></member>" +
      "<member><routePartitionName>Cu1-PSTN-PT</routePartitionName><index>2</index></member></members><name>Cu1-Test-CSS</name>");
    let css = await getOk(env, "Css", "css", "<name>Cu1-Test-CSS</name>");
    expect(css.attributes.uuid).to.equal(uuid);
    const members = children(child(css, "members"), "member");
    expect(members.map((member) => [textAt(member, "routePartitionName"), textAt(member, "index")])).to.deep.equal([["Cu1-DirNum-PT", "1"], ["Cu1-PSTN-PT", "2"]]);
    expect(members[0]?.attributes.uuid).to.match(UUID);
    expect(child(members[0], "routePartitionName").attributes.uuid).to.match(UUID);

    // node-soap keeps object order (addMembers before removeMembers); removes still apply first.
    await updateOk(env, "Css", "<name>Cu1-Test-CSS</name><addMembers><member><routePartitionName>Cu1-Extra-PT</routePartitionName><index>2</index></member></addMembers>" +
      "<removeMembers><member><routePartitionName>Cu1-PSTN-PT</routePartitionName><index>2</index></member></removeMembers>");
    css = await getOk(env, "Css", "css", "<name>Cu1-Test-CSS</name>");
    expect(itemTexts(child(css, "members"), "member", "routePartitionName")).to.deep.equal(["Cu1-DirNum-PT", "Cu1-Extra-PT"]);

    await updateOk(env, "Css", "<name>Cu1-Test-CSS</name><members><member><routePartitionName>Cu1-PSTN-PT</routePartitionName><index>1</index></member></members><newName>Cu1-Renamed-CSS</newName>");
    css = await getOk(env, "Css", "css", "<name>Cu1-Renamed-CSS</name>");
    expect(itemTexts(child(css, "members"), "member", "routePartitionName")).to.deep.equal(["Cu1-PSTN-PT"]);
    expect(faultOf(await axl(env, "getCss", "<name>Cu1-Test-CSS</name>")).axlcode).to.equal(5007);

    const both = await axl(env, "updateCss", "<name>Cu1-Renamed-CSS</name><members/><addMembers><member><routePartitionName>Cu1-Extra-PT</routePartitionName><index>3</index></member></addMembers>");
    expect(faultOf(both).axlmessage).to.include("cannot be given together");
    const twice = await axl(env, "updateCss", "<name>Cu1-Renamed-CSS</name><addMembers><member><routePartitionName>Cu1-PSTN-PT</routePartitionName><index>5</index></member></addMembers>");
    expect(faultOf(twice).axlmessage).to.include("more than once");
  });

  it("refuses a calling search space member without index as CUCM's database does (Informix -391), changing nothing", async () => {
    const noIndex = await axl(env, "addCss", "<css><members><member><routePartitionName>Cu1-DirNum-PT</routePartitionName></member></members><name>Cu1-NoIndex-CSS</name></css>");
    expect(faultOf(noIndex)).to.include({ axlcode: -391, axlmessage: "Cannot insert a null into column (callingsearchspacemember.sortorder).", request: "addCss" });
    expect(faultOf(await axl(env, "getCss", "<name>Cu1-NoIndex-CSS</name>")).axlcode).to.equal(5007);
    const added = await axl(env, "updateCss", "<name>Cu1-Internal-CSS</name><addMembers><member><routePartitionName>Cu1-PSTN-PT</routePartitionName></member></addMembers>");
    expect(faultOf(added).axlcode).to.equal(-391);
  });

  it("shows a renamed partition in the lines, patterns and CSS members that use it", async () => {
    await updateOk(env, "RoutePartition", "<name>Cu1-DirNum-PT</name><newName>Cu1-Numbers-PT</newName><description>renamed</description>");
    const line = await getOk(env, "Line", "line", "<pattern>4000</pattern><routePartitionName>Cu1-Numbers-PT</routePartitionName>");
    expect(textAt(line, "routePartitionName")).to.equal("Cu1-Numbers-PT");
    const css = await getOk(env, "Css", "css", "<name>Cu1-Internal-CSS</name>");
    expect(itemTexts(child(css, "members"), "member", "routePartitionName")).to.include("Cu1-Numbers-PT");
    const phone = await getOk(env, "Phone", "phone", "<name>SEP00AABB000001</name>");
    expect(textAt(child(child(phone, "lines"), "line"), "dirn", "routePartitionName")).to.equal("Cu1-Numbers-PT");
  });

  it("adds, reads, renames and removes translation patterns keyed by pattern and partition", async () => {
    const uuid = await addOk(env, "TransPattern", "transPattern",
      "<pattern>\\+131255541XX</pattern><description>New DIDs</description><usage>Translation</usage><routePartitionName>Cu1-Translation-PT</routePartitionName>" +
      "<calledPartyTransformationMask>41XX</calledPartyTransformationMask><callingSearchSpaceName>Cu1-Internal-CSS</callingSearchSpaceName>");
    const pattern = await getOk(env, "TransPattern", "transPattern", "<pattern>\\+131255541XX</pattern><routePartitionName>Cu1-Translation-PT</routePartitionName>");
    expect(pattern.attributes.uuid).to.equal(uuid);
    expect(textAt(pattern, "calledPartyTransformationMask")).to.equal("41XX");
    expect(child(pattern, "callingSearchSpaceName").attributes.uuid).to.match(UUID);
    expect(textAt(pattern, "usage")).to.equal("Translation");
    // Without the partition, the lookup is of the pattern in no partition.
    expect(faultOf(await axl(env, "getTransPattern", "<pattern>\\+131255541XX</pattern>")).axlcode).to.equal(5007);
    await updateOk(env, "TransPattern", `<uuid>${uuid}</uuid><newPattern>\\+131255542XX</newPattern><calledPartyTransformationMask>42XX</calledPartyTransformationMask>`);
    const renamed = await getOk(env, "TransPattern", "transPattern", "<pattern>\\+131255542XX</pattern><routePartitionName>Cu1-Translation-PT</routePartitionName>");
    expect(textAt(renamed, "calledPartyTransformationMask")).to.equal("42XX");
    expect(await removeOk(env, "TransPattern", "<pattern>\\+131255542XX</pattern><routePartitionName>Cu1-Translation-PT</routePartitionName>")).to.equal(uuid);
    expect(faultOf(await axl(env, "removeTransPattern", `<uuid>${uuid}</uuid>`)).axlcode).to.equal(5007);
  });

  it("routes route patterns to a route list or a gateway/trunk, exactly one of them", async () => {
    await addOk(env, "RoutePattern", "routePattern", "<pattern>9.011!</pattern><routePartitionName>Cu1-PSTN-PT</routePartitionName><blockEnable>false</blockEnable><networkLocation>OffNet</networkLocation><destination><routeListName>Cu1-PSTN-RL</routeListName></destination>");
    let pattern = await getOk(env, "RoutePattern", "routePattern", "<pattern>9.011!</pattern><routePartitionName>Cu1-PSTN-PT</routePartitionName>");
    expect(textAt(pattern, "destination", "routeListName")).to.equal("Cu1-PSTN-RL");
    expect(child(child(pattern, "destination"), "routeListName").attributes.uuid).to.match(UUID);
    expect(textAt(pattern, "usage")).to.equal("Route");
    await updateOk(env, "RoutePattern", "<pattern>9.011!</pattern><routePartitionName>Cu1-PSTN-PT</routePartitionName><destination><gatewayName>Cu1-PSTN-SBC</gatewayName><routeListName xsi:nil=\"true\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/></destination>");
    pattern = await getOk(env, "RoutePattern", "routePattern", "<pattern>9.011!</pattern><routePartitionName>Cu1-PSTN-PT</routePartitionName>", "<destination/>");
    expect(textAt(pattern, "destination", "gatewayName")).to.equal("Cu1-PSTN-SBC");
    // destination is a choice in Cisco's schema: the branch an update gives replaces the other.
    await updateOk(env, "RoutePattern", "<pattern>9.011!</pattern><routePartitionName>Cu1-PSTN-PT</routePartitionName><destination><routeListName>Cu1-PSTN-RL</routeListName></destination>");
    pattern = await getOk(env, "RoutePattern", "routePattern", "<pattern>9.011!</pattern><routePartitionName>Cu1-PSTN-PT</routePartitionName>", "<destination/>");
    expect(textAt(pattern, "destination", "routeListName")).to.equal("Cu1-PSTN-RL");
    // Only the branch that is set is answered (RRoutePattern's destination is a choice too).
    expect(child(pattern, "destination").children.map((c) => c.local)).to.deep.equal(["routeListName"]);
    const none = await axl(env, "addRoutePattern", "<routePattern><pattern>9.00</pattern><routePartitionName>Cu1-PSTN-PT</routePartitionName></routePattern>");
    expect(faultOf(none).axlmessage).to.equal("addRoutePattern/routePattern/destination is required");
    const bothDestinations = await axl(env, "addRoutePattern", "<routePattern><pattern>9.00</pattern><routePartitionName>Cu1-PSTN-PT</routePartitionName><destination><gatewayName>10.10.1.1</gatewayName><routeListName>Cu1-PSTN-RL</routeListName></destination></routePattern>");
    expect(faultOf(bothDestinations).axlmessage).to.include("exactly one");
  });

  it("adds a line with only pattern and partition (as Cisco's Ansible sample), defaulting usage to Device", async () => {
    const uuid = await addOk(env, "Line", "line", "<pattern>4100</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName>");
    const line = await getOk(env, "Line", "line", `<uuid>${uuid}</uuid>`);
    expect(textAt(line, "usage")).to.equal("Device");
    expect(textAt(line, "active")).to.equal("true");
    expect(child(line, "associatedDevices").children).to.have.length(0);
  });

  it("keeps a line's settings: alerting name, line CSS, voicemail profile, call forwards and E.164 alternate number", async () => {
    await addOk(env, "Line", "line",
      "<pattern>4101</pattern><description>New hire</description><usage>Device</usage><routePartitionName>Cu1-DirNum-PT</routePartitionName>" +
      "<callForwardAll><forwardToVoiceMail>false</forwardToVoiceMail><callingSearchSpaceName>Cu1-National-CSS</callingSearchSpaceName><destination/></callForwardAll>" +
      "<callForwardBusy><forwardToVoiceMail>true</forwardToVoiceMail><callingSearchSpaceName>Cu1-Internal-CSS</callingSearchSpaceName></callForwardBusy>" +
      "<callForwardNoAnswer><forwardToVoiceMail>t</forwardToVoiceMail><duration>20</duration></callForwardNoAnswer>" +
      "<alertingName>New Hire</alertingName><asciiAlertingName>New Hire</asciiAlertingName><shareLineAppearanceCssName>Cu1-National-CSS</shareLineAppearanceCssName>" +
      "<voiceMailProfileName>Cu1-VM-Profile</voiceMailProfileName><e164AltNum><numMask>+13125554101</numMask><isUrgent>false</isUrgent><addLocalRoutePartition>true</addLocalRoutePartition></e164AltNum>");
    const line = await getOk(env, "Line", "line", "<pattern>4101</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName>");
    expect(textAt(line, "callForwardBusy", "forwardToVoiceMail")).to.equal("true");
    expect(textAt(line, "callForwardNoAnswer", "forwardToVoiceMail")).to.equal("true");
    expect(textAt(line, "callForwardNoAnswer", "duration")).to.equal("20");
    expect(textAt(line, "callForwardAll", "callingSearchSpaceName")).to.equal("Cu1-National-CSS");
    expect(textAt(line, "voiceMailProfileName")).to.equal("Cu1-VM-Profile");
    expect(child(line, "voiceMailProfileName").attributes.uuid).to.match(UUID);
    expect(textAt(line, "e164AltNum", "numMask")).to.equal("+13125554101");
    expect(textAt(line, "e164AltNum", "advertiseGloballyIls")).to.equal("true");
    expect(child(line, "callForwardOnFailure").children.every((element) => element.text === "")).to.equal(true);

    // An update merges a call forward setting's elements and keeps the others.
    await updateOk(env, "Line", "<pattern>4101</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName><callForwardBusy><destination>4000</destination></callForwardBusy><alertingName>Renamed</alertingName>");
    const updated = await getOk(env, "Line", "line", "<pattern>4101</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName>", "<callForwardBusy/><alertingName/>");
    expect(textAt(updated, "callForwardBusy", "forwardToVoiceMail")).to.equal("true");
    expect(textAt(updated, "callForwardBusy", "destination")).to.equal("4000");
    expect(textAt(updated, "alertingName")).to.equal("Renamed");
    expect(updated.children.map((element) => element.local)).to.deep.equal(["callForwardBusy", "alertingName"]);
  });

  it("renames a line with newPattern and shows the new number on the phones, users and remote destinations using it", async () => {
    await updateOk(env, "Line", "<pattern>4002</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName><newPattern>4902</newPattern>");
    const user = await getOk(env, "User", "user", "<userid>akim</userid>", "<primaryExtension/>");
    expect(textAt(user, "primaryExtension", "pattern")).to.equal("4902");
    const profile = await getOk(env, "DeviceProfile", "deviceProfile", "<name>akim-UDP</name>");
    expect(textAt(child(child(profile, "lines"), "line"), "dirn", "pattern")).to.equal("4902");
    const destination = await getOk(env, "RemoteDestination", "remoteDestination", "<destination>+13125550142</destination>");
    expect(textAt(child(child(destination, "lineAssociations"), "lineAssociation"), "pattern")).to.equal("4902");
  });

  it("adds locations with bandwidth between locations and device pools referring to them", async () => {
    const location = await addOk(env, "Location", "location", "<name>Cu1Si2-Location</name><withinAudioBandwidth>0</withinAudioBandwidth><withinVideoBandwidth>0</withinVideoBandwidth><withinImmersiveKbits>0</withinImmersiveKbits><betweenLocations><betweenLocation><locationName>Hub_None</locationName><weight>50</weight><audioBandwidth>256</audioBandwidth></betweenLocation></betweenLocations>");
    const read = await getOk(env, "Location", "location", "<name>Cu1Si2-Location</name>");
    expect(textAt(child(child(read, "betweenLocations"), "betweenLocation"), "audioBandwidth")).to.equal("256");
    expect(textAt(child(child(read, "betweenLocations"), "betweenLocation"), "videoBandwidth")).to.equal("384");
    await addOk(env, "DevicePool", "devicePool", "<name>Cu1Si2-DevicePool</name><dateTimeSettingName>CMLocal</dateTimeSettingName><callManagerGroupName>Default</callManagerGroupName><regionName>Default</regionName><locationName>Cu1Si2-Location</locationName>");
    const pool = await getOk(env, "DevicePool", "devicePool", "<name>Cu1Si2-DevicePool</name>");
    expect(child(pool, "locationName").attributes.uuid).to.equal(location);
    expect(textAt(pool, "srstName")).to.equal("Disable");
    expect(child(pool, "mobilityCssName").attributes.uuid).to.equal("");
    // aarNeighborhoodName is required (nillable) by Cisco's schema; the lab has no AAR groups.
    await addOk(env, "DevicePool", "devicePool", "<name>Cu1Si4-DevicePool</name><dateTimeSettingName>CMLocal</dateTimeSettingName><callManagerGroupName>Default</callManagerGroupName><regionName>Default</regionName><aarNeighborhoodName/>");
    const aarGroup = await axl(env, "addDevicePool", "<devicePool><name>Cu1Si5-DevicePool</name><dateTimeSettingName>CMLocal</dateTimeSettingName><callManagerGroupName>Default</callManagerGroupName><regionName>Default</regionName><aarNeighborhoodName>Cu1-AAR</aarNeighborhoodName></devicePool>");
    expect(faultOf(aarGroup).axlcode).to.equal(5003);
    const missing = await axl(env, "addDevicePool", "<devicePool><name>Cu1Si3-DevicePool</name><dateTimeSettingName>CMLocal</dateTimeSettingName><regionName>Default</regionName></devicePool>");
    expect(faultOf(missing).axlmessage).to.equal("addDevicePool/devicePool/callManagerGroupName is required");
    await updateOk(env, "DevicePool", "<name>Cu1Si2-DevicePool</name><newName>Cu1Si2-DP</newName><mobilityCssName>Cu1-National-CSS</mobilityCssName>");
    expect(textAt(await getOk(env, "DevicePool", "devicePool", "<name>Cu1Si2-DP</name>"), "mobilityCssName")).to.equal("Cu1-National-CSS");
    await removeOk(env, "DevicePool", "<name>Cu1Si2-DP</name>");
    await removeOk(env, "Location", "<name>Cu1Si2-Location</name>");
  });
});
