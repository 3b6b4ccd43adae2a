// Unity Connection objects as ucflow reads and writes them, in CUPI's own field names. CUPI
// sends every value as text ("true", "190"); these types hold booleans as booleans.

/** A user with a voicemail box (GET /vmrest/users/{objectId}). */
export interface CupiUser {
  readonly ObjectId: string;
  /** The user's unique name on the server, e.g. `diana.ellis` (Unified CM's user id). */
  readonly Alias: string;
  /** The extension callers dial to reach the mailbox (digits); unique within its partition. */
  readonly DtmfAccessId: string;
  readonly FirstName?: string;
  readonly LastName?: string;
  /** @default - on create, Connection's own: first and last name, else the alias */
  readonly DisplayName?: string;
  readonly EmailAddress?: string;
  readonly PartitionObjectId?: string;
  readonly CosObjectId?: string;
  readonly ListInDirectory?: boolean;
  readonly Inactive?: boolean;
  readonly IsVmEnrolled?: boolean;
  /** System mailboxes (operator, undeliverable messages). */
  readonly Undeletable?: boolean;
}

/** A user template (GET /vmrest/usertemplates): new users take its partition, class of service and settings. */
export interface CupiUserTemplate {
  readonly ObjectId: string;
  readonly Alias: string;
  readonly DisplayName?: string;
  readonly PartitionObjectId?: string;
  readonly CosObjectId?: string;
}

/** What creating a user takes: the template by alias, the alias and extension, and optional names and mail. */
export type CupiNewUser = {
  /** Alias of the user template, e.g. `voicemailusertemplate` or a site's own. */
  readonly templateAlias: string;
} & Pick<CupiUser, "Alias" | "DtmfAccessId"> & Pick<CupiUser, "FirstName" | "LastName" | "DisplayName" | "EmailAddress">;

/** The fields an update may change; absent fields are left as they are. */
export type CupiUserChanges = Partial<Pick<CupiUser, "Alias" | "DtmfAccessId" | "FirstName" | "LastName" | "DisplayName" | "EmailAddress" | "ListInDirectory" | "Inactive">>;
