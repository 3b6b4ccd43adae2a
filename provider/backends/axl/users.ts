// End users (reference §2.3): the user, its associated devices and access control groups, and
// the reference objects a user names (presence groups, user groups); LDAP directory sync.
import { registerSecret } from "../../core/redaction";
import { type AxlClient } from "./client";
import { type CodecOf } from "./codec";
import { byNameOrUuid, type Identified, type NameOrUuid, nameOrUuidArgs, nameOrUuidLabel, objectOperations, referenceOperations } from "./operations";
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
  /** The credential policy of the password. Not taken by addUser (Cisco's schema: "Not Applicable for Add"); set it with updateUser. */
  readonly passwordCredentials?: { readonly pwdCredPolicyName?: string };
  /** The credential policy of the PIN; as passwordCredentials. */
  readonly pinCredentials?: { readonly pinCredPolicyName?: string };
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
  /** Conference Now: the user may host meetings on the cluster's Conference Now number. */
  readonly enableUserToHostConferenceNow?: boolean;
  /** Conference Now: the code attendees enter; secret. Never returned by ucflow's reads. */
  readonly attendeesAccessCode?: string;
  readonly customerName?: string;
}

export type UserRecord = Omit<User, "password" | "pin" | "attendeesAccessCode"> & Identified;

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
  passwordCredentials: { object: "XUserPasswordCredentials", codec: { pwdCredPolicyName: "fk" } },
  pinCredentials: { object: "XUserPinCredentials", codec: { pinCredPolicyName: "fk" } },
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
  enableUserToHostConferenceNow: "boolean",
  attendeesAccessCode: "text",
  customerName: "fk",
};

/** The read codec: a user's password and PIN are never read back. */
const { password: _password, pin: _pin, attendeesAccessCode: _code, ...userReadCodec } = userCodec;

function userKey(key: UserKey): { args: Record<string, unknown>; label: string } {
  return key.uuid !== undefined ? { args: { uuid: axlUuid(key.uuid) }, label: axlUuid(key.uuid) } : { args: { userid: key.userid }, label: key.userid };
}

function registerUserSecrets(user: { readonly password?: string; readonly pin?: string; readonly attendeesAccessCode?: string }): void {
  registerSecret(user.password);
  registerSecret(user.pin);
  registerSecret(user.attendeesAccessCode);
}

const users = objectOperations<UserKey, User, UserRecord, UserChanges, UserSearch>({
  object: "User",
  noun: "user",
  plural: "users",
  codec: userCodec,
  key: userKey,
  label: (user) => user.userid,
  forAdd: (user) => {
    registerUserSecrets(user);
    return { ...user, presenceGroupName: user.presenceGroupName ?? "Standard Presence group" };
  },
  forUpdate: (changes) => {
    registerUserSecrets(changes);
    return { ...changes };
  },
});
export const addUser = users.add;
export const updateUser = users.update;
export const removeUser = users.remove;

// Reads use a codec without password and PIN, which CUCM never returns.
const userReads = referenceOperations<UserKey, UserRecord, UserSearch>({ object: "User", noun: "user", plural: "users", codec: userReadCodec, key: userKey });
export const getUser = userReads.get;
/** Users matching the search; list rows carry fewer fields than getUser (reference §1.1). */
export const listUsers = userReads.list;

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

const presenceGroupCodec: CodecOf<PresenceGroupRecord> = { uuid: "text", name: "text", description: "text" };
const userGroupCodec: CodecOf<UserGroupRecord> = { uuid: "text", name: "text" };

const presenceGroups = referenceOperations<NameOrUuid, PresenceGroupRecord, { readonly name?: string; readonly description?: string }>({
  object: "PresenceGroup",
  noun: "presence group",
  plural: "presence groups",
  codec: presenceGroupCodec,
  key: byNameOrUuid,
});
export const getPresenceGroup = presenceGroups.get;
export const listPresenceGroups = presenceGroups.list;

/** Access control groups ("user groups" in AXL). */
const userGroups = referenceOperations<NameOrUuid, UserGroupRecord, { readonly name?: string }>({
  object: "UserGroup",
  noun: "access control group",
  plural: "access control groups",
  codec: userGroupCodec,
  key: byNameOrUuid,
});
export const getUserGroup = userGroups.get;
export const listUserGroups = userGroups.list;

/** doLdapSync: starts (or, with `sync: false`, stops) a sync of an LDAP directory. */
export async function syncLdapDirectory(client: AxlClient, key: NameOrUuid, options: { readonly sync?: boolean } = {}): Promise<void> {
  await client.call({
    operation: "doLdapSync",
    args: { ...nameOrUuidArgs(key), sync: options.sync === false ? "false" : "true" },
    context: { operation: options.sync === false ? "stopping the sync of LDAP directory" : "syncing LDAP directory", object: nameOrUuidLabel(key) },
  });
}
