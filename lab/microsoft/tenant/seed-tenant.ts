// The seeded tenant, "Contoso": what a fresh lab holds and what a reset returns to. Deterministic:
// the same code gives the same users, ids, licenses, numbers and policies (only the Graph
// generation id, which invalidates old delta tokens, is random).
import { defaultGraphThrottling, defaultTeamsThrottling } from "../throttling/limits";
import { DIRECTORY_ROLES, MICROSOFT_GRAPH } from "../entra/resources";
import { certificateInfo, rsaPublicJwk, sha256Hex } from "../entra/jwt";
import {
  LAB_FEDERATED_AUDIENCE,
  LAB_FEDERATED_ISSUER_KEY_PEM,
  LAB_GITHUB_ISSUER,
  LAB_GITHUB_REQUEST_TOKEN,
  LAB_GITHUB_SUBJECT,
  LAB_READONLY_CLIENT_ID,
  LAB_READONLY_CLIENT_SECRET,
  LAB_TENANT_DEFAULT_DOMAIN,
  LAB_TENANT_ID,
  LAB_TENANT_INITIAL_DOMAIN,
  LAB_TENANT_NAME,
  LAB_TOKEN_SIGNING_CERTIFICATE_PEM,
  LAB_TOKEN_SIGNING_KEY_PEM,
  LAB_UCFLOW_CERTIFICATE_PEM,
  LAB_UCFLOW_CLIENT_ID,
  LAB_UCFLOW_CLIENT_SECRET,
  LAB_UCFLOW_EXPIRED_CLIENT_SECRET,
} from "../fixtures";
import { configurationType } from "../teams/configuration-types";
import { guidFrom, newGuid, opaqueIdFrom } from "./ids";
import type {
  AssignedLicense,
  ConfigurationInstance,
  DirectoryGroup,
  DirectoryUser,
  EmergencyLocation,
  EnterpriseVoiceRecord,
  EntraState,
  GrantRecord,
  GraphSettings,
  GraphState,
  KeyCredential,
  NumberRecord,
  NumberType,
  PasswordCredential,
  ServicePlan,
  SkuRecord,
  TeamsState,
  TenantIdentity,
  UserProperties,
} from "./types";

export const SEED_TENANT: TenantIdentity = {
  id: LAB_TENANT_ID,
  displayName: LAB_TENANT_NAME,
  initialDomain: LAB_TENANT_INITIAL_DOMAIN,
  defaultDomain: LAB_TENANT_DEFAULT_DOMAIN,
  countryLetterCode: "US",
  createdDateTime: "2023-06-01T09:00:00Z",
};

/** Permissions of the ucflow app on Microsoft Graph (application permissions, admin-consented). */
export const UCFLOW_GRAPH_ROLES: readonly string[] = [
  "User.ReadWrite.All",
  "Directory.Read.All",
  "Organization.Read.All",
  "LicenseAssignment.ReadWrite.All",
  "GroupMember.ReadWrite.All",
  "TeamsTelephoneNumber.ReadWrite.All",
  "TeamsPolicyUserAssign.ReadWrite.All",
  "TeamsUserConfiguration.Read.All",
];

// ---------------------------------------------------------------------------------------------
// entra

export function seedEntra(): EntraState {
  const signingCertificate = certificateInfo(LAB_TOKEN_SIGNING_CERTIFICATE_PEM);
  return {
    kind: "entra",
    tenant: { ...SEED_TENANT },
    signingKeys: [{ kid: Buffer.from(signingCertificate.thumbprintSha1, "hex").toString("base64url"), privateKeyPem: LAB_TOKEN_SIGNING_KEY_PEM, certificatePem: LAB_TOKEN_SIGNING_CERTIFICATE_PEM }],
    accessTokenLifetimeSeconds: 3599,
    applications: [
      {
        appId: LAB_UCFLOW_CLIENT_ID,
        displayName: "ucflow",
        servicePrincipalId: guidFrom("sp:ucflow"),
        passwordCredentials: [
          passwordCredential("ucflow lab secret", LAB_UCFLOW_CLIENT_SECRET, "2025-01-01T00:00:00Z", "2099-12-31T00:00:00Z"),
          passwordCredential("ucflow expired secret", LAB_UCFLOW_EXPIRED_CLIENT_SECRET, "2024-01-01T00:00:00Z", "2024-12-31T00:00:00Z"),
        ],
        keyCredentials: [keyCredential("ucflow lab certificate", LAB_UCFLOW_CERTIFICATE_PEM)],
        federatedIdentityCredentials: [
          { id: guidFrom("fic:ucflow:github-prod"), name: "github-uc-config-prod", issuer: LAB_GITHUB_ISSUER, subject: LAB_GITHUB_SUBJECT, audiences: [LAB_FEDERATED_AUDIENCE] },
        ],
        grantedAppRoles: { [MICROSOFT_GRAPH.appId]: [...UCFLOW_GRAPH_ROLES] },
        directoryRoleTemplateIds: [DIRECTORY_ROLES.teamsAdministrator],
      },
      {
        appId: LAB_READONLY_CLIENT_ID,
        displayName: "ucflow read-only",
        servicePrincipalId: guidFrom("sp:ucflow-readonly"),
        passwordCredentials: [passwordCredential("read-only secret", LAB_READONLY_CLIENT_SECRET, "2025-01-01T00:00:00Z", "2099-12-31T00:00:00Z")],
        keyCredentials: [],
        federatedIdentityCredentials: [],
        grantedAppRoles: { [MICROSOFT_GRAPH.appId]: ["User.Read.All"] },
        directoryRoleTemplateIds: [],
      },
    ],
    federatedIssuers: [{ issuer: LAB_GITHUB_ISSUER, keys: [rsaPublicJwk(LAB_FEDERATED_ISSUER_KEY_PEM, "lab-github-actions-1")] }],
    gitHubActions: {
      issuer: LAB_GITHUB_ISSUER,
      kid: "lab-github-actions-1",
      privateKeyPem: LAB_FEDERATED_ISSUER_KEY_PEM,
      requestToken: LAB_GITHUB_REQUEST_TOKEN,
      claims: {
        sub: LAB_GITHUB_SUBJECT,
        repository: "contoso/uc-config",
        repository_owner: "contoso",
        ref: "refs/heads/main",
        ref_type: "branch",
        environment: "prod",
        workflow: "deploy",
        event_name: "push",
        job_workflow_ref: "contoso/uc-config/.github/workflows/deploy.yml@refs/heads/main",
      },
    },
  };
}

export function passwordCredential(displayName: string, secret: string, startDateTime: string, endDateTime: string): PasswordCredential {
  return { keyId: guidFrom(`secret:${displayName}`), displayName, hint: secret.slice(0, 3), secretSha256: sha256Hex(secret), startDateTime, endDateTime };
}

export function keyCredential(displayName: string, certificatePem: string, startDateTime = "2025-01-01T00:00:00Z", endDateTime?: string): KeyCredential {
  const info = certificateInfo(certificatePem);
  return {
    keyId: guidFrom(`cert:${info.thumbprintSha256}`),
    displayName,
    certificatePem,
    thumbprintSha1: info.thumbprintSha1,
    thumbprintSha256: info.thumbprintSha256,
    startDateTime,
    endDateTime: endDateTime ?? info.validTo.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------
// licenses

const PLAN = {
  TEAMS1: { servicePlanId: "57ff2da0-773e-42df-b2af-ffb7a2317929", servicePlanName: "TEAMS1", appliesTo: "User", service: "TeamspaceAPI" },
  MCOSTANDARD: { servicePlanId: "0feaeb32-d00e-4d66-bd5a-43b5b83db82c", servicePlanName: "MCOSTANDARD", appliesTo: "User", service: "MicrosoftCommunicationsOnline" },
  EXCHANGE_S_ENTERPRISE: { servicePlanId: "efb87545-963c-4e0d-99df-69c6916d9eb0", servicePlanName: "EXCHANGE_S_ENTERPRISE", appliesTo: "User", service: "exchange" },
  SHAREPOINTENTERPRISE: { servicePlanId: "5dbe027f-2339-4123-9542-606e4d348a72", servicePlanName: "SHAREPOINTENTERPRISE", appliesTo: "User", service: "SharePoint" },
  MCOEV: { servicePlanId: "4828c8ec-dc2e-4779-b502-87ac9ce28ab7", servicePlanName: "MCOEV", appliesTo: "User", service: "MicrosoftCommunicationsOnline", dependsOnAny: ["57ff2da0-773e-42df-b2af-ffb7a2317929", "0feaeb32-d00e-4d66-bd5a-43b5b83db82c"] },
  MCOMEETADV: { servicePlanId: "3e26ee1f-8a5f-4d52-aee2-b81ce45c8f40", servicePlanName: "MCOMEETADV", appliesTo: "User", service: "MicrosoftCommunicationsOnline", dependsOnAny: ["57ff2da0-773e-42df-b2af-ffb7a2317929", "0feaeb32-d00e-4d66-bd5a-43b5b83db82c"] },
  MCOPSTN1: { servicePlanId: "4ed3ff63-69d7-4fb7-b984-5aec7f605ca8", servicePlanName: "MCOPSTN1", appliesTo: "User", service: "MicrosoftCommunicationsOnline", dependsOnAny: ["4828c8ec-dc2e-4779-b502-87ac9ce28ab7"] },
  MCOEV_VIRTUALUSER: { servicePlanId: "f47330e9-c134-43b3-9993-e7f004506889", servicePlanName: "MCOEV_VIRTUALUSER", appliesTo: "User", service: "MicrosoftCommunicationsOnline" },
} as const satisfies Record<string, ServicePlan>;

export const SERVICE_PLAN_IDS = {
  teams: PLAN.TEAMS1.servicePlanId,
  phoneSystem: PLAN.MCOEV.servicePlanId,
  phoneSystemVirtualUser: PLAN.MCOEV_VIRTUALUSER.servicePlanId,
  domesticCallingPlan: PLAN.MCOPSTN1.servicePlanId,
  audioConferencing: PLAN.MCOMEETADV.servicePlanId,
} as const;

export const SKU_IDS = {
  SPE_E5: "06ebc4ee-1bb5-47dd-8120-11324bc54e06",
  SPE_E3: "05e9a617-0261-4cee-bb44-138d3ef5d965",
  MCOEV: "e43b5b99-8dfb-405f-9987-dc307f34bcbd",
  MCOPSTN1: "0dab259f-bf13-4952-b7f8-7db8f131b28d",
  MCOMEETADV: "0c266dff-15dd-4b49-8397-2bb16070ed52",
  PHONESYSTEM_VIRTUALUSER: "440eaaa8-b3e0-484b-a8be-62870b9ba70a",
} as const;

function sku(skuPartNumber: keyof typeof SKU_IDS, enabled: number, plans: readonly ServicePlan[]): SkuRecord {
  return {
    skuId: SKU_IDS[skuPartNumber],
    skuPartNumber,
    appliesTo: "User",
    capabilityStatus: "Enabled",
    prepaidUnits: { enabled, suspended: 0, warning: 0, lockedOut: 0 },
    subscriptionIds: [guidFrom(`subscription:${skuPartNumber}`)],
    servicePlans: plans.map((plan) => ({ ...plan, ...(plan.dependsOnAny ? { dependsOnAny: [...plan.dependsOnAny] } : {}) })),
  };
}

export function seedSkus(): SkuRecord[] {
  return [
    sku("SPE_E5", 80, [PLAN.TEAMS1, PLAN.MCOSTANDARD, PLAN.EXCHANGE_S_ENTERPRISE, PLAN.SHAREPOINTENTERPRISE, PLAN.MCOEV, PLAN.MCOMEETADV]),
    sku("SPE_E3", 50, [PLAN.TEAMS1, PLAN.MCOSTANDARD, PLAN.EXCHANGE_S_ENTERPRISE, PLAN.SHAREPOINTENTERPRISE]),
    sku("MCOEV", 40, [PLAN.MCOEV]),
    sku("MCOPSTN1", 10, [PLAN.MCOPSTN1]),
    sku("MCOMEETADV", 20, [PLAN.MCOMEETADV]),
    sku("PHONESYSTEM_VIRTUALUSER", 5, [PLAN.MCOEV_VIRTUALUSER]),
  ];
}

// ---------------------------------------------------------------------------------------------
// users

export const SEED_USER_COUNT = 64;

const FIRST_NAMES = ["Adele", "Alex", "Bianca", "Carlos", "Diego", "Emily", "Farah", "Grady", "Hana", "Isaiah", "Johanna", "Kenji", "Lidia", "Megan", "Nestor", "Olga"];
const LAST_NAMES = ["Vance", "Wilber", "Pisani", "Slattery", "Siciliani", "Braun", "Kowalski", "Archie", "Tanaka", "Langer", "Lorenz", "Okafor", "Holloway", "Bowen", "Wilke", "Petrova"];
/** City, state, country, usage location (null city: no address at all). */
const LOCATIONS: readonly (readonly [string, string, string, string] | null)[] = [
  ["Chicago", "IL", "United States", "US"],
  ["Boston", "MA", "United States", "US"],
  ["Austin", "TX", "United States", "US"],
  ["Chicago", "IL", "United States", "US"],
  ["Seattle", "WA", "United States", "US"],
  ["Boston", "MA", "United States", "US"],
  ["Denver", "CO", "United States", "US"],
  ["Chicago", "IL", "United States", "US"],
  ["London", "England", "United Kingdom", "GB"],
  ["Austin", "TX", "United States", "US"],
  null,
  ["Boston", "MA", "United States", "US"],
];
const DEPARTMENTS = ["Sales", "Engineering", "Support", "Finance", "Marketing", "Engineering", "Operations", "Sales", "Legal", "Support", "Human Resources"];
const TITLES: Readonly<Record<string, readonly string[]>> = {
  Sales: ["Account Executive", "Sales Manager"],
  Engineering: ["Software Engineer", "Engineering Manager", "Site Reliability Engineer"],
  Support: ["Support Engineer", "Support Lead"],
  Finance: ["Accountant", "Financial Analyst"],
  Marketing: ["Marketing Specialist", "Brand Manager"],
  Operations: ["Operations Analyst"],
  Legal: ["Counsel"],
  "Human Resources": ["HR Partner"],
};
const DEPARTMENT_CODES: Readonly<Record<string, string>> = { Sales: "SAL", Engineering: "ENG", Support: "SUP", Finance: "FIN", Marketing: "MKT", Operations: "OPS", Legal: "LEG", "Human Resources": "HRS" };

/** Emergency locations of the seed, by city (their ids are referenced by seeded numbers). */
export const SEED_LOCATION_IDS: Readonly<Record<string, string>> = {
  Chicago: guidFrom("location:chicago-hq"),
  Boston: guidFrom("location:boston"),
  Austin: guidFrom("location:austin"),
};

interface SeedUserPlan {
  readonly properties: UserProperties;
  readonly licenses: AssignedLicense[];
}

function seedUserPlans(): SeedUserPlan[] {
  const plans: SeedUserPlan[] = [];
  for (let i = 0; i < SEED_USER_COUNT; i++) {
    const given = FIRST_NAMES[i % 16] as string;
    const family = LAST_NAMES[(i + 3 * Math.floor(i / 16)) % 16] as string;
    const nickname = `${given}.${family}`.toLowerCase();
    const location = LOCATIONS[i % LOCATIONS.length] ?? null;
    const department = DEPARTMENTS[i % DEPARTMENTS.length] as string;
    const titles = TITLES[department] ?? ["Specialist"];
    const synced = i % 4 === 1;
    // Some users lack a usage location: those without an address and every ninth.
    const usageLocation = location === null || i % 9 === 4 ? null : location[3];
    const id = guidFrom(`user:${i}`);
    const extensionAttributes: Record<string, string | null> = {};
    for (let n = 1; n <= 15; n++) extensionAttributes[`extensionAttribute${n}`] = null;
    if (synced) {
      extensionAttributes.extensionAttribute1 = DEPARTMENT_CODES[department] ?? null;
      if (i % 8 === 1) extensionAttributes.extensionAttribute11 = "TeamsVoice";
    }
    const properties: UserProperties = {
      id,
      userPrincipalName: `${nickname}@${LAB_TENANT_DEFAULT_DOMAIN}`,
      displayName: `${given} ${family}`,
      givenName: given,
      surname: family,
      mail: `${nickname}@${LAB_TENANT_DEFAULT_DOMAIN}`,
      mailNickname: nickname.replace(/\./g, ""),
      otherMails: [],
      jobTitle: titles[i % titles.length] ?? null,
      department,
      companyName: "Contoso",
      officeLocation: location === null ? null : `${location[0]} office`,
      streetAddress: null,
      city: location === null ? null : location[0],
      state: location === null ? null : location[1],
      postalCode: null,
      country: location === null ? null : location[2],
      usageLocation,
      preferredLanguage: location?.[3] === "GB" ? "en-GB" : "en-US",
      businessPhones: [],
      mobilePhone: null,
      employeeId: `E${1000 + i}`,
      employeeType: i % 10 === 7 ? "Contractor" : "Employee",
      accountEnabled: i % 13 !== 12,
      userType: "Member",
      createdDateTime: new Date(Date.UTC(2024, 0, 1 + i, 9, 0, 0)).toISOString().replace(".000Z", "Z"),
      onPremisesSyncEnabled: synced ? true : null,
      onPremisesImmutableId: synced ? Buffer.from(id.replace(/-/g, ""), "hex").toString("base64") : null,
      onPremisesSamAccountName: synced ? `${given[0]}${family}`.toLowerCase() : null,
      onPremisesLastSyncDateTime: synced ? "2026-01-01T00:00:00Z" : null,
      onPremisesExtensionAttributes: extensionAttributes,
      assignedLicenses: [],
    };
    const licenses: AssignedLicense[] = [];
    if (usageLocation !== null && i < 34) {
      // Audio conferencing switched off for every seventh E5 user.
      licenses.push({ skuId: SKU_IDS.SPE_E5, disabledPlans: i % 7 === 3 ? [SERVICE_PLAN_IDS.audioConferencing] : [] });
    } else if (usageLocation !== null && i < 46) {
      licenses.push({ skuId: SKU_IDS.SPE_E3, disabledPlans: [] });
      if (i >= 36 && i <= 39) licenses.push({ skuId: SKU_IDS.MCOEV, disabledPlans: [] });
    }
    if (i === 16) licenses.push({ skuId: SKU_IDS.MCOPSTN1, disabledPlans: [] });
    plans.push({ properties, licenses });
  }
  return plans;
}

// ---------------------------------------------------------------------------------------------
// numbers

interface NumberBlock {
  readonly prefix: string;
  readonly first: number;
  readonly count: number;
  readonly city: string;
  readonly numberType: NumberType;
}

/** +1 312 555 01xx Chicago, +1 617 555 02xx Boston, +1 512 555 03xx Austin (Direct Routing), +1 206 555 04xx Seattle (Calling Plan). */
export const SEED_NUMBER_BLOCKS: readonly NumberBlock[] = [
  { prefix: "+1312555", first: 100, count: 50, city: "Chicago", numberType: "directRouting" },
  { prefix: "+1617555", first: 200, count: 30, city: "Boston", numberType: "directRouting" },
  { prefix: "+1512555", first: 300, count: 20, city: "Austin", numberType: "directRouting" },
  { prefix: "+1206555", first: 400, count: 5, city: "Seattle", numberType: "callingPlan" },
];

export function numberRecord(telephoneNumber: string, numberType: NumberType, city: string | null, isoCountryCode: string): NumberRecord {
  const callingPlan = numberType === "callingPlan";
  return {
    id: guidFrom(`number:${telephoneNumber}`),
    telephoneNumber,
    numberType,
    operatorId: numberType === "operatorConnect" ? guidFrom("operator:lab") : null,
    activationState: "activated",
    capabilities: ["userAssignment"],
    locationId: null,
    civicAddressId: null,
    networkSiteId: null,
    assignmentTargetId: null,
    assignmentCategory: null,
    assignmentStatus: "unassigned",
    portInStatus: callingPlan ? "completed" : null,
    isoCountryCode,
    city,
    numberSource: callingPlan ? "online" : "onPremises",
    supportedCustomerActions: callingPlan ? ["release", "updateEmergencyAddress"] : ["updateEmergencyAddress"],
    reverseNumberLookupOptions: [],
    pendingOperationId: null,
  };
}

function seedNumbers(): NumberRecord[] {
  const numbers: NumberRecord[] = [];
  for (const block of SEED_NUMBER_BLOCKS) {
    for (let n = 0; n < block.count; n++) {
      numbers.push(numberRecord(`${block.prefix}${String(block.first + n).padStart(4, "0")}`, block.numberType, block.city, "US"));
    }
  }
  return numbers;
}

// ---------------------------------------------------------------------------------------------
// graph partition

export function defaultGraphSettings(): GraphSettings {
  return {
    deltaTokenLifetimeSeconds: 7 * 24 * 3600,
    deltaTokensNotBefore: 0,
    lro: { notStartedPolls: 1, runningPolls: 1, settleAfterSeconds: 60, retryAfterSeconds: null },
    batchItemFaults: [],
    consistency: { newUserReadLag: 0, grantReadLag: 0 },
    throttling: defaultGraphThrottling(),
  };
}

/** Users given a number (and Enterprise Voice) in the seed: the first licensed users of three cities, plus the Calling Plan user. */
export interface SeedVoiceUser {
  readonly userId: string;
  readonly city: string;
  readonly telephoneNumber: string;
}

export function seedGraph(): GraphState {
  const plans = seedUserPlans();
  const numbers = seedNumbers();
  let stamp = 0;
  const users: DirectoryUser[] = plans.map((plan) => {
    stamp += 1;
    const properties = { ...plan.properties, assignedLicenses: plan.licenses };
    const licenseDates = Object.fromEntries(plan.licenses.map((license) => [license.skuId, properties.createdDateTime]));
    return {
      properties,
      createdStamp: stamp,
      propertyStamps: {},
      lastChangeStamp: stamp,
      licenseDates,
    };
  });

  const enterpriseVoice: EnterpriseVoiceRecord[] = [];
  for (const voice of seedVoiceUsers(users)) {
    const number = numbers.find((candidate) => candidate.telephoneNumber === voice.telephoneNumber);
    if (!number) continue;
    number.assignmentTargetId = voice.userId;
    number.assignmentCategory = "primary";
    number.assignmentStatus = "userAssigned";
    number.locationId = SEED_LOCATION_IDS[voice.city] ?? null;
    number.civicAddressId = number.locationId === null ? null : guidFrom(`civic:${number.locationId}`);
    stamp += 1;
    enterpriseVoice.push({ userId: voice.userId, enabled: true, stamp });
  }

  return {
    kind: "graph",
    generation: newGuid(),
    lastStamp: stamp,
    users,
    deletedUsers: [],
    groups: seedGroups(users),
    subscribedSkus: seedSkus(),
    numbers,
    operations: [],
    grants: [],
    enterpriseVoice,
    settings: defaultGraphSettings(),
  };
}

// ---------------------------------------------------------------------------------------------
// groups

/** The seeded security groups' object ids, by display name. */
export const SEED_GROUP_IDS = {
  "Teams Phone Users": guidFrom("group:teams-phone-users"),
  "Sales Voice": guidFrom("group:sales-voice"),
  "Conditional Access - Voice": guidFrom("group:conditional-access-voice"),
} as const;

/** The seeded user who is already in "Teams Phone Users": a membership that was there before ucflow. */
export const SEED_GROUP_MEMBER_UPN = `hana.tanaka@${LAB_TENANT_DEFAULT_DOMAIN}`;

/** Three security groups (not mail-enabled, no group types); one seeded user in the first. */
export function seedGroups(users: readonly DirectoryUser[]): DirectoryGroup[] {
  const member = users.find((user) => user.properties.userPrincipalName === SEED_GROUP_MEMBER_UPN);
  return Object.entries(SEED_GROUP_IDS).map(([displayName, id], i) => ({
    properties: {
      id,
      displayName,
      description: `${displayName} (lab seed)`,
      mailEnabled: false,
      mailNickname: displayName.replace(/[^A-Za-z0-9]/g, ""),
      securityEnabled: true,
      groupTypes: [],
      createdDateTime: new Date(Date.UTC(2023, 6, 1 + i, 9, 0, 0)).toISOString().replace(".000Z", "Z"),
    },
    members: i === 0 && member ? [member.properties.id] : [],
  }));
}

/** Which seeded users hold a number: 4 in Chicago, 2 in Boston, 1 in Austin (E5, Direct Routing) and the Seattle Calling Plan user. */
export function seedVoiceUsers(users: readonly DirectoryUser[]): SeedVoiceUser[] {
  const picks: SeedVoiceUser[] = [];
  const wanted: Record<string, number> = { Chicago: 4, Boston: 2, Austin: 1 };
  const next: Record<string, number> = { Chicago: 100, Boston: 200, Austin: 300 };
  const prefix: Record<string, string> = { Chicago: "+1312555", Boston: "+1617555", Austin: "+1512555" };
  for (const user of users) {
    const city = user.properties.city;
    const hasE5 = user.properties.assignedLicenses.some((license) => license.skuId === SKU_IDS.SPE_E5);
    if (city === null || !hasE5 || !user.properties.accountEnabled) continue;
    if ((wanted[city] ?? 0) > 0) {
      wanted[city] = (wanted[city] ?? 0) - 1;
      picks.push({ userId: user.properties.id, city, telephoneNumber: `${prefix[city]}${String(next[city]).padStart(4, "0")}` });
      next[city] = (next[city] ?? 0) + 1;
    }
  }
  const callingPlanUser = users.find((user) => user.properties.assignedLicenses.some((license) => license.skuId === SKU_IDS.MCOPSTN1));
  if (callingPlanUser) picks.push({ userId: callingPlanUser.properties.id, city: "Seattle", telephoneNumber: "+12065550400" });
  return picks;
}

// ---------------------------------------------------------------------------------------------
// teams partition

function instance(type: string, identity: string, settings: Record<string, unknown>): ConfigurationInstance {
  const spec = configurationType(type);
  if (!spec) throw new Error(`unknown configuration type ${type}`);
  return { Identity: identity, ...spec.defaults(identity), ...settings };
}

function dialPlanRules(identity: string, areaPrefix: string): Record<string, unknown>[] {
  return [
    { Name: "Internal-4digit", Identity: `${identity}/Internal-4digit`, Description: "4-digit extensions", Pattern: "^(\\d{4})$", Translation: `${areaPrefix}$1`, IsInternalExtension: true, Priority: 0 },
    { Name: "US-10digit", Identity: `${identity}/US-10digit`, Description: "10-digit national numbers", Pattern: "^(\\d{10})$", Translation: "+1$1", IsInternalExtension: false, Priority: 1 },
    { Name: "US-11digit", Identity: `${identity}/US-11digit`, Description: "1 + 10 digits", Pattern: "^1(\\d{10})$", Translation: "+1$1", IsInternalExtension: false, Priority: 2 },
  ];
}

export function seedTeams(graph: GraphState = seedGraph()): TeamsState {
  const configurations: Record<string, ConfigurationInstance[]> = {
    TenantDialPlan: [
      instance("TenantDialPlan", "Global", {}),
      instance("TenantDialPlan", "Tag:US-Chicago", { Description: "Chicago site dial plan", NormalizationRules: dialPlanRules("Tag:US-Chicago", "+1312555") }),
      instance("TenantDialPlan", "Tag:US-Boston", { Description: "Boston site dial plan", NormalizationRules: dialPlanRules("Tag:US-Boston", "+1617555") }),
    ],
    OnlinePstnUsages: [instance("OnlinePstnUsages", "Global", { Usage: ["US-Local", "US-LongDistance", "International"] })],
    OnlinePSTNGateway: [
      instance("OnlinePSTNGateway", "sbc1.contoso.com", { SipSignalingPort: 5061, MaxConcurrentSessions: 100 }),
      instance("OnlinePSTNGateway", "sbc2.contoso.com", { SipSignalingPort: 5061, MaxConcurrentSessions: 100 }),
    ],
    OnlineVoiceRoute: [
      instance("OnlineVoiceRoute", "US-Local", { Description: "Local numbers of the US sites", NumberPattern: "^\\+1(312|617|512)\\d{7}$", OnlinePstnGatewayList: ["sbc1.contoso.com", "sbc2.contoso.com"], OnlinePstnUsages: ["US-Local"], Priority: 1 }),
      instance("OnlineVoiceRoute", "US-LongDistance", { Description: "US and Canada", NumberPattern: "^\\+1\\d{10}$", OnlinePstnGatewayList: ["sbc1.contoso.com"], OnlinePstnUsages: ["US-LongDistance"], Priority: 2 }),
      instance("OnlineVoiceRoute", "International", { Description: "Everything outside NANP", NumberPattern: "^\\+[2-9]\\d{6,14}$", OnlinePstnGatewayList: ["sbc2.contoso.com"], OnlinePstnUsages: ["International"], Priority: 3 }),
    ],
    OnlineVoiceRoutingPolicy: [
      instance("OnlineVoiceRoutingPolicy", "Global", {}),
      instance("OnlineVoiceRoutingPolicy", "Tag:US-National", { Description: "Local and long distance", OnlinePstnUsages: ["US-Local", "US-LongDistance"] }),
      instance("OnlineVoiceRoutingPolicy", "Tag:US-Unrestricted", { Description: "Everything", OnlinePstnUsages: ["US-Local", "US-LongDistance", "International"] }),
    ],
    TeamsCallingPolicy: [
      instance("TeamsCallingPolicy", "Global", {}),
      instance("TeamsCallingPolicy", "Tag:AllowCalling", { Description: "Calling allowed" }),
      instance("TeamsCallingPolicy", "Tag:DisallowCalling", { Description: "No calling", AllowPrivateCalling: false, AllowWebPSTNCalling: false, AllowCallForwardingToPhone: false, AllowCallForwardingToUser: false }),
    ],
    TeamsEmergencyCallingPolicy: [
      instance("TeamsEmergencyCallingPolicy", "Global", {}),
      instance("TeamsEmergencyCallingPolicy", "Tag:US-E911-Notify", { Description: "Notify security on 911", NotificationGroup: "security@contoso.com", NotificationMode: "NotificationOnly", ExternalLocationLookupMode: "Enabled" }),
    ],
  };
  const policyIds: Record<string, string> = {};
  for (const [type, instances] of Object.entries(configurations)) {
    for (const item of instances) policyIds[policyKey(type, item.Identity)] = opaqueIdFrom(`policy:${type}:${item.Identity}`);
  }

  const emergencyLocations: EmergencyLocation[] = [
    location("Chicago", "Contoso Chicago HQ", { HouseNumber: "233", PreDirectional: "S", StreetName: "Wacker", StreetSuffix: "Dr", City: "Chicago", StateOrProvince: "IL", PostalCode: "60606", Latitude: "41.8789", Longitude: "-87.6359" }),
    location("Boston", "Contoso Boston", { HouseNumber: "100", StreetName: "Summer", StreetSuffix: "St", City: "Boston", StateOrProvince: "MA", PostalCode: "02110", Latitude: "42.3541", Longitude: "-71.0578" }),
    location("Austin", "Contoso Austin", { HouseNumber: "500", PreDirectional: "W", StreetName: "2nd", StreetSuffix: "St", City: "Austin", StateOrProvince: "TX", PostalCode: "78701", Latitude: "30.2656", Longitude: "-97.7467" }),
  ];

  // Seeded voice users hold the national routing policy and their site's dial plan (if any).
  const grants: GrantRecord[] = [];
  let stamp = 0;
  const at = "2025-01-01T00:00:00Z";
  for (const voice of seedVoiceUsers(graph.users)) {
    stamp += 1;
    grants.push({ userId: voice.userId, policyType: "OnlineVoiceRoutingPolicy", policyIdentity: "Tag:US-National", stamp, at });
    const dialPlan = voice.city === "Chicago" ? "Tag:US-Chicago" : voice.city === "Boston" ? "Tag:US-Boston" : undefined;
    if (dialPlan) {
      stamp += 1;
      grants.push({ userId: voice.userId, policyType: "TenantDialPlan", policyIdentity: dialPlan, stamp, at });
    }
  }
  return { kind: "teams", lastStamp: stamp, configurations, policyIds, emergencyLocations, grants, enterpriseVoice: [], throttling: defaultTeamsThrottling() };
}

export function policyKey(type: string, identity: string): string {
  return `${type}|${identity.toLowerCase()}`;
}

function location(city: string, description: string, address: Record<string, string>): EmergencyLocation {
  const locationId = SEED_LOCATION_IDS[city] as string;
  return {
    LocationId: locationId,
    CivicAddressId: guidFrom(`civic:${locationId}`),
    Description: description,
    CompanyName: "Contoso",
    HouseNumber: null,
    HouseNumberSuffix: null,
    PreDirectional: null,
    StreetName: null,
    StreetSuffix: null,
    PostDirectional: null,
    City: null,
    StateOrProvince: null,
    PostalCode: null,
    CountryOrRegion: "US",
    Latitude: null,
    Longitude: null,
    Elin: null,
    ...address,
  };
}
