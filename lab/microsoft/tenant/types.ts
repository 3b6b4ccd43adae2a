// The lab's Microsoft tenant, split in three partitions: one per simulator, each persisted by
// its own service (entra.json, graph.json, teams.json) and each written only by its own
// service's handlers. What two APIs can both change (policy grants, Enterprise Voice) is kept
// as stamped records on both sides; readers take the newest (see tenant-hub.ts).

/** A lab-wide change counter value: larger is newer, across the graph and teams partitions. */
export type Stamp = number;

export interface TenantIdentity {
  readonly id: string;
  readonly displayName: string;
  readonly initialDomain: string;
  readonly defaultDomain: string;
  readonly countryLetterCode: string;
  readonly createdDateTime: string;
}

// ---------------------------------------------------------------------------------------------
// entra

export interface EntraState {
  readonly kind: "entra";
  tenant: TenantIdentity;
  /** Keys access tokens are signed with; the first signs, all are published in the JWKS. */
  signingKeys: SigningKey[];
  /** Lifetime of issued access tokens. Negative values issue already expired tokens (a test knob). */
  accessTokenLifetimeSeconds: number;
  applications: AppRegistration[];
  /** OIDC issuers the tenant trusts for federated credentials, with their public keys. */
  federatedIssuers: FederatedIssuer[];
  /** The lab's stand-in for the GitHub Actions id token endpoint. */
  gitHubActions: GitHubActionsIssuer;
}

export interface SigningKey {
  readonly kid: string;
  readonly privateKeyPem: string;
  readonly certificatePem: string;
}

export interface AppRegistration {
  readonly appId: string;
  displayName: string;
  /** Object id of the app's service principal in the tenant (oid/sub of its tokens). */
  readonly servicePrincipalId: string;
  passwordCredentials: PasswordCredential[];
  keyCredentials: KeyCredential[];
  federatedIdentityCredentials: FederatedIdentityCredential[];
  /** Application permissions (app roles) granted with admin consent, by resource app id. */
  grantedAppRoles: Record<string, string[]>;
  /** Directory roles of the service principal, as role template ids (token claim `wids`). */
  directoryRoleTemplateIds: string[];
}

export interface PasswordCredential {
  readonly keyId: string;
  readonly displayName: string;
  /** The first three characters, as Entra shows them. */
  readonly hint: string;
  /** Hex SHA-256 of the secret: the lab never stores the secret itself. */
  readonly secretSha256: string;
  readonly startDateTime: string;
  readonly endDateTime: string;
}

export interface KeyCredential {
  readonly keyId: string;
  readonly displayName: string;
  readonly certificatePem: string;
  /** Upper-case hex, as Entra shows it (customKeyIdentifier). */
  readonly thumbprintSha1: string;
  readonly thumbprintSha256: string;
  readonly startDateTime: string;
  readonly endDateTime: string;
}

export interface FederatedIdentityCredential {
  readonly id: string;
  readonly name: string;
  readonly issuer: string;
  readonly subject: string;
  readonly audiences: string[];
}

export interface FederatedIssuer {
  readonly issuer: string;
  /** Public keys (JWK, RSA) with `kid`. */
  readonly keys: PublicJwk[];
}

export interface PublicJwk {
  readonly kty: "RSA";
  readonly kid: string;
  readonly n: string;
  readonly e: string;
  readonly use?: string;
  readonly alg?: string;
}

export interface GitHubActionsIssuer {
  readonly issuer: string;
  readonly kid: string;
  readonly privateKeyPem: string;
  /** Bearer token the endpoint accepts (ACTIONS_ID_TOKEN_REQUEST_TOKEN). */
  readonly requestToken: string;
  /** Claims of the workflow run the tokens describe (sub, repository, ref, environment, ...). */
  readonly claims: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// graph

export interface GraphState {
  readonly kind: "graph";
  /** Changes on every reset: delta and skip tokens of another generation are refused. */
  generation: string;
  /** The newest stamp this partition wrote. */
  lastStamp: Stamp;
  users: DirectoryUser[];
  deletedUsers: DeletedUser[];
  /** Entra groups with their direct members (user object ids). */
  groups: DirectoryGroup[];
  subscribedSkus: SkuRecord[];
  numbers: NumberRecord[];
  operations: NumberOperation[];
  /** Policy grants made through Graph `policy/userAssignments`. */
  grants: GrantRecord[];
  /** Enterprise Voice set through Graph (number assignment). */
  enterpriseVoice: EnterpriseVoiceRecord[];
  settings: GraphSettings;
}

export interface GraphSettings {
  /** Delta links older than this are refused with syncStateNotFound (7 days in Entra). */
  deltaTokenLifetimeSeconds: number;
  /** Delta and skip tokens issued before this time (ms since the epoch) are refused: forces syncStateNotFound. */
  deltaTokensNotBefore: number;
  /**
   * Number-assignment operations: polls answered notStarted, then running, then done (the poll
   * after notStartedPolls + runningPolls finishes it); operations older than settleAfterSeconds
   * finish without polls. retryAfterSeconds, when not null, is sent as Retry-After on the 202
   * and on every poll that is not final (Graph documents none: the default sends none).
   */
  lro: { notStartedPolls: number; runningPolls: number; settleAfterSeconds: number; retryAfterSeconds: number | null };
  /** Per-item faults inside `$batch` (the outer request still answers 200). */
  batchItemFaults: BatchItemFault[];
  /** Eventual consistency knobs, off by default. */
  consistency: { newUserReadLag: number; grantReadLag: number };
  /** Rate limits and the concurrency limit of Graph (see docs/lab-microsoft.md, "Throttling"). */
  throttling: GraphThrottlingSettings;
}

/** `limit` units per `windowSeconds`, as the platforms state their limits. */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

export interface GraphThrottlingSettings {
  /** false: nothing is refused (costs are still counted in GET /throttling). */
  enabled: boolean;
  /** Requests in flight at once; null for no limit. */
  maxConcurrentRequests: number | null;
  identity: {
    /** Resource units per application and tenant, by tenant size (S under 50 users, M 50-500, L above 500). */
    resourceUnits: { small: number; medium: number; large: number; windowSeconds: number };
    /** Writes per application and tenant. */
    applicationWrites: RateLimit;
    /** Writes per tenant, every application together. */
    tenantWrites: RateLimit;
  };
  /** Requests on open extensions per application and tenant. */
  extensions: RateLimit;
  /** Teams administration through Graph (/admin/teams/...), per application and tenant: undocumented, the lab's guess. */
  teamsAdministration: { reads: RateLimit; writes: RateLimit };
}

export interface TeamsThrottlingSettings {
  enabled: boolean;
  maxConcurrentRequests: number | null;
  /** Per application and tenant: undocumented, the lab's guess. */
  reads: RateLimit;
  writes: RateLimit;
}

export interface BatchItemFault {
  readonly id: string;
  /** Regular expression tested against the item's url (as sent, with its query). */
  readonly url: string;
  readonly method?: string;
  readonly status: number;
  readonly retryAfterSeconds?: number;
  /** How many more items it answers. */
  remaining: number;
}

/** Every property the lab models on a user, in Graph's names. */
export interface UserProperties {
  id: string;
  userPrincipalName: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  mailNickname: string;
  otherMails: string[];
  jobTitle: string | null;
  department: string | null;
  companyName: string | null;
  officeLocation: string | null;
  streetAddress: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  usageLocation: string | null;
  preferredLanguage: string | null;
  businessPhones: string[];
  mobilePhone: string | null;
  employeeId: string | null;
  employeeType: string | null;
  accountEnabled: boolean;
  userType: string;
  createdDateTime: string;
  onPremisesSyncEnabled: boolean | null;
  onPremisesImmutableId: string | null;
  onPremisesSamAccountName: string | null;
  onPremisesLastSyncDateTime: string | null;
  onPremisesExtensionAttributes: Record<string, string | null>;
  assignedLicenses: AssignedLicense[];
}

export interface AssignedLicense {
  skuId: string;
  disabledPlans: string[];
}

export interface DirectoryUser {
  properties: UserProperties;
  createdStamp: Stamp;
  /** Stamp of the last change of each property changed since creation (for Prefer: return=minimal). */
  propertyStamps: Record<string, Stamp>;
  lastChangeStamp: Stamp;
  /** When each SKU was assigned (licenseAssignmentStates, assignedPlans). */
  licenseDates: Record<string, string>;
  /** Open extensions (openTypeExtension) on the user, in the order they were added; absent when none. */
  extensions?: OpenExtension[];
}

/** An Entra group: its Graph properties and its direct members (user object ids, in the order added). */
export interface DirectoryGroup {
  properties: GroupProperties;
  members: string[];
}

export interface GroupProperties {
  id: string;
  displayName: string;
  description: string | null;
  mailEnabled: boolean;
  mailNickname: string;
  securityEnabled: boolean;
  /** [] for a security group; ["Unified"] for a Microsoft 365 group. */
  groupTypes: string[];
  createdDateTime: string;
}

/** A value an open extension may hold: a primitive or an array of primitives. */
export type ExtensionValue = string | number | boolean | null | (string | number | boolean)[];

export interface OpenExtension {
  /** The extension's name, also its id on directory objects ("com.contoso.roamingSettings"). */
  readonly extensionName: string;
  /** The application that created it (the token's appid): at most 2 per application per user. */
  readonly creatorAppId: string;
  /** The custom properties. */
  data: Record<string, ExtensionValue>;
}

export interface DeletedUser {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly deletedStamp: Stamp;
  /** Soft-deleted users are reported with reason "changed", hard-deleted with "deleted". */
  readonly permanent: boolean;
}

export interface SkuRecord {
  readonly skuId: string;
  readonly skuPartNumber: string;
  appliesTo: string;
  capabilityStatus: string;
  prepaidUnits: { enabled: number; suspended: number; warning: number; lockedOut: number };
  readonly subscriptionIds: string[];
  readonly servicePlans: ServicePlan[];
}

export interface ServicePlan {
  readonly servicePlanId: string;
  readonly servicePlanName: string;
  readonly appliesTo: string;
  /** The workload name of assignedPlans (e.g. "MicrosoftCommunicationsOnline"). */
  readonly service: string;
  /** The plan needs one of these plans enabled on the same user (DependencyViolation otherwise). */
  readonly dependsOnAny?: string[];
}

export type NumberType = "directRouting" | "callingPlan" | "operatorConnect";

export interface NumberRecord {
  readonly id: string;
  readonly telephoneNumber: string;
  readonly numberType: NumberType;
  operatorId: string | null;
  activationState: string;
  capabilities: string[];
  locationId: string | null;
  civicAddressId: string | null;
  networkSiteId: string | null;
  assignmentTargetId: string | null;
  assignmentCategory: string | null;
  assignmentStatus: string;
  portInStatus: string | null;
  readonly isoCountryCode: string;
  readonly city: string | null;
  readonly numberSource: string;
  supportedCustomerActions: string[];
  reverseNumberLookupOptions: string[];
  /** The operation that is changing this number, if any. */
  pendingOperationId: string | null;
}

export type OperationStatus = "notStarted" | "running" | "succeeded" | "failed";

export interface NumberOperation {
  readonly id: string;
  readonly kind: "assignNumber" | "unassignNumber";
  readonly createdDateTime: string;
  readonly createdAtMs: number;
  readonly telephoneNumber: string;
  readonly numberType: NumberType;
  readonly assignmentTargetId: string | null;
  readonly assignmentCategory: string | null;
  readonly locationId: string | null;
  polls: number;
  status: OperationStatus;
  statusDetail: string | null;
}

/** A grant of a policy instance ("Tag:X") or its removal (null) to a user, by one API. */
export interface GrantRecord {
  readonly userId: string;
  readonly policyType: string;
  readonly policyIdentity: string | null;
  readonly stamp: Stamp;
  readonly at: string;
}

export interface EnterpriseVoiceRecord {
  readonly userId: string;
  readonly enabled: boolean;
  readonly stamp: Stamp;
}

// ---------------------------------------------------------------------------------------------
// teams

export type ConfigurationInstance = Record<string, unknown> & { Identity: string };

export interface TeamsState {
  readonly kind: "teams";
  lastStamp: Stamp;
  /** Instances by configuration type ("TenantDialPlan", ...). */
  configurations: Record<string, ConfigurationInstance[]>;
  /** Opaque policy ids (Graph getPolicyId), by "<Type>|<identity lower case>". */
  policyIds: Record<string, string>;
  emergencyLocations: EmergencyLocation[];
  /** Policy grants made through the Teams admin API. */
  grants: GrantRecord[];
  /** Enterprise Voice set through the Teams admin API. */
  enterpriseVoice: EnterpriseVoiceRecord[];
  /** Rate limits and the concurrency limit of the ConfigAPI. */
  throttling: TeamsThrottlingSettings;
}

export interface EmergencyLocation {
  readonly LocationId: string;
  readonly CivicAddressId: string;
  [field: string]: string | null;
}
