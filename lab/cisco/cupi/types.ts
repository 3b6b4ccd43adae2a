// The Unity Connection simulator's state: partitions, user templates (with their mailbox
// settings), voicemail users, the API account, and the write rate limit. Field names are
// CUPI's own, so a user renders straight into CUPI's JSON or XML.

export interface CupiPartition {
  readonly ObjectId: string;
  readonly Name: string;
  readonly Description: string;
}

export interface CupiClassOfService {
  readonly ObjectId: string;
  readonly DisplayName: string;
}

/** A user template: new users copy its settings and land in its partition. */
export interface CupiUserTemplate {
  readonly ObjectId: string;
  readonly Alias: string;
  readonly DisplayName: string;
  readonly PartitionObjectId: string;
  readonly CosObjectId: string;
  readonly TimeZone: number;
  readonly Language: number;
  readonly ListInDirectory: boolean;
  readonly IsVmEnrolled: boolean;
  readonly CreationTime: string;
}

/** A user with a voicemail box. */
export interface CupiUser {
  ObjectId: string;
  Alias: string;
  /** The extension, unique within its partition. */
  DtmfAccessId: string;
  FirstName?: string;
  LastName?: string;
  DisplayName: string;
  EmailAddress?: string;
  PartitionObjectId: string;
  CosObjectId: string;
  TimeZone: number;
  Language: number;
  ListInDirectory: boolean;
  IsVmEnrolled: boolean;
  Inactive: boolean;
  /** System mailboxes (operator, undeliverable messages) cannot be deleted. */
  Undeletable: boolean;
  CreationTime: string;
  /** The mailbox store the mailbox lives in. */
  MailboxStoreName: string;
  /** Which template the user was created from (lab bookkeeping, not rendered). */
  readonly TemplateObjectId?: string;
}

export interface CupiThrottling {
  /** Off: writes are counted but never refused. */
  enabled: boolean;
  /** Writes (POST, PUT, DELETE) allowed per window, for the whole server. */
  writes: { limit: number; windowSeconds: number };
}

export interface CupiState {
  readonly kind: "cupi";
  /** The server's host name, used in the default partition's and search space's names. */
  readonly serverName: string;
  /** HTTP Basic credentials of the API account (a lab fixture). */
  readonly credentials: { readonly username: string; readonly password: string };
  readonly partitions: CupiPartition[];
  readonly classesOfService: CupiClassOfService[];
  readonly templates: CupiUserTemplate[];
  readonly users: CupiUser[];
  readonly throttling: CupiThrottling;
}
