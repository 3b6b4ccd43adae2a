// One or more requests per AXL operation ucflow sends, made through the typed operations:
// "minimal" (only what the TypeScript shape requires), "realistic" (what ucflow sends for a
// site and a subscriber) and "maximal" (every field the shape has). The schema cross-check
// validates each against Cisco's XSD.
import type { AxlClient } from "../../../../provider/backends/axl/client";
import * as axl from "../../../../provider/backends/axl/index";
import { axlObject } from "../../../../provider/backends/axl/schema/description";
import { envelope } from "./fixture";
import type { PipelineRequest, PipelineResponse, SendRequest } from "../../../../provider/core/http-pipeline";

export type PayloadKind = "minimal" | "realistic" | "maximal";

export interface PayloadCase {
  readonly operation: string;
  readonly kind: PayloadKind;
  readonly run: (client: AxlClient) => Promise<unknown>;
}

const UUID = "{A8D94FF0-4627-EECC-0D8D-E2EE69123B32}";
const lowerUuid = "a8d94ff0-4627-eecc-0d8d-e2ee69123b32";

const line4001: axl.PhoneLine = { index: 1, dirn: { pattern: "4001", routePartitionName: "Cu1Si1-Internal" }, label: "Alice 4001", display: "Alice Example", e164Mask: "+494012344XXX" };
const lineMax: axl.PhoneLine = {
  index: 1,
  dirn: { pattern: "4001", routePartitionName: "Cu1Si1-Internal" },
  label: "Alice 4001",
  display: "Alice Exämple",
  displayAscii: "Alice Example",
  ringSetting: "Ring",
  e164Mask: "+494012344XXX",
  maxNumCalls: 4,
  busyTrigger: 2,
  associatedEndusers: [{ userId: "alice" }],
};
const service: axl.SubscribedService = { telecasterServiceName: "Cu1-Directory", name: "Directory", url: "http://apps.example.com/dir", urlButtonIndex: 0, urlLabel: "Dir", serviceNameAscii: "Directory" };

const forward: axl.CallForward = { forwardToVoiceMail: false, callingSearchSpaceName: "Cu1Si1-Line-Forward", destination: "+494012349999" };
const forwardAll: axl.CallForwardAll = { ...forward, secondaryCallingSearchSpaceName: "Cu1Si1-Device-Intl" };
const forwardNoAnswer: axl.CallForwardNoAnswer = { forwardToVoiceMail: true, callingSearchSpaceName: "Cu1Si1-Line-Forward", duration: 20 };
const altNum: axl.AlternateNumber = { numMask: "+494012344001", isUrgent: false, addLocalRoutePartition: false, routePartition: "Cu1-Global", advertiseGloballyIls: false };

const lineMaximal: axl.Line = {
  pattern: "4001",
  routePartitionName: "Cu1Si1-Internal",
  description: "Alice Example",
  usage: "Device",
  callForwardAll: forwardAll,
  callForwardBusy: { forwardToVoiceMail: true },
  callForwardBusyInt: { forwardToVoiceMail: true },
  callForwardNoAnswer: forwardNoAnswer,
  callForwardNoAnswerInt: forwardNoAnswer,
  callForwardNoCoverage: forward,
  callForwardNoCoverageInt: forward,
  callForwardOnFailure: forward,
  callForwardNotRegistered: forward,
  callForwardNotRegisteredInt: forward,
  callPickupGroupName: "Cu1Si1-Pickup",
  alertingName: "Alice Exämple",
  asciiAlertingName: "Alice Example",
  presenceGroupName: "Standard Presence group",
  shareLineAppearanceCssName: "Cu1Si1-Line-Intl",
  voiceMailProfileName: "Cu1-Voicemail",
  directoryURIs: [{ isPrimary: true, uri: "alice@cu1.example.com", partition: "Cu1-URI", advertiseGloballyViaIls: false }],
  enterpriseAltNum: altNum,
  e164AltNum: altNum,
  active: true,
};

const phoneRealistic: axl.Phone = {
  name: "SEP00112233445A",
  product: "Cisco 8845",
  protocol: "SIP",
  description: "Alice Example 4001",
  devicePoolName: "Cu1Si1-DP",
  locationName: "Cu1Si1-Loc",
  callingSearchSpaceName: "Cu1Si1-Device-Intl",
  securityProfileName: "Cisco 8845 - Standard SIP Non-Secure Profile",
  sipProfileName: "Standard SIP Profile",
  phoneTemplateName: "Standard 8845 SIP",
  lines: [line4001],
  ownerUserName: "alice",
};

const phoneMaximal: axl.Phone = {
  ...phoneRealistic,
  class: "Phone",
  protocolSide: "User",
  commonPhoneConfigName: "Standard Common Phone Profile",
  mediaResourceListName: "Cu1-MRL",
  automatedAlternateRoutingCssName: "Cu1-AAR",
  aarNeighborhoodName: "Cu1-AAR-Group",
  useTrustedRelayPoint: "Default",
  lines: [lineMax, { index: 2, dirn: { pattern: "4999" } }],
  primaryPhoneName: "",
  userLocale: "German Germany",
  networkLocale: "Germany",
  services: [service],
  softkeyTemplateName: "Standard User",
  defaultProfileName: "EM-alice",
  enableExtensionMobility: true,
  builtInBridgeStatus: "Default",
  packetCaptureMode: "None",
  subscribeCallingSearchSpaceName: "Cu1-Presence",
  rerouteCallingSearchSpaceName: "Cu1Si1-Device-Intl",
  allowCtiControlFlag: true,
  presenceGroupName: "Standard Presence group",
  certificateOperation: "No Pending Operation",
  deviceMobilityMode: "Default",
  mobilityUserIdName: "alice",
};

const userRealistic: axl.User = {
  userid: "alice",
  firstName: "Alice",
  lastName: "Example",
  mailid: "alice@cu1.example.com",
  telephoneNumber: "+494012344001",
  associatedDevices: ["SEP00112233445A", "CSFALICE"],
  primaryExtension: { pattern: "4001", routePartitionName: "Cu1Si1-Internal" },
  associatedGroups: [{ name: "Standard CCM End Users" }, { name: "Standard CTI Enabled" }],
  homeCluster: true,
  imAndPresenceEnable: true,
  serviceProfile: "Cu1-Jabber",
  enableMobility: true,
};

const userMaximal: axl.User = {
  ...userRealistic,
  displayName: "Alice Exämple",
  middleName: "B",
  password: "Us3r-Secret!",
  pin: "13579",
  department: "Sales",
  manager: "bob",
  userLocale: "German Germany",
  associatedGroups: [{ name: "Standard CCM End Users", userRoles: ["Standard CCM End Users"] }],
  enableCti: true,
  phoneProfiles: ["EM-alice"],
  defaultProfile: "EM-alice",
  presenceGroupName: "Standard Presence group",
  subscribeCallingSearchSpaceName: "Cu1-Presence",
  enableMobileVoiceAccess: false,
  maxDeskPickupWaitTime: 10000,
  remoteDestinationLimit: 4,
  directoryUri: "alice@cu1.example.com",
  title: "Engineer",
  mobileNumber: "+4917012345678",
  homeNumber: "+494099999",
  pagerNumber: "1234",
  selfService: "4001",
  userProfile: "Cu1-UserProfile",
  calendarPresence: false,
  ldapDirectoryName: "Cu1-AD",
  userIdentity: "alice@cu1.example.com",
  convertUserAccount: "Cu1-AD",
  enableUserToHostConferenceNow: true,
  attendeesAccessCode: "246810",
  customerName: "Cu1",
};

const { userid: _u, password: _p, ...userChanges } = userMaximal;

const rdpRealistic: axl.RemoteDestinationProfile = { name: "RDP-alice", userId: "alice", devicePoolName: "Cu1Si1-DP", callingSearchSpaceName: "Cu1Si1-Device-Intl", lines: [line4001] };
const rdpMaximal: axl.RemoteDestinationProfile = {
  ...rdpRealistic,
  description: "Alice single number reach",
  lines: [lineMax],
  rerouteCallingSearchSpaceName: "Cu1Si1-Device-Intl",
  userLocale: "German Germany",
  networkLocale: "Germany",
  primaryPhoneName: "SEP00112233445A",
  product: "Remote Destination Profile",
  class: "Remote Destination Profile",
  protocol: "Remote Destination",
  protocolSide: "User",
  callInfoPrivacyStatus: "Default",
};

const rdRealistic: axl.RemoteDestination = { destination: "+4917012345678", ownerUserId: "alice", name: "Alice mobile", remoteDestinationProfileName: "RDP-alice", isMobilePhone: true, enableMobileConnect: true, lineAssociations: [{ pattern: "4001", routePartitionName: "Cu1Si1-Internal" }] };
const rdMaximal: axl.RemoteDestination = {
  ...rdRealistic,
  answerTooSoonTimer: 1500,
  answerTooLateTimer: 19000,
  delayBeforeRingingCell: 4000,
  enableUnifiedMobility: true,
  enableExtendAndConnect: false,
  ctiRemoteDeviceName: "CTRCALICE",
  dualModeDeviceName: "BOTALICE",
  lineAssociations: [{ uuid: lowerUuid }, { pattern: "4002" }],
  timeZone: "Europe/Berlin",
  todAccessName: "Cu1-Business-Hours",
};

const deviceProfileRealistic: axl.DeviceProfile = { name: "EM-alice", product: "Cisco 8845", protocol: "SIP", phoneTemplateName: "Standard 8845 SIP", lines: [line4001], loginUserId: "alice" };
const deviceProfileMaximal: axl.DeviceProfile = {
  ...deviceProfileRealistic,
  class: "Device Profile",
  protocolSide: "User",
  description: "Alice EM profile",
  lines: [lineMax],
  userLocale: "German Germany",
  softkeyTemplateName: "Standard User",
  services: [service],
};

const locationMaximal: axl.Location = {
  name: "Cu1Si1-Loc",
  withinAudioBandwidth: 0,
  withinVideoBandwidth: 384,
  withinImmersiveKbits: 384,
  betweenLocations: [{ locationName: "Hub_None", weight: 50, audioBandwidth: 256, videoBandwidth: 384, immersiveBandwidth: 384 }],
  relatedLocations: [{ locationName: "Cu1Si2-Loc", rsvpSetting: "Use System Default" }],
};

const devicePoolMaximal: axl.DevicePool = {
  name: "Cu1Si1-DP",
  dateTimeSettingName: "Cu1Si1-DTG",
  callManagerGroupName: "Default",
  regionName: "Cu1Si1-Region",
  srstName: "Disable",
  mediaResourceListName: "Cu1-MRL",
  networkLocale: "Germany",
  automatedAlternateRoutingCssName: "Cu1-AAR",
  aarNeighborhoodName: "",
  locationName: "Cu1Si1-Loc",
  mobilityCssName: "Cu1Si1-Device-Intl",
  physicalLocationName: "Cu1Si1-Phys",
  deviceMobilityGroupName: "Cu1-DMG",
  cgpnTransformationCssName: "Cu1Si1-CgPN",
  cdpnTransformationCssName: "Cu1Si1-CdPN",
  localRouteGroup: [{ name: "Standard Local Route Group", value: "Cu1Si1-RG" }],
};

const transPatternMaximal: axl.TransPattern = {
  pattern: "0.!",
  routePartitionName: "Cu1Si1-PSTN",
  description: "Cu1 Si1 outside access",
  usage: "Translation",
  blockEnable: false,
  calledPartyTransformationMask: "",
  callingPartyTransformationMask: "+494012344XXX",
  useCallingPartyPhoneMask: "Off",
  callingPartyPrefixDigits: "",
  dialPlanName: "",
  digitDiscardInstructionName: "PreDot",
  patternUrgency: false,
  prefixDigitsOut: "+49",
  routeFilterName: "",
  provideOutsideDialtone: true,
  releaseClause: "No Error",
  isEmergencyServiceNumber: false,
  callingSearchSpaceName: "Cu1-PSTN",
  routeNextHopByCgpn: false,
  useOriginatorCss: false,
  dontWaitForIDTOnSubsequentHops: false,
};

const routePatternMaximal: axl.RoutePattern = {
  pattern: "\\+!",
  routePartitionName: "Cu1-PSTN",
  description: "Cu1 E.164 to the SBC",
  blockEnable: false,
  calledPartyTransformationMask: "",
  callingPartyTransformationMask: "",
  useCallingPartyPhoneMask: "Default",
  callingPartyPrefixDigits: "",
  dialPlanName: "",
  digitDiscardInstructionName: "",
  networkLocation: "OffNet",
  patternUrgency: false,
  prefixDigitsOut: "",
  routeFilterName: "",
  releaseClause: "No Error",
  provideOutsideDialtone: false,
  isEmergencyServiceNumber: false,
  destination: { routeListName: "Cu1-SBC-RL" },
};

const serviceProfileMaximal: axl.ServiceProfile = {
  name: "Cu1-Jabber",
  description: "Cu1 Jabber services",
  isDefault: false,
  serviceProfileInfos: [
    { profileName: "Voicemail Profile", primary: "Cu1-CUC", secondary: "Cu1-CUC-2", tertiary: "", serverCertificateVerification: "Any Certificate" },
    { profileName: "IM and Presence Profile", primary: "Cu1-IMP" },
  ],
};

const ipPhoneServiceMaximal: axl.IpPhoneService = {
  serviceName: "Cu1-Directory",
  asciiServiceName: "Cu1-Directory",
  serviceUrl: "http://apps.example.com/dir",
  serviceDescription: "Company directory",
  secureServiceUrl: "https://apps.example.com/dir",
  serviceCategory: "XML Service",
  serviceType: "Directories",
  serviceVendor: "",
  serviceVersion: "",
  enabled: true,
  enterpriseSubscription: false,
  parameters: [{ name: "site", displayName: "Site", description: "Site code", default: "Si1", paramRequired: false, paramPassword: false }],
};

function cases(operation: string, list: Partial<Record<PayloadKind, (client: AxlClient) => Promise<unknown>>>): PayloadCase[] {
  return (Object.entries(list) as [PayloadKind, (client: AxlClient) => Promise<unknown>][]).map(([kind, run]) => ({ operation, kind, run }));
}

export const PAYLOAD_CASES: readonly PayloadCase[] = [
  ...cases("getCCMVersion", { realistic: (c) => axl.getCcmVersion(c) }),

  // Dial plan
  ...cases("addRoutePartition", {
    minimal: (c) => axl.addRoutePartition(c, { name: "Cu1Si1-Internal" }),
    realistic: (c) => axl.addRoutePartition(c, { name: "Cu1Si1-Internal", description: "Cu1 Si1 extensions" }),
    maximal: (c) => axl.addRoutePartition(c, { name: "Cu1Si1-Internal", description: "Cu1 Si1 extensions", timeScheduleIdName: "Cu1-Hours", useOriginatingDeviceTimeZone: true, timeZone: "Europe/Berlin" }),
  }),
  ...cases("getRoutePartition", { realistic: (c) => axl.getRoutePartition(c, { name: "Cu1Si1-Internal" }), maximal: (c) => axl.getRoutePartition(c, { uuid: lowerUuid }) }),
  ...cases("updateRoutePartition", {
    realistic: (c) => axl.updateRoutePartition(c, { name: "Cu1Si1-Internal" }, { description: "new" }),
    maximal: (c) => axl.updateRoutePartition(c, { uuid: UUID }, { newName: "Cu1Si1-Int", description: "d", timeScheduleIdName: "", useOriginatingDeviceTimeZone: false, timeZone: "Europe/Berlin" }),
  }),
  ...cases("removeRoutePartition", { realistic: (c) => axl.removeRoutePartition(c, { name: "Cu1Si1-Internal" }) }),
  ...cases("listRoutePartition", { realistic: (c) => axl.listRoutePartitions(c, { name: "Cu1%" }), maximal: (c) => axl.listRoutePartitions(c, { name: "Cu1%", description: "%" }) }),

  ...cases("addCss", {
    minimal: (c) => axl.addCss(c, { name: "Cu1Si1-Device-Intl" }),
    realistic: (c) =>
      axl.addCss(c, {
        name: "Cu1Si1-Device-Intl",
        description: "Cu1 Si1 international",
        members: [
          { routePartitionName: "Cu1Si1-Internal", index: 1 },
          { routePartitionName: "Cu1-PSTN-Intl", index: 2 },
        ],
      }),
    maximal: (c) => axl.addCss(c, { name: "Cu1Si1-Device-Intl", description: "d", members: [{ routePartitionName: "Cu1Si1-Internal", index: 1 }], partitionUsage: "General" }),
  }),
  ...cases("getCss", { realistic: (c) => axl.getCss(c, { name: "Cu1Si1-Device-Intl" }) }),
  ...cases("updateCss", {
    realistic: (c) => axl.updateCss(c, { name: "Cu1Si1-Device-Intl" }, { members: [{ routePartitionName: "Cu1Si1-Internal", index: 1 }] }),
    maximal: (c) =>
      axl.updateCss(c, { uuid: UUID }, { description: "d", addMembers: [{ routePartitionName: "Cu1-New", index: 3 }], removeMembers: [{ routePartitionName: "Cu1-Old", index: 2 }], newName: "Cu1Si1-CSS" }),
  }),
  ...cases("removeCss", { realistic: (c) => axl.removeCss(c, { name: "Cu1Si1-Device-Intl" }) }),
  ...cases("listCss", { realistic: (c) => axl.listCsses(c, { name: "Cu1%" }), maximal: (c) => axl.listCsses(c, { description: "%", partitionUsage: "General", name: "Cu1%" }) }),

  ...cases("addTransPattern", {
    minimal: (c) => axl.addTransPattern(c, { pattern: "0.!" }),
    // ucflow's inbound globalisation: 10 digits from the PSTN to +E.164, routed with the inbound CSS.
    realistic: (c) =>
      axl.addTransPattern(c, {
        pattern: "[2-9]XX[2-9]XXXXXX",
        routePartitionName: "Cu1-Inbound-PT",
        description: "PSTN in: 10 digits to +E.164 [ucflow:Cu1]",
        usage: "Translation",
        blockEnable: false,
        calledPartyTransformationMask: "",
        digitDiscardInstructionName: "",
        prefixDigitsOut: "+1",
        callingSearchSpaceName: "Cu1-Inbound-CSS",
        useOriginatorCss: false,
      }),
    maximal: (c) => axl.addTransPattern(c, transPatternMaximal),
  }),
  ...cases("getTransPattern", {
    realistic: (c) => axl.getTransPattern(c, { pattern: "0.!", routePartitionName: "Cu1Si1-PSTN" }),
    maximal: (c) => axl.getTransPattern(c, { pattern: "0.!", routePartitionName: "Cu1Si1-PSTN", dialPlanName: "", routeFilterName: "" }),
  }),
  ...cases("updateTransPattern", {
    realistic: (c) => axl.updateTransPattern(c, { pattern: "0.!", routePartitionName: "Cu1Si1-PSTN" }, { prefixDigitsOut: "+4940" }),
    maximal: (c) => {
      const { pattern: _pa, routePartitionName: _rp, dialPlanName: _dp, routeFilterName: _rf, usage: _us, ...rest } = transPatternMaximal;
      return axl.updateTransPattern(c, { uuid: UUID }, { ...rest, newPattern: "00.!", newRoutePartitionName: "Cu1-PSTN", newDialPlanName: "", newRouteFilterName: "" });
    },
  }),
  ...cases("removeTransPattern", { realistic: (c) => axl.removeTransPattern(c, { pattern: "0.!", routePartitionName: "Cu1Si1-PSTN" }) }),
  ...cases("listTransPattern", { realistic: (c) => axl.listTransPatterns(c, { routePartitionName: "Cu1%" }), maximal: (c) => axl.listTransPatterns(c, { pattern: "%", description: "%", routePartitionName: "Cu1%", isEmergencyServiceNumber: "false" }) }),

  ...cases("addRoutePattern", {
    minimal: (c) => axl.addRoutePattern(c, { pattern: "\\+!", destination: { gatewayName: "Cu1-SBC" } }),
    realistic: (c) => axl.addRoutePattern(c, { pattern: "\\+!", routePartitionName: "Cu1-PSTN", destination: { routeListName: "Cu1-SBC-RL" }, networkLocation: "OffNet" }),
    maximal: (c) => axl.addRoutePattern(c, routePatternMaximal),
  }),
  ...cases("getRoutePattern", { realistic: (c) => axl.getRoutePattern(c, { pattern: "\\+!", routePartitionName: "Cu1-PSTN" }), maximal: (c) => axl.getRoutePattern(c, { uuid: UUID }) }),
  ...cases("updateRoutePattern", {
    realistic: (c) => axl.updateRoutePattern(c, { pattern: "\\+!", routePartitionName: "Cu1-PSTN" }, { destination: { gatewayName: "Cu1-SBC-2" } }),
    maximal: (c) => {
      const { pattern: _pa, routePartitionName: _rp, dialPlanName: _dp, routeFilterName: _rf, ...rest } = routePatternMaximal;
      return axl.updateRoutePattern(c, { pattern: "\\+!", routePartitionName: "Cu1-PSTN", dialPlanName: "", routeFilterName: "" }, { ...rest, newPattern: "\\+49!", newRoutePartitionName: "Cu1-PSTN", newDialPlanName: "", newRouteFilterName: "" });
    },
  }),
  ...cases("removeRoutePattern", { realistic: (c) => axl.removeRoutePattern(c, { pattern: "\\+!", routePartitionName: "Cu1-PSTN" }) }),
  ...cases("listRoutePattern", { realistic: (c) => axl.listRoutePatterns(c, { pattern: "\\+%" }), maximal: (c) => axl.listRoutePatterns(c, { pattern: "%", description: "%", routePartitionName: "Cu1%", isEmergencyServiceNumber: "true" }) }),
  ...cases("getRouteList", { realistic: (c) => axl.getRouteList(c, { name: "Cu1-PSTN-RL" }), maximal: (c) => axl.getRouteList(c, { uuid: UUID }) }),
  ...cases("listRouteList", { realistic: (c) => axl.listRouteLists(c), maximal: (c) => axl.listRouteLists(c, { name: "Cu1%", description: "%" }) }),
  ...cases("getSipTrunk", { realistic: (c) => axl.getSipTrunk(c, { name: "Cu1-PSTN-SBC" }), maximal: (c) => axl.getSipTrunk(c, { uuid: UUID }) }),
  ...cases("listSipTrunk", { realistic: (c) => axl.listSipTrunks(c), maximal: (c) => axl.listSipTrunks(c, { name: "Cu1%", description: "%" }) }),
  ...cases("getGateway", { realistic: (c) => axl.getGateway(c, { domainName: "10.10.1.1" }), maximal: (c) => axl.getGateway(c, { uuid: UUID }) }),
  ...cases("listGateway", { realistic: (c) => axl.listGateways(c), maximal: (c) => axl.listGateways(c, { domainName: "%", description: "%", product: "Cisco ISR 4331", protocol: "H.225" }) }),

  // Sites
  ...cases("addDevicePool", {
    minimal: (c) => axl.addDevicePool(c, { name: "Cu1Si1-DP", dateTimeSettingName: "CMLocal", callManagerGroupName: "Default", regionName: "Default" }),
    realistic: (c) => axl.addDevicePool(c, { name: "Cu1Si1-DP", dateTimeSettingName: "Cu1Si1-DTG", callManagerGroupName: "Default", regionName: "Cu1Si1-Region", locationName: "Cu1Si1-Loc", mediaResourceListName: "Cu1-MRL" }),
    maximal: (c) => axl.addDevicePool(c, devicePoolMaximal),
  }),
  ...cases("getDevicePool", { realistic: (c) => axl.getDevicePool(c, { name: "Cu1Si1-DP" }) }),
  ...cases("updateDevicePool", {
    realistic: (c) => axl.updateDevicePool(c, { name: "Cu1Si1-DP" }, { locationName: "Cu1Si1-Loc" }),
    maximal: (c) => {
      const { name: _n, ...rest } = devicePoolMaximal;
      return axl.updateDevicePool(c, { uuid: UUID }, { ...rest, newName: "Cu1Si1-DevicePool" });
    },
  }),
  ...cases("removeDevicePool", { realistic: (c) => axl.removeDevicePool(c, { name: "Cu1Si1-DP" }) }),
  ...cases("listDevicePool", { realistic: (c) => axl.listDevicePools(c, { name: "Cu1%" }), maximal: (c) => axl.listDevicePools(c, { name: "Cu1%", callManagerGroupName: "Default", regionName: "%" }) }),

  ...cases("addLocation", {
    minimal: (c) => axl.addLocation(c, { name: "Cu1Si1-Loc" }),
    realistic: (c) => axl.addLocation(c, { name: "Cu1Si1-Loc", betweenLocations: [{ locationName: "Hub_None" }] }),
    maximal: (c) => axl.addLocation(c, locationMaximal),
  }),
  ...cases("getLocation", { realistic: (c) => axl.getLocation(c, { name: "Cu1Si1-Loc" }) }),
  ...cases("updateLocation", {
    realistic: (c) => axl.updateLocation(c, { name: "Cu1Si1-Loc" }, { withinVideoBandwidth: 1024 }),
    maximal: (c) => {
      const { name: _n, ...rest } = locationMaximal;
      return axl.updateLocation(c, { uuid: UUID }, { ...rest, newName: "Cu1Si1-Location" });
    },
  }),
  ...cases("removeLocation", { realistic: (c) => axl.removeLocation(c, { name: "Cu1Si1-Loc" }) }),
  ...cases("listLocation", { realistic: (c) => axl.listLocations(c, { name: "Cu1%" }) }),

  ...cases("getCallManagerGroup", { realistic: (c) => axl.getCallManagerGroup(c, { name: "Default" }) }),
  ...cases("listCallManagerGroup", { realistic: (c) => axl.listCallManagerGroups(c) }),
  ...cases("getDateTimeGroup", { realistic: (c) => axl.getDateTimeGroup(c, { name: "CMLocal" }) }),
  ...cases("listDateTimeGroup", { realistic: (c) => axl.listDateTimeGroups(c), maximal: (c) => axl.listDateTimeGroups(c, { name: "%", timeZone: "Europe/Berlin" }) }),
  ...cases("getRegion", { realistic: (c) => axl.getRegion(c, { name: "Default" }) }),
  ...cases("getSrst", { realistic: (c) => axl.getSrst(c, { name: "Disable" }) }),
  ...cases("listSrst", { realistic: (c) => axl.listSrsts(c), maximal: (c) => axl.listSrsts(c, { name: "%", ipAddress: "10.%" }) }),
  ...cases("listRegion", { realistic: (c) => axl.listRegions(c, { name: "Cu1%" }) }),
  ...cases("getSrst", { realistic: (c) => axl.getSrst(c, { name: "Disable" }) }),
  ...cases("listSrst", { realistic: (c) => axl.listSrsts(c), maximal: (c) => axl.listSrsts(c, { name: "%", ipAddress: "10.%" }) }),
  ...cases("getRouteList", { realistic: (c) => axl.getRouteList(c, { name: "Cu1-PSTN-RL" }) }),
  ...cases("listRouteList", { realistic: (c) => axl.listRouteLists(c), maximal: (c) => axl.listRouteLists(c, { name: "Cu1%", description: "%" }) }),
  ...cases("getSipTrunk", { realistic: (c) => axl.getSipTrunk(c, { name: "Cu1-PSTN-SBC" }) }),
  ...cases("listSipTrunk", { realistic: (c) => axl.listSipTrunks(c), maximal: (c) => axl.listSipTrunks(c, { name: "Cu1%", description: "%" }) }),
  ...cases("getGateway", { realistic: (c) => axl.getGateway(c, { domainName: "10.10.1.1" }), maximal: (c) => axl.getGateway(c, { uuid: UUID }) }),
  ...cases("listGateway", { realistic: (c) => axl.listGateways(c), maximal: (c) => axl.listGateways(c, { domainName: "%", description: "%", product: "%", protocol: "H.225" }) }),
  ...cases("getCredentialPolicy", { realistic: (c) => axl.getCredentialPolicy(c, { name: "Default Credential Policy" }) }),
  ...cases("listCredentialPolicy", { realistic: (c) => axl.listCredentialPolicies(c) }),

  // Devices
  ...cases("addPhone", {
    minimal: (c) => axl.addPhone(c, { name: "CSFALICE", product: "Cisco Unified Client Services Framework", protocol: "SIP", devicePoolName: "Default", phoneTemplateName: "Standard Client Services Framework" }),
    realistic: (c) => axl.addPhone(c, phoneRealistic),
    maximal: (c) => axl.addPhone(c, phoneMaximal),
  }),
  ...cases("getPhone", { realistic: (c) => axl.getPhone(c, { name: "SEP00112233445A" }), maximal: (c) => axl.getPhone(c, { uuid: UUID }) }),
  ...cases("updatePhone", {
    realistic: (c) => axl.updatePhone(c, { name: "SEP00112233445A" }, { lines: [line4001], description: "Alice 4001" }),
    maximal: (c) => {
      const { name: _n, product: _pr, class: _cl, protocol: _po, protocolSide: _ps, ...rest } = phoneMaximal;
      return axl.updatePhone(c, { uuid: UUID }, { ...rest, newName: "SEP00112233445B" });
    },
  }),
  ...cases("updatePhone", { maximal: (c) => axl.updatePhone(c, { name: "SEP00112233445A" }, { removeLines: [line4001], addLines: [lineMax] }) }),
  ...cases("removePhone", { realistic: (c) => axl.removePhone(c, { name: "SEP00112233445A" }) }),
  ...cases("listPhone", { realistic: (c) => axl.listPhones(c, { name: "SEP%" }), maximal: (c) => axl.listPhones(c, { name: "SEP%", description: "%", protocol: "SIP", callingSearchSpaceName: "%", devicePoolName: "Cu1%", securityProfileName: "%" }) }),
  ...cases("doDeviceReset", { realistic: (c) => axl.resetDevice(c, "SEP00112233445A"), maximal: (c) => axl.resetDevice(c, "SEP00112233445A", { restart: true }) }),
  ...cases("resetPhone", { realistic: (c) => axl.resetPhone(c, { name: "SEP00112233445A" }) }),
  ...cases("applyPhone", { realistic: (c) => axl.applyPhone(c, { uuid: lowerUuid }) }),

  ...cases("addLine", {
    minimal: (c) => axl.addLine(c, { pattern: "4001" }),
    realistic: (c) =>
      axl.addLine(c, {
        pattern: "4001",
        routePartitionName: "Cu1Si1-Internal",
        description: "Alice Example",
        alertingName: "Alice Example",
        asciiAlertingName: "Alice Example",
        shareLineAppearanceCssName: "Cu1Si1-Line-Intl",
        voiceMailProfileName: "Cu1-Voicemail",
        callForwardAll: { callingSearchSpaceName: "Cu1Si1-Line-Forward" },
        callForwardBusy: { forwardToVoiceMail: true },
        callForwardNoAnswer: { forwardToVoiceMail: true, duration: 20 },
        // The DID, dialable as +E.164 in the line's partition (what ucflow's subscribers' lines carry).
        e164AltNum: { numMask: "+13125550101", addLocalRoutePartition: true, routePartition: "Cu1Si1-Internal" },
      }),
    maximal: (c) => axl.addLine(c, lineMaximal),
  }),
  ...cases("getLine", { realistic: (c) => axl.getLine(c, { pattern: "4001", routePartitionName: "Cu1Si1-Internal" }), maximal: (c) => axl.getLine(c, { uuid: UUID }) }),
  ...cases("updateLine", {
    realistic: (c) => axl.updateLine(c, { pattern: "4001", routePartitionName: "Cu1Si1-Internal" }, { alertingName: "Alice B. Example", voiceMailProfileName: "Cu1-Voicemail" }),
    maximal: (c) => {
      const { pattern: _pa, routePartitionName: _rp, usage: _us, ...rest } = lineMaximal;
      return axl.updateLine(c, { uuid: UUID }, { ...rest, newPattern: "4002", newRoutePartitionName: "Cu1Si1-Internal" });
    },
  }),
  ...cases("removeLine", { realistic: (c) => axl.removeLine(c, { pattern: "4001", routePartitionName: "Cu1Si1-Internal" }), minimal: (c) => axl.removeLine(c, { pattern: "4001" }) }),
  ...cases("listLine", { realistic: (c) => axl.listLines(c, { pattern: "4%", routePartitionName: "Cu1Si1-Internal" }), maximal: (c) => axl.listLines(c, { pattern: "4%", description: "%", usage: "Device", routePartitionName: "Cu1%" }) }),

  ...cases("addDeviceProfile", {
    minimal: (c) => axl.addDeviceProfile(c, { name: "EM-alice", product: "Cisco 8845", protocol: "SIP", phoneTemplateName: "Standard 8845 SIP" }),
    realistic: (c) => axl.addDeviceProfile(c, deviceProfileRealistic),
    maximal: (c) => axl.addDeviceProfile(c, deviceProfileMaximal),
  }),
  ...cases("getDeviceProfile", { realistic: (c) => axl.getDeviceProfile(c, { name: "EM-alice" }) }),
  ...cases("updateDeviceProfile", {
    realistic: (c) => axl.updateDeviceProfile(c, { name: "EM-alice" }, { lines: [line4001] }),
    maximal: (c) => {
      const { name: _n, product: _pr, class: _cl, protocol: _po, protocolSide: _ps, ...rest } = deviceProfileMaximal;
      return axl.updateDeviceProfile(c, { uuid: UUID }, { ...rest, newName: "EM-alice2" });
    },
  }),
  ...cases("removeDeviceProfile", { realistic: (c) => axl.removeDeviceProfile(c, { name: "EM-alice" }) }),
  ...cases("listDeviceProfile", { realistic: (c) => axl.listDeviceProfiles(c, { name: "EM-%" }), maximal: (c) => axl.listDeviceProfiles(c, { name: "EM-%", description: "%" }) }),

  ...cases("getPhoneButtonTemplate", { realistic: (c) => axl.getPhoneButtonTemplate(c, { name: "Standard 8845 SIP" }) }),
  ...cases("listPhoneButtonTemplate", { realistic: (c) => axl.listPhoneButtonTemplates(c, { name: "Standard%" }) }),
  ...cases("getSipProfile", { realistic: (c) => axl.getSipProfile(c, { name: "Standard SIP Profile" }) }),
  ...cases("listSipProfile", { realistic: (c) => axl.listSipProfiles(c), maximal: (c) => axl.listSipProfiles(c, { name: "%", description: "%" }) }),
  ...cases("getPhoneSecurityProfile", { realistic: (c) => axl.getPhoneSecurityProfile(c, { name: "Cisco 8845 - Standard SIP Non-Secure Profile" }) }),
  ...cases("listPhoneSecurityProfile", { realistic: (c) => axl.listPhoneSecurityProfiles(c, { name: "Cisco 88%" }) }),
  ...cases("getCommonPhoneConfig", { realistic: (c) => axl.getCommonPhoneConfig(c, { name: "Standard Common Phone Profile" }) }),
  ...cases("listCommonPhoneConfig", { realistic: (c) => axl.listCommonPhoneConfigs(c) }),

  // Users
  ...cases("addUser", {
    minimal: (c) => axl.addUser(c, { userid: "alice", lastName: "Example" }),
    realistic: (c) => axl.addUser(c, userRealistic),
    maximal: (c) => axl.addUser(c, userMaximal),
  }),
  ...cases("getUser", { realistic: (c) => axl.getUser(c, { userid: "alice" }), maximal: (c) => axl.getUser(c, { uuid: UUID }) }),
  ...cases("updateUser", {
    realistic: (c) => axl.setAssociatedDevices(c, { userid: "alice" }, ["SEP00112233445A", "CSFALICE"]),
    maximal: (c) => axl.updateUser(c, { uuid: UUID }, { ...userChanges, password: "N3w-Secret!", newUserid: "alice.example" }),
  }),
  ...cases("updateUser", { realistic: (c) => axl.setUserGroups(c, { userid: "alice" }, [{ name: "Standard CCM End Users" }]) }),
  ...cases("updateUser", {
    realistic: (c) =>
      axl.updateUser(c, { userid: "alice" }, { passwordCredentials: { pwdCredPolicyName: "Cu1-Credentials" }, pinCredentials: { pinCredPolicyName: "Cu1-Credentials" }, enableUserToHostConferenceNow: true }),
  }),
  ...cases("removeUser", { realistic: (c) => axl.removeUser(c, { userid: "alice" }) }),
  ...cases("listUser", { realistic: (c) => axl.listUsers(c, { userid: "a%" }), maximal: (c) => axl.listUsers(c, { firstName: "A%", lastName: "E%", userid: "%", department: "Sales", customerName: "Cu1" }) }),
  ...cases("getPresenceGroup", { realistic: (c) => axl.getPresenceGroup(c, { name: "Standard Presence group" }) }),
  ...cases("listPresenceGroup", { realistic: (c) => axl.listPresenceGroups(c) }),
  ...cases("getUserGroup", { realistic: (c) => axl.getUserGroup(c, { name: "Standard CCM End Users" }) }),
  ...cases("listUserGroup", { realistic: (c) => axl.listUserGroups(c, { name: "Standard%" }) }),
  ...cases("doLdapSync", { realistic: (c) => axl.syncLdapDirectory(c, { name: "Cu1-AD" }), maximal: (c) => axl.syncLdapDirectory(c, { uuid: UUID }, { sync: false }) }),

  // Mobility
  ...cases("addRemoteDestinationProfile", {
    minimal: (c) => axl.addRemoteDestinationProfile(c, { name: "RDP-alice", userId: "alice", devicePoolName: "Cu1Si1-DP" }),
    realistic: (c) => axl.addRemoteDestinationProfile(c, rdpRealistic),
    maximal: (c) => axl.addRemoteDestinationProfile(c, rdpMaximal),
  }),
  ...cases("getRemoteDestinationProfile", { realistic: (c) => axl.getRemoteDestinationProfile(c, { name: "RDP-alice" }) }),
  ...cases("updateRemoteDestinationProfile", {
    realistic: (c) => axl.updateRemoteDestinationProfile(c, { name: "RDP-alice" }, { lines: [line4001] }),
    maximal: (c) => {
      const { name: _n, product: _pr, class: _cl, protocol: _po, protocolSide: _ps, ...rest } = rdpMaximal;
      return axl.updateRemoteDestinationProfile(c, { uuid: UUID }, { ...rest, newName: "RDP-alice2" });
    },
  }),
  ...cases("removeRemoteDestinationProfile", { realistic: (c) => axl.removeRemoteDestinationProfile(c, { name: "RDP-alice" }) }),
  ...cases("listRemoteDestinationProfile", { realistic: (c) => axl.listRemoteDestinationProfiles(c, { name: "RDP-%" }) }),

  ...cases("addRemoteDestination", {
    minimal: (c) => axl.addRemoteDestination(c, { destination: "+4917012345678", ownerUserId: "alice" }),
    realistic: (c) => axl.addRemoteDestination(c, rdRealistic),
    maximal: (c) => axl.addRemoteDestination(c, rdMaximal),
  }),
  ...cases("getRemoteDestination", { realistic: (c) => axl.getRemoteDestination(c, { destination: "+4917012345678" }), maximal: (c) => axl.getRemoteDestination(c, { uuid: UUID }) }),
  ...cases("updateRemoteDestination", {
    realistic: (c) => axl.updateRemoteDestination(c, { destination: "+4917012345678" }, { enableMobileConnect: false }),
    maximal: (c) => {
      const { destination: _d, name: _n, ...rest } = rdMaximal;
      return axl.updateRemoteDestination(c, { uuid: UUID }, { ...rest, newName: "Alice cell", newDestination: "+4917099999999" });
    },
  }),
  ...cases("removeRemoteDestination", { realistic: (c) => axl.removeRemoteDestination(c, { destination: "+4917012345678" }) }),
  ...cases("listRemoteDestination", {
    realistic: (c) => axl.listRemoteDestinations(c, { remoteDestinationProfileName: "RDP-alice" }),
    maximal: (c) => axl.listRemoteDestinations(c, { name: "%", remoteDestinationProfileName: "RDP-%", ctiRemoteDeviceName: "%", dualModeDeviceName: "%" }),
  }),

  // Services
  ...cases("addUcService", {
    minimal: (c) => axl.addUcService(c, { serviceType: "Voicemail", productType: "Unity Connection", name: "Cu1-CUC", hostnameorip: "cuc.cu1.example.com" }),
    maximal: (c) => axl.addUcService(c, { serviceType: "Voicemail", productType: "Unity Connection", name: "Cu1-CUC", hostnameorip: "cuc.cu1.example.com", description: "Cu1 voicemail", port: 443, protocol: "HTTPS" }),
  }),
  ...cases("getUcService", { realistic: (c) => axl.getUcService(c, { name: "Cu1-CUC" }) }),
  ...cases("updateUcService", { maximal: (c) => axl.updateUcService(c, { uuid: UUID }, { newName: "Cu1-CUC-1", description: "d", hostnameorip: "cuc1.cu1.example.com", port: 443, protocol: "HTTPS" }) }),
  ...cases("removeUcService", { realistic: (c) => axl.removeUcService(c, { name: "Cu1-CUC" }) }),
  ...cases("listUcService", { realistic: (c) => axl.listUcServices(c, { name: "Cu1%" }) }),

  ...cases("addServiceProfile", {
    minimal: (c) => axl.addServiceProfile(c, { name: "Cu1-Jabber" }),
    realistic: (c) => axl.addServiceProfile(c, { name: "Cu1-Jabber", serviceProfileInfos: [{ profileName: "Voicemail Profile", primary: "Cu1-CUC" }] }),
    maximal: (c) => axl.addServiceProfile(c, serviceProfileMaximal),
  }),
  ...cases("getServiceProfile", { realistic: (c) => axl.getServiceProfile(c, { name: "Cu1-Jabber" }) }),
  ...cases("updateServiceProfile", {
    maximal: (c) => axl.updateServiceProfile(c, { uuid: UUID }, { newName: "Cu1-Jabber-2", description: "d", isDefault: false, serviceProfileInfos: serviceProfileMaximal.serviceProfileInfos }),
  }),
  ...cases("removeServiceProfile", { realistic: (c) => axl.removeServiceProfile(c, { name: "Cu1-Jabber" }) }),
  ...cases("listServiceProfile", { realistic: (c) => axl.listServiceProfiles(c, { name: "Cu1%" }), maximal: (c) => axl.listServiceProfiles(c, { name: "%", description: "%" }) }),

  ...cases("addIpPhoneServices", {
    minimal: (c) => axl.addIpPhoneService(c, { serviceName: "Cu1-Directory", serviceUrl: "http://apps.example.com/dir" }),
    maximal: (c) => axl.addIpPhoneService(c, ipPhoneServiceMaximal),
  }),
  ...cases("getIpPhoneServices", { realistic: (c) => axl.getIpPhoneService(c, { serviceName: "Cu1-Directory" }) }),
  ...cases("updateIpPhoneServices", {
    realistic: (c) => axl.updateIpPhoneService(c, { serviceName: "Cu1-Directory" }, { serviceUrl: "http://apps2.example.com/dir" }),
    maximal: (c) => {
      const { serviceName: _s, enterpriseSubscription: _e, parameters: _p, ...rest } = ipPhoneServiceMaximal;
      return axl.updateIpPhoneService(c, { uuid: UUID }, { ...rest, newServiceName: "Cu1-Dir", removeParameters: ipPhoneServiceMaximal.parameters, addParameters: ipPhoneServiceMaximal.parameters });
    },
  }),
  ...cases("removeIpPhoneServices", { realistic: (c) => axl.removeIpPhoneService(c, { serviceName: "Cu1-Directory" }) }),
  ...cases("listIpPhoneServices", { realistic: (c) => axl.listIpPhoneServices(c, { serviceName: "Cu1%" }), maximal: (c) => axl.listIpPhoneServices(c, { serviceName: "%", serviceDescription: "%" }) }),

  ...cases("getVoiceMailProfile", { realistic: (c) => axl.getVoiceMailProfile(c, { name: "Cu1-Voicemail" }) }),
  ...cases("listVoiceMailProfile", { realistic: (c) => axl.listVoiceMailProfiles(c, { name: "Cu1%" }) }),
  ...cases("getVoiceMailPilot", { realistic: (c) => axl.getVoiceMailPilot(c, { dirn: "4999", cssName: "Cu1-VM" }), maximal: (c) => axl.getVoiceMailPilot(c, { uuid: UUID }) }),
  ...cases("listVoiceMailPilot", { realistic: (c) => axl.listVoiceMailPilots(c), maximal: (c) => axl.listVoiceMailPilots(c, { dirn: "%", description: "%", cssName: "%" }) }),
];

/**
 * A transport that answers every AXL request with a plain success for its operation (a uuid
 * for writes, an empty object for get, no rows for list) and keeps each request's body.
 */
export class AnsweringTransport {
  readonly bodies: { readonly operation: string; readonly body: string }[] = [];

  readonly send: SendRequest = async (request: PipelineRequest): Promise<PipelineResponse> => {
    const action = request.headers.get("soapaction")?.replace(/^"|"$/g, "") ?? "";
    const [, version = "15.0", operation = "?"] = /^CUCM:DB ver=(\S+) (\w+)$/.exec(action) ?? [];
    this.bodies.push({ operation, body: request.body ?? "" });
    return { status: 200, headers: new Headers({ "content-type": "text/xml;charset=utf-8" }), bodyText: envelope(`<ns:${operation}Response xmlns:ns="http://www.cisco.com/AXL/API/${version}"><return>${returnFor(operation)}</return></ns:${operation}Response>`) };
  };
}

function returnFor(operation: string): string {
  if (operation === "getCCMVersion") return "<componentVersion><version>15.0.1.12900(234)</version></componentVersion>";
  const get = /^get(\w+)$/.exec(operation);
  if (get) return `<${axlObject(get[1]).element} uuid="${UUID}"/>`;
  if (operation.startsWith("list")) return "";
  return UUID;
}
