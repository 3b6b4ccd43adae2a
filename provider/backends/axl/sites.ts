// Site objects: device pools and locations, and the reference objects a device pool points at
// (CallManager groups, date/time groups, regions), which ucflow reads but does not manage.
import { type CodecOf } from "./codec";
import { byNameOrUuid, type Identified, type NameOrUuid, objectOperations, referenceOperations } from "./operations";

// --- device pools --------------------------------------------------------------------

export interface LocalRouteGroupBinding {
  /** The local route group name, e.g. "Standard Local Route Group". */
  readonly name: string;
  /** The route group it means in this device pool. */
  readonly value: string;
}

export interface DevicePool {
  readonly name: string;
  readonly dateTimeSettingName: string;
  readonly callManagerGroupName: string;
  readonly regionName: string;
  /** @default "Disable" (CUCM's default SRST reference) */
  readonly srstName?: string;
  readonly mediaResourceListName?: string;
  readonly networkLocale?: string;
  readonly automatedAlternateRoutingCssName?: string;
  /** @default "" (none) */
  readonly aarNeighborhoodName?: string;
  readonly locationName?: string;
  readonly mobilityCssName?: string;
  readonly physicalLocationName?: string;
  readonly deviceMobilityGroupName?: string;
  readonly cgpnTransformationCssName?: string;
  readonly cdpnTransformationCssName?: string;
  readonly localRouteGroup?: readonly LocalRouteGroupBinding[];
}

export type DevicePoolRecord = Partial<DevicePool> & { readonly name: string } & Identified;

export interface DevicePoolChanges extends Partial<Omit<DevicePool, "name">> {
  readonly newName?: string;
}

export interface DevicePoolSearch {
  readonly name?: string;
  readonly callManagerGroupName?: string;
  readonly regionName?: string;
}

const devicePoolCodec: CodecOf<DevicePoolRecord & DevicePoolChanges> = {
  uuid: "text",
  name: "text",
  newName: "text",
  dateTimeSettingName: "fk",
  callManagerGroupName: "fk",
  mediaResourceListName: "fk",
  regionName: "fk",
  networkLocale: "text",
  srstName: "fk",
  automatedAlternateRoutingCssName: "fk",
  aarNeighborhoodName: "fk",
  locationName: "fk",
  mobilityCssName: "fk",
  physicalLocationName: "fk",
  deviceMobilityGroupName: "fk",
  cgpnTransformationCssName: "fk",
  cdpnTransformationCssName: "fk",
  localRouteGroup: { repeated: "XLocalRouteGroup", codec: { name: "text", value: "text" } },
};

const devicePools = objectOperations<NameOrUuid, DevicePool, DevicePoolRecord, DevicePoolChanges, DevicePoolSearch>({
  object: "DevicePool",
  noun: "device pool",
  plural: "device pools",
  codec: devicePoolCodec,
  key: byNameOrUuid,
  label: (pool) => pool.name,
  forAdd: (pool) => ({ ...pool, srstName: pool.srstName ?? "Disable", aarNeighborhoodName: pool.aarNeighborhoodName ?? "" }),
});
export const addDevicePool = devicePools.add;
export const getDevicePool = devicePools.get;
export const updateDevicePool = devicePools.update;
export const removeDevicePool = devicePools.remove;
export const listDevicePools = devicePools.list;

// --- locations -----------------------------------------------------------------------

export interface BetweenLocation {
  readonly locationName: string;
  /** @default 50 */
  readonly weight?: number;
  /** kbit/s; 0 is unlimited. @default 0 */
  readonly audioBandwidth?: number;
  /** @default 384 */
  readonly videoBandwidth?: number;
  /** @default 384 */
  readonly immersiveBandwidth?: number;
}

export interface RelatedLocation {
  readonly locationName: string;
  /** "Use System Default", "No Reservation", "Optional", "Mandatory", "Mandatory (Video Desired)". */
  readonly rsvpSetting: string;
}

export interface Location {
  readonly name: string;
  /** kbit/s within the location; 0 is unlimited. @default 0 */
  readonly withinAudioBandwidth?: number;
  /** @default 0 */
  readonly withinVideoBandwidth?: number;
  /** @default 0 */
  readonly withinImmersiveKbits?: number;
  /** Links to other locations. @default - one link to Hub_None, weight 50, audio unlimited, video and immersive 384 */
  readonly betweenLocations?: readonly BetweenLocation[];
  readonly relatedLocations?: readonly RelatedLocation[];
}

export interface LocationRecord extends Location, Identified {}

export interface LocationChanges extends Partial<Omit<Location, "name">> {
  readonly newName?: string;
}

/** CUCM Administration's link for a new location (reference §2.3). */
export const DEFAULT_BETWEEN_LOCATION: Required<BetweenLocation> = { locationName: "Hub_None", weight: 50, audioBandwidth: 0, videoBandwidth: 384, immersiveBandwidth: 384 };

const betweenCodec: CodecOf<BetweenLocation> = { locationName: "fk", weight: "integer", audioBandwidth: "integer", videoBandwidth: "integer", immersiveBandwidth: "integer" };
const locationCodec: CodecOf<LocationRecord & LocationChanges> = {
  uuid: "text",
  name: "text",
  newName: "text",
  relatedLocations: { list: "relatedLocation", type: "XRelatedLocation", of: { locationName: "fk", rsvpSetting: "text" } },
  withinAudioBandwidth: "integer",
  withinVideoBandwidth: "integer",
  withinImmersiveKbits: "integer",
  betweenLocations: { list: "betweenLocation", type: "XBetweenLocation", of: betweenCodec },
};

function withBetweenDefaults(links: readonly BetweenLocation[]): BetweenLocation[] {
  return links.map((link) => ({ ...DEFAULT_BETWEEN_LOCATION, ...link }));
}

const locations = objectOperations<NameOrUuid, Location, LocationRecord, LocationChanges, { readonly name?: string }>({
  object: "Location",
  noun: "location",
  plural: "locations",
  codec: locationCodec,
  key: byNameOrUuid,
  label: (location) => location.name,
  forAdd: (location) => ({
    ...location,
    withinAudioBandwidth: location.withinAudioBandwidth ?? 0,
    withinVideoBandwidth: location.withinVideoBandwidth ?? 0,
    withinImmersiveKbits: location.withinImmersiveKbits ?? 0,
    betweenLocations: withBetweenDefaults(location.betweenLocations ?? [DEFAULT_BETWEEN_LOCATION]),
  }),
  forUpdate: (changes) => (changes.betweenLocations === undefined ? { ...changes } : { ...changes, betweenLocations: withBetweenDefaults(changes.betweenLocations) }),
});
export const addLocation = locations.add;
export const getLocation = locations.get;
export const updateLocation = locations.update;
export const removeLocation = locations.remove;
export const listLocations = locations.list;

// --- reference objects a device pool names --------------------------------------------

export interface CallManagerGroupRecord extends Identified {
  readonly name: string;
  readonly tftpDefault?: boolean;
}

export interface DateTimeGroupRecord extends Identified {
  readonly name: string;
  readonly timeZone?: string;
  readonly separator?: string;
  readonly dateformat?: string;
  readonly timeFormat?: string;
}

export interface RegionRecord extends Identified {
  readonly name: string;
  readonly defaultCodec?: string;
}

const callManagerGroupCodec: CodecOf<CallManagerGroupRecord> = { uuid: "text", name: "text", tftpDefault: "boolean" };
const dateTimeGroupCodec: CodecOf<DateTimeGroupRecord> = { uuid: "text", name: "text", timeZone: "text", separator: "text", dateformat: "text", timeFormat: "text" };
const regionCodec: CodecOf<RegionRecord> = { uuid: "text", name: "text", defaultCodec: "text" };

const callManagerGroups = referenceOperations<NameOrUuid, CallManagerGroupRecord, { readonly name?: string }>({
  object: "CallManagerGroup",
  noun: "CallManager group",
  plural: "CallManager groups",
  codec: callManagerGroupCodec,
  key: byNameOrUuid,
});
export const getCallManagerGroup = callManagerGroups.get;
export const listCallManagerGroups = callManagerGroups.list;

const dateTimeGroups = referenceOperations<NameOrUuid, DateTimeGroupRecord, { readonly name?: string; readonly timeZone?: string }>({
  object: "DateTimeGroup",
  noun: "date/time group",
  plural: "date/time groups",
  codec: dateTimeGroupCodec,
  key: byNameOrUuid,
});
export const getDateTimeGroup = dateTimeGroups.get;
export const listDateTimeGroups = dateTimeGroups.list;

const regions = referenceOperations<NameOrUuid, RegionRecord, { readonly name?: string }>({ object: "Region", noun: "region", plural: "regions", codec: regionCodec, key: byNameOrUuid });
export const getRegion = regions.get;
export const listRegions = regions.list;

export interface SrstRecord extends Identified {
  readonly name: string;
  readonly port?: string;
  readonly ipAddress?: string;
}

const srsts = referenceOperations<NameOrUuid, SrstRecord, { readonly name?: string; readonly ipAddress?: string }>({
  object: "Srst",
  noun: "SRST reference",
  plural: "SRST references",
  codec: { uuid: "text", name: "text", port: "text", ipAddress: "text" } satisfies CodecOf<SrstRecord>,
  key: byNameOrUuid,
});
export const getSrst = srsts.get;
export const listSrsts = srsts.list;
