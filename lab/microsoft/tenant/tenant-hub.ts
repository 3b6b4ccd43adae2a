// One tenant seen by three simulators. Each simulator persists its own partition through the lab
// framework (the partition object is the service's state, registered here whenever the framework
// creates, loads, resets or seeds it) and writes only to it; the hub gives every simulator a
// read view of the others and merges what two APIs can both change:
// - policy grants (Graph policy/userAssignments and ConfigAPI Grant): newest stamp wins
// - Enterprise Voice (Graph number assignment and the ConfigAPI user setting): newest stamp wins
// Eventual-consistency counters are kept in memory only: a restarted lab has "caught up".
// Lookups go through indexes built when a partition is attached and kept right by the hub's
// writers (tenant-index.ts): no request scans the tenant.
import { LabHttpError } from "../../http/lab-http";
import { GraphIndex, TeamsIndex } from "./tenant-index";

// A new grant is missing from the next `grantReadLag` reads, but only for this long after it was
// made: Teams shows a grant some time after it is made, and a read long after sees it however few
// reads came between (a lag counted in reads alone would hide a grant made hours ago from the first
// read of a nightly refresh). Shorter than the 20 s in which ucflow reads a fresh write again.
export const GRANT_LAG_WINDOW_MS = 10_000;
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
  private graphIndex: GraphIndex | undefined;
  private teamsIndex: TeamsIndex | undefined;
  /** userId -> reads of that user still answered 404 (newUserReadLag). */
  private readonly hiddenUsers = new Map<string, number>();
  /** "<source>|<userId>|<type>|<stamp>" -> reads of the user's policies that still miss the grant (grantReadLag), until when. */
  private readonly hiddenGrants = new Map<string, { reads: number; until: number }>();

  /** Registers the current partition of a service and indexes it; returns it (for initialState/decodeState/seed). */
  attach<S extends EntraState | GraphState | TeamsState>(state: S): S {
    const partitions = this.partitions as Record<string, unknown>;
    if (partitions[state.kind] === state) return state;
    partitions[state.kind] = state;
    // A new partition (reset, seed, load): lag counters about the old one no longer apply.
    if (state.kind === "graph") {
      this.graphIndex = new GraphIndex(state as GraphState);
      this.hiddenUsers.clear();
    }
    if (state.kind === "teams") this.teamsIndex = new TeamsIndex(state as TeamsState);
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

  /** The index of the graph partition: users, numbers, operations, license units. */
  graph(neededBy = "graph"): GraphIndex {
    this.require("graph", neededBy);
    return this.graphIndex as GraphIndex;
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
    return this.graphIndex?.user(idOrUpn);
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

  /** Whether any new user is still invisible (collections then leave them out). */
  hasHiddenUsers(): boolean {
    return this.hiddenUsers.size > 0;
  }

  /** True while a new user is still invisible, without counting a read (for collections). */
  isUserHidden(userId: string): boolean {
    return this.hiddenUsers.has(userId);
  }

  // -------------------------------------------------------------------------------------------
  // grants (graph + teams partitions)

  /** Records a grant (or its removal) made through one API, replacing that API's record for the user and type. */
  recordGrant(source: "graph" | "teams", record: GrantRecord): void {
    const book = source === "graph" ? this.graphIndex?.grants : this.teamsIndex?.grants;
    if (!book) throw new Error(`the ${source} partition is not attached to the tenant hub`);
    book.record(record);
    const reads = this.partitions.graph?.settings.consistency.grantReadLag ?? 0;
    if (reads > 0) this.hiddenGrants.set(grantKey(source, record), { reads, until: Date.now() + GRANT_LAG_WINDOW_MS });
  }

  /** Every grant record of the user, from both APIs. */
  grantsOf(userId: string): { source: "graph" | "teams"; record: GrantRecord }[] {
    return [
      ...(this.graphIndex?.grants.of(userId) ?? []).map((record) => ({ source: "graph" as const, record })),
      ...(this.teamsIndex?.grants.of(userId) ?? []).map((record) => ({ source: "teams" as const, record })),
    ];
  }

  /**
   * The user's effective direct grants, newest record per policy type across both APIs.
   * `countRead` makes this a read of the user's policies for the grant lag knob.
   */
  effectiveGrants(userId: string, countRead = false): EffectiveGrant[] {
    const newest = new Map<string, { source: "graph" | "teams"; record: GrantRecord }>();
    for (const candidate of this.grantsOf(userId)) {
      const key = grantKey(candidate.source, candidate.record);
      const hidden = this.hiddenGrants.get(key);
      if (hidden !== undefined && hidden.until <= Date.now()) this.hiddenGrants.delete(key);
      else if (hidden !== undefined) {
        if (countRead) {
          if (hidden.reads <= 1) this.hiddenGrants.delete(key);
          else this.hiddenGrants.set(key, { ...hidden, reads: hidden.reads - 1 });
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

  /**
   * Users whose effective grant of `policyType` is `identity` (ignoring read lag). Walks every
   * grant: only deleting a policy asks, which is configuration, not a per-user request.
   */
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

  // -------------------------------------------------------------------------------------------
  // voice

  recordEnterpriseVoice(source: "graph" | "teams", record: EnterpriseVoiceRecord): void {
    const book = source === "graph" ? this.graphIndex?.voice : this.teamsIndex?.voice;
    if (!book) throw new Error(`the ${source} partition is not attached to the tenant hub`);
    book.record(record);
  }

  enterpriseVoiceEnabled(userId: string): boolean {
    const records = [this.graphIndex?.voice.of(userId), this.teamsIndex?.voice.of(userId)].filter((record): record is EnterpriseVoiceRecord => record !== undefined);
    const newest = records.sort((a, b) => b.stamp - a.stamp)[0];
    return newest?.enabled ?? false;
  }

  numbersOf(userId: string): NumberRecord[] {
    return this.graphIndex?.numbersOf(userId) ?? [];
  }
}

function grantKey(source: string, record: GrantRecord): string {
  return `${source}|${record.userId}|${record.policyType.toLowerCase()}|${record.stamp}`;
}
