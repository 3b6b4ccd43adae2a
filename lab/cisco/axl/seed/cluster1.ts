// The seeded cluster "Cluster1" (CUCM 15.0.1.12900-1): the system objects provisioning refers
// to, one customer's site (Contoso, Chicago: Cu1 / Cu1Si1, as the reference's site naming) with
// a small dial plan, voicemail, extension mobility and UC services, and existing users, lines and
// phones that provisioning must not collide with. Deterministic: the same uuids every time.
// Built through the seed path, so it obeys every rule a provisioned object does.
import { LAB_AXL_APPLICATION_USERS } from "../fixtures";
import type { ClusterIndex } from "../model/cluster-index";
import type { AxlClusterState } from "../model/cluster-state";
import { defaultAxlSettings } from "../model/settings";
import { deterministicUuids } from "../model/uuids";
import { DEFAULT_SCHEMA_VERSIONS, type SchemaVersion } from "../protocol/schema-versions";
import { PRODUCT_TEMPLATES, PRODUCTS } from "../schema/products";
import { applyAxlSeed } from "./apply-seed";

export const CLUSTER1 = {
  name: "Cluster1",
  version: "15.0.1.12900-1",
  devicePool: "Cu1Si1-DevicePool",
  location: "Cu1Si1-Location",
  linePartition: "Cu1-DirNum-PT",
  internalCss: "Cu1-Internal-CSS",
  nationalCss: "Cu1-National-CSS",
  voiceMailProfile: "Cu1-VM-Profile",
  extensionMobilityService: "Extension Mobility",
  serviceProfile: "Cu1-ServiceProfile",
  /** Lines 4000-4009 exist in Cu1-DirNum-PT. */
  existingLines: Array.from({ length: 10 }, (_, i) => String(4000 + i)),
} as const;

/** What the seed holds for the Fabrikam example (a customer ucflow has not provisioned yet). */
export const FABRIKAM = {
  routeList: "Fabrikam-PSTN-RL",
  voiceMailPilot: "8200",
  voiceMailProfile: "Fabrikam-VM",
  serviceProfile: "Fabrikam-Jabber",
} as const;

/** A cluster with no objects yet. */
export function emptyCluster(name: string, version: string, schemaVersions: readonly SchemaVersion[] = DEFAULT_SCHEMA_VERSIONS): AxlClusterState {
  return {
    kind: "axl",
    cluster: { name, version, schemaVersions: [...schemaVersions] },
    applicationUsers: LAB_AXL_APPLICATION_USERS.map((user) => ({ ...user, roles: [...user.roles] })),
    settings: defaultAxlSettings(),
    objects: {},
    nextCtiid: 1,
    deviceEvents: [],
  };
}

const named = (kind: string, names: readonly string[], extra: Record<string, unknown> = {}): Record<string, unknown>[] => names.map((name) => ({ kind, name, ...extra }));
/** An access control group's roles as Cisco's RUserGroup holds them: userRole{roleName}. */
const roles = (...names: string[]): { roleName: string }[] => names.map((roleName) => ({ roleName }));

const line = (pattern: string, description: string, alertingName?: string): Record<string, unknown> => ({
  kind: "line",
  pattern,
  description,
  routePartitionName: CLUSTER1.linePartition,
  ...(alertingName ? { alertingName, asciiAlertingName: alertingName } : {}),
  voiceMailProfileName: CLUSTER1.voiceMailProfile,
  shareLineAppearanceCssName: CLUSTER1.nationalCss,
  callForwardBusy: { forwardToVoiceMail: true, callingSearchSpaceName: CLUSTER1.internalCss },
  callForwardNoAnswer: { forwardToVoiceMail: true, callingSearchSpaceName: CLUSTER1.internalCss, duration: 12 },
});

const appearance = (pattern: string, display: string, owner?: string): Record<string, unknown> => ({
  index: 1,
  label: `${display} - ${pattern}`,
  display,
  dirn: { pattern, routePartitionName: CLUSTER1.linePartition },
  e164Mask: "+1312555XXXX",
  maxNumCalls: 4,
  busyTrigger: 2,
  ...(owner ? { associatedEndusers: [{ userId: owner }] } : {}),
});

const deskPhone = (name: string, product: string, description: string, owner: string | undefined, lines: Record<string, unknown>[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  kind: "phone",
  name,
  description,
  product,
  class: "Phone",
  protocol: "SIP",
  protocolSide: "User",
  devicePoolName: CLUSTER1.devicePool,
  locationName: CLUSTER1.location,
  callingSearchSpaceName: CLUSTER1.internalCss,
  lines,
  ...(owner ? { ownerUserName: owner } : {}),
  ...extra,
});

const endUser = (userid: string, firstName: string, lastName: string, department: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  kind: "user",
  userid,
  firstName,
  lastName,
  displayName: `${firstName} ${lastName}`,
  mailid: `${userid}@contoso.com`,
  department,
  userLocale: "English United States",
  associatedGroups: [{ name: "Standard CCM End Users" }],
  ...extra,
});

/** The seed document of Cluster1 (the same shape POST /seed takes). */
export function cluster1SeedData(): Record<string, unknown> {
  return {
    objects: [
      // System objects every cluster has, and the referenced kinds provisioning names.
      ...named("callManagerGroup", ["Default"]),
      { kind: "dateTimeGroup", name: "CMLocal", timeZone: "Etc/GMT" },
      { kind: "dateTimeGroup", name: "Cu1-Chicago-DTG", timeZone: "America/Chicago" },
      ...named("region", ["Default", "Cu1Si1-Region"]),
      ...named("srst", ["Disable", "Use Default Gateway"]),
      ...named("phoneButtonTemplate", PRODUCT_TEMPLATES),
      ...named("softKeyTemplate", ["Standard User", "Standard Feature"]),
      ...named("sipProfile", ["Standard SIP Profile", "Standard SIP Profile For Mobile Device"]),
      ...PRODUCTS.map((product) => ({ kind: "phoneSecurityProfile", name: product.defaultSecurityProfile, phoneType: product.product, protocol: "SIP", deviceSecurityMode: "Non Secure" })),
      ...named("commonPhoneConfig", ["Standard Common Phone Profile"]),
      ...named("presenceGroup", ["Standard Presence group"]),
      { kind: "userGroup", name: "Standard CCM End Users", userRoles: roles("Standard CCM End Users", "Standard CCMUSER Administration") },
      { kind: "userGroup", name: "Standard CTI Enabled", userRoles: roles("Standard CTI Enabled") },
      { kind: "userGroup", name: "Standard CTI Allow Control of Phones supporting Connected Xfer and conf", userRoles: roles("Standard CTI Allow Control of Phones supporting Connected Xfer and conf") },
      // More of the standard groups Cisco ships that end users are put in (CTI for Jabber desk
      // phone control and attendant tools), each with its like-named role (the roles are the lab's guess).
      ...[
        "Standard CTI Allow Control of All Devices",
        "Standard CTI Allow Control of Phones supporting Rollover Mode",
        "Standard CTI Allow Call Monitoring",
        "Standard CTI Allow Call Park Monitoring",
        "Standard CTI Allow Call Recording",
        "Standard CTI Allow Calling Number Modification",
        "Standard CTI Secure Connection",
      ].map((name) => ({ kind: "userGroup", name, userRoles: roles(name) })),
      { kind: "userGroup", name: "Standard CCM Admin Users", userRoles: roles("Standard CCM Admin Users") },
      { kind: "userGroup", name: "Standard AXL API Access", userRoles: roles("Standard AXL API Access") },
      { kind: "customer", name: "Contoso" },
      { kind: "gateway", domainName: "10.10.1.1", description: "Chicago PSTN gateway", product: "Cisco ISR 4331", protocol: "H.225" },
      { kind: "sipTrunk", name: "Cu1-PSTN-SBC", description: "SIP trunk to the PSTN SBC" },
      { kind: "routeList", name: "Cu1-PSTN-RL", description: "PSTN route list" },
      // A second customer's infrastructure, which the Fabrikam example (examples/cucm-customer) names.
      { kind: "routeList", name: FABRIKAM.routeList, description: "Fabrikam PSTN route list" },
      // Locations and device pools.
      ...named("location", ["Hub_None", "Phantom", "Shadow"]),
      { kind: "location", name: CLUSTER1.location, withinAudioBandwidth: 0, withinVideoBandwidth: 0, withinImmersiveKbits: 0, betweenLocations: [{ locationName: "Hub_None", weight: 50, audioBandwidth: 0 }] },
      { kind: "devicePool", name: "Default", dateTimeSettingName: "CMLocal", callManagerGroupName: "Default", regionName: "Default", srstName: "Disable", locationName: "Hub_None" },
      // The customer's dial plan fragment.
      { kind: "routePartition", name: CLUSTER1.linePartition, description: "Contoso directory numbers" },
      { kind: "routePartition", name: "Cu1-Translation-PT", description: "Contoso translations" },
      { kind: "routePartition", name: "Cu1-PSTN-PT", description: "Contoso PSTN access" },
      { kind: "css", name: CLUSTER1.internalCss, description: "Contoso internal only", members: [{ routePartitionName: CLUSTER1.linePartition, index: 1 }, { routePartitionName: "Cu1-Translation-PT", index: 2 }] },
      { kind: "css", name: CLUSTER1.nationalCss, description: "Contoso national", members: [{ routePartitionName: CLUSTER1.linePartition, index: 1 }, { routePartitionName: "Cu1-Translation-PT", index: 2 }, { routePartitionName: "Cu1-PSTN-PT", index: 3 }] },
      { kind: "devicePool", name: CLUSTER1.devicePool, dateTimeSettingName: "Cu1-Chicago-DTG", callManagerGroupName: "Default", regionName: "Cu1Si1-Region", srstName: "Disable", locationName: CLUSTER1.location, automatedAlternateRoutingCssName: CLUSTER1.nationalCss },
      { kind: "transPattern", pattern: "0", description: "Operator", routePartitionName: "Cu1-Translation-PT", calledPartyTransformationMask: "4000", callingSearchSpaceName: CLUSTER1.internalCss },
      { kind: "transPattern", pattern: "\\+131255540XX", description: "Chicago DIDs to extensions", routePartitionName: "Cu1-Translation-PT", calledPartyTransformationMask: "40XX", callingSearchSpaceName: CLUSTER1.internalCss },
      { kind: "routePattern", pattern: "9.1[2-9]XX[2-9]XXXXXX", description: "US national", routePartitionName: "Cu1-PSTN-PT", digitDiscardInstructionName: "PreDot", networkLocation: "OffNet", destination: { routeListName: "Cu1-PSTN-RL" } },
      { kind: "routePattern", pattern: "\\+!", description: "E.164", routePartitionName: "Cu1-PSTN-PT", networkLocation: "OffNet", destination: { routeListName: "Cu1-PSTN-RL" } },
      { kind: "routePattern", pattern: "911", description: "Emergency", routePartitionName: "Cu1-PSTN-PT", networkLocation: "OffNet", isEmergencyServiceNumber: true, destination: { gatewayName: "10.10.1.1" } },
      // Voicemail, extension mobility, UC services.
      { kind: "voiceMailPilot", dirn: "8000", description: "Contoso Unity Connection", cssName: CLUSTER1.internalCss, isDefault: false },
      { kind: "voiceMailProfile", name: "NoVoiceMail", description: "Default Profile", isDefault: true },
      { kind: "voiceMailProfile", name: CLUSTER1.voiceMailProfile, description: "Contoso voicemail", voiceMailPilot: { dirn: "8000", cssName: CLUSTER1.internalCss } },
      { kind: "voiceMailPilot", dirn: FABRIKAM.voiceMailPilot, description: "Fabrikam Unity Connection", cssName: CLUSTER1.internalCss, isDefault: false },
      { kind: "voiceMailProfile", name: FABRIKAM.voiceMailProfile, description: "Fabrikam voicemail", voiceMailPilot: { dirn: FABRIKAM.voiceMailPilot, cssName: CLUSTER1.internalCss } },
      { kind: "ipPhoneServices", serviceName: CLUSTER1.extensionMobilityService, asciiServiceName: CLUSTER1.extensionMobilityService, serviceDescription: "Extension Mobility login and logout", serviceUrl: "http://cucm1.contoso.com:8080/emapp/EMAppServlet?device=#DEVICENAME#&EMCC=#EMCC#", serviceCategory: "XML Service", serviceType: "Standard IP Phone Service", enabled: true },
      { kind: "ucService", serviceType: "Voicemail", productType: "Unity Connection", name: "Cu1-Voicemail", description: "Contoso voicemail", hostnameorip: "cuc1.contoso.com", port: 443, protocol: "HTTPS" },
      { kind: "ucService", serviceType: "IM and Presence", productType: "Unified CM (IM and Presence)", name: "Cu1-IMP", description: "Contoso IM and Presence", hostnameorip: "imp1.contoso.com" },
      { kind: "ucService", serviceType: "CTI", productType: "CTI", name: "Cu1-CTI", description: "Contoso CTI", hostnameorip: "cucm1.contoso.com" },
      {
        kind: "serviceProfile", name: CLUSTER1.serviceProfile, description: "Contoso Jabber", isDefault: true,
        serviceProfileInfos: [{ profileName: "Voicemail Profile", primary: "Cu1-Voicemail" }, { profileName: "IM and Presence Profile", primary: "Cu1-IMP" }, { profileName: "CTI Profile", primary: "Cu1-CTI" }],
      },
      {
        kind: "serviceProfile", name: FABRIKAM.serviceProfile, description: "Fabrikam Jabber", isDefault: false,
        serviceProfileInfos: [{ profileName: "Voicemail Profile", primary: "Cu1-Voicemail" }, { profileName: "IM and Presence Profile", primary: "Cu1-IMP" }, { profileName: "CTI Profile", primary: "Cu1-CTI" }],
      },
      // Existing people, numbers and devices.
      endUser("jsmith", "John", "Smith", "Sales", { telephoneNumber: "+13125554000" }),
      endUser("mgarcia", "Maria", "Garcia", "Engineering", {
        telephoneNumber: "+13125554001",
        associatedGroups: [{ name: "Standard CCM End Users" }, { name: "Standard CTI Enabled" }],
        homeCluster: true, imAndPresenceEnable: true, serviceProfile: CLUSTER1.serviceProfile, directoryUri: "mgarcia@contoso.com",
      }),
      endUser("akim", "Alex", "Kim", "Support", { telephoneNumber: "+13125554002", enableMobility: true, mobileNumber: "+13125550142" }),
      endUser("lchen", "Li", "Chen", "Finance"),
      endUser("tnguyen", "Tran", "Nguyen", "Operations", { telephoneNumber: "+13125554003" }),
      line("4000", "John Smith", "John Smith"),
      line("4001", "Maria Garcia", "Maria Garcia"),
      line("4002", "Alex Kim", "Alex Kim"),
      line("4003", "Tran Nguyen", "Tran Nguyen"),
      ...["4004", "4005", "4006", "4007"].map((pattern) => line(pattern, "Unassigned")),
      line("4008", "Reserved: front desk"),
      line("4009", "Lobby hot desk", "Lobby"),
      deskPhone("SEP00AABB000001", "Cisco 8845", "John Smith - 8845", "jsmith", [appearance("4000", "John Smith", "jsmith")]),
      deskPhone("SEP00AABB000002", "Cisco 8865", "Maria Garcia - 8865", "mgarcia", [appearance("4001", "Maria Garcia", "mgarcia")]),
      deskPhone("CSFMGARCIA", "Cisco Unified Client Services Framework", "Maria Garcia - Jabber", "mgarcia", [appearance("4001", "Maria Garcia", "mgarcia")]),
      deskPhone("SEP00AABB000003", "Cisco 7841", "Tran Nguyen - 7841", "tnguyen", [appearance("4003", "Tran Nguyen", "tnguyen")]),
      deskPhone("SEP00AABB000010", "Cisco 7841", "Lobby hot desk", undefined, [appearance("4009", "Lobby")], {
        enableExtensionMobility: true,
        services: [{ telecasterServiceName: CLUSTER1.extensionMobilityService, name: CLUSTER1.extensionMobilityService }],
      }),
      {
        kind: "deviceProfile", name: "akim-UDP", description: "Alex Kim - extension mobility", product: "Cisco 8845", class: "Device Profile", protocol: "SIP", protocolSide: "User",
        lines: [appearance("4002", "Alex Kim", "akim")],
        services: [{ telecasterServiceName: CLUSTER1.extensionMobilityService, name: CLUSTER1.extensionMobilityService }],
      },
      {
        kind: "remoteDestinationProfile", name: "akim-RDP", description: "Alex Kim - single number reach", devicePoolName: CLUSTER1.devicePool, callingSearchSpaceName: CLUSTER1.nationalCss,
        userId: "akim", lines: [appearance("4002", "Alex Kim", "akim")],
      },
      { kind: "remoteDestination", name: "Alex Kim mobile", destination: "+13125550142", ownerUserId: "akim", remoteDestinationProfileName: "akim-RDP", isMobilePhone: true, enableMobileConnect: true, lineAssociations: [{ pattern: "4002", routePartitionName: CLUSTER1.linePartition }] },
      // Last, so the uuids above stay as they were.
      ...named("credentialPolicy", ["Default Credential Policy"]),
    ],
    // A user's devices, primary extension and profiles refer to devices made after the user.
    updates: [
      { kind: "user", userid: "jsmith", associatedDevices: ["SEP00AABB000001"], primaryExtension: { pattern: "4000", routePartitionName: CLUSTER1.linePartition } },
      { kind: "user", userid: "mgarcia", associatedDevices: ["SEP00AABB000002", "CSFMGARCIA"], primaryExtension: { pattern: "4001", routePartitionName: CLUSTER1.linePartition } },
      { kind: "user", userid: "akim", associatedDevices: ["akim-RDP"], primaryExtension: { pattern: "4002", routePartitionName: CLUSTER1.linePartition }, phoneProfiles: ["akim-UDP"], defaultProfile: "akim-UDP" },
      { kind: "user", userid: "tnguyen", associatedDevices: ["SEP00AABB000003"], primaryExtension: { pattern: "4003", routePartitionName: CLUSTER1.linePartition } },
    ],
  };
}

/** A fresh Cluster1 with its index. */
export function seedCluster1(indexFor: (state: AxlClusterState) => ClusterIndex): AxlClusterState {
  const state = emptyCluster(CLUSTER1.name, CLUSTER1.version);
  applyAxlSeed(state, indexFor(state), cluster1SeedData(), deterministicUuids(CLUSTER1.name), () => Date.parse("2025-01-15T09:00:00Z"));
  return state;
}
