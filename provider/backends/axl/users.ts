// End users (reference §2.3): the user, its associated devices and access control groups, and
// the reference objects a user names (presence groups, user groups); LDAP directory sync.
import { registerSecret } from "../../core/redaction";
import { type AxlClient } from "./client";
import { type CodecOf } from "./codec";
import { addObject, getObject, type Identified, listObjects, type NameOrUuid, nameOrUuidArgs, nameOrUuidLabel, removeObject, updateObject } from "./operations";
import { axlUuid } from "./values";

export interface PrimaryExtension {
  readonly pattern: string;
  readonly routePartitionName?: string;
}

/** Membership of an access control group, e.g. "Standard CCM End Users". */
export interface UserGroupMembership {
  readonly name: string;
  readonly userRoles?: readonly string[];
}

export interface User {
  readonly userid: string;
  readonly lastName: string;
  readonly firstName?: string;
  readonly displayName?: string;
  readonly middleName?: string;
  /** Secret: masked in every log and error from the moment it is sent. Never returned. */
  readonly password?: string;
  /** Secret: the phone PIN. Never returned. */
  readonly pin?: string;
  readonly mailid?: string;
  readonly department?: string;
  readonly manager?: string;
  readonly userLocale?: string;
  /** Device names the user controls; replaced whole on update (reference §2.2). */
  readonly associatedDevices?: readonly string[];
  readonly primaryExtension?: PrimaryExtension;
  /** Replaced whole on update. */
  readonly associatedGroups?: readonly UserGroupMembership[];
  readonly enableCti?: boolean;
  /** Extension mobility profiles the user may log in with; replaced whole on update. */
  readonly phoneProfiles?: readonly string[];
  readonly defaultProfile?: string;
  /** @default "Standard Presence group" */
  readonly presenceGroupName?: string;
  readonly subscribeCallingSearchSpaceName?: string;
  /** Needed for remote destinations (single number reach). */
  readonly enableMobility?: boolean;
  readonly enableMobileVoiceAccess?: boolean;
  readonly maxDeskPickupWaitTime?: number;
  readonly remoteDestinationLimit?: number;
  readonly homeCluster?: boolean;
  readonly imAndPresenceEnable?: boolean;
  /** The UC service profile (Jabber). */
  readonly serviceProfile?: string;
  readonly directoryUri?: string;
  readonly telephoneNumber?: string;
  readonly title?: string;
  readonly mobileNumber?: string;
  readonly homeNumber?: string;
  readonly pagerNumber?: string;
  readonly selfService?: string;
  /** The user profile (universal templates for self-provisioning). */
  readonly userProfile?: string;
  readonly calendarPresence?: boolean;
  readonly ldapDirectoryName?: string;
  readonly userIdentity?: string;
  readonly convertUserAccount?: string;
  readonly customerName?: string;
}

export type UserRecord = Omit<User, "password" | "pin"> & Identified;

export interface UserChanges extends Partial<Omit<User, "userid">> {
  readonly newUserid?: string;
}

/** A user by userid or by uuid. */
export type UserKey = { readonly userid: string; readonly uuid?: never } | { readonly uuid: string; readonly userid?: never };

export interface UserSearch {
  readonly firstName?: string;
  readonly lastName?: string;
  /** @default "%" */
  readonly userid?: string;
  readonly department?: string;
  readonly customerName?: string;
}

const USER = { object: "User", noun: "user" } as const;
const userCodec: CodecOf<UserRecord & UserChanges> = {
  uuid: "text",
  userid: "text",
  newUserid: "text",
  firstName: "text",
  displayName: "text",
  middleName: "text",
  lastName: "text",
  password: "text",
  pin: "text",
  mailid: "text",
  department: "text",
  manager: "text",
  userLocale: "text",
  associatedDevices: { list: "device", of: "text" },
  primaryExtension: { object: "XPrimaryExtension", codec: { pattern: "text", routePartitionName: "text" } },
  associatedGroups: { list: "userGroup", type: "XUserGroupMembership", of: { name: "text", userRoles: { list: "userRole", of: "text" } } },
  enableCti: "boolean",
  phoneProfiles: { list: "profileName", of: "fk" },
  defaultProfile: "fk",
  presenceGroupName: "fk",
  subscribeCallingSearchSpaceName: "fk",
  enableMobility: "boolean",
  enableMobileVoiceAccess: "boolean",
  maxDeskPickupWaitTime: "integer",
  remoteDestinationLimit: "integer",
  homeCluster: "boolean",
  imAndPresenceEnable: "boolean",
  serviceProfile: "fk",
  directoryUri: "text",
  telephoneNumber: "text",
  title: "text",
  mobileNumber: "text",
  homeNumber: "text",
  pagerNumber: "text",
  selfService: "text",
  userProfile: "fk",
  calendarPresence: "boolean",
  ldapDirectoryName: "fk",
  userIdentity: "text",
  convertUserAccount: "fk",
  customerName: "fk",
};

/** The read codec: a user's password and PIN are never read back. */
const { password: _password, pin: _pin, ...userReadCodec } = userCodec;

function userKeyArgs(key: UserKey): Record<string, unknown> {
  return key.uuid !== undefined ? { uuid: axlUuid(key.uuid) } : { userid: key.userid };
}

function userKeyLabel(key: UserKey): string {
  return key.uuid !== undefined ? axlUuid(key.uuid) : key.userid;
}

function registerUserSecrets(user: { readonly password?: string; readonly pin?: string }): void {
  registerSecret(user.password);
  registerSecret(user.pin);
}

export function addUser(client: AxlClient, user: User): Promise<string> {
  registerUserSecrets(user);
  return addObject(client, USER, userCodec, { ...user, presenceGroupName: user.presenceGroupName ?? "Standard Presence group" }, user.userid);
}

export function getUser(client: AxlClient, key: UserKey): Promise<UserRecord> {
  return getObject<UserRecord>(client, USER, userReadCodec, userKeyArgs(key), userKeyLabel(key));
}

export function updateUser(client: AxlClient, key: UserKey, changes: UserChanges): Promise<void> {
  registerUserSecrets(changes);
  return updateObject(client, USER, userCodec, userKeyArgs(key), { ...changes }, userKeyLabel(key));
}

export function removeUser(client: AxlClient, key: UserKey): Promise<void> {
  return removeObject(client, USER, userKeyArgs(key), userKeyLabel(key));
}

/** Users matching the search; list rows carry fewer fields than getUser (reference §1.1). */
export function listUsers(client: AxlClient, search: UserSearch = {}): Promise<UserRecord[]> {
  return listObjects<UserRecord>(client, USER, userReadCodec, { ...search }, "users");
}

/** Sets the devices a user controls (the whole list: AXL replaces it). */
export function setAssociatedDevices(client: AxlClient, key: UserKey, deviceNames: readonly string[]): Promise<void> {
  return updateUser(client, key, { associatedDevices: deviceNames });
}

/** Sets the user's access control groups (the whole list: AXL replaces it). */
export function setUserGroups(client: AxlClient, key: UserKey, groups: readonly UserGroupMembership[]): Promise<void> {
  return updateUser(client, key, { associatedGroups: groups });
}

// --- reference objects -----------------------------------------------------------------

export interface PresenceGroupRecord extends Identified {
  readonly name: string;
  readonly description?: string;
}

export interface UserGroupRecord extends Identified {
  readonly name: string;
}

const PRESENCE_GROUP = { object: "PresenceGroup", noun: "presence group" } as const;
const USER_GROUP = { object: "UserGroup", noun: "access control group" } as const;
const presenceGroupCodec: CodecOf<PresenceGroupRecord> = { uuid: "text", name: "text", description: "text" };
const userGroupCodec: CodecOf<UserGroupRecord> = { uuid: "text", name: "text" };

export function listPresenceGroups(client: AxlClient, search: { readonly name?: string; readonly description?: string } = {}): Promise<PresenceGroupRecord[]> {
  return listObjects(client, PRESENCE_GROUP, presenceGroupCodec, { ...search }, "presence groups");
}

export function getPresenceGroup(client: AxlClient, key: NameOrUuid): Promise<PresenceGroupRecord> {
  return getObject(client, PRESENCE_GROUP, presenceGroupCodec, nameOrUuidArgs(key), nameOrUuidLabel(key));
}

/** Access control groups ("user groups" in AXL). */
export function listUserGroups(client: AxlClient, search: { readonly name?: string } = {}): Promise<UserGroupRecord[]> {
  return listObjects(client, USER_GROUP, userGroupCodec, { ...search }, "access control groups");
}

export function getUserGroup(client: AxlClient, key: NameOrUuid): Promise<UserGroupRecord> {
  return getObject(client, USER_GROUP, userGroupCodec, nameOrUuidArgs(key), nameOrUuidLabel(key));
}

/** doLdapSync: starts (or, with `sync: false`, stops) a sync of an LDAP directory. */
export async function syncLdapDirectory(client: AxlClient, key: NameOrUuid, options: { readonly sync?: boolean } = {}): Promise<void> {
  await client.call({
    operation: "doLdapSync",
    args: { ...nameOrUuidArgs(key), sync: options.sync === false ? "false" : "true" },
    context: { operation: options.sync === false ? "stopping the sync of LDAP directory" : "syncing LDAP directory", object: nameOrUuidLabel(key) },
  });
}
