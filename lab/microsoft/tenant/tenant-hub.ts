// One tenant seen by three simulators. Each simulator persists its own partition through the lab
// framework (the partition object is the service's state, registered here whenever the framework
// creates, loads, resets or seeds it) and writes only to it; the hub gives every simulator a
// read view of the others and merges what two APIs can both change:
// - policy grants (Graph policy/userAssignments and ConfigAPI Grant): newest stamp wins
// - Enterprise Voice (Graph number assignment and the ConfigAPI user setting): newest stamp wins
// Eventual-consistency counters are kept in memory only: a restarted lab has "caught up".
import { LabHttpError } from "../../http/lab-http";
import type { DirectoryUser, EnterpriseVoiceRecord, EntraState, GrantRecord, GraphState, NumberRecord, Stamp, TeamsState } from "./types";

type Partitions = { entra?: EntraState; graph?: GraphState; teams?: TeamsState };
type PartitionName = keyof Partitions;

/** A user's effective grant of one policy type. */
export interface EffectiveGrant {
  readonly policyType: string;
  readonly policyIdentity: string;
  readonly source: "graph" | "teams";
  readonly stamp: Stamp;
}

export class TenantHub {
  private readonly partitions: Partitions = {};
  /** userId -> reads of that user still answered 404 (newUserReadLag). */
  private readonly hiddenUsers = new Map<string, number>();
  /** "<source>|<userId>|<type>|<stamp>" -> reads of the user's policies that still miss the grant (grantReadLag). */
  private readonly hiddenGrants = new Map<string, number>();

  /** Registers the current partition of a service; returns it (for initialState/decodeState/seed). */
  attach<S extends EntraState | GraphState | TeamsState>(state: S): S {
    const partitions = this.partitions as Record<string, unknown>;
    if (partitions[state.kind] === state) return state;
    partitions[state.kind] = state;
    // A new partition (reset, seed, load): lag counters about the old one no longer apply.
    if (state.kind === "graph") this.hiddenUsers.clear();
    if (state.kind !== "entra") this.hiddenGrants.clear();
    return state;
  }

  /** The partition of another simulator; a clear error when that simulator is not in this lab. */
  require<K extends PartitionName>(name: K, neededBy: string): NonNullable<Partitions[K]> {
    const partition = this.partitions[name];
    if (!partition) {
      throw new LabHttpError(500, "LabMisconfigured", `the lab's ${neededBy} simulator needs the ${name} simulator in the same lab (start the Microsoft simulators together: entra, graph, teams)`);
    }
    return partition as NonNullable<Partitions[K]>;
  }

  optional<K extends PartitionName>(name: K): Partitions[K] {
    return this.partitions[name];
  }

  /** The newest stamp written anywhere. */
  currentStamp(): Stamp {
    return Math.max(this.partitions.graph?.lastStamp ?? 0, this.partitions.teams?.lastStamp ?? 0);
  }

  /** A new stamp, recorded as the writing partition's last one. Call inside that partition's update. */
  stamp(writer: GraphState | TeamsState): Stamp {
    const next = this.currentStamp() + 1;
    writer.lastStamp = next;
    return next;
  }

  // -------------------------------------------------------------------------------------------
  // users (graph partition)

  /** A user by object id or user principal name (case-insensitive), ignoring read lag. */
  findUser(idOrUpn: string): DirectoryUser | undefined {
    const graph = this.partitions.graph;
    if (!graph) return undefined;
    const wanted = idOrUpn.toLowerCase();
    return graph.users.find((user) => user.properties.id === wanted || user.properties.userPrincipalName.toLowerCase() === wanted);
  }

  hideNewUser(userId: string, reads: number): void {
    if (reads > 0) this.hiddenUsers.set(userId, reads);
  }

  /** True while a new user is still invisible to reads; counts this read. */
  consumeUserLag(userId: string): boolean {
    const left = this.hiddenUsers.get(userId);
    if (left === undefined) return false;
    if (left <= 1) this.hiddenUsers.delete(userId);
    else this.hiddenUsers.set(userId, left - 1);
    return true;
  }

  /** True while a new user is still invisible, without counting a read (for collections). */
  isUserHidden(userId: string): boolean {
    return this.hiddenUsers.has(userId);
  }

  // -------------------------------------------------------------------------------------------
  // grants (graph + teams partitions)

  noteGrant(source: "graph" | "teams", record: GrantRecord): void {
    const reads = this.partitions.graph?.settings.consistency.grantReadLag ?? 0;
    if (reads > 0) this.hiddenGrants.set(grantKey(source, record), reads);
  }

  /**
   * The user's effective direct grants, newest record per policy type across both APIs.
   * `countRead` makes this a read of the user's policies for the grant lag knob. Give an index
   * when computing this for many users.
   */
  effectiveGrants(userId: string, countRead = false, index: TenantIndex = this.index(userId)): EffectiveGrant[] {
    const candidates = index.grantsOf(userId);
    const newest = new Map<string, { source: "graph" | "teams"; record: GrantRecord }>();
    for (const candidate of candidates) {
      const key = grantKey(candidate.source, candidate.record);
      const left = this.hiddenGrants.get(key);
      if (left !== undefined) {
        if (countRead) {
          if (left <= 1) this.hiddenGrants.delete(key);
          else this.hiddenGrants.set(key, left - 1);
        }
        continue;
      }
      const type = candidate.record.policyType.toLowerCase();
      const current = newest.get(type);
      if (!current || current.record.stamp < candidate.record.stamp) newest.set(type, candidate);
    }
    const result: EffectiveGrant[] = [];
    for (const { source, record } of newest.values()) {
      if (record.policyIdentity !== null) result.push({ policyType: record.policyType, policyIdentity: record.policyIdentity, source, stamp: record.stamp });
    }
    return result.sort((a, b) => a.policyType.localeCompare(b.policyType));
  }

  /** Users whose effective grant of `policyType` is `identity` (ignoring read lag). */
  usersGranted(policyType: string, identity: string): string[] {
    const type = policyType.toLowerCase();
    const wanted = identity.toLowerCase();
    const newest = new Map<string, GrantRecord>();
    for (const record of [...(this.partitions.graph?.grants ?? []), ...(this.partitions.teams?.grants ?? [])]) {
      if (record.policyType.toLowerCase() !== type) continue;
      const current = newest.get(record.userId);
      if (!current || current.stamp < record.stamp) newest.set(record.userId, record);
    }
    return [...newest.values()].filter((record) => record.policyIdentity?.toLowerCase() === wanted).map((record) => record.userId);
  }

  /**
   * Grants, Enterprise Voice records and numbers grouped by user: built in one pass, for
   * answers about many users (a tenant of 10,000 users would otherwise be scanned per user).
   * With `onlyUser`, only that user's records are collected.
   */
  index(onlyUser?: string): TenantIndex {
    return new TenantIndex(this.partitions.graph, this.partitions.teams, onlyUser);
  }

  // -------------------------------------------------------------------------------------------
  // voice

  enterpriseVoiceEnabled(userId: string, index: TenantIndex = this.index(userId)): boolean {
    const newest = [...index.enterpriseVoiceOf(userId)].sort((a, b) => b.stamp - a.stamp)[0];
    return newest?.enabled ?? false;
  }

  numbersOf(userId: string, index: TenantIndex = this.index(userId)): NumberRecord[] {
    return index.numbersOf(userId);
  }
}

/** Per-user lookups over both partitions, built once. */
export class TenantIndex {
  private readonly grants = new Map<string, { source: "graph" | "teams"; record: GrantRecord }[]>();
  private readonly voice = new Map<string, EnterpriseVoiceRecord[]>();
  private readonly numbers = new Map<string, NumberRecord[]>();

  constructor(graph: GraphState | undefined, teams: TeamsState | undefined, onlyUser?: string) {
    const add = <T>(map: Map<string, T[]>, userId: string | null, item: T): void => {
      if (userId === null || (onlyUser !== undefined && userId !== onlyUser)) return;
      const list = map.get(userId);
      if (list) list.push(item);
      else map.set(userId, [item]);
    };
    for (const record of graph?.grants ?? []) add(this.grants, record.userId, { source: "graph" as const, record });
    for (const record of teams?.grants ?? []) add(this.grants, record.userId, { source: "teams" as const, record });
    for (const record of [...(graph?.enterpriseVoice ?? []), ...(teams?.enterpriseVoice ?? [])]) add(this.voice, record.userId, record);
    for (const number of graph?.numbers ?? []) add(this.numbers, number.assignmentTargetId, number);
  }

  grantsOf(userId: string): readonly { source: "graph" | "teams"; record: GrantRecord }[] {
    return this.grants.get(userId) ?? [];
  }

  enterpriseVoiceOf(userId: string): readonly EnterpriseVoiceRecord[] {
    return this.voice.get(userId) ?? [];
  }

  numbersOf(userId: string): NumberRecord[] {
    return [...(this.numbers.get(userId) ?? [])];
  }
}

function grantKey(source: string, record: GrantRecord): string {
  return `${source}|${record.userId}|${record.policyType.toLowerCase()}|${record.stamp}`;
}

/** Replaces the writer's record for the same user and policy type (only the newest matters). */
export function recordGrant(records: GrantRecord[], record: GrantRecord): void {
  const type = record.policyType.toLowerCase();
  const index = records.findIndex((existing) => existing.userId === record.userId && existing.policyType.toLowerCase() === type);
  if (index >= 0) records.splice(index, 1);
  records.push(record);
}

export function recordEnterpriseVoice(records: EnterpriseVoiceRecord[], record: EnterpriseVoiceRecord): void {
  const index = records.findIndex((existing) => existing.userId === record.userId);
  if (index >= 0) records.splice(index, 1);
  records.push(record);
}
