// The one source of truth for ucflow's AXL WSDL and XSD (reference cucm-axl.md §4): the
// operations ucflow sends and, for each, the elements it sets, with Cisco's element names in
// Cisco's order (node-soap serializes children in schema order, and CUCM's schema is a strict
// sequence). Types are lax on purpose: every element is optional text, so the schema never
// rejects what CUCM accepts; tests/unit/backends/axl/schema-cross-check.test.ts validates
// every request against Cisco's own AXLSoap.xsd for each version. render.ts turns this into
// schema/<version>/AXLAPI.wsdl and AXLSoap.xsd.
//
// Field lists are space-separated, in Cisco's order:
//   name        text (xsd:string)
//   name@       a foreign key (Cisco's XFkType: the referenced name, optional uuid attribute)
//   name:Type   a complex type of TYPES below
//   suffix *    repeated (maxOccurs unbounded)
// A choice in Cisco's schema (name | uuid) is flattened into its members, in Cisco's order;
// the operations send one branch.

/** AXL schema versions ucflow speaks (reference §1.1: CUCM 12.5, 14 and 15 accept these). */
export const AXL_SCHEMA_VERSIONS = ["12.5", "14.0", "15.0"] as const;
export type AxlSchemaVersion = (typeof AXL_SCHEMA_VERSIONS)[number];

export type AxlVerb = "add" | "get" | "update" | "remove" | "list";

export interface ComplexType {
  /** Child elements, in Cisco's order. */
  readonly fields: string;
  /** Attributes (all optional text), e.g. uuid on objects CUCM returns. */
  readonly attributes?: readonly string[];
}

export interface AxlObject {
  /** The operation suffix: "Phone" in addPhone. */
  readonly name: string;
  /** The object's element: `addPhone/phone`, `getPhoneResponse/return/phone`, `listPhoneResponse/return/phone`. */
  readonly element: string;
  readonly verbs: readonly AxlVerb[];
  /** The object's type in add requests and get responses (a key of TYPES). */
  readonly type?: string;
  /** The key of get and remove requests. */
  readonly key: string;
  /** The key of update requests, where Cisco orders it differently. @default - key */
  readonly updateKey?: string;
  /** The elements of update requests after the key. */
  readonly update?: string;
  /** `searchCriteria` of list requests. */
  readonly searchCriteria: string;
  /**
   * The list type: `returnedTags` of list requests and the rows of list responses (Cisco's
   * L<Name>). No booleans: Cisco's XSD types them `boolean` (t|f|true|false|0|1), so the empty
   * element that asks AXL to return a tag does not validate; ucflow reads booleans with get.
   */
  readonly listFields: string;
  /** Attributes of returned objects. */
  readonly attributes: readonly string[];
}

/** A request that is not add/get/update/remove/list of an object. */
export interface AxlAction {
  readonly name: string;
  readonly request: string;
  /** Elements of `<name>Response/return`; absent: `return` is text (Cisco's StandardResponse). */
  readonly returns?: string;
}

const FORWARD_FIELDS = "forwardToVoiceMail callingSearchSpaceName@ secondaryCallingSearchSpaceName@ destination duration";

export const TYPES: Readonly<Record<string, ComplexType>> = {
  // Dial plan
  XRoutePartition: { fields: "name description timeScheduleIdName@ useOriginatingDeviceTimeZone timeZone partitionUsage", attributes: ["uuid"] },
  XCss: { fields: "description members:XCssMembers partitionUsage name", attributes: ["uuid"] },
  XCssMembers: { fields: "member:XCssMember*" },
  XCssMember: { fields: "routePartitionName@ index", attributes: ["uuid"] },
  XTransPattern: {
    fields:
      "pattern description usage routePartitionName@ blockEnable calledPartyTransformationMask callingPartyTransformationMask useCallingPartyPhoneMask " +
      "callingPartyPrefixDigits dialPlanName@ digitDiscardInstructionName@ patternUrgency prefixDigitsOut routeFilterName@ provideOutsideDialtone " +
      "callingSearchSpaceName@ routeNextHopByCgpn releaseClause useOriginatorCss dontWaitForIDTOnSubsequentHops isEmergencyServiceNumber",
    attributes: ["uuid"],
  },
  XRoutePattern: {
    fields:
      "pattern description routePartitionName@ blockEnable calledPartyTransformationMask callingPartyTransformationMask useCallingPartyPhoneMask " +
      "callingPartyPrefixDigits dialPlanName@ digitDiscardInstructionName@ networkLocation patternUrgency prefixDigitsOut routeFilterName@ " +
      "releaseClause provideOutsideDialtone destination:XRoutePatternDestination isEmergencyServiceNumber",
    attributes: ["uuid"],
  },
  XRoutePatternDestination: { fields: "gatewayName@ routeListName@" },

  // Sites
  XDevicePool: {
    fields:
      "name dateTimeSettingName@ callManagerGroupName@ mediaResourceListName@ regionName@ networkLocale srstName@ automatedAlternateRoutingCssName@ " +
      "aarNeighborhoodName@ locationName@ mobilityCssName@ physicalLocationName@ deviceMobilityGroupName@ cgpnTransformationCssName@ " +
      "cdpnTransformationCssName@ localRouteGroup:XLocalRouteGroup*",
    attributes: ["uuid"],
  },
  XLocalRouteGroup: { fields: "name value" },
  XLocation: {
    fields: "name relatedLocations:XRelatedLocations withinAudioBandwidth withinVideoBandwidth withinImmersiveKbits betweenLocations:XBetweenLocations",
    attributes: ["uuid"],
  },
  XRelatedLocations: { fields: "relatedLocation:XRelatedLocation*" },
  XRelatedLocation: { fields: "locationName@ rsvpSetting" },
  XBetweenLocations: { fields: "betweenLocation:XBetweenLocation*" },
  XBetweenLocation: { fields: "locationName@ weight audioBandwidth videoBandwidth immersiveBandwidth" },

  // Devices
  XPhone: {
    fields:
      "name description product class protocol protocolSide callingSearchSpaceName@ devicePoolName@ commonPhoneConfigName@ locationName@ " +
      "mediaResourceListName@ automatedAlternateRoutingCssName@ aarNeighborhoodName@ useTrustedRelayPoint securityProfileName@ sipProfileName@ " +
      "lines:XPhoneLines phoneTemplateName@ primaryPhoneName@ userLocale networkLocale services:XSubscribedServices softkeyTemplateName@ " +
      "defaultProfileName@ enableExtensionMobility builtInBridgeStatus ownerUserName@ packetCaptureMode subscribeCallingSearchSpaceName@ " +
      "rerouteCallingSearchSpaceName@ allowCtiControlFlag presenceGroupName@ certificateOperation deviceMobilityMode mobilityUserIdName@",
    attributes: ["uuid", "ctiid"],
  },
  XPhoneLines: { fields: "line:XPhoneLine* lineIdentifier:XNumplanIdentifier*" },
  XPhoneLine: {
    fields: "index label display dirn:XDirn ringSetting displayAscii e164Mask maxNumCalls busyTrigger associatedEndusers:XAssociatedEndusers",
    attributes: ["uuid", "ctiid"],
  },
  XDirn: { fields: "pattern routePartitionName@", attributes: ["uuid"] },
  XNumplanIdentifier: { fields: "directoryNumber routePartitionName" },
  XAssociatedEndusers: { fields: "enduser:XEnduserMember*" },
  XEnduserMember: { fields: "userId" },
  XSubscribedServices: { fields: "service:XSubscribedService*" },
  XSubscribedService: { fields: "telecasterServiceName@ name url urlButtonIndex urlLabel serviceNameAscii", attributes: ["uuid"] },
  XLine: {
    fields:
      "pattern description usage routePartitionName@ callForwardAll:XCallForward callForwardBusy:XCallForward callForwardBusyInt:XCallForward " +
      "callForwardNoAnswer:XCallForward callForwardNoAnswerInt:XCallForward callForwardNoCoverage:XCallForward callForwardNoCoverageInt:XCallForward " +
      "callForwardOnFailure:XCallForward callForwardNotRegistered:XCallForward callForwardNotRegisteredInt:XCallForward callPickupGroupName@ " +
      "alertingName asciiAlertingName presenceGroupName@ shareLineAppearanceCssName@ voiceMailProfileName@ directoryURIs:XDirectoryUris " +
      "enterpriseAltNum:XAlternateNumber e164AltNum:XAlternateNumber active",
    attributes: ["uuid"],
  },
  // One type for every callForward* element: each of Cisco's has these in this order, some without
  // secondaryCallingSearchSpaceName (only callForwardAll has it) or duration (the no-answer ones).
  XCallForward: { fields: FORWARD_FIELDS },
  XDirectoryUris: { fields: "directoryUri:XDirectoryUri*" },
  XDirectoryUri: { fields: "isPrimary uri partition@ advertiseGloballyViaIls" },
  XAlternateNumber: { fields: "numMask isUrgent addLocalRoutePartition routePartition@ advertiseGloballyIls" },
  XDeviceProfile: {
    fields: "name description product class protocol protocolSide lines:XPhoneLines phoneTemplateName@ userLocale loginUserId@ softkeyTemplateName@ services:XSubscribedServices",
    attributes: ["uuid", "ctiid"],
  },

  // Users
  XUser: {
    fields:
      "firstName displayName middleName lastName userid password pin mailid department manager userLocale associatedDevices:XAssociatedDevices " +
      "primaryExtension:XPrimaryExtension associatedGroups:XAssociatedGroups enableCti phoneProfiles:XPhoneProfiles defaultProfile@ presenceGroupName@ " +
      "subscribeCallingSearchSpaceName@ enableMobility enableMobileVoiceAccess maxDeskPickupWaitTime remoteDestinationLimit passwordCredentials:XUserPasswordCredentials " +
      "pinCredentials:XUserPinCredentials homeCluster " +
      "imAndPresenceEnable serviceProfile@ directoryUri telephoneNumber title mobileNumber homeNumber pagerNumber selfService userProfile@ " +
      "calendarPresence ldapDirectoryName@ userIdentity convertUserAccount@ enableUserToHostConferenceNow attendeesAccessCode customerName@",
    attributes: ["uuid"],
  },
  XAssociatedDevices: { fields: "device*" },
  XPrimaryExtension: { fields: "pattern routePartitionName" },
  XAssociatedGroups: { fields: "userGroup:XUserGroupMembership*" },
  XUserGroupMembership: { fields: "name userRoles:XUserRoles" },
  XUserRoles: { fields: "userRole*" },
  XPhoneProfiles: { fields: "profileName@*" },
  // Credential policies of the password and the PIN ("Not Applicable for Add" in Cisco's schema: ucflow sets them with updateUser).
  XUserPasswordCredentials: { fields: "pwdCredPolicyName@" },
  XUserPinCredentials: { fields: "pinCredPolicyName@" },

  // Mobility
  XRemoteDestinationProfile: {
    fields:
      "name description product class protocol protocolSide callingSearchSpaceName@ devicePoolName@ lines:XPhoneLines callInfoPrivacyStatus userId " +
      "rerouteCallingSearchSpaceName@ userLocale networkLocale primaryPhoneName@",
    attributes: ["uuid", "ctiid"],
  },
  XRemoteDestination: {
    fields:
      "name destination answerTooSoonTimer answerTooLateTimer delayBeforeRingingCell ownerUserId@ enableUnifiedMobility remoteDestinationProfileName@ " +
      "enableExtendAndConnect ctiRemoteDeviceName@ dualModeDeviceName@ isMobilePhone enableMobileConnect lineAssociations:XLineAssociations " +
      "timeZone todAccessName@",
    attributes: ["uuid"],
  },
  XLineAssociations: { fields: "lineAssociation:XLineAssociation*" },
  XLineAssociation: { fields: "uuid pattern routePartitionName@" },

  // Services
  XUcService: { fields: "serviceType productType name description hostnameorip port protocol", attributes: ["uuid"] },
  XServiceProfile: { fields: "name description isDefault serviceProfileInfos:XServiceProfileInfos", attributes: ["uuid"] },
  XServiceProfileInfos: { fields: "serviceProfileInfo:XServiceProfileInfo* jabberClientConfigurationProfileInfo:XJabberClientConfiguration" },
  XServiceProfileInfo: { fields: "profileName primary secondary tertiary serverCertificateVerification" },
  XJabberClientConfiguration: { fields: "common desktop mobile" },
  XIpPhoneServices: {
    fields: "serviceName asciiServiceName serviceDescription serviceUrl secureServiceUrl serviceCategory serviceType serviceVendor serviceVersion enabled enterpriseSubscription parameters:XIpPhoneServiceParameters",
    attributes: ["uuid"],
  },
  XIpPhoneServiceParameters: { fields: "parameter:XIpPhoneServiceParameter*" },
  XIpPhoneServiceParameter: { fields: "name displayName default description paramRequired paramPassword" },
  XVoiceMailProfile: { fields: "name description isDefault voiceMailboxMask voiceMailPilot:XVoiceMailPilotKey", attributes: ["uuid"] },
  XVoiceMailPilotKey: { fields: "dirn cssName@", attributes: ["uuid"] },
  XVoiceMailPilot: { fields: "dirn description cssName@ isDefault", attributes: ["uuid"] },

  // Reference objects ucflow reads only (their get responses carry more; these are what ucflow uses).
  XCallManagerGroup: { fields: "name tftpDefault", attributes: ["uuid"] },
  XDateTimeGroup: { fields: "name timeZone separator dateformat timeFormat", attributes: ["uuid"] },
  XRegion: { fields: "name defaultCodec", attributes: ["uuid"] },
  XPhoneButtonTemplate: { fields: "name isUserModifiable", attributes: ["uuid"] },
  XSipProfile: { fields: "name description", attributes: ["uuid"] },
  XPhoneSecurityProfile: { fields: "phoneType protocol name description deviceSecurityMode", attributes: ["uuid"] },
  XCommonPhoneConfig: { fields: "name description", attributes: ["uuid"] },
  XPresenceGroup: { fields: "name description", attributes: ["uuid"] },
  XUserGroup: { fields: "name", attributes: ["uuid"] },
  XSrst: { fields: "name port ipAddress", attributes: ["uuid"] },
  // Where route patterns send calls (destination/routeListName, destination/gatewayName).
  XRouteList: { fields: "name description", attributes: ["uuid"] },
  XSipTrunk: { fields: "name description", attributes: ["uuid"] },
  XGateway: { fields: "domainName description product protocol", attributes: ["uuid"] },
  XCredentialPolicy: { fields: "name", attributes: ["uuid"] },

  // getCCMVersion
  XComponentVersion: { fields: "version" },
};

const NAME_OR_UUID = "name uuid";

export const OBJECTS: readonly AxlObject[] = [
  // Dial plan
  {
    name: "RoutePartition",
    element: "routePartition",
    verbs: ["add", "get", "update", "remove", "list"],
    type: "XRoutePartition",
    key: NAME_OR_UUID,
    update: "newName description timeScheduleIdName@ useOriginatingDeviceTimeZone timeZone",
    searchCriteria: "name description",
    listFields: "name description timeScheduleIdName@ timeZone partitionUsage",
    attributes: ["uuid"],
  },
  {
    name: "Css",
    element: "css",
    verbs: ["add", "get", "update", "remove", "list"],
    type: "XCss",
    key: NAME_OR_UUID,
    update: "description removeMembers:XCssMembers addMembers:XCssMembers members:XCssMembers newName",
    searchCriteria: "description partitionUsage name",
    listFields: "description clause partitionUsage name",
    attributes: ["uuid"],
  },
  {
    name: "TransPattern",
    element: "transPattern",
    verbs: ["add", "get", "update", "remove", "list"],
    type: "XTransPattern",
    key: "uuid pattern routePartitionName@ dialPlanName@ routeFilterName@",
    update:
      "newPattern description newRoutePartitionName@ blockEnable calledPartyTransformationMask callingPartyTransformationMask useCallingPartyPhoneMask " +
      "callingPartyPrefixDigits newDialPlanName@ digitDiscardInstructionName@ patternUrgency prefixDigitsOut newRouteFilterName@ provideOutsideDialtone " +
      "callingSearchSpaceName@ routeNextHopByCgpn releaseClause useOriginatorCss dontWaitForIDTOnSubsequentHops isEmergencyServiceNumber",
    searchCriteria: "pattern description routePartitionName isEmergencyServiceNumber",
    listFields: "pattern description usage routePartitionName@ calledPartyTransformationMask prefixDigitsOut callingSearchSpaceName@",
    attributes: ["uuid"],
  },
  {
    name: "RoutePattern",
    element: "routePattern",
    verbs: ["add", "get", "update", "remove", "list"],
    type: "XRoutePattern",
    key: "uuid pattern routePartitionName@ dialPlanName@ routeFilterName@",
    update:
      "newPattern description newRoutePartitionName@ blockEnable calledPartyTransformationMask callingPartyTransformationMask useCallingPartyPhoneMask " +
      "callingPartyPrefixDigits newDialPlanName@ digitDiscardInstructionName@ networkLocation patternUrgency prefixDigitsOut newRouteFilterName@ " +
      "releaseClause provideOutsideDialtone destination:XRoutePatternDestination isEmergencyServiceNumber",
    searchCriteria: "pattern description routePartitionName isEmergencyServiceNumber",
    listFields: "pattern description usage routePartitionName@ calledPartyTransformationMask networkLocation prefixDigitsOut",
    attributes: ["uuid"],
  },
  { name: "RouteList", element: "routeList", verbs: ["get", "list"], type: "XRouteList", key: NAME_OR_UUID, searchCriteria: "name description", listFields: "name description", attributes: ["uuid"] },
  { name: "SipTrunk", element: "sipTrunk", verbs: ["get", "list"], type: "XSipTrunk", key: NAME_OR_UUID, searchCriteria: "name description", listFields: "name description", attributes: ["uuid"] },
  // A gateway's key is its domain name (MGCP) or device name, which CUCM keeps in domainName.
  {
    name: "Gateway",
    element: "gateway",
    verbs: ["get", "list"],
    type: "XGateway",
    key: "domainName uuid",
    searchCriteria: "domainName description product protocol",
    listFields: "domainName description product protocol",
    attributes: ["uuid"],
  },

  // Sites
  {
    name: "DevicePool",
    element: "devicePool",
    verbs: ["add", "get", "update", "remove", "list"],
    type: "XDevicePool",
    key: NAME_OR_UUID,
    update:
      "newName dateTimeSettingName@ callManagerGroupName@ mediaResourceListName@ regionName@ networkLocale srstName@ automatedAlternateRoutingCssName@ " +
      "aarNeighborhoodName@ locationName@ mobilityCssName@ physicalLocationName@ deviceMobilityGroupName@ cgpnTransformationCssName@ " +
      "cdpnTransformationCssName@ localRouteGroup:XLocalRouteGroup*",
    searchCriteria: "name callManagerGroupName regionName",
    listFields: "name dateTimeSettingName@ callManagerGroupName@ mediaResourceListName@ regionName@ srstName@ locationName@",
    attributes: ["uuid"],
  },
  {
    name: "Location",
    element: "location",
    verbs: ["add", "get", "update", "remove", "list"],
    type: "XLocation",
    key: NAME_OR_UUID,
    update: "newName relatedLocations:XRelatedLocations withinAudioBandwidth withinVideoBandwidth withinImmersiveKbits betweenLocations:XBetweenLocations",
    searchCriteria: "name",
    listFields: "name withinAudioBandwidth withinVideoBandwidth withinImmersiveKbits",
    attributes: ["uuid"],
  },
  { name: "CallManagerGroup", element: "callManagerGroup", verbs: ["get", "list"], type: "XCallManagerGroup", key: NAME_OR_UUID, searchCriteria: "name", listFields: "name", attributes: ["uuid"] },
  { name: "DateTimeGroup", element: "dateTimeGroup", verbs: ["get", "list"], type: "XDateTimeGroup", key: NAME_OR_UUID, searchCriteria: "name timeZone", listFields: "name timeZone", attributes: ["uuid"] },
  { name: "Region", element: "region", verbs: ["get", "list"], type: "XRegion", key: NAME_OR_UUID, searchCriteria: "name", listFields: "name defaultCodec", attributes: ["uuid"] },
  { name: "Srst", element: "srst", verbs: ["get", "list"], type: "XSrst", key: NAME_OR_UUID, searchCriteria: "name ipAddress", listFields: "name ipAddress", attributes: ["uuid"] },

  // Devices
  {
    name: "Phone",
    element: "phone",
    verbs: ["add", "get", "update", "remove", "list"],
    type: "XPhone",
    key: NAME_OR_UUID,
    update:
      "newName description callingSearchSpaceName@ devicePoolName@ commonPhoneConfigName@ locationName@ mediaResourceListName@ " +
      "automatedAlternateRoutingCssName@ aarNeighborhoodName@ useTrustedRelayPoint securityProfileName@ sipProfileName@ removeLines:XPhoneLines " +
      "addLines:XPhoneLines lines:XPhoneLines phoneTemplateName@ primaryPhoneName@ userLocale networkLocale services:XSubscribedServices " +
      "softkeyTemplateName@ defaultProfileName@ enableExtensionMobility builtInBridgeStatus ownerUserName@ packetCaptureMode " +
      "subscribeCallingSearchSpaceName@ rerouteCallingSearchSpaceName@ allowCtiControlFlag presenceGroupName@ certificateOperation " +
      "deviceMobilityMode mobilityUserIdName@",
    searchCriteria: "name description protocol callingSearchSpaceName devicePoolName securityProfileName",
    listFields: "name description product model class protocol protocolSide callingSearchSpaceName@ devicePoolName@ locationName@ ownerUserName@",
    attributes: ["uuid", "ctiid"],
  },
  {
    name: "Line",
    element: "line",
    verbs: ["add", "get", "update", "remove", "list"],
    type: "XLine",
    key: "uuid pattern routePartitionName@",
    update:
      "newPattern description newRoutePartitionName@ callForwardAll:XCallForward callForwardBusy:XCallForward callForwardBusyInt:XCallForward " +
      "callForwardNoAnswer:XCallForward callForwardNoAnswerInt:XCallForward callForwardNoCoverage:XCallForward callForwardNoCoverageInt:XCallForward " +
      "callForwardOnFailure:XCallForward callForwardNotRegistered:XCallForward callForwardNotRegisteredInt:XCallForward callPickupGroupName@ " +
      "alertingName asciiAlertingName presenceGroupName@ shareLineAppearanceCssName@ voiceMailProfileName@ directoryURIs:XDirectoryUris " +
      "enterpriseAltNum:XAlternateNumber e164AltNum:XAlternateNumber active",
    searchCriteria: "pattern description usage routePartitionName",
    listFields: "pattern description usage routePartitionName@ alertingName shareLineAppearanceCssName@ voiceMailProfileName@",
    attributes: ["uuid"],
  },
  {
    name: "DeviceProfile",
    element: "deviceProfile",
    verbs: ["add", "get", "update", "remove", "list"],
    type: "XDeviceProfile",
    key: NAME_OR_UUID,
    update: "newName description lines:XPhoneLines phoneTemplateName@ userLocale loginUserId@ softkeyTemplateName@ services:XSubscribedServices",
    searchCriteria: "name description",
    listFields: "name description product protocol phoneTemplateName@ loginUserId@",
    attributes: ["uuid", "ctiid"],
  },
  // Cisco's "phone template" of a phone (phoneTemplateName) is a phone button template.
  { name: "PhoneButtonTemplate", element: "phoneButtonTemplate", verbs: ["get", "list"], type: "XPhoneButtonTemplate", key: NAME_OR_UUID, searchCriteria: "name", listFields: "name", attributes: ["uuid"] },
  { name: "SipProfile", element: "sipProfile", verbs: ["get", "list"], type: "XSipProfile", key: NAME_OR_UUID, searchCriteria: "name description", listFields: "name description", attributes: ["uuid"] },
  {
    name: "PhoneSecurityProfile",
    element: "phoneSecurityProfile",
    verbs: ["get", "list"],
    type: "XPhoneSecurityProfile",
    key: NAME_OR_UUID,
    searchCriteria: "name description",
    listFields: "phoneType protocol name description deviceSecurityMode",
    attributes: ["uuid"],
  },
  { name: "CommonPhoneConfig", element: "commonPhoneConfig", verbs: ["get", "list"], type: "XCommonPhoneConfig", key: NAME_OR_UUID, searchCriteria: "name", listFields: "name description", attributes: ["uuid"] },

  // Users
  {
    name: "User",
    element: "user",
    verbs: ["add", "get", "update", "remove", "list"],
    type: "XUser",
    key: "userid uuid",
    updateKey: "uuid userid",
    update:
      "firstName displayName middleName lastName newUserid password pin mailid department manager userLocale associatedDevices:XAssociatedDevices " +
      "primaryExtension:XPrimaryExtension associatedGroups:XAssociatedGroups enableCti phoneProfiles:XPhoneProfiles defaultProfile@ presenceGroupName@ " +
      "subscribeCallingSearchSpaceName@ enableMobility enableMobileVoiceAccess maxDeskPickupWaitTime remoteDestinationLimit passwordCredentials:XUserPasswordCredentials " +
      "pinCredentials:XUserPinCredentials homeCluster " +
      "imAndPresenceEnable serviceProfile@ directoryUri telephoneNumber title mobileNumber homeNumber pagerNumber selfService userProfile@ " +
      "calendarPresence ldapDirectoryName@ userIdentity convertUserAccount@ enableUserToHostConferenceNow attendeesAccessCode customerName@",
    searchCriteria: "firstName lastName userid department customerName",
    // Cisco's LUser: the primary extension and the person's attributes, so one listUser reads a
    // cluster's users (readCucmCluster, readCucmEndUsers); no displayName (getUser only).
    listFields:
      "firstName middleName lastName userid mailid department manager primaryExtension:XPrimaryExtension serviceProfile@ directoryUri " +
      "telephoneNumber title mobileNumber homeNumber pagerNumber userIdentity",
    attributes: ["uuid"],
  },
  { name: "PresenceGroup", element: "presenceGroup", verbs: ["get", "list"], type: "XPresenceGroup", key: NAME_OR_UUID, searchCriteria: "name description", listFields: "name description", attributes: ["uuid"] },
  { name: "UserGroup", element: "userGroup", verbs: ["get", "list"], type: "XUserGroup", key: NAME_OR_UUID, searchCriteria: "name", listFields: "name", attributes: ["uuid"] },

  // Mobility
  {
    name: "RemoteDestinationProfile",
    element: "remoteDestinationProfile",
    verbs: ["add", "get", "update", "remove", "list"],
    type: "XRemoteDestinationProfile",
    key: NAME_OR_UUID,
    update: "newName description callingSearchSpaceName@ devicePoolName@ lines:XPhoneLines callInfoPrivacyStatus userId rerouteCallingSearchSpaceName@ userLocale networkLocale primaryPhoneName@",
    searchCriteria: "name",
    listFields: "name description callingSearchSpaceName@ devicePoolName@ userId primaryPhoneName@",
    attributes: ["uuid", "ctiid"],
  },
  {
    name: "RemoteDestination",
    element: "remoteDestination",
    verbs: ["add", "get", "update", "remove", "list"],
    type: "XRemoteDestination",
    key: "destination uuid",
    updateKey: "uuid destination",
    update:
      "newName newDestination answerTooSoonTimer answerTooLateTimer delayBeforeRingingCell ownerUserId@ enableUnifiedMobility remoteDestinationProfileName@ " +
      "enableExtendAndConnect ctiRemoteDeviceName@ dualModeDeviceName@ isMobilePhone enableMobileConnect lineAssociations:XLineAssociations timeZone todAccessName@",
    searchCriteria: "name remoteDestinationProfileName ctiRemoteDeviceName dualModeDeviceName",
    listFields: "name destination remoteDestinationProfileName@ ctiRemoteDeviceName@ dualModeDeviceName@",
    attributes: ["uuid"],
  },

  // Services
  {
    name: "UcService",
    element: "ucService",
    verbs: ["add", "get", "update", "remove", "list"],
    type: "XUcService",
    key: NAME_OR_UUID,
    update: "newName description hostnameorip port protocol",
    searchCriteria: "name",
    listFields: "serviceType productType name description hostnameorip port protocol",
    attributes: ["uuid"],
  },
  {
    name: "ServiceProfile",
    element: "serviceProfile",
    verbs: ["add", "get", "update", "remove", "list"],
    type: "XServiceProfile",
    key: NAME_OR_UUID,
    update: "newName description isDefault serviceProfileInfos:XServiceProfileInfos",
    searchCriteria: "name description",
    listFields: "name description",
    attributes: ["uuid"],
  },
  {
    name: "IpPhoneServices",
    element: "ipPhoneServices",
    verbs: ["add", "get", "update", "remove", "list"],
    type: "XIpPhoneServices",
    key: "serviceName uuid",
    updateKey: "uuid serviceName",
    update:
      "newServiceName asciiServiceName serviceDescription serviceUrl secureServiceUrl serviceCategory serviceType serviceVendor serviceVersion enabled " +
      "removeParameters:XIpPhoneServiceParameters addParameters:XIpPhoneServiceParameters parameters:XIpPhoneServiceParameters",
    searchCriteria: "serviceName serviceDescription",
    listFields: "serviceName asciiServiceName serviceDescription serviceUrl secureServiceUrl serviceCategory serviceType serviceVendor serviceVersion",
    attributes: ["uuid"],
  },
  // What route patterns and device pools name, read for the catalogue of a cluster (readCucmCluster).
  { name: "CredentialPolicy", element: "credentialPolicy", verbs: ["get", "list"], type: "XCredentialPolicy", key: NAME_OR_UUID, searchCriteria: "name", listFields: "name", attributes: ["uuid"] },
  { name: "VoiceMailProfile", element: "voiceMailProfile", verbs: ["get", "list"], type: "XVoiceMailProfile", key: NAME_OR_UUID, searchCriteria: "name", listFields: "name description voiceMailboxMask", attributes: ["uuid"] },
  {
    name: "VoiceMailPilot",
    element: "voiceMailPilot",
    verbs: ["get", "list"],
    type: "XVoiceMailPilot",
    key: "uuid dirn cssName@",
    searchCriteria: "dirn description cssName",
    listFields: "dirn description cssName@",
    attributes: ["uuid"],
  },
];

export const ACTIONS: readonly AxlAction[] = [
  { name: "getCCMVersion", request: "processNodeName", returns: "componentVersion:XComponentVersion" },
  // isHardReset true is a reset, false a restart; deviceResetType is the newer choice with the same meaning.
  { name: "doDeviceReset", request: "deviceName@ isHardReset deviceResetType" },
  { name: "resetPhone", request: NAME_OR_UUID },
  { name: "applyPhone", request: NAME_OR_UUID },
  { name: "doLdapSync", request: "name uuid sync" },
];

/** One element of a field list. */
export interface Field {
  readonly name: string;
  readonly kind: "text" | "foreignKey" | "complex";
  /** For complex fields: a key of TYPES. */
  readonly type?: string;
  readonly repeated: boolean;
}

const FIELD = /^([A-Za-z][A-Za-z0-9]*)(@|:([A-Z][A-Za-z0-9]*))?(\*)?$/;

/** Parses a field list; throws on a malformed entry or an unknown type, so a typo fails every test. */
export function parseFields(list: string): readonly Field[] {
  const fields = list
    .split(/\s+/)
    .filter((entry) => entry !== "")
    .map((entry) => {
      const match = FIELD.exec(entry);
      if (!match) throw new Error(`AXL schema description: malformed field ${JSON.stringify(entry)}`);
      const [, name, marker, type, star] = match;
      if (type !== undefined && TYPES[type] === undefined) throw new Error(`AXL schema description: unknown type ${type} in ${JSON.stringify(entry)}`);
      const field: Field = { name, kind: marker === "@" ? "foreignKey" : type !== undefined ? "complex" : "text", repeated: star === "*", ...(type ? { type } : {}) };
      return field;
    });
  const names = fields.map((f) => f.name);
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0) throw new Error(`AXL schema description: ${repeated.join(", ")} listed twice in ${JSON.stringify(list)}`);
  return fields;
}

/** The names of a field list, in order. */
export function fieldNames(list: string): readonly string[] {
  return parseFields(list).map((f) => f.name);
}

/** Every operation name the description covers, e.g. "addPhone", "getCCMVersion". */
export function operationNames(): readonly string[] {
  return [...OBJECTS.flatMap((o) => o.verbs.map((verb) => `${verb}${o.name}`)), ...ACTIONS.map((a) => a.name)];
}

export function axlObject(name: string): AxlObject {
  const found = OBJECTS.find((o) => o.name === name);
  if (!found) throw new Error(`AXL schema description has no object ${name}`);
  return found;
}
