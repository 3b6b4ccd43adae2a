// Site objects: device pools and locations, and the reference objects a device pool points at
// (CallManager groups, date/time groups, regions), which ucflow reads but does not manage.
import { type AxlClient } from "./client";
import { type CodecOf } from "./codec";
import { addObject, getObject, type Identified, listObjects, type NameOrUuid, nameOrUuidArgs, nameOrUuidLabel, removeObject, updateObject } from "./operations";

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

const DEVICE_POOL = { object: "DevicePool", noun: "device pool" } as const;
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

export function addDevicePool(client: AxlClient, pool: DevicePool): Promise<string> {
  return addObject(client, DEVICE_POOL, devicePoolCodec, { ...pool, srstName: pool.srstName ?? "Disable", aarNeighborhoodName: pool.aarNeighborhoodName ?? "" }, pool.name);
}

export function getDevicePool(client: AxlClient, key: NameOrUuid): Promise<DevicePoolRecord> {
  return getObject<DevicePoolRecord>(client, DEVICE_POOL, devicePoolCodec, nameOrUuidArgs(key), nameOrUuidLabel(key));
}

export function updateDevicePool(client: AxlClient, key: NameOrUuid, changes: DevicePoolChanges): Promise<void> {
  return updateObject(client, DEVICE_POOL, devicePoolCodec, nameOrUuidArgs(key), { ...changes }, nameOrUuidLabel(key));
}

export function removeDevicePool(client: AxlClient, key: NameOrUuid): Promise<void> {
  return removeObject(client, DEVICE_POOL, nameOrUuidArgs(key), nameOrUuidLabel(key));
}

export function listDevicePools(client: AxlClient, search: DevicePoolSearch = {}): Promise<DevicePoolRecord[]> {
  return listObjects<DevicePoolRecord>(client, DEVICE_POOL, devicePoolCodec, { ...search }, "device pools");
}

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

const LOCATION = { object: "Location", noun: "location" } as const;

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

export function addLocation(client: AxlClient, location: Location): Promise<string> {
  const value = {
    ...location,
    withinAudioBandwidth: location.withinAudioBandwidth ?? 0,
    withinVideoBandwidth: location.withinVideoBandwidth ?? 0,
    withinImmersiveKbits: location.withinImmersiveKbits ?? 0,
    betweenLocations: withBetweenDefaults(location.betweenLocations ?? [DEFAULT_BETWEEN_LOCATION]),
  };
  return addObject(client, LOCATION, locationCodec, value, location.name);
}

export function getLocation(client: AxlClient, key: NameOrUuid): Promise<LocationRecord> {
  return getObject<LocationRecord>(client, LOCATION, locationCodec, nameOrUuidArgs(key), nameOrUuidLabel(key));
}

export function updateLocation(client: AxlClient, key: NameOrUuid, changes: LocationChanges): Promise<void> {
  const value = changes.betweenLocations === undefined ? { ...changes } : { ...changes, betweenLocations: withBetweenDefaults(changes.betweenLocations) };
  return updateObject(client, LOCATION, locationCodec, nameOrUuidArgs(key), value, nameOrUuidLabel(key));
}

export function removeLocation(client: AxlClient, key: NameOrUuid): Promise<void> {
  return removeObject(client, LOCATION, nameOrUuidArgs(key), nameOrUuidLabel(key));
}

export function listLocations(client: AxlClient, search: { readonly name?: string } = {}): Promise<LocationRecord[]> {
  return listObjects<LocationRecord>(client, LOCATION, locationCodec, { ...search }, "locations");
}

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

const CALL_MANAGER_GROUP = { object: "CallManagerGroup", noun: "CallManager group" } as const;
const DATE_TIME_GROUP = { object: "DateTimeGroup", noun: "date/time group" } as const;
const REGION = { object: "Region", noun: "region" } as const;
const callManagerGroupCodec: CodecOf<CallManagerGroupRecord> = { uuid: "text", name: "text", tftpDefault: "boolean" };
const dateTimeGroupCodec: CodecOf<DateTimeGroupRecord> = { uuid: "text", name: "text", timeZone: "text", separator: "text", dateformat: "text", timeFormat: "text" };
const regionCodec: CodecOf<RegionRecord> = { uuid: "text", name: "text", defaultCodec: "text" };

export function getCallManagerGroup(client: AxlClient, key: NameOrUuid): Promise<CallManagerGroupRecord> {
  return getObject(client, CALL_MANAGER_GROUP, callManagerGroupCodec, nameOrUuidArgs(key), nameOrUuidLabel(key));
}

export function listCallManagerGroups(client: AxlClient, search: { readonly name?: string } = {}): Promise<CallManagerGroupRecord[]> {
  return listObjects(client, CALL_MANAGER_GROUP, callManagerGroupCodec, { ...search }, "CallManager groups");
}

export function getDateTimeGroup(client: AxlClient, key: NameOrUuid): Promise<DateTimeGroupRecord> {
  return getObject(client, DATE_TIME_GROUP, dateTimeGroupCodec, nameOrUuidArgs(key), nameOrUuidLabel(key));
}

export function listDateTimeGroups(client: AxlClient, search: { readonly name?: string; readonly timeZone?: string } = {}): Promise<DateTimeGroupRecord[]> {
  return listObjects(client, DATE_TIME_GROUP, dateTimeGroupCodec, { ...search }, "date/time groups");
}

export function getRegion(client: AxlClient, key: NameOrUuid): Promise<RegionRecord> {
  return getObject(client, REGION, regionCodec, nameOrUuidArgs(key), nameOrUuidLabel(key));
}

export function listRegions(client: AxlClient, search: { readonly name?: string } = {}): Promise<RegionRecord[]> {
  return listObjects(client, REGION, regionCodec, { ...search }, "regions");
}
