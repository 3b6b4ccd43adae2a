// Phones, end users, extension mobility, single number reach, UC services and voicemail through
// AXL (reference §2, §2.2): lines with index/dirn/e164Mask/display/label/associatedEndusers,
// updatePhone's full replace and addLines/removeLines, updateUser's full-replace lists,
// renames (newName, newUserid, newDestination), write-only pin/password, the EM login state,
// device resets recorded in the cluster's state.
import { expect } from "chai";
import type { AxlClusterState } from "../../../lab/cisco";
import { addOk, axl, child, children, faultOf, getOk, itemTexts, removeOk, returnOf, textAt, updateOk, UUID, type AxlLab, withAxlLab } from "./support";

const PHONE_8845 =
  "<name>SEP00AABB0000A1</name><description>Lee Park - 8845</description><product>Cisco 8845</product><class>Phone</class><protocol>SIP</protocol><protocolSide>User</protocolSide>" +
  "<callingSearchSpaceName>Cu1-Internal-CSS</callingSearchSpaceName><devicePoolName>Cu1Si1-DevicePool</devicePoolName><locationName>Cu1Si1-Location</locationName>";

function appearance(index: number, pattern: string, extra = ""): string {
  return `<line><index>${index}</index><label>Line ${pattern}</label><display>Lee Park</display><dirn><pattern>${pattern}</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName></dirn><e164Mask>+1312555XXXX</e164Mask>${extra}</line>`;
}

describe("lab AXL simulator: phones, users and what hangs off them", () => {
  let env: AxlLab;
  withAxlLab((lab) => (env = lab));

  const newUser = (userid: string, extra = ""): Promise<string> =>
    addOk(env, "User", "user", `<firstName>Lee</firstName><lastName>Park</lastName><userid>${userid}</userid><password>Secret-1</password><pin>13579</pin><mailid>${userid}@contoso.com</mailid>${extra}`);

  it("adds a phone with its lines, owner and template default, and answers it with uuid and ctiid", async () => {
    await newUser("lpark");
    const uuid = await addOk(env, "Phone", "phone", `${PHONE_8845}<lines>${appearance(1, "4004", "<associatedEndusers><enduser><userId>lpark</userId></enduser></associatedEndusers>")}${appearance(2, "4005")}</lines><ownerUserName>lpark</ownerUserName>`);
    const phone = await getOk(env, "Phone", "phone", "<name>SEP00AABB0000A1</name>");
    expect(phone.attributes.uuid).to.equal(uuid);
    expect(phone.attributes.ctiid).to.match(/^\d+$/);
    expect(textAt(phone, "phoneTemplateName")).to.equal("Standard 8845 SIP");
    expect(textAt(phone, "securityProfileName")).to.equal("Cisco 8845 - Standard SIP Non-Secure Profile");
    expect(textAt(phone, "commonPhoneConfigName")).to.equal("Standard Common Phone Profile");
    expect(textAt(phone, "ownerUserName")).to.equal("lpark");
    const lines = children(child(phone, "lines"), "line");
    expect(lines.map((line) => [textAt(line, "index"), textAt(line, "dirn", "pattern"), textAt(line, "label"), textAt(line, "e164Mask")])).to.deep.equal([["1", "4004", "Line 4004", "+1312555XXXX"], ["2", "4005", "Line 4005", "+1312555XXXX"]]);
    expect(child(lines[0], "dirn").attributes.uuid).to.match(UUID);
    expect(textAt(lines[0] as never, "associatedEndusers", "enduser", "userId")).to.equal("lpark");
    expect(textAt(lines[0] as never, "maxNumCalls")).to.equal("2");
  });

  it("refuses device names that do not fit the product and a line twice on one phone", async () => {
    const badName = await axl(env, "addPhone", `<phone>${PHONE_8845.replace("SEP00AABB0000A1", "SEP00AABB0000A1Z")}</phone>`);
    expect(faultOf(badName).axlmessage).to.equal("The specified name has invalid characters or is not formatted correctly for this device type.");
    const twice = await axl(env, "addPhone", `<phone>${PHONE_8845}<lines>${appearance(1, "4004")}${appearance(2, "4004")}</lines></phone>`);
    expect(faultOf(twice).axlmessage).to.equal("Phone cannot have the same line more than once (duplicate NumPlanIndex)");
    const csf = await addOk(env, "Phone", "phone", "<name>CSFLPARK</name><product>Cisco Unified Client Services Framework</product><class>Phone</class><protocol>SIP</protocol><devicePoolName>Cu1Si1-DevicePool</devicePoolName>");
    expect(textAt(await getOk(env, "Phone", "phone", `<uuid>${csf}</uuid>`), "phoneTemplateName")).to.equal("Standard Client Services Framework");
  });

  it("replaces a phone's lines with lines, adds and removes them with addLines/removeLines, and renames it with newName", async () => {
    await addOk(env, "Phone", "phone", `${PHONE_8845}<lines>${appearance(1, "4004")}</lines>`);
    await updateOk(env, "Phone", `<name>SEP00AABB0000A1</name><removeLines><line><index>1</index><dirn><pattern>4004</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName></dirn></line></removeLines><addLines>${appearance(1, "4005")}${appearance(2, "4006")}</addLines>`);
    let phone = await getOk(env, "Phone", "phone", "<name>SEP00AABB0000A1</name>", "<lines/>");
    expect(itemTexts(child(phone, "lines"), "line", "dirn", "pattern")).to.deep.equal(["4005", "4006"]);
    await updateOk(env, "Phone", "<name>SEP00AABB0000A1</name><removeLines><lineIdentifier><directoryNumber>4006</directoryNumber><routePartitionName>Cu1-DirNum-PT</routePartitionName></lineIdentifier></removeLines>");
    phone = await getOk(env, "Phone", "phone", "<name>SEP00AABB0000A1</name>", "<lines/>");
    expect(itemTexts(child(phone, "lines"), "line", "dirn", "pattern")).to.deep.equal(["4005"]);
    await updateOk(env, "Phone", `<name>SEP00AABB0000A1</name><newName>SEP00AABB0000A2</newName><lines>${appearance(1, "4007")}</lines><description>moved</description>`);
    phone = await getOk(env, "Phone", "phone", "<name>SEP00AABB0000A2</name>");
    expect(itemTexts(child(phone, "lines"), "line", "dirn", "pattern")).to.deep.equal(["4007"]);
    expect(textAt(phone, "description")).to.equal("moved");
    const fixed = await axl(env, "updatePhone", "<name>SEP00AABB0000A2</name><product>Cisco 7841</product>");
    expect(faultOf(fixed).axlmessage).to.equal("updatePhone/product cannot be changed by an update");
    const line = await getOk(env, "Line", "line", "<pattern>4007</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName>", "<associatedDevices/>");
    expect(itemTexts(child(line, "associatedDevices"), "device")).to.deep.equal(["SEP00AABB0000A2"]);
  });

  it("keeps an end user's fields, never answers pin or password, and replaces associatedDevices, associatedGroups and phoneProfiles whole", async () => {
    await newUser("lpark", "<department>Sales</department><telephoneNumber>+13125554004</telephoneNumber><associatedGroups><userGroup><name>Standard CCM End Users</name><userRoles><userRole>ignored</userRole></userRoles></userGroup></associatedGroups><enableCti>false</enableCti><directoryUri>lpark@contoso.com</directoryUri><userIdentity>lpark@contoso.com</userIdentity><customerName>Contoso</customerName>");
    await addOk(env, "Phone", "phone", `${PHONE_8845}<lines>${appearance(1, "4004")}</lines><ownerUserName>lpark</ownerUserName>`);
    await updateOk(env, "User", "<userid>lpark</userid><associatedDevices><device>SEP00AABB0000A1</device><device>SEP00AABB000001</device></associatedDevices><primaryExtension><pattern>4004</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName></primaryExtension>");
    let user = await getOk(env, "User", "user", "<userid>lpark</userid>");
    expect(user.children.some((element) => element.local === "password" || element.local === "pin")).to.equal(false);
    expect(textAt(user, "department")).to.equal("Sales");
    expect(textAt(user, "enableCti")).to.equal("false");
    expect(textAt(user, "customerName")).to.equal("Contoso");
    expect(itemTexts(child(user, "associatedDevices"), "device")).to.deep.equal(["SEP00AABB0000A1", "SEP00AABB000001"]);
    expect(textAt(user, "associatedGroups", "userGroup", "userRoles", "userRole")).to.equal("Standard CCM End Users");
    expect(textAt(user, "primaryExtension", "pattern")).to.equal("4004");

    await updateOk(env, "User", "<userid>lpark</userid><associatedDevices><device>SEP00AABB0000A1</device></associatedDevices><associatedGroups><userGroup><name>Standard CCM End Users</name></userGroup><userGroup><name>Standard CTI Enabled</name></userGroup></associatedGroups>");
    user = await getOk(env, "User", "user", "<userid>lpark</userid>", "<associatedDevices/><associatedGroups/>");
    expect(itemTexts(child(user, "associatedDevices"), "device")).to.deep.equal(["SEP00AABB0000A1"]);
    expect(itemTexts(child(user, "associatedGroups"), "userGroup", "name")).to.deep.equal(["Standard CCM End Users", "Standard CTI Enabled"]);

    await updateOk(env, "User", "<userid>lpark</userid><newUserid>lee.park</newUserid><imAndPresenceEnable>true</imAndPresenceEnable><serviceProfile>Cu1-ServiceProfile</serviceProfile><enableMobility>true</enableMobility><remoteDestinationLimit>2</remoteDestinationLimit>");
    const phone = await getOk(env, "Phone", "phone", "<name>SEP00AABB0000A1</name>", "<ownerUserName/>");
    expect(textAt(phone, "ownerUserName")).to.equal("lee.park");
    user = await getOk(env, "User", "user", "<userid>LEE.PARK</userid>", "<userid/><imAndPresenceEnable/><serviceProfile/><remoteDestinationLimit/>");
    expect(textAt(user, "serviceProfile")).to.equal("Cu1-ServiceProfile");
    expect(textAt(user, "remoteDestinationLimit")).to.equal("2");

    // Removing a phone takes it off its users; removing a user clears the phones it owned.
    await removeOk(env, "Phone", "<name>SEP00AABB0000A1</name>");
    expect(child(await getOk(env, "User", "user", "<userid>lee.park</userid>", "<associatedDevices/>"), "associatedDevices").children).to.have.length(0);
    await removeOk(env, "User", "<userid>jsmith</userid>");
    expect(child(await getOk(env, "Phone", "phone", "<name>SEP00AABB000001</name>", "<ownerUserName/>"), "ownerUserName").attributes.uuid).to.equal("");
    const appearanceUser = await getOk(env, "Phone", "phone", "<name>SEP00AABB000001</name>", "<lines/>");
    expect(child(child(child(appearanceUser, "lines"), "line"), "associatedEndusers").children).to.have.length(0);
  });

  it("keeps what an LDAP sync wrote on its users: an update may change their services, not their directory attributes", async () => {
    await env.control.seed("axl", { objects: [{ kind: "ldapDirectory", name: "Contoso-AD" }], updates: [{ kind: "user", userid: "lchen", ldapDirectoryName: "Contoso-AD" }] });
    const refused = faultOf(await axl(env, "updateUser", "<userid>lchen</userid><lastName>Chen-Smith</lastName><mailid>li@contoso.com</mailid><enableMobility>true</enableMobility>"));
    expect(refused).to.deep.include({ axlcode: 5003, axlmessage: "End user lchen is synchronized from LDAP directory Contoso-AD: lastName, mailid can be changed in the directory only" });
    // The same values, and the fields a sync does not write, are fine.
    await updateOk(env, "User", "<userid>lchen</userid><lastName>Chen</lastName><enableMobility>true</enableMobility><imAndPresenceEnable>true</imAndPresenceEnable>");
    const user = await getOk(env, "User", "user", "<userid>lchen</userid>", "<lastName/><mailid/><enableMobility/><ldapDirectoryName/>");
    expect([textAt(user, "lastName"), textAt(user, "mailid"), textAt(user, "enableMobility"), textAt(user, "ldapDirectoryName")]).to.deep.equal(["Chen", "lchen@contoso.com", "true", "Contoso-AD"]);
    // A user without a directory takes them.
    await updateOk(env, "User", "<userid>jsmith</userid><lastName>Smith-Jones</lastName>");
  });

  it("serves extension mobility: device profiles, phoneProfiles, doDeviceLogin and doDeviceLogout", async () => {
    await newUser("lpark");
    await addOk(env, "DeviceProfile", "deviceProfile", `<name>lpark-UDP</name><product>Cisco 8845</product><class>Device Profile</class><protocol>SIP</protocol><protocolSide>User</protocolSide><lines>${appearance(1, "4004")}</lines>`);
    await updateOk(env, "User", "<userid>lpark</userid><phoneProfiles><profileName>lpark-UDP</profileName></phoneProfiles><defaultProfile>lpark-UDP</defaultProfile>");
    const notEnabled = await axl(env, "doDeviceLogin", "<deviceName>SEP00AABB000001</deviceName><loginDuration>0</loginDuration><profileName>lpark-UDP</profileName><userId>lpark</userId>");
    expect(faultOf(notEnabled).axlmessage).to.include("not enabled");
    const notTheirs = await axl(env, "doDeviceLogin", "<deviceName>SEP00AABB000010</deviceName><loginDuration>0</loginDuration><profileName>akim-UDP</profileName><userId>lpark</userId>");
    expect(faultOf(notTheirs).axlmessage).to.include("is not one of the phone profiles");
    expect(returnOf(await axl(env, "doDeviceLogin", "<deviceName>SEP00AABB000010</deviceName><loginDuration>3600</loginDuration><profileName>lpark-UDP</profileName><userId>lpark</userId>"), "doDeviceLogin").text).to.match(UUID);
    const phone = await getOk(env, "Phone", "phone", "<name>SEP00AABB000010</name>", "<loginUserId/><currentProfileName/><loginDuration/><services/>");
    expect(textAt(phone, "loginUserId")).to.equal("lpark");
    expect(textAt(phone, "currentProfileName")).to.equal("lpark-UDP");
    expect(textAt(phone, "loginDuration")).to.equal("3600");
    expect(textAt(phone, "services", "service", "telecasterServiceName")).to.equal("Extension Mobility");
    const busy = await axl(env, "doDeviceLogin", "<deviceName>SEP00AABB000010</deviceName><loginDuration>0</loginDuration><profileName>akim-UDP</profileName><userId>akim</userId>");
    expect(faultOf(busy).axlmessage).to.include("Another user (lpark) is logged in");
    await axl(env, "doDeviceLogout", "<deviceName>SEP00AABB000010</deviceName>");
    expect(textAt(await getOk(env, "Phone", "phone", "<name>SEP00AABB000010</name>", "<loginUserId/>"), "loginUserId")).to.equal("");
    expect(faultOf(await axl(env, "doDeviceLogout", "<deviceName>SEP00AABB000010</deviceName>")).axlmessage).to.include("No user is logged in");
    // A device profile's lines are replaced whole by update (it has no addLines).
    await updateOk(env, "DeviceProfile", `<name>lpark-UDP</name><lines>${appearance(1, "4005")}${appearance(2, "4006")}</lines>`);
    const profile = await getOk(env, "DeviceProfile", "deviceProfile", "<name>lpark-UDP</name>");
    expect(itemTexts(child(profile, "lines"), "line", "dirn", "pattern")).to.deep.equal(["4005", "4006"]);
    expect(faultOf(await axl(env, "updateDeviceProfile", `<name>lpark-UDP</name><addLines>${appearance(3, "4007")}</addLines>`)).axlcode).to.equal(5003);
  });

  it("serves single number reach: the remote destination needs a mobility-enabled owner and is keyed by destination", async () => {
    await newUser("lpark");
    const noMobility = await axl(env, "addRemoteDestinationProfile", "<remoteDestinationProfile><name>lpark-RDP</name><devicePoolName>Cu1Si1-DevicePool</devicePoolName><userId>lpark</userId></remoteDestinationProfile>");
    expect(noMobility.status).to.equal(200); // the profile itself does not need it
    const destination = "<remoteDestination><name>Lee mobile</name><destination>+13125550199</destination><answerTooSoonTimer>1500</answerTooSoonTimer><answerTooLateTimer>19000</answerTooLateTimer><delayBeforeRingingCell>4000</delayBeforeRingingCell><ownerUserId>lpark</ownerUserId><remoteDestinationProfileName>lpark-RDP</remoteDestinationProfileName><isMobilePhone>true</isMobilePhone></remoteDestination>";
    const refused = await axl(env, "addRemoteDestination", destination);
    expect(faultOf(refused).axlmessage).to.include("not enabled for mobility");
    await updateOk(env, "User", "<userid>lpark</userid><enableMobility>true</enableMobility><remoteDestinationLimit>1</remoteDestinationLimit>");
    const uuid = returnOf(await axl(env, "addRemoteDestination", destination), "addRemoteDestination").text;
    const read = await getOk(env, "RemoteDestination", "remoteDestination", "<destination>+13125550199</destination>");
    expect(read.attributes.uuid).to.equal(uuid);
    expect(textAt(read, "ownerUserId")).to.equal("lpark");
    expect(textAt(read, "enableMobileConnect")).to.equal("true");
    const second = await axl(env, "addRemoteDestination", destination.replace("+13125550199", "+13125550198"));
    expect(faultOf(second).axlmessage).to.include("remoteDestinationLimit of 1");
    await updateOk(env, "RemoteDestination", "<destination>+13125550199</destination><newDestination>+13125550197</newDestination><newName>Lee new mobile</newName>");
    expect(textAt(await getOk(env, "RemoteDestination", "remoteDestination", "<destination>+13125550197</destination>"), "name")).to.equal("Lee new mobile");
    // Cisco's UpdateRemoteDestinationReq has newName, no name; and no update renames what is not its key.
    expect(faultOf(await axl(env, "updateRemoteDestination", "<destination>+13125550197</destination><name>Lee</name>")).axlmessage).to.include("newName, not name");
    expect(faultOf(await axl(env, "updateRemoteDestination", "<destination>+13125550197</destination><newOwnerUserId>akim</newOwnerUserId>")).axlcode).to.equal(5003);
    expect(faultOf(await axl(env, "updateUcService", "<name>Cu1-Voicemail</name><newDescription>x</newDescription>")).axlmessage).to.include("newDescription");
    const inUse = await axl(env, "removeRemoteDestinationProfile", "<name>lpark-RDP</name>");
    expect(faultOf(inUse).axlcode).to.equal(-692);
    await removeOk(env, "RemoteDestination", `<uuid>${uuid}</uuid>`);
    await removeOk(env, "RemoteDestinationProfile", "<name>lpark-RDP</name>");
  });

  it("adds UC services and service profiles whose services match their profile types", async () => {
    await addOk(env, "UcService", "ucService", "<serviceType>Voicemail</serviceType><productType>Unity Connection</productType><name>Cu1-Voicemail-2</name><hostnameorip>cuc2.contoso.com</hostnameorip><port>443</port><protocol>HTTPS</protocol>");
    const mismatch = await axl(env, "addUcService", "<ucService><serviceType>CTI</serviceType><productType>Unity Connection</productType><name>X</name><hostnameorip>x</hostnameorip></ucService>");
    expect(faultOf(mismatch).axlmessage).to.include("cannot offer UC service type CTI");
    await addOk(env, "ServiceProfile", "serviceProfile", "<name>Cu1-VM-Only</name><serviceProfileInfos><serviceProfileInfo><profileName>Voicemail Profile</profileName><primary>Cu1-Voicemail-2</primary><secondary>Cu1-Voicemail</secondary></serviceProfileInfo></serviceProfileInfos>");
    const profile = await getOk(env, "ServiceProfile", "serviceProfile", "<name>Cu1-VM-Only</name>");
    expect(textAt(profile, "serviceProfileInfos", "serviceProfileInfo", "secondary")).to.equal("Cu1-Voicemail");
    const wrongType = await axl(env, "updateServiceProfile", "<name>Cu1-VM-Only</name><serviceProfileInfos><serviceProfileInfo><profileName>CTI Profile</profileName><primary>Cu1-Voicemail</primary></serviceProfileInfo></serviceProfileInfos>");
    expect(faultOf(wrongType).axlmessage).to.include("cannot be the primary of CTI Profile");
    expect(faultOf(await axl(env, "removeUcService", "<name>Cu1-Voicemail-2</name>")).axlcode).to.equal(-692);
    await updateOk(env, "UcService", "<name>Cu1-Voicemail-2</name><newName>Cu1-VM-B</newName>");
    expect(textAt(await getOk(env, "ServiceProfile", "serviceProfile", "<name>Cu1-VM-Only</name>"), "serviceProfileInfos", "serviceProfileInfo", "primary")).to.equal("Cu1-VM-B");
  });

  it("serves IP phone services, voicemail pilots and profiles, and customers", async () => {
    await addOk(env, "IpPhoneServices", "ipPhoneServices", "<serviceName>Corporate Directory 2</serviceName><serviceUrl>http://dir.contoso.com/</serviceUrl>");
    await updateOk(env, "IpPhoneServices", "<serviceName>Corporate Directory 2</serviceName><newServiceName>Directory</newServiceName><enabled>false</enabled>");
    const service = await getOk(env, "IpPhoneServices", "ipPhoneServices", "<serviceName>Directory</serviceName>");
    expect(textAt(service, "enabled")).to.equal("false");
    expect(textAt(service, "serviceCategory")).to.equal("XML Service");
    await addOk(env, "VoiceMailPilot", "voiceMailPilot", "<dirn>8100</dirn><description>Second pilot</description><cssName>Cu1-Internal-CSS</cssName>");
    await addOk(env, "VoiceMailProfile", "voiceMailProfile", "<name>Cu1-VM-2</name><voiceMailPilot><dirn>8100</dirn><cssName>Cu1-Internal-CSS</cssName></voiceMailPilot>");
    const profile = await getOk(env, "VoiceMailProfile", "voiceMailProfile", "<name>Cu1-VM-2</name>");
    expect(textAt(profile, "voiceMailPilot", "dirn")).to.equal("8100");
    expect(child(profile, "voiceMailPilot").attributes.uuid).to.match(UUID);
    const pilot = await getOk(env, "VoiceMailPilot", "voiceMailPilot", "<dirn>8000</dirn><cssName>Cu1-Internal-CSS</cssName>");
    expect(textAt(pilot, "description")).to.equal("Contoso Unity Connection");
    await addOk(env, "Customer", "customer", "<name>Fabrikam</name>");
    expect(textAt(await getOk(env, "Customer", "customer", "<name>Fabrikam</name>"), "name")).to.equal("Fabrikam");
  });

  it("records doDeviceReset, resetPhone, restartPhone and applyPhone in the cluster's deviceEvents", async () => {
    const phone = await getOk(env, "Phone", "phone", "<name>SEP00AABB000001</name>", "<name/>");
    expect(returnOf(await axl(env, "doDeviceReset", "<deviceName>SEP00AABB000001</deviceName><isHardReset>true</isHardReset>"), "doDeviceReset").text).to.equal(phone.attributes.uuid);
    await axl(env, "doDeviceReset", "<deviceName>SEP00AABB000002</deviceName><deviceResetType>Restart</deviceResetType>");
    for (const operation of ["resetPhone", "restartPhone", "applyPhone"]) expect(returnOf(await axl(env, operation, `<uuid>${phone.attributes.uuid as string}</uuid>`), operation).text).to.match(UUID);
    expect(faultOf(await axl(env, "resetPhone", "<name>SEPFFFFFFFFFFFF</name>")).axlmessage).to.equal("Item not valid: The specified SEPFFFFFFFFFFFF was not found");
    const state = (await env.control.state("axl")) as AxlClusterState;
    expect(state.deviceEvents.map((event) => [event.operation, event.device, event.detail?.resetType])).to.deep.equal([
      ["doDeviceReset", "SEP00AABB000001", "Reset"],
      ["doDeviceReset", "SEP00AABB000002", "Restart"],
      ["resetPhone", "SEP00AABB000001", undefined],
      ["restartPhone", "SEP00AABB000001", undefined],
      ["applyPhone", "SEP00AABB000001", undefined],
    ]);
    expect(state.deviceEvents[0]?.by).to.equal("axladmin");
  });
});
