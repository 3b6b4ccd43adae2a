// Unified CM as a source: what a cluster holds now (its lines, its end users, the names a
// definition may refer to), read when the program runs, at preview and at up alike, so
// extensions are allocated around the lines already there and a name the cluster lacks fails the
// preview; and the cluster's end users as the directory (`directory.source: cucm`, bottom-up:
// users already on the cluster, e.g. synced there by Unified CM's LDAP sync). Only paged list
// operations, sent at once within the client's concurrency limit: at 10,000 users a read is a
// few dozen pages, never a request per user. Nothing is written.
import * as pulumi from "@pulumi/pulumi";
import { type AxlClient } from "../../provider/backends/axl/client";
import { listCommonPhoneConfigs, listLines, listPhoneButtonTemplates, listPhoneSecurityProfiles, listSipProfiles } from "../../provider/backends/axl/devices";
import { listCsses, listGateways, listRouteLists, listRoutePartitions, listSipTrunks } from "../../provider/backends/axl/dial-plan";
import { axlObject, fieldNames } from "../../provider/backends/axl/schema/description";
import { listIpPhoneServices, listServiceProfiles, listVoiceMailProfiles } from "../../provider/backends/axl/services";
import { listCallManagerGroups, listDateTimeGroups, listDevicePools, listLocations, listRegions, listSrsts } from "../../provider/backends/axl/sites";
import { listPresenceGroups, listUserGroups, listUsers, type UserRecord } from "../../provider/backends/axl/users";
import { ConfigurationError, isConfigurationError, isUcflowError, UcflowError } from "../../provider/core/errors";
import type { ClusterCatalog } from "../../provider/plan/cucm-references";
import type { ClusterSnapshot } from "../../provider/plan/customer-subscribers";
import { compileFilter, type DirectoryUser, type FilterCriteria } from "../../provider/plan/filter";
import { parseCucmSubscriberMark } from "../../provider/plan/cucm-names";
import { compareIds } from "../../provider/plan/identifiers";
import { axlClientFromSettings } from "../../provider/resources/cucm-session";

/** An end user as one listUser row returns it (Cisco's LUser: no displayName, no devices). */
export type CucmEndUserRecord = UserRecord;

/** A line as the snapshot needs it. */
export interface CucmLineRow {
  readonly pattern: string;
  /** "" or absent: no partition. */
  readonly routePartitionName?: string;
  /** Ends with a subscriber's mark on a line ucflow made (`[ucflow:Cu2:adavis]`). */
  readonly description?: string;
}

/** The listUser fields a user attribute can be read from. */
export type CucmUserField =
  | "userid"
  | "firstName"
  | "middleName"
  | "lastName"
  | "mailid"
  | "department"
  | "manager"
  | "primaryExtension"
  | "serviceProfile"
  | "directoryUri"
  | "telephoneNumber"
  | "title"
  | "mobileNumber"
  | "homeNumber"
  | "pagerNumber"
  | "userIdentity";

/**
 * User attribute → the listUser field it comes from. Names are those the LDAP source gives
 * (`userId`, `mail`, `mobile`, ...), so filters and flow-through entries read the same either
 * way. `primaryExtension` is its pattern.
 */
export const CUCM_END_USER_ATTRIBUTES: Readonly<Record<string, CucmUserField>> = {
  userId: "userid",
  firstName: "firstName",
  middleName: "middleName",
  lastName: "lastName",
  mail: "mailid",
  department: "department",
  manager: "manager",
  title: "title",
  telephoneNumber: "telephoneNumber",
  mobile: "mobileNumber",
  homeNumber: "homeNumber",
  pagerNumber: "pagerNumber",
  directoryUri: "directoryUri",
  userIdentity: "userIdentity",
  primaryExtension: "primaryExtension",
  serviceProfile: "serviceProfile",
};

/** Users listed already, or being listed (listCucmEndUsers), so one listUser serves both reads. */
export type CucmEndUsers = readonly CucmEndUserRecord[] | Promise<readonly CucmEndUserRecord[]>;

export interface CucmClusterReadOptions {
  /** Read the names a definition may refer to (`catalog`). @default true */
  readonly catalog?: boolean;
  /** Also list the route partitions, calling search spaces, device pools and locations (what adoption under the estate's names names). @default false */
  readonly existingNames?: boolean;
  /** The cluster's end users, when listed already (listCucmEndUsers). @default - listed here */
  readonly users?: CucmEndUsers;
  /** The cluster's name in errors. @default - the client's cluster, else its endpoint */
  readonly cluster?: string;
}

export interface CucmEndUserOptions {
  /** User attribute → listUser field. @default CUCM_END_USER_ATTRIBUTES */
  readonly attributes?: Readonly<Record<string, CucmUserField>>;
  /** Model filter rows, macros resolved, applied to the users read. @default - every user */
  readonly criteria?: FilterCriteria;
  /** Also list the route partitions, calling search spaces, device pools and locations (what adoption under the estate's names names). @default false */
  readonly existingNames?: boolean;
  /** The cluster's end users, when listed already (listCucmEndUsers). @default - listed here */
  readonly users?: CucmEndUsers;
  /** The cluster's name in errors. @default - the client's cluster, else its endpoint */
  readonly cluster?: string;
}

/**
 * The cluster as the planner plans against it: every directory number with its partition and,
 * where a user has it as primary extension, that user's userid; every end user's primary
 * extension and telephone number; and (unless `catalog: false`) the names of route lists, SIP
 * trunks, gateways, voicemail, phone and device pool references, and access control groups. Lists only, in parallel
 * within the client's limit. Errors name the cluster and what was being listed.
 */
export async function readCucmCluster(client: AxlClient, options: CucmClusterReadOptions = {}): Promise<ClusterSnapshot> {
  const cluster = options.cluster ?? clusterLabel(client);
  const read = <T>(list: (client: AxlClient) => Promise<T>) => onCluster(cluster, () => list(client));
  const names = <T>(list: (client: AxlClient) => Promise<T[]>, name: (row: T) => string) => read(list).then((rows) => rows.map(name));
  const named = (row: { readonly name: string }) => row.name;
  const [lines, users, catalog] = await Promise.all([
    read((c) => listLines(c)),
    onCluster(cluster, async () => options.users ?? listUsers(client)),
    options.catalog === false
      ? undefined
      : (async (): Promise<ClusterCatalog> => {
          const adoptable = options.existingNames
            ? Promise.all([names((c) => listRoutePartitions(c), named), names((c) => listCsses(c), named), names((c) => listDevicePools(c), named), names((c) => listLocations(c), named)])
            : undefined;
          const [routeLists, sipTrunks, gateways, voicemailProfiles, phoneButtonTemplates, phoneSecurityProfiles, sipProfiles, serviceProfiles, ipPhoneServices, callManagerGroups, dateTimeGroups, regions, srsts, presenceGroups, commonPhoneConfigs, userGroups] =
            await Promise.all([
              names((c) => listRouteLists(c), named),
              names((c) => listSipTrunks(c), named),
              names((c) => listGateways(c), (g) => g.domainName),
              names((c) => listVoiceMailProfiles(c), named),
              names((c) => listPhoneButtonTemplates(c), named),
              names((c) => listPhoneSecurityProfiles(c), named),
              names((c) => listSipProfiles(c), named),
              names((c) => listServiceProfiles(c), named),
              names((c) => listIpPhoneServices(c), (s) => s.serviceName),
              names((c) => listCallManagerGroups(c), named),
              names((c) => listDateTimeGroups(c), named),
              names((c) => listRegions(c), named),
              names((c) => listSrsts(c), named),
              names((c) => listPresenceGroups(c), named),
              names((c) => listCommonPhoneConfigs(c), named),
              names((c) => listUserGroups(c), named),
            ]);
          const catalog: ClusterCatalog = { routeLists, sipTrunks, gateways, voicemailProfiles, phoneButtonTemplates, phoneSecurityProfiles, sipProfiles, serviceProfiles, ipPhoneServices, callManagerGroups, dateTimeGroups, regions, srsts, presenceGroups, commonPhoneConfigs, userGroups };
          if (adoptable === undefined) return catalog;
          const [routePartitions, callingSearchSpaces, devicePools, locations] = await adoptable;
          return { ...catalog, routePartitions, callingSearchSpaces, devicePools, locations };
        })(),
  ]);
  return clusterSnapshotOf(lines, users, catalog);
}

/**
 * The AXL client of `cluster` from the `ucflow:clusters.<cluster>` stack config (password from
 * it or UCFLOW_CLUSTER_<NAME>_PASSWORD), as the providers build theirs. Throws a
 * ConfigurationError naming the setting when the cluster has none.
 */
export function configuredAxlClient(cluster: string, config: pulumi.Config = new pulumi.Config("ucflow")): AxlClient {
  return axlClientFromSettings((name) => config.get(name), cluster);
}

/** Every end user of the cluster (one paged listUser), for readCucmCluster and readCucmEndUsers to share. */
export function listCucmEndUsers(client: AxlClient, cluster: string = clusterLabel(client)): Promise<CucmEndUserRecord[]> {
  return onCluster(cluster, () => listUsers(client));
}

/**
 * The cluster's end users as directory users: id the user's uuid on the cluster (lower case,
 * no braces; it never changes, a userid can), attributes per `attributes`, sorted by id, and
 * only those `criteria` match. The userid is `userId`, which the planner takes as the userid.
 */
export async function readCucmEndUsers(client: AxlClient, options: CucmEndUserOptions = {}): Promise<DirectoryUser[]> {
  const cluster = options.cluster ?? clusterLabel(client);
  const attributes = options.attributes ?? CUCM_END_USER_ATTRIBUTES;
  const problems = cucmAttributeProblems(attributes);
  if (problems.length > 0) throw new ConfigurationError(`invalid end user attributes for Unified CM cluster ${cluster}`, problems);
  const users = endUsersOf(await onCluster(cluster, async () => options.users ?? listUsers(client)), attributes);
  if (options.criteria === undefined) return users;
  const matches = compileFilter(options.criteria);
  return users.filter(matches);
}

/**
 * A snapshot from list rows (pure). A line is a user's when it is their primary extension (same
 * pattern and partition); a line whose description ends with a subscriber's mark says so.
 */
export function clusterSnapshotOf(lines: readonly CucmLineRow[], users: readonly CucmEndUserRecord[], catalog?: ClusterCatalog): ClusterSnapshot {
  const ownerOf = new Map<string, string>();
  const byUserid = new Map<string, { primaryExtension?: string; telephoneNumber?: string }>();
  for (const user of [...users].sort((a, b) => compareIds(a.userid.toLowerCase(), b.userid.toLowerCase()))) {
    const extension = user.primaryExtension;
    if (extension?.pattern) {
      const key = lineKey(extension.pattern, extension.routePartitionName);
      // Two users cannot share a primary extension on CUCM; if the rows say so, the first (by userid) keeps it.
      if (!ownerOf.has(key)) ownerOf.set(key, user.userid);
    }
    byUserid.set(user.userid.toLowerCase(), {
      ...(extension?.pattern ? { primaryExtension: extension.pattern } : {}),
      ...(user.telephoneNumber ? { telephoneNumber: user.telephoneNumber } : {}),
    });
  }
  const byPattern = new Map<string, { partition: string; userid?: string }[]>();
  for (const line of lines) {
    const partition = line.routePartitionName ?? "";
    const userid = ownerOf.get(lineKey(line.pattern, partition));
    const entries = byPattern.get(line.pattern) ?? [];
    const markedFor = parseCucmSubscriberMark(line.description);
    entries.push({ partition, ...(userid !== undefined ? { userid } : {}), ...(markedFor ? { markedFor } : {}) });
    byPattern.set(line.pattern, entries);
  }
  for (const entries of byPattern.values()) entries.sort((a, b) => compareIds(a.partition.toLowerCase(), b.partition.toLowerCase()));
  return { lines: byPattern, users: byUserid, ...(catalog ? { catalog } : {}) };
}

/** Directory users from list rows (pure): id the uuid in lower case without braces, sorted by id. */
export function endUsersOf(users: readonly CucmEndUserRecord[], attributes: Readonly<Record<string, CucmUserField>> = CUCM_END_USER_ATTRIBUTES): DirectoryUser[] {
  const directoryUsers = users.map((user): DirectoryUser => {
    const values: Record<string, string> = {};
    for (const [attribute, field] of Object.entries(attributes)) {
      const value = field === "primaryExtension" ? user.primaryExtension?.pattern : (user as unknown as Record<string, unknown>)[field];
      if (typeof value === "string" && value !== "") values[attribute] = value;
    }
    return { id: directoryId(user.uuid), attributes: values };
  });
  return directoryUsers.sort((a, b) => compareIds(a.id, b.id));
}

/** Problems with an attribute mapping: fields listUser does not return. */
export function cucmAttributeProblems(attributes: Readonly<Record<string, string>>): string[] {
  const fields = fieldNames(axlObject("User").listFields);
  return Object.entries(attributes)
    .filter(([, field]) => !fields.includes(field))
    .map(([attribute, field]) => `attributes.${attribute}: listUser returns no field ${JSON.stringify(field)}; it returns ${fields.join(", ")} (getUser-only fields such as displayName cannot be read in bulk)`);
}

function directoryId(uuid: string): string {
  return uuid.replace(/[{}]/g, "").toLowerCase();
}

function lineKey(pattern: string, partition: string | undefined): string {
  return `${pattern}\u0000${(partition ?? "").toLowerCase()}`;
}

function clusterLabel(client: AxlClient): string {
  return client.cluster ?? client.endpoint;
}

/** Runs a read; its error names the cluster ("listing users on Unified CM cluster Cluster1: ..."). */
async function onCluster<T>(cluster: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw onClusterError(cluster, error);
  }
}

/** The error of a read on `cluster`, saying so; credentials are never in it (the client's errors have none). */
export function onClusterError(cluster: string, error: unknown): unknown {
  const where = `Unified CM cluster ${cluster}`;
  if (isConfigurationError(error)) {
    const subject = error.message.split("\n")[0].replace(/:$/, "");
    return subject.includes(where) ? error : new ConfigurationError(`${subject} (reading ${where})`, error.problems);
  }
  if (isUcflowError(error) && error.object !== where) {
    const object = error.object ? ` ${error.preposition ? `${error.preposition} ` : ""}${error.object}` : "";
    return new UcflowError(
      { backend: error.backend, operation: `${error.operation}${object}`, preposition: "on", object: where },
      {
        ...(error.statusCode !== undefined ? { statusCode: error.statusCode } : {}),
        ...(error.code !== undefined ? { code: error.code } : {}),
        ...(error.detail !== undefined ? { detail: error.detail } : {}),
        ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
        retryable: error.retryable,
        cause: error,
      },
    );
  }
  return error;
}
