// What `ucflow export --platform cucm` reads of a cluster: one customer's part of it (the
// objects whose names carry the customer's code, and the end users whose primary extension is in
// one of its partitions) with the fields the export maps. Read only: list operations for every
// kind, then a get for what a list does not return (a user's groups, devices and services, a
// phone's button template, a route pattern's destination), only for the customer's objects.
// Nothing is written.
import type { AxlClient } from "../../provider/backends/axl/client";
import { getLine, getPhone, listDeviceProfiles, listLines, listPhones, type DeviceProfileRecord, type PhoneRecord } from "../../provider/backends/axl/devices";
import { getRoutePattern, listCsses, listRoutePatterns, type CssRecord, type RoutePatternRecord } from "../../provider/backends/axl/dial-plan";
import { listRemoteDestinationProfiles, type RemoteDestinationProfileRecord } from "../../provider/backends/axl/mobility";
import { listServiceProfiles, listVoiceMailProfiles, type VoiceMailProfileRecord } from "../../provider/backends/axl/services";
import { listDateTimeGroups, listDevicePools, type DateTimeGroupRecord, type DevicePoolRecord } from "../../provider/backends/axl/sites";
import { getUser, listUsers, type UserRecord } from "../../provider/backends/axl/users";
import { onClusterError } from "../directory/cucm";

/** A directory number as listLine returns it. */
export interface CucmExportLine {
  readonly pattern: string;
  readonly routePartitionName?: string;
  readonly description?: string;
  /** The line calling search space: the subscriber's class of service. */
  readonly shareLineAppearanceCssName?: string;
  readonly voiceMailProfileName?: string;
  /** For a customer user's own line (getLine): whether internal calls that find it busy or unanswered go to voicemail. */
  readonly forwardsInternalToVoicemail?: boolean;
}

/** A calling search space with its partitions in search order. */
export interface CucmExportCss {
  readonly name: string;
  readonly description?: string;
  readonly members: readonly string[];
}

/** One customer's part of a cluster, as the export maps it (cucmExportDefinition). */
export interface CucmExportSnapshot {
  /** The cluster's name in stack config (ucflow:clusters.<name>). */
  readonly cluster: string;
  /** Every directory number of the cluster (to tell the customer's lines and their classes of service). */
  readonly lines: readonly CucmExportLine[];
  /** The customer's end users (getUser: groups, devices, profiles, services). */
  readonly users: readonly UserRecord[];
  /** Userids of the cluster's end users with no primary extension: nobody's subscribers, whoever's they are. */
  readonly usersWithoutExtension: readonly string[];
  /** Phones (listPhone rows; getPhone for the customer's users' phones, with their button templates). */
  readonly phones: readonly PhoneRecord[];
  readonly deviceProfiles: readonly DeviceProfileRecord[];
  readonly remoteDestinationProfiles: readonly RemoteDestinationProfileRecord[];
  readonly devicePools: readonly DevicePoolRecord[];
  readonly dateTimeGroups: readonly DateTimeGroupRecord[];
  readonly csses: readonly CucmExportCss[];
  /** Route patterns (getRoutePattern, with their destination, for those in the customer's partitions). */
  readonly routePatterns: readonly RoutePatternRecord[];
  readonly voiceMailProfiles: readonly VoiceMailProfileRecord[];
  readonly serviceProfiles: readonly { readonly name: string; readonly isDefault?: boolean }[];
}

/**
 * Whether a name is the customer's: it starts with the customer's code, followed by a
 * separator or a site code's "Si" (`Cu1-DirNum-PT`, `Cu1Si1-DevicePool`; not `Cu10-DN-PT`).
 * Compared ignoring case, as Unified CM compares names.
 */
export function isCustomerName(name: string | undefined, customerCode: string): boolean {
  if (name === undefined || name.length <= customerCode.length) return false;
  if (name.slice(0, customerCode.length).toLowerCase() !== customerCode.toLowerCase()) return false;
  const rest = name.slice(customerCode.length);
  return /^[-_ .]/.test(rest) || /^si\d/i.test(rest);
}

/** The customer's end users: those whose primary extension is in one of the customer's partitions. */
export function isCustomerUser(user: Pick<UserRecord, "primaryExtension">, customerCode: string): boolean {
  return user.primaryExtension?.pattern !== undefined && user.primaryExtension.pattern !== "" && isCustomerName(user.primaryExtension.routePartitionName, customerCode);
}

/** Partitions of a CSS from its clause ("P1:P2"), which list answers carry, else from its members in index order. */
function cssOf(css: CssRecord): CucmExportCss {
  const members = css.clause
    ? css.clause.split(":").filter((p) => p !== "")
    : [...(css.members ?? [])].sort((a, b) => a.index - b.index).map((m) => m.routePartitionName);
  return { name: css.name, ...(css.description ? { description: css.description } : {}), members };
}

/**
 * Reads the customer's part of the cluster. Lists run at once within the client's concurrency
 * limit; the gets are one per customer user, per phone they own and per route pattern in their
 * partitions. Errors name the cluster and what was being read.
 */
export async function readCucmExportSnapshot(client: AxlClient, options: { readonly cluster: string; readonly customerCode: string }): Promise<CucmExportSnapshot> {
  const { cluster, customerCode } = options;
  try {
    const [lines, userRows, phoneRows, deviceProfiles, remoteDestinationProfiles, devicePools, dateTimeGroups, csses, patternRows, voiceMailProfiles, serviceProfiles] = await Promise.all([
      listLines(client),
      listUsers(client),
      listPhones(client),
      listDeviceProfiles(client),
      listRemoteDestinationProfiles(client),
      listDevicePools(client),
      listDateTimeGroups(client),
      listCsses(client),
      listRoutePatterns(client),
      listVoiceMailProfiles(client),
      listServiceProfiles(client),
    ]);
    const users = await Promise.all(userRows.filter((u) => isCustomerUser(u, customerCode)).map((u) => getUser(client, { uuid: u.uuid })));
    const userids = new Set(users.map((u) => u.userid.toLowerCase()));
    // The users' own lines, read whole for what listLine does not return (their call forwards).
    const ownLines = new Map(
      await Promise.all(
        users
          .flatMap((u) => (u.primaryExtension?.pattern ? [u.primaryExtension] : []))
          .map(async (dirn) => {
            const line = await getLine(client, { pattern: dirn.pattern, routePartitionName: dirn.routePartitionName ?? "" });
            const internal = line.callForwardBusyInt?.forwardToVoiceMail === true && line.callForwardNoAnswerInt?.forwardToVoiceMail === true;
            return [`${dirn.pattern}\u0000${(dirn.routePartitionName ?? "").toLowerCase()}`, internal] as const;
          }),
      ),
    );
    const devices = new Set(users.flatMap((u) => (u.associatedDevices ?? []).map((d) => d.toLowerCase())));
    const phones = await Promise.all(
      phoneRows.map((phone) =>
        userids.has((phone.ownerUserName ?? "").toLowerCase()) || devices.has(phone.name.toLowerCase()) ? getPhone(client, { uuid: phone.uuid }) : Promise.resolve(phone),
      ),
    );
    const routePatterns = await Promise.all(patternRows.map((p) => (isCustomerName(p.routePartitionName, customerCode) ? getRoutePattern(client, { uuid: p.uuid }) : Promise.resolve(p))));
    return {
      cluster,
      lines: lines.map((l) => ({
        pattern: l.pattern,
        ...(l.routePartitionName ? { routePartitionName: l.routePartitionName } : {}),
        ...(l.description ? { description: l.description } : {}),
        ...(l.shareLineAppearanceCssName ? { shareLineAppearanceCssName: l.shareLineAppearanceCssName } : {}),
        ...(l.voiceMailProfileName ? { voiceMailProfileName: l.voiceMailProfileName } : {}),
        ...withForwards(ownLines.get(`${l.pattern}\u0000${(l.routePartitionName ?? "").toLowerCase()}`)),
      })),
      users,
      usersWithoutExtension: userRows.filter((u) => !u.primaryExtension?.pattern).map((u) => u.userid),
      phones,
      deviceProfiles,
      remoteDestinationProfiles,
      devicePools,
      dateTimeGroups,
      csses: csses.map(cssOf),
      routePatterns,
      voiceMailProfiles,
      serviceProfiles: serviceProfiles.map((s) => ({ name: s.name, ...(s.isDefault !== undefined ? { isDefault: s.isDefault } : {}) })),
    };
  } catch (error) {
    throw onClusterError(cluster, error);
  }
}

function withForwards(internal: boolean | undefined): { forwardsInternalToVoicemail?: boolean } {
  return internal === undefined ? {} : { forwardsInternalToVoicemail: internal };
}
