// A Unified CM subscriber of a set: the end user, the line, the desk phone, Jabber, extension
// mobility, single number reach, IM and Presence, Conference Now and the credential policy on
// one cluster, and the voicemail box on Unity Connection. For each subscriber: observe every
// object by its name or key, decide what differs (cucm-objects.ts), act in dependency order,
// recording in `given` what ucflow made as it goes, so a failure or a killed run leaves a record
// (or marked objects) the next run takes up. Adds are never repeated blindly: a lost answer is
// followed by a read. Concurrency per cluster is the AXL client's (a few requests at once).
import {
  addDeviceProfile,
  addLine,
  addPhone,
  type DeviceProfileRecord,
  getDeviceProfile,
  getLine,
  getPhone,
  type LineRecord,
  type PhoneLine,
  type PhoneRecord,
  removeDeviceProfile,
  removeLine,
  removePhone,
  resetDevice,
  updateDeviceProfile,
  updateLine,
  updatePhone,
} from "../../backends/axl/devices";
import { type AxlClient } from "../../backends/axl/client";
import {
  addRemoteDestination,
  addRemoteDestinationProfile,
  getRemoteDestination,
  getRemoteDestinationProfile,
  type RemoteDestinationProfileRecord,
  type RemoteDestinationRecord,
  removeRemoteDestination,
  removeRemoteDestinationProfile,
  updateRemoteDestination,
  updateRemoteDestinationProfile,
} from "../../backends/axl/mobility";
import { addUser, getUser, getUserGroup, removeUser, updateUser, type User, type UserRecord } from "../../backends/axl/users";
import { isAxlFault, NOT_FOUND_AXLCODES } from "../../backends/axl/errors";
import { axlUuid } from "../../backends/axl/values";
import { type CupiClient } from "../../backends/cupi/client";
import type { CupiUser, CupiUserChanges } from "../../backends/cupi/types";
import { createUser as createMailbox, deleteUser as deleteMailbox, findUserByAlias, updateUser as updateMailbox } from "../../backends/cupi/users";
import { isAlreadyExistsError, isNotFoundError, isTransportError } from "../../core/errors";
import { cucmMark, cucmSubscriberNames } from "../../plan";
import { removalDecision } from "../../plan/adoption";
import { addOnce, MAX_SENDS_AFTER_LOST_ANSWERS, removeOnce, repeatable } from "../cucm/repeat-safe-writes";
import { type AxlClientSource, configureCucm, providerAxlClient } from "../cucm-session";
import { configureCupi, type CupiClientSource, providerCupiClient } from "../cupi-session";
import type { InputProblem } from "../input-validation";
import {
  accessControlGroupDrift,
  adoptedDeviceFixedFields,
  type AdoptedDevices,
  adoptedLineFixedFields,
  changedFields,
  chooseAdoptedDevices,
  cucmSetContext,
  DEFAULT_SIP_PROFILE,
  describeCucmDrift,
  DEVICE_FIXED_FIELDS,
  deskPhoneConfiguration,
  type DesiredCucmSubscriber,
  desiredCucmSubscriber,
  type DesiredMailbox,
  fieldDifferences,
  hasMark,
  needsReplacing,
  newUser,
  recordedAccessControlGroups,
  setFieldsFingerprint,
  standardSecurityProfile,
  subscriberSite,
  ucflowAccessControlGroups,
  unknownAccessControlGroupsMessage,
  USER_SERVICE_FIELDS,
  type UnmarkedAdded,
  unmarkedAddedOf,
  type UserServiceField,
  userServiceChanges,
  userServiceFields,
  userUpdate,
} from "./cucm-objects";
import { SubscriberFailure, type SubscriberPlatform } from "./platform";
import { CucmSubscriberEntry, type SubscriberSetInputs } from "./types";

/** An AXL object ucflow made (or adopted as its own), by uuid and name. */
export interface GivenDevice {
  readonly uuid: string;
  readonly name: string;
  /** The user's own device, adopted (the site adopts): kept on deprovisioning unless the site's onDelete is remove. */
  readonly adopted?: true;
  /** On an adopted object: the fields ucflow changed, as they were, put back when it is retained. */
  readonly before?: Readonly<Record<string, unknown>>;
}

/** What ucflow gave one Unified CM subscriber, as state keeps it (a few hundred bytes). */
export interface CucmGivenRecord {
  /** The end user's id on the cluster, as ucflow provisioned it. */
  readonly userid: string;
  /** The end user; `added`: ucflow added it (and deprovisioning removes it), else it was there (LDAP, by hand) and stays. */
  readonly user?: { readonly uuid: string; readonly added: boolean };
  /** On a user ucflow did not add: what its service fields were before ucflow changed them (null: unset), put back on deprovisioning. */
  readonly userBefore?: Readonly<Partial<Record<UserServiceField, string | boolean | null>>>;
  /** On such a user: its primary extension before ucflow's line (null: none). */
  readonly primaryExtensionBefore?: { readonly pattern: string; readonly routePartitionName: string } | null;
  /**
   * The access control groups ucflow put the user in (on a user it added: all it was made with),
   * never one the user was in before; ucflow takes away only these. Absent on a user ucflow added
   * before this was recorded: that user was made in Standard CCM End Users only.
   */
  readonly groupsAdded?: readonly string[];
  /** The line; `added: false` for the user's own line ucflow took up (kept on deprovisioning). */
  readonly line?: { readonly uuid: string; readonly pattern: string; readonly partition: string; readonly added: boolean; readonly before?: Readonly<Record<string, unknown>> };
  readonly deskPhone?: GivenDevice;
  readonly jabber?: GivenDevice;
  readonly deviceProfile?: GivenDevice;
  readonly rdp?: GivenDevice;
  readonly remoteDestination?: { readonly uuid: string; readonly destination: string };
  /** The Unity Connection mailbox; `added: false` for one that was there (kept on deprovisioning). */
  readonly mailbox?: { readonly objectId: string; readonly server: string; readonly added: boolean };
  /** The desk phone configuration last applied to the phone (a fingerprint): another one means a reset. */
  readonly deskPhoneConfiguration?: string;
  /** The set fields the objects were made with (voicemail, EM service, presence group). */
  readonly setFields?: string;
  /** When ucflow last wrote to the subscriber (ISO 8601). */
  readonly appliedAt?: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Unified CM userids: letters, digits and . _ - @ (at most 128), as the planner makes them. */
const USERID = /^[A-Za-z0-9._@-]{1,128}$/;
const EXTENSION = /^[0-9]{1,24}$/;

// ---------------------------------------------------------------------------------------------
// calls that are safe to repeat

/** The result, or undefined when the object does not exist. */
async function found<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (isNotFoundError(error)) return undefined;
    throw error;
  }
}

/**
 * An addUser or updateUser that puts the user in `groups`: when the cluster answers that
 * something the request names was not found (5007, which does not say what), the groups are
 * looked up and the unknown ones named. No reads on the way that works.
 */
async function joining<T>(axl: AxlClient, set: SubscriberSetInputs, desired: DesiredCucmSubscriber, groups: readonly string[], call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    // On an add the fault is not a not-found error (the object added is not what was missing).
    const unknownReference = isNotFoundError(error) || (isAxlFault(error) && error.axlcode !== undefined && NOT_FOUND_AXLCODES.has(error.axlcode));
    if (groups.length === 0 || !unknownReference) throw error;
    const known = await Promise.all(groups.map((name) => found(getUserGroup(axl, { name }))));
    const unknown = groups.filter((_, i) => known[i] === undefined);
    if (unknown.length === 0) throw error;
    throw new Error(unknownAccessControlGroupsMessage(desired.userid, set.cluster ?? "", desired.role, unknown), { cause: error });
  }
}

function sameUuid(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  try {
    return axlUuid(a) === axlUuid(b);
  } catch {
    return false;
  }
}

/** The observed values of `fields`, as an update puts them back (absent: empty). */
function beforeOf(observed: object, fields: readonly string[]): Record<string, unknown> {
  const record = observed as Record<string, unknown>;
  return Object.fromEntries(fields.map((field) => [field, record[field] ?? ""]));
}

/** What was there before ucflow first changed an adopted object: the first value of each field wins. */
function mergedBefore(previous: Readonly<Record<string, unknown>> | undefined, changes: object, observed: object): Record<string, unknown> | undefined {
  const fields = Object.keys(changes).filter((field) => previous?.[field] === undefined);
  if (fields.length === 0) return previous === undefined ? undefined : { ...previous };
  return { ...(previous ?? {}), ...beforeOf(observed, fields) };
}

const ADOPTABLE_SLOTS = ["deskPhone", "jabber"] as const;

/**
 * The devices the user controls that are ucflow's to put on or take off: under ucflow's names; at
 * an adopting site only those ucflow holds (made or adopted) or wants, so a device of the user's
 * that happens to have ucflow's name (their own `<userid>-RDP`) stays on the user.
 */
function ucflowDevicesOf(desired: DesiredCucmSubscriber, held: Pick<CucmGivenRecord, "deskPhone" | "jabber" | "rdp"> | undefined): string[] {
  const names = [desired.names.deskPhone, desired.names.jabber, desired.names.remoteDestinationProfile];
  if (desired.adoption.existing !== "adopt") return names;
  const mine = new Set([...desired.devices, ...[held?.deskPhone, held?.jabber, held?.rdp].flatMap((d) => (d ? [d.name] : []))].map((n) => n.toLowerCase()));
  return names.filter((name) => mine.has(name.toLowerCase()));
}

/**
 * The user's own phones ucflow adopts (the site adopts), slot by slot: what state records as
 * adopted; for a slot with no record, the one chooseAdoptedDevices picks among the phones the user
 * controls, unless the user already controls ucflow's own.
 */
async function adoptedDevices(axl: AxlClient, desired: DesiredCucmSubscriber, given: CucmGivenRecord | undefined): Promise<AdoptedDevices> {
  // An adopted phone removed by hand since is not made again under its name: the slot gets ucflow's own.
  const still = await Promise.all(
    ADOPTABLE_SLOTS.map(async (slot): Promise<[string, PhoneRecord | undefined]> => [slot, given?.[slot]?.adopted && desired[slot] !== undefined ? await found(getPhone(axl, { uuid: given[slot]!.uuid })) : undefined]),
  );
  const recorded = Object.fromEntries(still.flatMap(([slot, phone]) => (phone ? [[slot, phone.name]] : []))) as AdoptedDevices;
  if (desired.adoption.existing !== "adopt") return recorded;
  const open = ADOPTABLE_SLOTS.filter((slot) => given?.[slot] === undefined && desired[slot] !== undefined);
  if (open.length === 0) return recorded;
  const user = await found(getUser(axl, { userid: desired.userid }));
  const controlled = user?.associatedDevices ?? [];
  const ucflows = new Set(ADOPTABLE_SLOTS.map((slot) => desired.names[slot].toLowerCase()));
  if (controlled.length === 0) return recorded;
  const phones = await Promise.all(controlled.filter((name) => !ucflows.has(name.toLowerCase())).map((name) => found(getPhone(axl, { name }))));
  const candidates = phones.filter((p): p is PhoneRecord => p !== undefined).map((p) => ({ name: p.name, ...(p.product ? { product: p.product } : {}), ...(p.class ? { class: p.class } : {}), ...(p.ownerUserName ? { ownerUserName: p.ownerUserName } : {}) }));
  const chosen = chooseAdoptedDevices(desired.userid, candidates, {
    deskPhone: open.includes("deskPhone") && !controlled.some((d) => d.toLowerCase() === desired.names.deskPhone.toLowerCase()),
    jabber: open.includes("jabber") && !controlled.some((d) => d.toLowerCase() === desired.names.jabber.toLowerCase()),
  });
  return { ...chosen, ...recorded };
}

// ---------------------------------------------------------------------------------------------
// observing

/** One subscriber's objects as the cluster and Unity Connection hold them now. */
interface Observed {
  readonly user?: UserRecord;
  /** The line of the desired extension in the customer's partition. */
  readonly line?: LineRecord;
  /** The line ucflow gave before, when it is another one (the extension changed). */
  readonly previousLine?: LineRecord;
  readonly deskPhone?: PhoneRecord;
  readonly jabber?: PhoneRecord;
  readonly deviceProfile?: DeviceProfileRecord;
  readonly rdp?: RemoteDestinationProfileRecord;
  /** The remote destination ucflow gave, else the one with the desired number. */
  readonly remoteDestination?: RemoteDestinationRecord;
  readonly mailbox?: CupiUser;
}

interface Clients {
  readonly axl: AxlClient;
  readonly cupi: (server: string) => CupiClient;
}

async function observe(clients: Clients, desired: DesiredCucmSubscriber, given: CucmGivenRecord | undefined, mailboxServer: string | undefined): Promise<Observed> {
  const { axl } = clients;
  const names = desired.names;
  const previous = given?.line && !(given.line.pattern === desired.line.pattern && given.line.partition === desired.line.routePartitionName) ? given.line : undefined;
  const destination = desired.remoteDestination?.destination;
  const [user, line, previousLine, deskPhone, jabber, deviceProfile, rdp, givenDestination, wantedDestination, mailbox] = await Promise.all([
    found(getUser(axl, { userid: desired.userid })),
    found(getLine(axl, { pattern: desired.line.pattern, routePartitionName: desired.line.routePartitionName })),
    previous ? found(getLine(axl, { uuid: previous.uuid })) : undefined,
    found(getPhone(axl, { name: names.deskPhone })),
    found(getPhone(axl, { name: names.jabber })),
    found(getDeviceProfile(axl, { name: names.deviceProfile })),
    found(getRemoteDestinationProfile(axl, { name: names.remoteDestinationProfile })),
    given?.remoteDestination ? found(getRemoteDestination(axl, { uuid: given.remoteDestination.uuid })) : undefined,
    destination !== undefined && destination !== given?.remoteDestination?.destination ? found(getRemoteDestination(axl, { destination })) : undefined,
    mailboxServer !== undefined ? findUserByAlias(clients.cupi(mailboxServer), desired.userid) : undefined,
  ]);
  return {
    ...(user ? { user } : {}),
    ...(line ? { line } : {}),
    ...(previousLine ? { previousLine } : {}),
    ...(deskPhone ? { deskPhone } : {}),
    ...(jabber ? { jabber } : {}),
    ...(deviceProfile ? { deviceProfile } : {}),
    ...(rdp ? { rdp } : {}),
    ...(givenDestination ?? wantedDestination ? { remoteDestination: (givenDestination ?? wantedDestination)! } : {}),
    ...(mailbox ? { mailbox } : {}),
  };
}

/** Whether a device on the cluster is this subscriber's: the one ucflow recorded, or one marked for it (left by a killed run). */
function ownDevice(observed: { readonly uuid: string; readonly description?: string } | undefined, given: GivenDevice | undefined, mark: string): boolean {
  return observed !== undefined && (sameUuid(observed.uuid, given?.uuid) || hasMark(observed.description, mark));
}

/** Whether the line is this subscriber's: recorded, marked, or the end user's own primary extension. */
function lineOwnership(line: LineRecord | undefined, given: CucmGivenRecord | undefined, mark: string, user: UserRecord | undefined): "absent" | "ucflow" | "user" | "foreign" {
  if (!line) return "absent";
  if (sameUuid(line.uuid, given?.line?.uuid)) return given!.line!.added ? "ucflow" : "user";
  if (hasMark(line.description, mark)) return "ucflow";
  const primary = user?.primaryExtension;
  if (primary && primary.pattern === line.pattern && (primary.routePartitionName ?? "") === (line.routePartitionName ?? "")) return "user";
  return "foreign";
}

/** Whether a remote destination is this subscriber's: recorded, or on the subscriber's own remote destination profile. */
function ownDestination(observed: RemoteDestinationRecord | undefined, given: CucmGivenRecord | undefined, rdpName: string, rdpIsOurs: boolean): boolean {
  if (!observed) return false;
  return sameUuid(observed.uuid, given?.remoteDestination?.uuid) || (rdpIsOurs && observed.remoteDestinationProfileName?.toLowerCase() === rdpName.toLowerCase());
}

/** Why ucflow will not touch an object that has the subscriber's name or number but is someone else's. */
function refusal(what: string, mark: string, fix: string): Error {
  return new Error(`${what} is on the cluster and is not ucflow's (its description does not end with ${mark}); ucflow never takes over another's object: ${fix}`);
}

// ---------------------------------------------------------------------------------------------
// converging

/** The cluster's clients for one set. */
function clientsOf(set: SubscriberSetInputs, axlSource: AxlClientSource, cupiSource: CupiClientSource): Clients {
  return { axl: axlSource(set.cluster ?? ""), cupi: cupiSource };
}

/** Brings one subscriber to its entry; returns what ucflow has given it. Throws SubscriberFailure with what was given so far. */
export async function convergeCucmSubscriber(clients: Clients, set: SubscriberSetInputs, subscriberId: string, entry: CucmSubscriberEntry, stateGiven: CucmGivenRecord | undefined): Promise<CucmGivenRecord> {
  let given = stateGiven;
  // A new userid (the directory's changed): what ucflow gave under the old one is taken back first.
  if (given && given.userid.toLowerCase() !== entry.userid.toLowerCase()) {
    await removeCucmSubscriber(clients, set, subscriberId, undefined, given);
    given = undefined;
  }
  const context = cucmSetContext(set);
  const adopted = await adoptedDevices(clients.axl, desiredCucmSubscriber(context, subscriberId, entry), given).catch((error: unknown) => {
    throw new SubscriberFailure(error, stateGiven);
  });
  let desired = desiredCucmSubscriber(context, subscriberId, entry, adopted);
  const adopting = desired.adoption.existing === "adopt";
  const g: Mutable<CucmGivenRecord> = { ...(given ?? {}), userid: entry.userid };
  const snapshot = (): CucmGivenRecord => JSON.parse(JSON.stringify(g)) as CucmGivenRecord;
  const { axl } = clients;
  let wrote = false;
  /** The desk phone or its line was updated in this run. */
  let deskPhoneChanged = false;
  const write = async (call: () => Promise<void>) => {
    await repeatable(call);
    wrote = true;
  };
  try {
    const seen = await observe(clients, desired, given, desired.mailbox?.server ?? given?.mailbox?.server);
    const mark = desired.mark;

    // Refusals first: nothing is written for a subscriber whose objects someone else holds.
    const lineOwner = lineOwnership(seen.line, given, mark, seen.user);
    if (lineOwner === "foreign") {
      throw new Error(
        `line ${desired.line.pattern} in ${desired.line.routePartitionName} is on the cluster and is not ${entry.userid}'s (not ucflow's, not the user's primary extension); ucflow never takes over another's line: ` +
          "free it, or let the plan give the subscriber another extension",
      );
    }
    const slots = [
      ["deskPhone", "desk phone", desired.deskPhone, seen.deskPhone],
      ["jabber", "Jabber device", desired.jabber, seen.jabber],
      ["deviceProfile", "extension mobility profile", desired.deviceProfile, seen.deviceProfile],
      ["rdp", "remote destination profile", desired.rdp, seen.rdp],
    ] as const;
    // Adopted: the user's own phone chosen for the slot, what state records as adopted, or (the
    // site adopts, the profile gives it) what is under ucflow's name and not ucflow's, e.g. an
    // existing `<userid>-RDP`. One the profile does not give is never taken: it is not ucflow's to remove.
    const adoptedSlots = new Set(
      slots
        .filter(([slot, , want, observed]) => {
          if (observed === undefined) return false;
          if (slot in desired.adopted || (given?.[slot]?.adopted === true && sameUuid(given[slot]!.uuid, observed.uuid))) return true;
          return adopting && want !== undefined && !ownDevice(observed, given?.[slot], mark);
        })
        .map(([slot]) => slot),
    );
    const isAdopted = (slot: DeviceSlot) => adoptedSlots.has(slot);
    const ours = Object.fromEntries(slots.map(([slot, , , observed]) => [slot, ownDevice(observed, given?.[slot], mark) || isAdopted(slot)])) as Record<(typeof slots)[number][0], boolean>;
    for (const [slot, what, want, observed] of slots) {
      if (want && observed && !ours[slot]) throw refusal(`${what} ${want.name}`, mark, `remove or rename it, or add ${mark} at the end of its description to let ucflow manage it`);
    }
    const destinationOurs = ownDestination(seen.remoteDestination, given, desired.names.remoteDestinationProfile, ours.rdp);
    if (desired.remoteDestination && seen.remoteDestination && !destinationOurs) {
      throw new Error(`remote destination ${desired.remoteDestination.destination} is on the cluster and is not ucflow's (not on ${desired.names.remoteDestinationProfile}); a number can be one remote destination only: remove it, or correct the user's mobile number`);
    }

    // What ucflow adds, or added before, that has no mark of its own (the end user, the
    // mailbox): recorded on the line before they are added, read from it when state has no
    // record (a run killed before the engine saved its state).
    const lineRecord = lineOwner === "ucflow" ? unmarkedAddedOf(seen.line!.description, mark) : {};
    const userAdded = !seen.user || (given?.user ? given.user.added && sameUuid(given.user.uuid, seen.user.uuid) : lineRecord.user === true);
    const mailboxAdded = seen.mailbox
      ? given?.mailbox ? given.mailbox.added && given.mailbox.objectId === seen.mailbox.ObjectId : lineRecord.mailbox === true
      : desired.mailbox !== undefined;
    desired = desiredCucmSubscriber(context, subscriberId, entry, adopted, { user: userAdded, mailbox: mailboxAdded });
    /** The line's description as it is on the cluster now (or undefined: not ucflow's to describe). */
    let lineDescription: string | undefined;

    // The line.
    if (lineOwner === "absent") {
      const uuid = await addOnce(
        () => addLine(axl, desired.line),
        () => found(getLine(axl, { pattern: desired.line.pattern, routePartitionName: desired.line.routePartitionName })),
        (line) => hasMark(line.description, mark),
      );
      g.line = { uuid, pattern: desired.line.pattern, partition: desired.line.routePartitionName, added: true };
      lineDescription = desired.line.description;
      wrote = true;
    } else {
      const line = seen.line!;
      // The user's own line at an adopting site keeps its description; what ucflow changes is recorded to put back.
      const keepsOwn = adopting && lineOwner === "user";
      const changes = changedFields(desired.line, line, ["pattern", "routePartitionName", "usage", ...(keepsOwn ? adoptedLineFixedFields(desired.line, line) : [])]);
      const before = keepsOwn ? mergedBefore(given?.line?.before, changes, line) : undefined;
      g.line = { uuid: line.uuid, pattern: desired.line.pattern, partition: desired.line.routePartitionName, added: lineOwner === "ucflow", ...(before ? { before } : {}) };
      if (!keepsOwn) lineDescription = line.description;
      if (Object.keys(changes).length > 0) {
        await write(() => updateLine(axl, { uuid: line.uuid }, changes));
        if (!keepsOwn) lineDescription = desired.line.description;
        // Only the description (what ucflow added): nothing the phone shows.
        if (Object.keys(changes).some((field) => field !== "description")) deskPhoneChanged = true;
      }
    }

    // The end user, after the line that records it as ucflow's.
    let user = seen.user;
    if (!user) {
      let uuid: string;
      try {
        uuid = await joining(axl, set, desired, desired.accessControlGroups, () => addOnce(() => addUser(axl, newUser(desired)), () => found(getUser(axl, { userid: desired.userid })), () => true));
      } catch (error) {
        // Refused (a group the cluster lacks, ...): the line this run added for the user goes again, so nothing is left.
        if (lineOwner === "absent" && g.line && !isTransportError(error)) {
          await removeOnce(() => removeLine(axl, { uuid: g.line!.uuid }));
          delete g.line;
        }
        throw error;
      }
      g.user = { uuid, added: true };
      g.groupsAdded = [...desired.accessControlGroups];
      wrote = true;
      user = await getUser(axl, { userid: desired.userid });
    } else {
      // Another user under the userid than the one recorded (removed and made again by hand): the groups it is in are its own.
      if (g.user && !sameUuid(g.user.uuid, user.uuid)) delete g.groupsAdded;
      g.user = { uuid: user.uuid, added: userAdded };
      // A user a killed run added: made with the groups it is in now.
      if (userAdded && given?.user === undefined) g.groupsAdded = [...desired.accessControlGroups];
    }

    // A remote destination no longer wanted goes before its profile and the user's mobility.
    if (!desired.remoteDestination && seen.remoteDestination && destinationOurs) {
      // On an adopted remote destination profile the destination was there too: it stays with it.
      if (!(given?.rdp?.adopted && removalDecision(given.rdp, desired.adoption) === "retain")) await removeOnce(() => removeRemoteDestination(axl, { uuid: seen.remoteDestination!.uuid }));
      delete g.remoteDestination;
      wrote = true;
    }

    // Devices: added, replaced (another model), or updated.
    const phoneExisted = seen.deskPhone !== undefined && ours.deskPhone;
    let phoneReplaced = false;
    let replacedOther = false;
    for (const [slot, , want, observed] of slots) {
      if (!want) continue;
      const mine = observed !== undefined && ours[slot];
      const add = (): Promise<string> =>
        addOnce(
          () => (slot === "deviceProfile" ? addDeviceProfile(axl, want as NonNullable<DesiredCucmSubscriber["deviceProfile"]>) : slot === "rdp" ? addRemoteDestinationProfile(axl, want as NonNullable<DesiredCucmSubscriber["rdp"]>) : addPhone(axl, want as NonNullable<DesiredCucmSubscriber["deskPhone"]>)),
          () => found(readDevice(axl, slot, want.name)),
          (record) => hasMark(record.description, mark),
        );
      if (!mine) {
        g[slot] = { uuid: await add(), name: want.name };
        wrote = true;
        continue;
      }
      const current = observed!;
      if (isAdopted(slot)) {
        // The user's own device keeps its model, templates and description.
        const changes = changedFields(want, current, adoptedDeviceFixedFields(want, current as { lines?: readonly PhoneLine[] }));
        const before = mergedBefore(given?.[slot]?.before, changes, current);
        g[slot] = { uuid: current.uuid, name: want.name, adopted: true, ...(before ? { before } : {}) };
        if (Object.keys(changes).length > 0) {
          await write(() => updateDevice(axl, slot, current.uuid, changes));
          if (slot === "deskPhone") deskPhoneChanged = true;
        }
        continue;
      }
      if ("product" in want && needsReplacing(want as { product: string; protocol: string }, current as { product?: string; protocol?: string })) {
        await removeOnce(() => removeDevice(axl, slot, current.uuid));
        g[slot] = { uuid: await add(), name: want.name };
        if (slot === "deskPhone") phoneReplaced = true;
        else replacedOther = true;
        wrote = true;
        continue;
      }
      g[slot] = { uuid: current.uuid, name: want.name };
      const changes = changedFields(want, current, [...DEVICE_FIXED_FIELDS]);
      if (Object.keys(changes).length > 0) {
        await write(() => updateDevice(axl, slot, current.uuid, changes));
        if (slot === "deskPhone") deskPhoneChanged = true;
      }
    }

    // The user: identity (unless LDAP owns it), services, devices, profiles, primary extension, groups.
    // A device replaced above left the user's controlled devices with it: read the user again.
    if (phoneReplaced || replacedOther) user = await getUser(axl, { uuid: g.user.uuid });
    const ldap = user.ldapDirectoryName !== undefined;
    const heldGroups = ucflowAccessControlGroups(g);
    const update = userUpdate(desired, user, {
      // An end user that was there, at an adopting site, keeps its identity (names, mail, telephone number).
      pushIdentity: !ldap && !(adopting && !g.user.added),
      ucflowDevices: ucflowDevicesOf(desired, g),
      ucflowProfiles: [desired.names.deviceProfile],
      ucflowGroups: heldGroups,
      recordBefore: !g.user.added,
    });
    if (!g.user.added) {
      g.userBefore = { ...update.before, ...(g.userBefore ?? {}) };
      if (g.primaryExtensionBefore === undefined && update.changes.primaryExtension) {
        const before = user.primaryExtension;
        g.primaryExtensionBefore = before?.pattern ? { pattern: before.pattern, routePartitionName: before.routePartitionName ?? "" } : null;
      }
    }
    // Groups added are recorded before the write (a lost answer leaves them ucflow's; a refused
    // write, which changed nothing, does not), groups taken away after it (a failed write leaves
    // them ucflow's to take away next time).
    const recorded = g.groupsAdded;
    if (update.groupsAdded.length > 0) g.groupsAdded = recordedAccessControlGroups(heldGroups, { groupsAdded: update.groupsAdded, groupsRemoved: [] });
    if (Object.keys(update.changes).length > 0) {
      try {
        await joining(axl, set, desired, update.groupsAdded, () => write(() => updateUser(axl, { uuid: g.user!.uuid }, update.changes)));
      } catch (error) {
        if (!isTransportError(error)) {
          if (recorded === undefined) delete g.groupsAdded;
          else g.groupsAdded = recorded;
        }
        throw error;
      }
    }
    if (update.groupsRemoved.length > 0) g.groupsAdded = recordedAccessControlGroups(heldGroups, update);

    // The remote destination (the user has mobility now).
    if (desired.remoteDestination) {
      const want = desired.remoteDestination;
      const current = destinationOurs ? seen.remoteDestination : undefined;
      if (!current) {
        const uuid = await addOnce(
          () => addRemoteDestination(axl, want),
          () => found(getRemoteDestination(axl, { destination: want.destination })),
          (record) => record.remoteDestinationProfileName?.toLowerCase() === want.remoteDestinationProfileName?.toLowerCase(),
        );
        g.remoteDestination = { uuid, destination: want.destination };
        wrote = true;
      } else {
        const { destination, name, ...rest } = want;
        const changes: Record<string, unknown> = changedFields(rest, current);
        if (current.destination !== destination) changes.newDestination = destination;
        if (name !== undefined && current.name !== name) changes.newName = name;
        if (Object.keys(changes).length > 0) await write(() => updateRemoteDestination(axl, { uuid: current.uuid }, changes));
        g.remoteDestination = { uuid: current.uuid, destination };
      }
    }

    // The mailbox.
    if (desired.mailbox) {
      const want = desired.mailbox;
      const cupi = clients.cupi(want.server);
      const current = seen.mailbox;
      if (!current) {
        const created = await createOnce(cupi, want);
        g.mailbox = { objectId: created.ObjectId, server: want.server, added: created.added };
        wrote = true;
      } else {
        g.mailbox = { objectId: current.ObjectId, server: want.server, added: mailboxAdded };
        const changes = mailboxChanges(want, current);
        if (Object.keys(changes).length > 0) await write(() => updateMailbox(cupi, current.ObjectId, changes));
      }
    } else if (given?.mailbox && seen.mailbox && seen.mailbox.ObjectId === given.mailbox.objectId) {
      if (given.mailbox.added) await removeOnce(() => deleteMailbox(clients.cupi(given!.mailbox!.server), given!.mailbox!.objectId));
      delete g.mailbox;
      wrote = true;
    }

    // Devices no longer wanted.
    for (const [slot, , want, observed] of [...slots].reverse()) {
      if (want || !observed || !ours[slot]) continue;
      const record = given?.[slot];
      if (record?.adopted && removalDecision(record, desired.adoption) === "retain") {
        await giveBack(axl, slot, observed.uuid, record);
        delete g[slot];
        wrote = true;
        continue;
      }
      await removeOnce(() => removeDevice(axl, slot, observed.uuid));
      delete g[slot];
      wrote = true;
    }

    // The old line, once nothing points at it (a changed extension).
    if (seen.previousLine && given?.line?.added) {
      await removeOnce(() => removeLine(axl, { uuid: seen.previousLine!.uuid }));
      wrote = true;
    }

    // The desk phone reads its configuration again (a reset) when this run changed it or its
    // line, or when what was recorded as applied is not what is wanted now (a run that changed
    // it failed before the reset). A phone just added, or replaced, has nothing to re-read.
    const configuration = deskPhoneConfiguration(desired);
    if (configuration === undefined) delete g.deskPhoneConfiguration;
    else {
      const stale = g.deskPhoneConfiguration !== undefined && g.deskPhoneConfiguration !== configuration;
      if (phoneExisted && !phoneReplaced && (deskPhoneChanged || stale)) await write(() => resetDevice(axl, desired.names.deskPhone));
      g.deskPhoneConfiguration = configuration;
    }

    // The line's record of what ucflow added, as it ends up (a mailbox removed, or one that was someone else's).
    const finalAdded: UnmarkedAdded = { user: g.user.added, mailbox: g.mailbox?.added === true };
    const finalDescription = desiredCucmSubscriber(context, subscriberId, entry, adopted, finalAdded).line.description;
    if (lineDescription !== undefined && finalDescription !== undefined && lineDescription !== finalDescription) await write(() => updateLine(axl, { uuid: g.line!.uuid }, { description: finalDescription }));

    g.setFields = setFieldsFingerprint(context);
    if (wrote || !g.appliedAt) g.appliedAt = new Date().toISOString();
    if (desired.singleNumberReachWithoutMobile) {
      throw new Error(`single number reach needs the user's mobile number, and the directory has none for ${entry.userid}; everything else was applied (give the user a mobile number, or a profile without single number reach)`);
    }
    return snapshot();
  } catch (error) {
    throw new SubscriberFailure(error, g.user || g.line ? snapshot() : stateGiven);
  }
}

type DeviceSlot = "deskPhone" | "jabber" | "deviceProfile" | "rdp";

function readDevice(axl: AxlClient, slot: DeviceSlot, name: string): Promise<{ readonly uuid: string; readonly description?: string }> {
  if (slot === "deviceProfile") return getDeviceProfile(axl, { name });
  if (slot === "rdp") return getRemoteDestinationProfile(axl, { name });
  return getPhone(axl, { name });
}

/** An adopted device ucflow lets go of: the fields it changed put back as they were. */
async function giveBack(axl: AxlClient, slot: DeviceSlot, uuid: string, record: GivenDevice): Promise<void> {
  if (record.before && Object.keys(record.before).length > 0) await repeatable(() => updateDevice(axl, slot, uuid, { ...record.before }));
}

function updateDevice(axl: AxlClient, slot: DeviceSlot, uuid: string, changes: Record<string, unknown>): Promise<void> {
  if (slot === "deviceProfile") return updateDeviceProfile(axl, { uuid }, changes);
  if (slot === "rdp") return updateRemoteDestinationProfile(axl, { uuid }, changes);
  return updatePhone(axl, { uuid }, changes);
}

function removeDevice(axl: AxlClient, slot: DeviceSlot, uuid: string): Promise<void> {
  if (slot === "deviceProfile") return removeDeviceProfile(axl, { uuid });
  if (slot === "rdp") return removeRemoteDestinationProfile(axl, { uuid });
  return removePhone(axl, { uuid });
}

/**
 * Creates the mailbox; a lost answer or a taken alias is followed by a look-up by alias, and a
 * create lost before it reached Unity Connection (the look-up finds nothing) is sent again, up to
 * MAX_SENDS_AFTER_LOST_ANSWERS sends in all.
 */
async function createOnce(cupi: CupiClient, want: DesiredMailbox): Promise<{ readonly ObjectId: string; readonly added: boolean }> {
  const create = async (): Promise<string> =>
    (
      await createMailbox(cupi, {
        templateAlias: want.template,
        Alias: want.alias,
        DtmfAccessId: want.extension,
        ...(want.firstName ? { FirstName: want.firstName } : {}),
        LastName: want.lastName,
        ...(want.displayName ? { DisplayName: want.displayName } : {}),
        ...(want.mail ? { EmailAddress: want.mail } : {}),
      })
    ).ObjectId;
  for (let sent = 1; ; sent++) {
    try {
      return { ObjectId: await create(), added: true };
    } catch (error) {
      if (!isAlreadyExistsError(error) && !isTransportError(error)) throw error;
      const existing = await findUserByAlias(cupi, want.alias);
      // Lost answer: ucflow's own; a conflict: someone else's mailbox with the alias, adopted and kept.
      if (existing) return { ObjectId: existing.ObjectId, added: isTransportError(error) };
      if (!isTransportError(error) || sent >= MAX_SENDS_AFTER_LOST_ANSWERS) throw error;
    }
  }
}

function mailboxChanges(want: DesiredMailbox, current: CupiUser): CupiUserChanges {
  const changes: Mutable<CupiUserChanges> = {};
  if (current.DtmfAccessId !== want.extension) changes.DtmfAccessId = want.extension;
  if (want.firstName !== undefined && current.FirstName !== want.firstName) changes.FirstName = want.firstName;
  if (current.LastName !== want.lastName) changes.LastName = want.lastName;
  if (want.displayName !== undefined && current.DisplayName !== want.displayName) changes.DisplayName = want.displayName;
  if (want.mail !== undefined && current.EmailAddress !== want.mail) changes.EmailAddress = want.mail;
  return changes;
}

// ---------------------------------------------------------------------------------------------
// deprovisioning

/**
 * Takes back what ucflow gave: the mailbox and the objects it made (recorded, or marked for this
 * subscriber), the line it added, and the end user if ucflow added it; a user that was there is
 * kept, with its service fields and groups put back as they were. Throws SubscriberFailure.
 */
export async function removeCucmSubscriber(clients: Clients, set: SubscriberSetInputs, subscriberId: string, entry: CucmSubscriberEntry | undefined, given: CucmGivenRecord | undefined): Promise<void> {
  const userid = given?.userid ?? entry?.userid;
  if (userid === undefined) return;
  const { axl } = clients;
  const context = cucmSetContext(set);
  const adopted = Object.fromEntries(ADOPTABLE_SLOTS.flatMap((slot) => (given?.[slot]?.adopted ? [[slot, given[slot]!.name]] : []))) as AdoptedDevices;
  const names = { ...cucmSubscriberNames(set.customer, userid, subscriberId), ...adopted };
  // Without the entry (the subscriber left the set) adopted objects are retained: the default, and the safe side.
  const adoption = subscriberSite(context, entry?.site ?? "").adoption;
  const mark = cucmMark(set.customer, { userid });
  const left: Mutable<CucmGivenRecord> = { ...(given ?? {}), userid };
  try {
    const partition = context.linePartition;
    const lineKey = given?.line ? { uuid: given.line.uuid } : entry ? { pattern: entry.extension, routePartitionName: partition } : undefined;
    const server = given?.mailbox?.server;
    const [user, line, deskPhone, jabber, deviceProfile, rdp, destination, mailbox] = await Promise.all([
      found(getUser(axl, { userid })),
      lineKey ? found(getLine(axl, lineKey)) : undefined,
      found(getPhone(axl, { name: names.deskPhone })),
      found(getPhone(axl, { name: names.jabber })),
      found(getDeviceProfile(axl, { name: names.deviceProfile })),
      found(getRemoteDestinationProfile(axl, { name: names.remoteDestinationProfile })),
      given?.remoteDestination ? found(getRemoteDestination(axl, { uuid: given.remoteDestination.uuid })) : entry?.mobile ? found(getRemoteDestination(axl, { destination: entry.mobile })) : undefined,
      server ? findUserByAlias(clients.cupi(server), userid) : undefined,
    ]);
    if (mailbox && given?.mailbox && mailbox.ObjectId === given.mailbox.objectId && given.mailbox.added) {
      await removeOnce(() => deleteMailbox(clients.cupi(server!), mailbox.ObjectId));
    }
    delete left.mailbox;
    const rdpOurs = ownDevice(rdp, given?.rdp, mark);
    const destinationKept = given?.rdp?.adopted === true && removalDecision(given.rdp, adoption) === "retain";
    if (!destinationKept && ownDestination(destination, given, names.remoteDestinationProfile, rdpOurs)) await removeOnce(() => removeRemoteDestination(axl, { uuid: destination!.uuid }));
    delete left.remoteDestination;
    for (const [slot, observed] of [["rdp", rdp], ["deviceProfile", deviceProfile], ["jabber", jabber], ["deskPhone", deskPhone]] as const) {
      const record = given?.[slot];
      if (record?.adopted) {
        if (observed && sameUuid(observed.uuid, record.uuid)) {
          if (removalDecision(record, adoption) === "retain") await giveBack(axl, slot, observed.uuid, record);
          else await removeOnce(() => removeDevice(axl, slot, observed.uuid));
        }
      } else if (ownDevice(observed, record, mark)) await removeOnce(() => removeDevice(axl, slot, observed!.uuid));
      delete left[slot];
    }
    const owner = lineOwnership(line, given, mark, user);
    if (line && owner === "ucflow") await removeOnce(() => removeLine(axl, { uuid: line.uuid }));
    if (line && owner === "user" && given?.line?.before && Object.keys(given.line.before).length > 0) await repeatable(() => updateLine(axl, { uuid: line.uuid }, { ...given.line!.before }));
    delete left.line;
    if (user) {
      const added = given?.user?.added === true && sameUuid(given.user.uuid, user.uuid);
      if (added) await removeOnce(() => removeUser(axl, { uuid: user.uuid }));
      else await restoreUser(axl, await getUser(axl, { uuid: user.uuid }), given);
    }
  } catch (error) {
    throw new SubscriberFailure(error, left);
  }
}

/** Puts back on a user ucflow did not add what it changed: service fields, primary extension, groups. */
async function restoreUser(axl: AxlClient, user: UserRecord, given: CucmGivenRecord | undefined): Promise<void> {
  const fields: Record<string, string | boolean> = {};
  for (const field of USER_SERVICE_FIELDS) {
    const before = given?.userBefore?.[field];
    if (before === undefined) continue;
    // A field that was unset is put back only where AXL can unset it (a name; a boolean goes back to CUCM's default).
    fields[field] = before === null ? (field === "homeCluster" ? true : ["serviceProfile", "defaultProfile"].includes(field) ? "" : false) : before;
    if (before === null && (field === "pwdCredPolicyName" || field === "pinCredPolicyName")) delete fields[field];
  }
  const current = userServiceFields(user);
  const changes: Record<string, unknown> = userServiceChanges(Object.fromEntries(Object.entries(fields).filter(([k, v]) => (current as Record<string, unknown>)[k] !== v && !(v === "" && (current as Record<string, unknown>)[k] === undefined))));
  const before = given?.primaryExtensionBefore;
  if (before && !user.primaryExtension && (await found(getLine(axl, { pattern: before.pattern, routePartitionName: before.routePartitionName })))) changes.primaryExtension = before;
  const added = (given?.groupsAdded ?? []).map((g) => g.toLowerCase());
  const groups = (user.associatedGroups ?? []).map((g) => g.name);
  if (added.length > 0 && groups.some((g) => added.includes(g.toLowerCase()))) changes.associatedGroups = groups.filter((g) => !added.includes(g.toLowerCase())).map((name) => ({ name }));
  if (Object.keys(changes).length > 0) await repeatable(() => updateUser(axl, { uuid: user.uuid }, changes as Partial<User>));
}

// ---------------------------------------------------------------------------------------------
// reading back

/**
 * The subscriber as the cluster has it, in its entry's terms: the user's identity (where ucflow
 * pushes it), the line's extension, which services' objects exist and the desk phone's model;
 * every other field that differs from what ucflow set is a sentence in `differences`.
 * Undefined when the end user is gone.
 */
export async function readCucmSubscriber(
  clients: Clients,
  set: SubscriberSetInputs,
  subscriberId: string,
  entry: CucmSubscriberEntry,
  given: CucmGivenRecord | undefined,
): Promise<{ entry: CucmSubscriberEntry; given: CucmGivenRecord } | undefined> {
  const context = cucmSetContext(set);
  const adopted = Object.fromEntries(ADOPTABLE_SLOTS.flatMap((slot) => (given?.[slot]?.adopted ? [[slot, given[slot]!.name]] : []))) as AdoptedDevices;
  const desired = desiredCucmSubscriber(context, subscriberId, entry, adopted, { user: given?.user?.added === true, mailbox: given?.mailbox?.added === true });
  const seen = await observe(clients, desired, given, desired.mailbox?.server ?? given?.mailbox?.server);
  const user = seen.user;
  if (!user) return undefined;
  const mark = desired.mark;
  const differences: string[] = [];
  const owner = lineOwnership(seen.line, given, mark, user);
  const line = owner === "ucflow" || owner === "user" ? seen.line : undefined;
  const keepsOwn = desired.adoption.existing === "adopt" && owner === "user";
  // A line whose description differs only in what it records ucflow added (one made before
  // ucflow recorded it there) is not drift: the next run that works on the subscriber writes it.
  const recordOnly = line !== undefined && desiredCucmSubscriber(context, subscriberId, entry, adopted, unmarkedAddedOf(line.description, mark)).line.description === line.description;
  if (line) differences.push(...fieldDifferences(`line ${desired.line.pattern} in ${desired.line.routePartitionName}`, desired.line, line, ["pattern", "routePartitionName", "usage", ...(recordOnly ? ["description"] : []), ...(keepsOwn ? adoptedLineFixedFields(desired.line, line) : [])]));
  const own = (slot: DeviceSlot, observed: { uuid: string; description?: string } | undefined) => (ownDevice(observed, given?.[slot], mark) ? observed : undefined);
  const deskPhone = own("deskPhone", seen.deskPhone) as PhoneRecord | undefined;
  const jabber = own("jabber", seen.jabber) as PhoneRecord | undefined;
  const deviceProfile = own("deviceProfile", seen.deviceProfile) as DeviceProfileRecord | undefined;
  const rdp = own("rdp", seen.rdp) as RemoteDestinationProfileRecord | undefined;
  // The desk phone's model and templates are in the entry; the rest of it is compared here.
  const entryLevel = ["phoneTemplateName", "securityProfileName", "sipProfileName"];
  const fixedOf = (slot: DeviceSlot, want: { readonly lines?: readonly PhoneLine[] }, have: { readonly lines?: readonly PhoneLine[] }, fixed: readonly string[]) =>
    given?.[slot]?.adopted ? adoptedDeviceFixedFields(want, have) : [...fixed];
  if (deskPhone && desired.deskPhone) differences.push(...fieldDifferences(`desk phone ${deskPhone.name}`, desired.deskPhone, deskPhone, fixedOf("deskPhone", desired.deskPhone, deskPhone, [...DEVICE_FIXED_FIELDS, ...entryLevel])));
  if (jabber && desired.jabber) differences.push(...fieldDifferences(`Jabber device ${jabber.name}`, desired.jabber, jabber, fixedOf("jabber", desired.jabber, jabber, DEVICE_FIXED_FIELDS)));
  if (deviceProfile && desired.deviceProfile) differences.push(...fieldDifferences(`extension mobility profile ${deviceProfile.name}`, desired.deviceProfile, deviceProfile, fixedOf("deviceProfile", desired.deviceProfile, deviceProfile, DEVICE_FIXED_FIELDS)));
  if (rdp && desired.rdp) differences.push(...fieldDifferences(`remote destination profile ${rdp.name}`, desired.rdp, rdp, fixedOf("rdp", desired.rdp, rdp, DEVICE_FIXED_FIELDS)));
  const destination = ownDestination(seen.remoteDestination, given, desired.names.remoteDestinationProfile, rdp !== undefined) ? seen.remoteDestination : undefined;
  if (destination && desired.remoteDestination) {
    const { destination: _d, name: _n, ...rest } = desired.remoteDestination;
    differences.push(...fieldDifferences(`remote destination ${destination.destination}`, rest, destination));
    if (rdp === undefined) differences.push(`remote destination ${destination.destination}: its remote destination profile is gone`);
  } else if (desired.remoteDestination && rdp) differences.push(`remote destination ${desired.remoteDestination.destination} is gone`);
  const update = userUpdate(desired, user, {
    pushIdentity: user.ldapDirectoryName === undefined && !(desired.adoption.existing === "adopt" && given?.user?.added !== true),
    ucflowDevices: ucflowDevicesOf(desired, given),
    ucflowProfiles: [desired.names.deviceProfile],
    ucflowGroups: ucflowAccessControlGroups(given),
    recordBefore: false,
  });
  for (const key of ["telephoneNumber", "associatedDevices", "phoneProfiles", "primaryExtension", "homeCluster", "defaultProfile", "passwordCredentials"] as const) {
    if (update.changes[key] === undefined) continue;
    differences.push(...userDifference(key, user, update.changes));
  }
  // A desired group the user is no longer in; a group added by hand is the user's, not drift.
  differences.push(...accessControlGroupDrift(desired, user));
  const mailbox = seen.mailbox;
  if (mailbox && desired.mailbox && mailbox.DtmfAccessId !== desired.mailbox.extension) differences.push(`mailbox ${mailbox.Alias}: extension is ${mailbox.DtmfAccessId}, ucflow set ${desired.mailbox.extension}`);

  const identity = user.ldapDirectoryName === undefined && !(desired.adoption.existing === "adopt" && given?.user?.added !== true);
  const pick = (field: "firstName" | "lastName" | "displayName" | "department", value: string | undefined) => (identity && entry[field] !== undefined ? value : entry[field]);
  const phone = entry.services.phone;
  const seenServices: CucmSubscriberEntry["services"] = {
    ...entry.services,
    jabber: jabber !== undefined,
    voicemail: entry.services.voicemail ? mailbox !== undefined : mailbox !== undefined && given?.mailbox?.objectId === mailbox.ObjectId,
    extensionMobility: deviceProfile !== undefined,
    singleNumberReach: rdp !== undefined,
    imAndPresence: user.imAndPresenceEnable === true,
    conferencing: user.enableUserToHostConferenceNow === true,
  };
  delete (seenServices as { phone?: unknown }).phone;
  if (deskPhone && "deskPhone" in adopted) {
    // The user's own desk phone keeps its model: the profile's phone is what a new one would be.
    if (phone) (seenServices as Mutable<typeof seenServices>).phone = phone;
  } else if (deskPhone) {
    const product = deskPhone.product ?? phone?.product ?? "";
    const protocol = (deskPhone.protocol ?? phone?.protocol ?? "SIP") as "SIP" | "SCCP";
    const security = deskPhone.securityProfileName;
    const sip = deskPhone.sipProfileName;
    (seenServices as Mutable<typeof seenServices>).phone = {
      product: product as NonNullable<typeof phone>["product"],
      protocol,
      buttonTemplate: (deskPhone.phoneTemplateName ?? "") as NonNullable<typeof phone>["buttonTemplate"],
      ...(security && (phone?.securityProfile !== undefined || security !== standardSecurityProfile(product, protocol)) ? { securityProfile: security as NonNullable<typeof phone>["product"] } : {}),
      ...(sip && (phone?.sipProfile !== undefined || sip !== DEFAULT_SIP_PROFILE) ? { sipProfile: sip as NonNullable<typeof phone>["product"] } : {}),
    };
  }
  if (entry.services.serviceProfile !== undefined) (seenServices as Mutable<typeof seenServices>).serviceProfile = user.serviceProfile as typeof entry.services.serviceProfile;
  if (entry.services.credentialPolicy !== undefined) (seenServices as Mutable<typeof seenServices>).credentialPolicy = (user.pinCredentials?.pinCredPolicyName ?? user.passwordCredentials?.pwdCredPolicyName) as typeof entry.services.credentialPolicy;
  for (const key of ["serviceProfile", "credentialPolicy"] as const) if (seenServices[key] === undefined) delete seenServices[key];

  const { differences: _old, ...rest } = entry;
  const seenEntry: Mutable<CucmSubscriberEntry> = {
    ...rest,
    extension: line?.pattern ?? "",
    services: seenServices,
  };
  for (const [field, value] of [["firstName", user.firstName], ["lastName", user.lastName], ["displayName", user.displayName], ["department", user.department]] as const) {
    const picked = pick(field, value);
    if (picked === undefined) delete seenEntry[field];
    else (seenEntry as Record<string, unknown>)[field] = picked;
  }
  if (identity && entry.mail !== undefined) {
    if (user.mailid === undefined) delete seenEntry.mail;
    else seenEntry.mail = user.mailid as typeof entry.mail;
  }
  if (entry.services.singleNumberReach && destination) seenEntry.mobile = destination.destination as typeof entry.mobile;
  if (differences.length > 0) seenEntry.differences = [...differences].sort();
  const read: CucmGivenRecord = {
    ...(given ?? { userid: entry.userid }),
    user: { uuid: user.uuid, added: given?.user?.added === true && sameUuid(given.user.uuid, user.uuid) },
  };
  return { entry: seenEntry as CucmSubscriberEntry, given: read };
}

function userDifference(key: string, user: UserRecord, changes: Partial<User>): string[] {
  const who = `end user ${user.userid}`;
  switch (key) {
    case "telephoneNumber":
      return [`${who}: telephone number is ${user.telephoneNumber ?? "not set"}, ucflow set ${changes.telephoneNumber}`];
    case "associatedDevices": {
      const missing = (changes.associatedDevices ?? []).filter((d) => !(user.associatedDevices ?? []).some((u) => u.toLowerCase() === d.toLowerCase()));
      return missing.length > 0 ? [`${who}: does not control ${missing.join(", ")}`] : [];
    }
    case "phoneProfiles": {
      const missing = (changes.phoneProfiles ?? []).filter((d) => !(user.phoneProfiles ?? []).some((u) => u.toLowerCase() === d.toLowerCase()));
      return missing.length > 0 ? [`${who}: extension mobility profile ${missing.join(", ")} is not among the user's profiles`] : [];
    }
    case "primaryExtension":
      return [`${who}: primary extension is ${user.primaryExtension?.pattern ? `${user.primaryExtension.pattern} in ${user.primaryExtension.routePartitionName || "no partition"}` : "not set"}, ucflow set ${changes.primaryExtension!.pattern} in ${changes.primaryExtension!.routePartitionName}`];
    case "homeCluster":
      return [`${who}: home cluster is off, ucflow set it on`];
    case "defaultProfile":
      return [`${who}: default extension mobility profile is ${user.defaultProfile ?? "not set"}, ucflow set ${changes.defaultProfile || "none"}`];
    case "passwordCredentials":
      return [`${who}: password credential policy is ${user.passwordCredentials?.pwdCredPolicyName ?? "another"}, ucflow set ${changes.passwordCredentials?.pwdCredPolicyName}`];
    default:
      return [];
  }
}

// ---------------------------------------------------------------------------------------------
// the platform

function cucmEntryProblems(set: SubscriberSetInputs, entry: CucmSubscriberEntry): InputProblem[] {
  const problems: InputProblem[] = [];
  if (!USERID.test(entry.userid)) problems.push({ property: "userid", reason: `${JSON.stringify(entry.userid)} is not a Unified CM userid (letters, digits and . _ - @, at most 128)` });
  if (!EXTENSION.test(entry.extension)) problems.push({ property: "extension", reason: `${JSON.stringify(entry.extension)} is not an extension: 1 to 24 digits` });
  if (entry.services.voicemail && set.voicemail === undefined) {
    problems.push({ property: "services.voicemail", reason: `the profile gives voicemail, but cluster ${set.cluster ?? "?"} has none: give the cluster a voicemail (profile and Unity Connection), or the profile no voicemail` });
  }
  if (entry.services.extensionMobility && !entry.services.phone) {
    problems.push({ property: "services.extensionMobility", reason: "extension mobility needs a desk phone in the profile: the device profile takes its model and button template" });
  }
  const groups = entry.accessControlGroups ?? [];
  groups.forEach((group, i) => {
    // Cisco's schema: a user group's name is a String100.
    if (group.length > 100) problems.push({ property: `accessControlGroups.${i}`, reason: `${JSON.stringify(group)} is longer than the 100 characters of a Unified CM access control group name` });
    if (groups.findIndex((g) => g.toLowerCase() === group.toLowerCase()) < i) problems.push({ property: `accessControlGroups.${i}`, reason: `access control group ${JSON.stringify(group)} is named twice (Unified CM compares names without case): name it once` });
  });
  if (entry.differences !== undefined) problems.push({ property: "differences", reason: "is written by a refresh only; leave it out" });
  return problems;
}

export interface CucmPlatformOptions {
  /** @default - the provider's clients from ucflow:clusters */
  readonly axl?: AxlClientSource;
  /** @default - the provider's clients from ucflow:unityConnections */
  readonly cupi?: CupiClientSource;
}

/** Unified CM subscribers of one cluster, their mailboxes on Unity Connection. */
export function cucmSubscriberPlatform(options: CucmPlatformOptions = {}): SubscriberPlatform<CucmSubscriberEntry, CucmGivenRecord> {
  const axl = options.axl ?? providerAxlClient;
  const cupi = options.cupi ?? providerCupiClient;
  return {
    title: "Unified CM",
    entry: CucmSubscriberEntry,
    idProblem: (id) => (/^[A-Za-z0-9{}._-]{1,64}$/.test(id) ? undefined : `${JSON.stringify(id)} is not an immutable directory id (an Entra object id, entryUUID or objectGUID)`),
    entryProblems: (set, _id, entry) => cucmEntryProblems(set, entry),
    nameOf: (_id, entry) => entry.userid,
    needsWork: (set, _id, _entry, given) => given !== undefined && given.setFields !== setFieldsFingerprint(cucmSetContext(set)),
    converge: (set, id, entry, given) => convergeCucmSubscriber(clientsOf(set, axl, cupi), set, id, entry, given),
    remove: (set, id, entry, given) => removeCucmSubscriber(clientsOf(set, axl, cupi), set, id, entry, given),
    read: (set, id, entry, given) => readCucmSubscriber(clientsOf(set, axl, cupi), set, id, entry, given),
    writtenAt: (given) => {
      const at = Date.parse(given?.appliedAt ?? "");
      return Number.isFinite(at) ? at : undefined;
    },
    drift: describeCucmDrift,
    appliedSetFields: () => ({}),
    // AXL and CUPI answer reads with what was written.
    settleMs: () => 0,
    configure: (config) => {
      configureCucm(config);
      configureCupi(config);
    },
  };
}

export const cucmSubscribers = cucmSubscriberPlatform();
