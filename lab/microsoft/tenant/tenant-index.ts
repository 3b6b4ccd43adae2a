// Lookups over a partition that do not scan it: users by id and user principal name, numbers
// by telephone number, id and user, operations by id, license units in use per SKU, and the
// grant and Enterprise Voice records of each user. A tenant of 10,000 users serves ~200,000
// requests in a benchmark run, so no request may cost time in proportion to the tenant's size.
//
// An index is built once when a partition is created, loaded, reset or seeded (the hub's
// attach) and kept right by the functions below, which are the only ones that change what it
// covers: users added, removed or renamed, licenses and sync changed, numbers added, removed or
// (un)assigned, operations added and finished, grants and Enterprise Voice recorded.
import type { AssignedLicense, DirectoryUser, EnterpriseVoiceRecord, GrantRecord, GraphState, NumberOperation, NumberRecord, TeamsState } from "./types";

/** Finished number operations kept; beyond it the oldest are forgotten, as the service does eventually. */
export const KEPT_FINISHED_OPERATIONS = 500;

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One grant record per user and policy type, replaced in place in the partition's list. */
export class GrantBook {
  /** userId -> policy type (lower case) -> position in the partition's `grants`. */
  private readonly positions = new Map<string, Map<string, number>>();

  constructor(private readonly owner: { grants: GrantRecord[] }) {
    owner.grants.forEach((record, position) => {
      const type = record.policyType.toLowerCase();
      const existing = this.positionOf(record.userId, type);
      // A file from an older lab may repeat a user and type: the newest stamp counts.
      if (existing === undefined || (owner.grants[existing] as GrantRecord).stamp < record.stamp) this.setPosition(record.userId, type, position);
    });
  }

  /** Replaces the partition's record for the same user and policy type (only the newest matters). */
  record(record: GrantRecord): void {
    const type = record.policyType.toLowerCase();
    const position = this.positionOf(record.userId, type);
    if (position !== undefined) {
      this.owner.grants[position] = record;
      return;
    }
    this.owner.grants.push(record);
    this.setPosition(record.userId, type, this.owner.grants.length - 1);
  }

  of(userId: string): GrantRecord[] {
    const byType = this.positions.get(userId);
    if (!byType) return [];
    return [...byType.values()].map((position) => this.owner.grants[position] as GrantRecord);
  }

  private positionOf(userId: string, type: string): number | undefined {
    return this.positions.get(userId)?.get(type);
  }

  private setPosition(userId: string, type: string, position: number): void {
    let byType = this.positions.get(userId);
    if (!byType) {
      byType = new Map();
      this.positions.set(userId, byType);
    }
    byType.set(type, position);
  }
}

/** One Enterprise Voice record per user, replaced in place in the partition's list. */
export class VoiceBook {
  private readonly positions = new Map<string, number>();

  constructor(private readonly owner: { enterpriseVoice: EnterpriseVoiceRecord[] }) {
    owner.enterpriseVoice.forEach((record, position) => {
      const existing = this.positions.get(record.userId);
      if (existing === undefined || (owner.enterpriseVoice[existing] as EnterpriseVoiceRecord).stamp < record.stamp) this.positions.set(record.userId, position);
    });
  }

  record(record: EnterpriseVoiceRecord): void {
    const position = this.positions.get(record.userId);
    if (position !== undefined) {
      this.owner.enterpriseVoice[position] = record;
      return;
    }
    this.owner.enterpriseVoice.push(record);
    this.positions.set(record.userId, this.owner.enterpriseVoice.length - 1);
  }

  of(userId: string): EnterpriseVoiceRecord | undefined {
    const position = this.positions.get(userId);
    return position === undefined ? undefined : this.owner.enterpriseVoice[position];
  }
}

export class GraphIndex {
  private readonly usersById = new Map<string, DirectoryUser>();
  private readonly usersByUpn = new Map<string, DirectoryUser>();
  /** Ids in order, built when first asked for after users were added or removed. */
  private sortedIds: string[] | undefined;
  private readonly numbersByTelephone = new Map<string, NumberRecord>();
  private readonly numbersById = new Map<string, NumberRecord>();
  private readonly numbersByUser = new Map<string, Set<NumberRecord>>();
  private readonly operationsById = new Map<string, NumberOperation>();
  private readonly pending = new Set<NumberOperation>();
  private finishedOperations = 0;
  private readonly unitsInUse = new Map<string, number>();
  private syncedUsers = 0;
  readonly grants: GrantBook;
  readonly voice: VoiceBook;

  constructor(readonly graph: GraphState) {
    for (const user of graph.users) this.indexUser(user);
    for (const number of graph.numbers) this.indexNumber(number);
    for (const operation of graph.operations) this.indexOperation(operation);
    this.grants = new GrantBook(graph);
    this.voice = new VoiceBook(graph);
  }

  // -------------------------------------------------------------------------------------------
  // users

  /** By object id or user principal name, case-insensitive. */
  user(idOrUpn: string): DirectoryUser | undefined {
    const wanted = idOrUpn.toLowerCase();
    return this.usersById.get(wanted) ?? this.usersByUpn.get(wanted);
  }

  get userCount(): number {
    return this.usersById.size;
  }

  /** User ids in ascending order (the order of collections). */
  userIdsInOrder(): readonly string[] {
    this.sortedIds ??= [...this.usersById.keys()].sort(ordinal);
    return this.sortedIds;
  }

  addUser(user: DirectoryUser): void {
    this.graph.users.push(user);
    this.indexUser(user);
  }

  /** Removes users and releases their numbers; one pass over the list, whatever their number. */
  removeUsers(ids: ReadonlySet<string>): void {
    if (ids.size === 0) return;
    this.graph.users = this.graph.users.filter((user) => !ids.has(user.properties.id));
    for (const id of ids) {
      const user = this.usersById.get(id);
      if (!user) continue;
      this.usersById.delete(id);
      this.usersByUpn.delete(user.properties.userPrincipalName.toLowerCase());
      this.countLicenses(user.properties.assignedLicenses, -1);
      if (user.properties.onPremisesSyncEnabled === true) this.syncedUsers -= 1;
      for (const number of [...this.numbersOf(id)]) this.assign(number, null, null, "unassigned");
    }
    this.sortedIds = undefined;
  }

  /** Call after a user's userPrincipalName changed from `previous`. */
  renamed(user: DirectoryUser, previous: string): void {
    if (this.usersByUpn.get(previous.toLowerCase()) === user) this.usersByUpn.delete(previous.toLowerCase());
    this.usersByUpn.set(user.properties.userPrincipalName.toLowerCase(), user);
  }

  /** Call after a user's licenses changed from `previous`. */
  licensesChanged(previous: readonly AssignedLicense[], next: readonly AssignedLicense[]): void {
    this.countLicenses(previous, -1);
    this.countLicenses(next, 1);
  }

  /** Call after a user's onPremisesSyncEnabled changed. */
  syncChanged(previous: boolean | null, next: boolean | null): void {
    if (previous === true) this.syncedUsers -= 1;
    if (next === true) this.syncedUsers += 1;
  }

  /** Units of a SKU assigned to users. */
  unitsInUseOf(skuId: string): number {
    return this.unitsInUse.get(skuId) ?? 0;
  }

  get hasSyncedUsers(): boolean {
    return this.syncedUsers > 0;
  }

  private indexUser(user: DirectoryUser): void {
    this.usersById.set(user.properties.id, user);
    this.usersByUpn.set(user.properties.userPrincipalName.toLowerCase(), user);
    this.countLicenses(user.properties.assignedLicenses, 1);
    if (user.properties.onPremisesSyncEnabled === true) this.syncedUsers += 1;
    this.sortedIds = undefined;
  }

  private countLicenses(licenses: readonly AssignedLicense[], sign: 1 | -1): void {
    for (const license of licenses) this.unitsInUse.set(license.skuId, (this.unitsInUse.get(license.skuId) ?? 0) + sign);
  }

  // -------------------------------------------------------------------------------------------
  // numbers

  numberByTelephone(telephoneNumber: string): NumberRecord | undefined {
    return this.numbersByTelephone.get(telephoneNumber);
  }

  numberById(id: string): NumberRecord | undefined {
    return this.numbersById.get(id.toLowerCase());
  }

  /** The numbers assigned to a user, in inventory order of assignment. */
  numbersOf(userId: string): NumberRecord[] {
    return [...(this.numbersByUser.get(userId) ?? [])];
  }

  addNumber(number: NumberRecord): void {
    this.graph.numbers.push(number);
    this.indexNumber(number);
  }

  removeNumbers(telephoneNumbers: ReadonlySet<string>): void {
    if (telephoneNumbers.size === 0) return;
    this.graph.numbers = this.graph.numbers.filter((number) => !telephoneNumbers.has(number.telephoneNumber));
    for (const telephoneNumber of telephoneNumbers) {
      const number = this.numbersByTelephone.get(telephoneNumber);
      if (!number) continue;
      this.numbersByTelephone.delete(telephoneNumber);
      this.numbersById.delete(number.id.toLowerCase());
      if (number.assignmentTargetId !== null) this.numbersByUser.get(number.assignmentTargetId)?.delete(number);
    }
  }

  /** Assigns a number to a user (or releases it with null), keeping the index right. */
  assign(number: NumberRecord, userId: string | null, category: string | null, status: string): void {
    if (number.assignmentTargetId !== null) this.numbersByUser.get(number.assignmentTargetId)?.delete(number);
    number.assignmentTargetId = userId;
    number.assignmentCategory = category;
    number.assignmentStatus = status;
    if (userId !== null) this.userNumbers(userId).add(number);
  }

  private indexNumber(number: NumberRecord): void {
    this.numbersByTelephone.set(number.telephoneNumber, number);
    this.numbersById.set(number.id.toLowerCase(), number);
    if (number.assignmentTargetId !== null) this.userNumbers(number.assignmentTargetId).add(number);
  }

  private userNumbers(userId: string): Set<NumberRecord> {
    let numbers = this.numbersByUser.get(userId);
    if (!numbers) {
      numbers = new Set();
      this.numbersByUser.set(userId, numbers);
    }
    return numbers;
  }

  // -------------------------------------------------------------------------------------------
  // number operations

  operation(id: string): NumberOperation | undefined {
    return this.operationsById.get(id.toLowerCase());
  }

  /** Operations not finished yet. */
  pendingOperations(): NumberOperation[] {
    return [...this.pending];
  }

  /** Adds an operation; forgets the oldest finished ones beyond KEPT_FINISHED_OPERATIONS (in batches, so it stays cheap). */
  addOperation(operation: NumberOperation): void {
    this.graph.operations.push(operation);
    this.indexOperation(operation);
    if (this.finishedOperations > KEPT_FINISHED_OPERATIONS * 1.2) {
      let drop = this.finishedOperations - KEPT_FINISHED_OPERATIONS;
      this.graph.operations = this.graph.operations.filter((item) => {
        if (drop === 0 || !isFinished(item)) return true;
        drop -= 1;
        this.operationsById.delete(item.id.toLowerCase());
        return false;
      });
      this.finishedOperations = KEPT_FINISHED_OPERATIONS;
    }
  }

  /** Call after an operation reached succeeded or failed. */
  finished(operation: NumberOperation): void {
    if (this.pending.delete(operation)) this.finishedOperations += 1;
  }

  private indexOperation(operation: NumberOperation): void {
    this.operationsById.set(operation.id.toLowerCase(), operation);
    if (isFinished(operation)) this.finishedOperations += 1;
    else this.pending.add(operation);
  }
}

function isFinished(operation: NumberOperation): boolean {
  return operation.status === "succeeded" || operation.status === "failed";
}

export class TeamsIndex {
  readonly grants: GrantBook;
  readonly voice: VoiceBook;

  constructor(readonly teams: TeamsState) {
    this.grants = new GrantBook(teams);
    this.voice = new VoiceBook(teams);
  }
}
