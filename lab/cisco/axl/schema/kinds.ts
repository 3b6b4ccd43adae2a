// Every kind the simulator serves, in AXL 15.0 element names and schema order (checked against
// Cisco's AXLSoap.xsd 15.0 while writing; the file itself is not shipped). Fields the lab does
// not model are refused by name rather than ignored, so a request the lab cannot honour fails
// loudly. Semantic checks (validate) live in checks.ts.
import { bool, computed, fk, group, int, list, numberRef, text, type FieldSpec, type KindName, type KindSpec } from "./field-spec";
import { DEVICE_PROFILE_PRODUCTS, PHONE_PRODUCTS } from "./products";
import { checkDeviceProfile, checkLine, checkPhone, checkRemoteDestination, checkRemoteDestinationProfile, checkRoutePattern, checkServiceProfile, checkUcService, checkUser, checkCss } from "./checks";
import { renderAssociatedDevices, renderCssClause, renderUserRoles } from "./computed-fields";
import { escapeXml } from "../xml/xml-tree";

const STATUS = ["Off", "On", "Default"] as const;
const UCSERVICE_TYPES = ["Voicemail", "MailStore", "Conferencing", "Directory", "IM and Presence", "CTI", "Video Conference Scheduling Portal", "Jabber Client Configuration (jabber-config.xml)"] as const;
const UCSERVICE_PRODUCTS = ["Unity", "Unity Connection", "Exchange", "MeetingPlace Classic", "MeetingPlace Express", "WebEx (Conferencing)", "Directory", "Unified CM (IM and Presence)", "WebEx (IM and Presence)", "CTI", "Enhanced Directory", "Telepresence Management System", "Jabber"] as const;
const CONNECT_PROTOCOLS = ["HTTP", "HTTPS", "TCP", "TCP + UDP", "UDP", "SSL", "TLS", "SIP", "OWA", "SOAP", "EWS", "XMPP"] as const;
const USER_LOCALES = ["English United States"] as const;
/** The lab models no dial plans or route filters (patterns without @): only empty is accepted. */
const NONE: readonly string[] = [];
const DIGIT_DISCARDS = ["NoDigits", "PreDot", "PreAt", "PreDot Trailing-#", "Trailing-#", "10-10-Dialing", "11/10D->7D", "11/10D->10D", "11D->10D"] as const;

// ---------------------------------------------------------------------------------------------
// shared parts

/** One call forward setting (XCallForwardAll and its siblings). */
function callForward(name: string, extra: readonly FieldSpec[] = []): FieldSpec {
  return group(name, [
    ...(name === "callForwardAlternateParty" ? [] : [bool("forwardToVoiceMail")]),
    fk("callingSearchSpaceName", "css", { onDelete: "clear" }),
    ...(name === "callForwardAll" ? [fk("secondaryCallingSearchSpaceName", "css", { onDelete: "clear" })] : []),
    text("destination", { maxLength: 50 }),
    ...extra,
  ], { notInList: true });
}

/** A line appearance on a device (XPhoneLine), with its own uuid (RPhoneLine @uuid). */
const phoneLine: FieldSpec = group("line", [
  int("index", { required: true, min: 1, max: 200 }),
  text("label", { maxLength: 50 }),
  text("display", { maxLength: 50 }),
  numberRef("dirn", "line", "attribute", { required: true, onDelete: "cascade" }),
  text("ringSetting", { default: "Ring", values: ["Use System Default", "Disable", "Flash Only", "Ring Once", "Ring", "Beep Only"] }),
  text("displayAscii", { maxLength: 50 }),
  text("e164Mask", { maxLength: 255 }),
  text("mwlPolicy", { default: "Use System Policy", values: ["Use System Policy", "Light and Prompt", "Prompt Only", "Light Only", "None"] }),
  int("maxNumCalls", { default: "2", min: 1, max: 200 }),
  int("busyTrigger", { default: "1", min: 1, max: 200 }),
  text("recordingFlag", { default: "Call Recording Disabled", values: ["Call Recording Disabled", "Automatic Call Recording Enabled", "Selective Call Recording Enabled"] }),
  text("audibleMwi", { default: "Default", values: STATUS }),
  text("partitionUsage", { default: "General", values: ["General", "Intercom"] }),
  list("associatedEndusers", group("enduser", [fk("userId", "user", { plain: true, onDelete: "cascade", required: true })])),
  bool("missedCallLogging", { default: "true" }),
  text("recordingMediaSource", { default: "Gateway Preferred", values: ["Gateway Preferred", "Phone Preferred"] }),
], { itemUuid: true });

const deviceLines = (options: { notInList?: true } = {}): FieldSpec => list("lines", phoneLine, { max: 200, ...options });

/** A phone service subscription (XSubscribedService). */
const subscribedServices: FieldSpec = list("services", group("service", [
  fk("telecasterServiceName", "ipPhoneServices", { required: true, onDelete: "cascade" }),
  text("name", { required: true, maxLength: 100 }),
  text("url"),
  int("urlButtonIndex", { default: "0", min: 0, max: 200 }),
  text("urlLabel", { maxLength: 50 }),
  text("serviceNameAscii", { maxLength: 50 }),
], { itemUuid: true }), { notInList: true });

// ---------------------------------------------------------------------------------------------
// dial plan

const routePartition: KindSpec = {
  kind: "routePartition", suffix: "RoutePartition", element: "routePartition", label: "Route Partition",
  key: { kind: "name", field: "name" }, writable: true, searchCriteria: ["name", "description"],
  fields: [
    text("name", { required: true, maxLength: 50 }),
    text("description", { maxLength: 50 }),
    // The lab models no time schedules: only empty is accepted (as aarNeighborhoodName).
    text("timeScheduleIdName", { values: NONE }),
    bool("useOriginatingDeviceTimeZone", { default: "true" }),
    text("timeZone", { default: "Etc/GMT" }),
    text("partitionUsage", { default: "General", fixed: true, values: ["General", "Intercom", "Directory URI"] }),
  ],
};

const css: KindSpec = {
  kind: "css", suffix: "Css", element: "css", label: "Calling Search Space",
  key: { kind: "name", field: "name" }, writable: true, searchCriteria: ["description", "partitionUsage", "name"],
  deltaLists: { removeMembers: { list: "members", mode: "remove" }, addMembers: { list: "members", mode: "add" } },
  fields: [
    text("description", { maxLength: 50 }),
    // CUCM answers the members as one colon-separated string too (clause), in list answers as
    // well; Cisco's RCss and LCss put it right after description.
    computed("clause", renderCssClause),
    // A member without index is refused by the database, as on CUCM (seen with addCss).
    list("members", group("member", [fk("routePartitionName", "routePartition", { required: true }), int("index", { required: true, nullColumn: "callingsearchspacemember.sortorder", min: 1, max: 1000 })], { itemUuid: true }), { notInList: true }),
    text("partitionUsage", { default: "General", fixed: true, values: ["General", "Intercom", "Directory URI"] }),
    text("name", { required: true, maxLength: 50 }),
  ],
  validate: checkCss,
};

/** The fields translation and route patterns share, in schema order up to prefixDigitsOut. */
function patternHead(usage: "Translation" | "Route"): FieldSpec[] {
  return [
    text("pattern", { required: true, maxLength: 255 }),
    text("description", { maxLength: 50 }),
    ...(usage === "Translation" ? [text("usage", { default: "Translation", fixed: true, values: ["Translation"] })] : [computed("usage", () => "Route")]),
    fk("routePartitionName", "routePartition"),
    bool("blockEnable", { default: "false" }),
    text("calledPartyTransformationMask", { maxLength: 50 }),
    text("callingPartyTransformationMask", { maxLength: 50 }),
    text("useCallingPartyPhoneMask", { default: "Default", values: STATUS }),
    text("callingPartyPrefixDigits", { maxLength: 50 }),
    text("dialPlanName", { values: NONE }),
    text("digitDiscardInstructionName", { values: DIGIT_DISCARDS }),
  ];
}

const transPattern: KindSpec = {
  kind: "transPattern", suffix: "TransPattern", element: "transPattern", label: "Translation Pattern",
  key: { kind: "numplan" }, writable: true, searchCriteria: ["pattern", "description", "routePartitionName", "isEmergencyServiceNumber"],
  fields: [
    ...patternHead("Translation"),
    bool("patternUrgency", { default: "false" }),
    text("prefixDigitsOut", { maxLength: 50 }),
    text("routeFilterName", { values: NONE }),
    bool("provideOutsideDialtone", { default: "true" }),
    fk("callingSearchSpaceName", "css"),
    bool("routeNextHopByCgpn", { default: "false" }),
    text("releaseClause", { default: "No Error", values: ["No Error", "Unallocated Number", "Call Rejected", "Number Changed", "Invalid Number Format", "Precedence Level Exceeded"] }),
    bool("useOriginatorCss", { default: "false" }),
    bool("dontWaitForIDTOnSubsequentHops", { default: "false" }),
    bool("isEmergencyServiceNumber", { default: "false" }),
  ],
};

const routePattern: KindSpec = {
  kind: "routePattern", suffix: "RoutePattern", element: "routePattern", label: "Route Pattern",
  key: { kind: "numplan" }, writable: true, searchCriteria: ["pattern", "description", "routePartitionName", "isEmergencyServiceNumber"],
  fields: [
    ...patternHead("Route"),
    text("networkLocation", { default: "OnNet", values: ["OnNet", "OffNet"] }),
    bool("patternUrgency", { default: "false" }),
    text("prefixDigitsOut", { maxLength: 50 }),
    text("routeFilterName", { values: NONE }),
    text("releaseClause", { default: "No Error", values: ["No Error", "Unallocated Number", "Call Rejected", "Number Changed", "Invalid Number Format", "Precedence Level Exceeded"] }),
    bool("provideOutsideDialtone", { default: "true" }),
    group("destination", [fk("gatewayName", ["sipTrunk", "gateway"]), fk("routeListName", "routeList")], { required: true, notInList: true, choice: true }),
    bool("isEmergencyServiceNumber", { default: "false" }),
  ],
  validate: checkRoutePattern,
};

const line: KindSpec = {
  kind: "line", suffix: "Line", element: "line", label: "Line",
  key: { kind: "numplan" }, writable: true, searchCriteria: ["pattern", "description", "usage", "routePartitionName"],
  fields: [
    text("pattern", { required: true, maxLength: 255 }),
    text("description", { maxLength: 200 }),
    text("usage", { default: "Device", fixed: true, values: ["Device"] }),
    fk("routePartitionName", "routePartition"),
    callForward("callForwardAll"),
    callForward("callForwardBusy"),
    callForward("callForwardBusyInt"),
    callForward("callForwardNoAnswer", [int("duration", { min: 1, max: 300 })]),
    callForward("callForwardNoAnswerInt", [int("duration", { min: 1, max: 300 })]),
    callForward("callForwardNoCoverage"),
    callForward("callForwardNoCoverageInt"),
    callForward("callForwardOnFailure"),
    callForward("callForwardAlternateParty", [int("duration", { min: 1, max: 300 })]),
    callForward("callForwardNotRegistered"),
    callForward("callForwardNotRegisteredInt"),
    text("alertingName", { maxLength: 50 }),
    text("asciiAlertingName", { maxLength: 32 }),
    fk("presenceGroupName", "presenceGroup", { default: "Standard Presence group" }),
    fk("shareLineAppearanceCssName", "css"),
    fk("voiceMailProfileName", "voiceMailProfile"),
    group("e164AltNum", [
      text("numMask"),
      bool("isUrgent", { default: "false" }),
      bool("addLocalRoutePartition", { default: "true" }),
      fk("routePartition", "routePartition", { onDelete: "clear" }),
      bool("advertiseGloballyIls", { default: "true" }),
    ]),
    computed("associatedDevices", renderAssociatedDevices, { notInList: true }),
    bool("useE164AltNum", { default: "false", notInList: true }),
    bool("active", { default: "true", notInList: true }),
  ],
  validate: checkLine,
};

// ---------------------------------------------------------------------------------------------
// site

const location: KindSpec = {
  kind: "location", suffix: "Location", element: "location", label: "Location",
  key: { kind: "name", field: "name" }, writable: true, searchCriteria: ["name"],
  fields: [
    text("name", { required: true, maxLength: 50 }),
    int("withinAudioBandwidth", { default: "0", min: 0 }),
    int("withinVideoBandwidth", { default: "0", min: 0 }),
    int("withinImmersiveKbits", { default: "0", min: 0 }),
    list("betweenLocations", group("betweenLocation", [
      fk("locationName", "location", { required: true, onDelete: "cascade" }),
      int("weight", { default: "50", min: 0 }),
      int("audioBandwidth", { default: "0", min: 0 }),
      int("videoBandwidth", { default: "384", min: 0 }),
      int("immersiveBandwidth", { default: "384", min: 0 }),
    ]), { notInList: true }),
  ],
};

const devicePool: KindSpec = {
  kind: "devicePool", suffix: "DevicePool", element: "devicePool", label: "Device Pool",
  key: { kind: "name", field: "name" }, writable: true, searchCriteria: ["name", "callManagerGroupName", "regionName"],
  fields: [
    text("name", { required: true, maxLength: 50 }),
    fk("dateTimeSettingName", "dateTimeGroup", { required: true }),
    fk("callManagerGroupName", "callManagerGroup", { required: true }),
    // The lab models no media resource lists: only empty is accepted.
    text("mediaResourceListName", { values: NONE }),
    fk("regionName", "region", { required: true }),
    fk("srstName", "srst", { default: "Disable" }),
    fk("automatedAlternateRoutingCssName", "css"),
    // Cisco's schema requires it (nillable) and clients send it empty; the lab has no AAR groups.
    text("aarNeighborhoodName", { values: NONE }),
    fk("locationName", "location"),
    fk("mobilityCssName", "css"),
    fk("cgpnTransformationCssName", "css"),
    fk("cdpnTransformationCssName", "css"),
  ],
};

// ---------------------------------------------------------------------------------------------
// devices

const phone: KindSpec = {
  kind: "phone", suffix: "Phone", element: "phone", label: "Phone", ctiid: true, notFoundByName: true,
  key: { kind: "name", field: "name" }, writable: true,
  searchCriteria: ["name", "description", "protocol", "callingSearchSpaceName", "devicePoolName", "securityProfileName"],
  deltaLists: { removeLines: { list: "lines", mode: "remove" }, addLines: { list: "lines", mode: "add" } },
  fields: [
    text("name", { required: true, maxLength: 128 }),
    text("description", { maxLength: 128 }),
    text("product", { required: true, fixed: true, values: PHONE_PRODUCTS }),
    // The model the product is (the lab's products are their own models).
    computed("model", (record) => escapeXml(String(record.product ?? ""))),
    text("class", { required: true, fixed: true, values: ["Phone"] }),
    text("protocol", { required: true, fixed: true, values: ["SIP"] }),
    text("protocolSide", { default: "User", fixed: true, values: ["User"] }),
    fk("callingSearchSpaceName", "css"),
    fk("devicePoolName", "devicePool", { required: true }),
    fk("commonPhoneConfigName", "commonPhoneConfig", { default: "Standard Common Phone Profile" }),
    text("networkLocation", { default: "Use System Default", values: ["Use System Default", "OnNet", "OffNet"] }),
    fk("locationName", "location", { default: "Hub_None" }),
    fk("automatedAlternateRoutingCssName", "css"),
    text("useTrustedRelayPoint", { default: "Default", values: STATUS }),
    fk("securityProfileName", "phoneSecurityProfile"),
    fk("sipProfileName", "sipProfile", { default: "Standard SIP Profile" }),
    deviceLines({ notInList: true }),
    fk("phoneTemplateName", "phoneButtonTemplate"),
    fk("primaryPhoneName", "phone", { onDelete: "clear" }),
    text("userLocale", { values: USER_LOCALES }),
    subscribedServices,
    fk("softkeyTemplateName", "softKeyTemplate"),
    text("loginUserId", { readOnly: true }),
    fk("defaultProfileName", "deviceProfile", { onDelete: "clear" }),
    bool("enableExtensionMobility", { default: "false" }),
    fk("currentProfileName", "deviceProfile", { readOnly: true, onDelete: "clear" }),
    int("loginTime", { readOnly: true }),
    int("loginDuration", { readOnly: true }),
    text("builtInBridgeStatus", { default: "Default", values: STATUS }),
    text("callInfoPrivacyStatus", { default: "Default", values: STATUS }),
    fk("ownerUserName", "user", { onDelete: "clear" }),
    text("packetCaptureMode", { default: "None", values: ["None", "Batch Processing Mode"] }),
    fk("subscribeCallingSearchSpaceName", "css"),
    fk("rerouteCallingSearchSpaceName", "css"),
    text("certificateOperation", { default: "No Pending Operation", values: ["No Pending Operation", "Install/Upgrade", "Delete", "Troubleshoot"] }),
    text("deviceMobilityMode", { default: "Default", values: STATUS }),
    fk("mobilityUserIdName", "user", { onDelete: "clear" }),
  ],
  validate: checkPhone,
};

const deviceProfile: KindSpec = {
  kind: "deviceProfile", suffix: "DeviceProfile", element: "deviceProfile", label: "Device Profile", ctiid: true, notFoundByName: true,
  key: { kind: "name", field: "name" }, writable: true, searchCriteria: ["name", "description"],
  fields: [
    text("name", { required: true, maxLength: 128 }),
    text("description", { maxLength: 128 }),
    text("product", { required: true, fixed: true, values: DEVICE_PROFILE_PRODUCTS }),
    computed("model", (record) => escapeXml(String(record.product ?? ""))),
    text("class", { required: true, fixed: true, values: ["Device Profile"] }),
    text("protocol", { required: true, fixed: true, values: ["SIP"] }),
    text("protocolSide", { default: "User", fixed: true, values: ["User"] }),
    deviceLines({ notInList: true }),
    fk("phoneTemplateName", "phoneButtonTemplate"),
    text("userLocale", { values: USER_LOCALES }),
    // Who is logged in with the profile: nobody in the lab (it simulates no logins).
    text("loginUserId", { readOnly: true }),
    fk("softkeyTemplateName", "softKeyTemplate"),
    text("callInfoPrivacyStatus", { default: "Default", values: STATUS }),
    subscribedServices,
  ],
  validate: checkDeviceProfile,
};

const remoteDestinationProfile: KindSpec = {
  kind: "remoteDestinationProfile", suffix: "RemoteDestinationProfile", element: "remoteDestinationProfile", label: "Remote Destination Profile", ctiid: true, notFoundByName: true,
  key: { kind: "name", field: "name" }, writable: true, searchCriteria: ["name"],
  fields: [
    text("name", { required: true, maxLength: 50 }),
    text("description", { maxLength: 128 }),
    text("product", { default: "Remote Destination Profile", fixed: true, values: ["Remote Destination Profile"] }),
    text("class", { default: "Remote Destination Profile", fixed: true, values: ["Remote Destination Profile"] }),
    text("protocol", { default: "Remote Destination", fixed: true, values: ["Remote Destination"] }),
    text("protocolSide", { default: "User", fixed: true, values: ["User"] }),
    fk("callingSearchSpaceName", "css"),
    fk("devicePoolName", "devicePool", { required: true }),
    deviceLines({ notInList: true }),
    text("callInfoPrivacyStatus", { default: "Default", values: STATUS }),
    fk("userId", "user", { plain: true, required: true }),
    bool("ignorePresentationIndicators", { default: "false" }),
    fk("rerouteCallingSearchSpaceName", "css"),
    text("userLocale", { values: USER_LOCALES }),
    fk("primaryPhoneName", "phone", { onDelete: "clear" }),
    text("dndOption", { default: "Ringer Off", values: ["Ringer Off", "Call Reject", "Use Common Phone Profile Setting"] }),
  ],
  validate: checkRemoteDestinationProfile,
};

const remoteDestination: KindSpec = {
  kind: "remoteDestination", suffix: "RemoteDestination", element: "remoteDestination", label: "Remote Destination",
  key: { kind: "name", field: "destination" }, writable: true, searchCriteria: ["name", "remoteDestinationProfileName", "ctiRemoteDeviceName", "dualModeDeviceName"],
  renamedOnly: ["name"],
  fields: [
    text("name", { maxLength: 50 }),
    text("destination", { required: true, maxLength: 50 }),
    int("answerTooSoonTimer", { default: "1500", min: 0, max: 10000 }),
    int("answerTooLateTimer", { default: "19000", min: 0, max: 300000 }),
    int("delayBeforeRingingCell", { default: "4000", min: 0, max: 30000 }),
    fk("ownerUserId", "user", { required: true, notInList: true }),
    // In the request (X) type only: taken, never answered (RRemoteDestination lacks them).
    bool("enableUnifiedMobility", { default: "true", writeOnly: true }),
    fk("remoteDestinationProfileName", "remoteDestinationProfile"),
    bool("enableExtendAndConnect", { default: "false", writeOnly: true }),
    text("ctiRemoteDeviceName", { values: NONE }),
    fk("dualModeDeviceName", "phone"),
    bool("isMobilePhone", { default: "false" }),
    bool("enableMobileConnect", { default: "true" }),
    list("lineAssociations", numberRef("lineAssociation", "line", "element", { onDelete: "cascade" }), { notInList: true }),
    text("timeZone", { default: "Etc/GMT" }),
    text("singleNumberReachVoicemail", { default: "Use System Default", values: ["Use System Default", "Timer Control", "User Control"] }),
    text("dialViaOfficeReverseVoicemail", { default: "Use System Default", values: ["Use System Default", "Timer Control", "User Control"] }),
  ],
  validate: checkRemoteDestination,
};

// ---------------------------------------------------------------------------------------------
// users

const user: KindSpec = {
  kind: "user", suffix: "User", element: "user", label: "User",
  key: { kind: "name", field: "userid" }, writable: true, searchCriteria: ["firstName", "lastName", "userid", "department", "customerName"],
  fields: [
    text("firstName", { maxLength: 64 }),
    text("displayName", { maxLength: 64, notInList: true }),
    text("middleName", { maxLength: 64 }),
    text("lastName", { required: true, maxLength: 64 }),
    text("userid", { required: true, maxLength: 128 }),
    text("password", { writeOnly: true, notInList: true }),
    text("pin", { writeOnly: true, notInList: true }),
    text("mailid", { maxLength: 255 }),
    text("department", { maxLength: 64 }),
    text("manager", { maxLength: 128 }),
    text("userLocale", { values: USER_LOCALES }),
    list("associatedDevices", fk("device", ["phone", "remoteDestinationProfile"], { plain: true, onDelete: "cascade" }), { notInList: true }),
    numberRef("primaryExtension", "line", "none", { plainScope: true, onDelete: "clear" }),
    list("associatedGroups", group("userGroup", [
      fk("name", "userGroup", { plain: true, required: true }),
      computed("userRoles", renderUserRoles, { ignoredInRequests: true }),
    ]), { notInList: true }),
    bool("enableCti", { default: "true" }),
    list("phoneProfiles", fk("profileName", "deviceProfile", { onDelete: "cascade" }), { notInList: true }),
    fk("defaultProfile", "deviceProfile", { onDelete: "clear", notInList: true }),
    fk("presenceGroupName", "presenceGroup", { default: "Standard Presence group", notInList: true }),
    fk("subscribeCallingSearchSpaceName", "css"),
    bool("enableMobility", { default: "false" }),
    bool("enableMobileVoiceAccess", { default: "false" }),
    int("remoteDestinationLimit", { default: "4", min: 1, max: 10 }),
    // A new user has no policy here (CUCM gives "Default Credential Policy"; the lab leaves it to the caller).
    group("passwordCredentials", [fk("pwdCredPolicyName", "credentialPolicy")], { notInList: true }),
    group("pinCredentials", [fk("pinCredPolicyName", "credentialPolicy")], { notInList: true }),
    computed("status", () => "1"),
    bool("homeCluster", { default: "true" }),
    bool("imAndPresenceEnable", { default: "false" }),
    fk("serviceProfile", "serviceProfile"),
    text("directoryUri", { maxLength: 254 }),
    text("telephoneNumber", { maxLength: 64 }),
    text("title", { maxLength: 64 }),
    text("mobileNumber", { maxLength: 64 }),
    text("homeNumber", { maxLength: 64 }),
    text("pagerNumber", { maxLength: 64 }),
    text("selfService", { maxLength: 50, notInList: true }),
    // Set on users an LDAP sync brought in (the lab has no sync: the seed sets it).
    fk("ldapDirectoryName", "ldapDirectory", { notInList: true }),
    text("userIdentity", { maxLength: 254 }),
    bool("enableUserToHostConferenceNow", { default: "false", notInList: true }),
    text("attendeesAccessCode", { maxLength: 16, notInList: true }),
    fk("customerName", "customer", { since: "12.5" }),
  ],
  validate: checkUser,
};

// ---------------------------------------------------------------------------------------------
// services and voicemail

const ucService: KindSpec = {
  kind: "ucService", suffix: "UcService", element: "ucService", label: "UC Service",
  key: { kind: "name", field: "name" }, writable: true, searchCriteria: ["name"],
  fields: [
    text("serviceType", { required: true, fixed: true, values: UCSERVICE_TYPES }),
    text("productType", { required: true, fixed: true, values: UCSERVICE_PRODUCTS }),
    text("name", { required: true, maxLength: 50 }),
    text("description", { maxLength: 128 }),
    text("hostnameorip", { required: true, maxLength: 255 }),
    int("port", { min: 0, max: 65535 }),
    text("protocol", { values: CONNECT_PROTOCOLS }),
  ],
  validate: checkUcService,
};

const serviceProfile: KindSpec = {
  kind: "serviceProfile", suffix: "ServiceProfile", element: "serviceProfile", label: "Service Profile",
  key: { kind: "name", field: "name" }, writable: true, searchCriteria: ["name", "description"],
  fields: [
    text("name", { required: true, maxLength: 50 }),
    text("description", { maxLength: 128 }),
    bool("isDefault", { default: "false" }),
    list("serviceProfileInfos", group("serviceProfileInfo", [
      text("profileName", { required: true }),
      fk("primary", "ucService", { plain: true }),
      fk("secondary", "ucService", { plain: true }),
      fk("tertiary", "ucService", { plain: true }),
      text("serverCertificateVerification", { values: ["Any Certificate", "Self-signed or Keystore", "Keystore Only"] }),
    ]), { max: 7, notInList: true }),
  ],
  validate: checkServiceProfile,
};

const ipPhoneServices: KindSpec = {
  kind: "ipPhoneServices", suffix: "IpPhoneServices", element: "ipPhoneServices", label: "IP Phone Service",
  key: { kind: "name", field: "serviceName" }, writable: true, searchCriteria: ["serviceName", "serviceDescription"],
  fields: [
    text("serviceName", { required: true, maxLength: 128 }),
    text("asciiServiceName", { maxLength: 128 }),
    text("serviceDescription", { maxLength: 128 }),
    text("serviceUrl", { required: true }),
    text("secureServiceUrl"),
    text("serviceCategory", { default: "XML Service", values: ["XML Service", "Java MIDlet", "Web Widget", "Web Link", "Android APK"] }),
    text("serviceType", { default: "Standard IP Phone Service", values: ["Standard IP Phone Service", "Directories", "Messages"] }),
    text("serviceVendor"),
    text("serviceVersion"),
    bool("enabled", { default: "true" }),
    bool("enterpriseSubscription", { default: "false", fixed: true }),
  ],
};

const voiceMailPilot: KindSpec = {
  kind: "voiceMailPilot", suffix: "VoiceMailPilot", element: "voiceMailPilot", label: "Voice Mail Pilot",
  key: { kind: "pilot" }, writable: true, searchCriteria: ["dirn", "description", "cssName"],
  fields: [
    text("dirn", { required: true, maxLength: 255 }),
    text("description", { maxLength: 50 }),
    fk("cssName", "css"),
    bool("isDefault", { default: "false" }),
  ],
};

const voiceMailProfile: KindSpec = {
  kind: "voiceMailProfile", suffix: "VoiceMailProfile", element: "voiceMailProfile", label: "Voice Mail Profile",
  key: { kind: "name", field: "name" }, writable: true, searchCriteria: ["name"],
  fields: [
    text("name", { required: true, maxLength: 50 }),
    text("description", { maxLength: 50 }),
    bool("isDefault", { default: "false" }),
    text("voiceMailboxMask"),
    numberRef("voiceMailPilot", "voiceMailPilot", "attribute", { notInList: true }),
  ],
};

const customer: KindSpec = {
  kind: "customer", suffix: "Customer", element: "customer", label: "Customer", since: "12.5",
  key: { kind: "name", field: "name" }, writable: true, searchCriteria: ["name"],
  fields: [text("name", { required: true, maxLength: 50 })],
};

// ---------------------------------------------------------------------------------------------
// seeded kinds the managed objects refer to (get and list only over AXL; POST /seed adds them)

function referenced(kind: KindName, suffix: string, label: string, fields: readonly FieldSpec[], keyField = "name"): KindSpec {
  return {
    kind, suffix, element: suffix.charAt(0).toLowerCase() + suffix.slice(1), label,
    key: { kind: "name", field: keyField }, writable: false,
    searchCriteria: fields.filter((field) => field.kind === "text").map((field) => field.name),
    fields,
  };
}

const nameOnly = [text("name", { required: true, maxLength: 100 })];
const nameAndDescription = [text("name", { required: true, maxLength: 100 }), text("description", { maxLength: 128 })];

const referencedKinds: readonly KindSpec[] = [
  referenced("callManagerGroup", "CallManagerGroup", "Unified CM Group", nameOnly),
  referenced("dateTimeGroup", "DateTimeGroup", "Date/Time Group", [text("name", { required: true, maxLength: 50 }), text("timeZone", { default: "Europe/London" })]),
  // Cisco's LRegion returns defaultCodec; search is by name only.
  { ...referenced("region", "Region", "Region", [text("name", { required: true, maxLength: 50 }), text("defaultCodec")]), searchCriteria: ["name"] },
  referenced("srst", "Srst", "SRST Reference", [text("name", { required: true, maxLength: 50 }), text("ipAddress")]),
  referenced("phoneButtonTemplate", "PhoneButtonTemplate", "Phone Button Template", nameOnly),
  referenced("softKeyTemplate", "SoftKeyTemplate", "Softkey Template", nameAndDescription),
  referenced("sipProfile", "SipProfile", "SIP Profile", nameAndDescription),
  // Cisco's order: phoneType protocol name description deviceSecurityMode (LPhoneSecurityProfile returns them); search by name and description.
  {
    ...referenced("phoneSecurityProfile", "PhoneSecurityProfile", "Phone Security Profile", [
      text("phoneType"),
      text("protocol", { values: ["SIP", "SCCP"] }),
      ...nameAndDescription,
      text("deviceSecurityMode", { values: ["Use System Default", "Non Secure", "Authenticated", "Encrypted"] }),
    ]),
    searchCriteria: ["name", "description"],
  },
  // Cisco's ListCommonPhoneConfigReq searches by name only.
  { ...referenced("commonPhoneConfig", "CommonPhoneConfig", "Common Phone Profile", nameAndDescription), searchCriteria: ["name"] },
  referenced("presenceGroup", "PresenceGroup", "Presence Group", nameAndDescription),
  // Cisco's RUserGroup answers each role as userRole/roleName; LUserGroup has the name only.
  referenced("userGroup", "UserGroup", "Access Control Group", [list("userRoles", group("userRole", [text("roleName", { required: true, maxLength: 128 })]), { notInList: true }), text("name", { required: true, maxLength: 128 })]),
  referenced("gateway", "Gateway", "Gateway", [text("domainName", { required: true, maxLength: 128 }), text("description", { maxLength: 128 }), text("product"), text("protocol")], "domainName"),
  referenced("sipTrunk", "SipTrunk", "SIP Trunk", [text("name", { required: true, maxLength: 128 }), text("description", { maxLength: 128 })]),
  referenced("routeList", "RouteList", "Route List", nameAndDescription),
  referenced("credentialPolicy", "CredentialPolicy", "Credential Policy", nameOnly),
  referenced("ldapDirectory", "LdapDirectory", "LDAP Directory", nameOnly),
];

export const KIND_SPECS: readonly KindSpec[] = [
  routePartition, css, transPattern, routePattern, line, location, devicePool, phone, deviceProfile,
  remoteDestinationProfile, remoteDestination, user, ucService, serviceProfile, ipPhoneServices,
  voiceMailPilot, voiceMailProfile, customer, ...referencedKinds,
];

const BY_KIND = new Map(KIND_SPECS.map((spec) => [spec.kind, spec]));
const BY_SUFFIX = new Map(KIND_SPECS.map((spec) => [spec.suffix, spec]));

export function kindSpec(kind: KindName): KindSpec {
  const spec = BY_KIND.get(kind);
  if (!spec) throw new Error(`no AXL kind ${kind}`);
  return spec;
}

/** The kind of an operation suffix: "Phone" for addPhone. */
export function kindBySuffix(suffix: string): KindSpec | undefined {
  return BY_SUFFIX.get(suffix);
}

export function isKindName(value: string): value is KindName {
  return BY_KIND.has(value as KindName);
}
