// The Teams admin API configuration types the lab serves (reference §5.3) and their fields,
// following the Microsoft365DSC schemas the reference cites (§9.1). Pure: field checking and
// identity rules; references between objects are checked by the teams simulator.

export type FieldType =
  | { readonly kind: "string"; readonly nullable?: boolean; readonly maxLength?: number }
  | { readonly kind: "boolean" }
  | { readonly kind: "integer"; readonly min: number; readonly max: number }
  | { readonly kind: "stringList" }
  | { readonly kind: "enum"; readonly values: readonly string[]; readonly nullable?: boolean }
  | { readonly kind: "regex" }
  | { readonly kind: "normalizationRules" };

/**
 * How instances are named:
 * - policy: `Global` or `Tag:<name>` (a bare name means `Tag:<name>`, as New-Cs*Policy -Identity does)
 * - plain: the name as given (voice routes, PSTN gateways by FQDN)
 * - globalOnly: a single `Global` instance (the tenant's PSTN usage list)
 */
export type IdentityStyle = "policy" | "plain" | "globalOnly";

export interface ConfigurationTypeSpec {
  readonly name: string;
  readonly identityStyle: IdentityStyle;
  /** Can be granted to users (Grant-Cs*, Graph policy assignment). */
  readonly grantable: boolean;
  readonly maxIdentityLength: number;
  readonly fields: Readonly<Record<string, FieldType>>;
  /** Fields a new instance must have. */
  readonly required: readonly string[];
  /** Store fields the lab does not know (types whose real objects carry dozens of settings). */
  readonly keepsUnknownScalarFields: boolean;
  /** Settings of a new instance before the caller's fields apply. */
  defaults(identity: string): Record<string, unknown>;
}

const CALLING_POLICY_DEFAULTS: Readonly<Record<string, unknown>> = {
  Description: "",
  AllowPrivateCalling: true,
  AllowVoicemail: "UserOverride",
  AllowCallGroups: true,
  AllowDelegation: true,
  AllowCallForwardingToUser: true,
  AllowCallForwardingToPhone: true,
  AllowCallRedirect: "Enabled",
  AllowSIPDevicesCalling: false,
  AllowWebPSTNCalling: true,
  PreventTollBypass: false,
  BusyOnBusyEnabledType: "Disabled",
  CallRecordingExpirationDays: 60,
  MusicOnHoldEnabledType: "Enabled",
  SafeTransferEnabled: "Disabled",
  AllowCloudRecordingForCalls: false,
  AllowTranscriptionForCalling: false,
  LiveCaptionsEnabledTypeForCalling: "DisabledUserOverride",
  AutoAnswerEnabledType: "Disabled",
  SpamFilteringEnabledType: "Enabled",
};

const ENABLED_DISABLED_USER_OVERRIDE = ["Enabled", "Disabled", "UserOverride"] as const;

export const CONFIGURATION_TYPES: readonly ConfigurationTypeSpec[] = [
  {
    name: "TenantDialPlan",
    identityStyle: "policy",
    grantable: true,
    maxIdentityLength: 49,
    fields: {
      Description: { kind: "string", nullable: true, maxLength: 1040 },
      SimpleName: { kind: "string", nullable: true, maxLength: 49 },
      NormalizationRules: { kind: "normalizationRules" },
      ExternalAccessPrefix: { kind: "string", nullable: true, maxLength: 4 },
      OptimizeDeviceDialing: { kind: "boolean" },
    },
    required: [],
    keepsUnknownScalarFields: false,
    defaults: (identity) => ({ Description: "", SimpleName: identity === "Global" ? "DefaultTenantDialPlan" : identity.replace(/^Tag:/, ""), NormalizationRules: [], ExternalAccessPrefix: null, OptimizeDeviceDialing: false }),
  },
  {
    name: "OnlineVoiceRoutingPolicy",
    identityStyle: "policy",
    grantable: true,
    maxIdentityLength: 64,
    fields: {
      Description: { kind: "string", nullable: true, maxLength: 1040 },
      OnlinePstnUsages: { kind: "stringList" },
      RouteType: { kind: "enum", values: ["BYOT"] },
    },
    required: [],
    keepsUnknownScalarFields: false,
    defaults: () => ({ Description: "", OnlinePstnUsages: [], RouteType: "BYOT" }),
  },
  {
    name: "OnlinePstnUsages",
    identityStyle: "globalOnly",
    grantable: false,
    maxIdentityLength: 6,
    fields: { Usage: { kind: "stringList" } },
    required: [],
    keepsUnknownScalarFields: false,
    defaults: () => ({ Usage: [] }),
  },
  {
    name: "OnlineVoiceRoute",
    identityStyle: "plain",
    grantable: false,
    maxIdentityLength: 64,
    fields: {
      Description: { kind: "string", nullable: true, maxLength: 1040 },
      NumberPattern: { kind: "regex" },
      OnlinePstnGatewayList: { kind: "stringList" },
      OnlinePstnUsages: { kind: "stringList" },
      Priority: { kind: "integer", min: 0, max: 1_000_000 },
      BridgeSourcePhoneNumber: { kind: "string", nullable: true },
    },
    required: [],
    keepsUnknownScalarFields: false,
    defaults: () => ({ Description: "", NumberPattern: ".*", OnlinePstnGatewayList: [], OnlinePstnUsages: [], Priority: 0, BridgeSourcePhoneNumber: null }),
  },
  {
    name: "OnlinePSTNGateway",
    identityStyle: "plain",
    grantable: false,
    maxIdentityLength: 255,
    fields: {
      Fqdn: { kind: "string" },
      SipSignalingPort: { kind: "integer", min: 1, max: 65535 },
      Enabled: { kind: "boolean" },
      MaxConcurrentSessions: { kind: "integer", min: 1, max: 100_000 },
      Description: { kind: "string", nullable: true, maxLength: 1040 },
    },
    required: ["SipSignalingPort"],
    keepsUnknownScalarFields: true,
    defaults: (identity) => ({ Fqdn: identity, SipSignalingPort: 5061, Enabled: true, MaxConcurrentSessions: null, Description: "" }),
  },
  {
    name: "TeamsCallingPolicy",
    identityStyle: "policy",
    grantable: true,
    maxIdentityLength: 64,
    fields: {
      Description: { kind: "string", nullable: true, maxLength: 1040 },
      AllowPrivateCalling: { kind: "boolean" },
      AllowVoicemail: { kind: "enum", values: ["AlwaysEnabled", "AlwaysDisabled", "UserOverride"] },
      AllowCallGroups: { kind: "boolean" },
      AllowDelegation: { kind: "boolean" },
      AllowCallForwardingToUser: { kind: "boolean" },
      AllowCallForwardingToPhone: { kind: "boolean" },
      AllowCallRedirect: { kind: "enum", values: ENABLED_DISABLED_USER_OVERRIDE },
      AllowSIPDevicesCalling: { kind: "boolean" },
      AllowWebPSTNCalling: { kind: "boolean" },
      PreventTollBypass: { kind: "boolean" },
      BusyOnBusyEnabledType: { kind: "enum", values: ["Enabled", "Disabled", "Unanswered", "UserOverride"] },
      CallRecordingExpirationDays: { kind: "integer", min: 1, max: 99_999 },
      MusicOnHoldEnabledType: { kind: "enum", values: ENABLED_DISABLED_USER_OVERRIDE },
      SafeTransferEnabled: { kind: "enum", values: ENABLED_DISABLED_USER_OVERRIDE },
      AllowCloudRecordingForCalls: { kind: "boolean" },
      AllowTranscriptionForCalling: { kind: "boolean" },
      LiveCaptionsEnabledTypeForCalling: { kind: "enum", values: ["DisabledUserOverride", "Disabled"] },
      AutoAnswerEnabledType: { kind: "enum", values: ["Enabled", "Disabled"] },
      SpamFilteringEnabledType: { kind: "enum", values: ["Enabled", "Disabled", "EnabledWithoutIVR"] },
    },
    required: [],
    keepsUnknownScalarFields: true,
    defaults: () => ({ ...CALLING_POLICY_DEFAULTS }),
  },
  {
    name: "TeamsEmergencyCallingPolicy",
    identityStyle: "policy",
    grantable: true,
    maxIdentityLength: 64,
    fields: {
      Description: { kind: "string", nullable: true, maxLength: 1040 },
      EnhancedEmergencyServiceDisclaimer: { kind: "string", nullable: true, maxLength: 350 },
      ExternalLocationLookupMode: { kind: "enum", values: ["Disabled", "Enabled"] },
      NotificationDialOutNumber: { kind: "string", nullable: true },
      NotificationGroup: { kind: "string", nullable: true },
      NotificationMode: { kind: "enum", values: ["NotificationOnly", "ConferenceMuted", "ConferenceUnMuted"] },
    },
    required: [],
    keepsUnknownScalarFields: false,
    defaults: () => ({ Description: "", EnhancedEmergencyServiceDisclaimer: null, ExternalLocationLookupMode: "Disabled", NotificationDialOutNumber: null, NotificationGroup: null, NotificationMode: "NotificationOnly" }),
  },
];

/** The spec of a configuration type, matched case-insensitively as PowerShell does. */
export function configurationType(name: string): ConfigurationTypeSpec | undefined {
  const wanted = name.toLowerCase();
  return CONFIGURATION_TYPES.find((spec) => spec.name.toLowerCase() === wanted);
}

export type IdentityResult = { readonly identity: string } | { readonly problem: string };

/**
 * The stored form of an identity: `Global`, `Tag:<name>` or a plain name. A bare name of a
 * policy type becomes `Tag:<name>`; other scopes (`Site:`, `Service:`) are not served.
 */
export function normalizeIdentity(spec: ConfigurationTypeSpec, raw: string): IdentityResult {
  const text = raw.trim();
  if (text === "") return { problem: `Identity of ${spec.name} cannot be empty` };
  if (spec.identityStyle === "globalOnly") {
    return text.toLowerCase() === "global" ? { identity: "Global" } : { problem: `${spec.name} has a single instance, Global; got Identity "${raw}"` };
  }
  if (spec.identityStyle === "plain") {
    if (text.length > spec.maxIdentityLength) return { problem: `Identity of ${spec.name} is limited to ${spec.maxIdentityLength} characters; got ${text.length}` };
    if (/[/\\]/.test(text)) return { problem: `Identity of ${spec.name} cannot contain / or \\; got "${raw}"` };
    return { identity: text };
  }
  if (text.toLowerCase() === "global") return { identity: "Global" };
  const scoped = /^([A-Za-z]+):(.*)$/.exec(text);
  let name = text;
  if (scoped) {
    if (scoped[1]?.toLowerCase() !== "tag") return { problem: `the lab serves only Global and Tag: instances of ${spec.name}; got Identity "${raw}"` };
    name = scoped[2] ?? "";
  }
  if (name === "" || /[/\\:]/.test(name)) return { problem: `Identity of ${spec.name} must be Global or Tag:<name> where the name has no / \\ or :; got "${raw}"` };
  const identity = `Tag:${name}`;
  if (identity.length > spec.maxIdentityLength) return { problem: `Identity of ${spec.name} is limited to ${spec.maxIdentityLength} characters; got "${identity}" (${identity.length})` };
  return { identity };
}

export interface NormalizationRule {
  Name: string;
  Identity: string;
  Description: string;
  Pattern: string;
  Translation: string;
  IsInternalExtension: boolean;
  Priority: number;
}

/** A dial plan holds at most this many normalization rules. */
export const MAX_NORMALIZATION_RULES = 50;

/**
 * Checks the caller's fields of an instance (without Identity) and returns them under their
 * canonical names. Field names match case-insensitively, as in PowerShell.
 */
export function checkFields(spec: ConfigurationTypeSpec, identity: string, body: Record<string, unknown>): { values: Record<string, unknown>; problems: string[] } {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  const byLower = new Map(Object.keys(spec.fields).map((name) => [name.toLowerCase(), name]));
  for (const [rawName, value] of Object.entries(body)) {
    if (rawName.toLowerCase() === "identity" || rawName.startsWith("@odata")) continue;
    const name = byLower.get(rawName.toLowerCase());
    if (name === undefined) {
      if (spec.keepsUnknownScalarFields && (value === null || ["string", "number", "boolean"].includes(typeof value))) {
        values[rawName] = value;
        continue;
      }
      problems.push(`${spec.name} has no property "${rawName}" (known: ${Object.keys(spec.fields).join(", ")})`);
      continue;
    }
    const type = spec.fields[name] as FieldType;
    const problem = fieldProblem(`${spec.name}.${name}`, type, value);
    if (problem !== undefined) {
      problems.push(problem);
      continue;
    }
    values[name] = type.kind === "normalizationRules" ? normalizeRules(identity, value as unknown[], problems) : type.kind === "stringList" ? [...(value as string[])] : value;
  }
  return { values, problems };
}

function fieldProblem(where: string, type: FieldType, value: unknown): string | undefined {
  switch (type.kind) {
    case "string":
      if (value === null && type.nullable) return undefined;
      if (typeof value !== "string") return `${where} must be a string${type.nullable ? " or null" : ""}; got ${describe(value)}`;
      if (type.maxLength !== undefined && value.length > type.maxLength) return `${where} is limited to ${type.maxLength} characters; got ${value.length}`;
      return undefined;
    case "boolean":
      return typeof value === "boolean" ? undefined : `${where} must be true or false; got ${describe(value)}`;
    case "integer":
      if (value === null) return undefined;
      return typeof value === "number" && Number.isInteger(value) && value >= type.min && value <= type.max ? undefined : `${where} must be a whole number from ${type.min} to ${type.max}; got ${describe(value)}`;
    case "stringList":
      return Array.isArray(value) && value.every((item) => typeof item === "string" && item.trim() !== "") ? undefined : `${where} must be a list of non-empty strings; got ${describe(value)}`;
    case "enum":
      if (value === null && type.nullable) return undefined;
      return typeof value === "string" && type.values.includes(value) ? undefined : `${where} must be one of ${type.values.join(", ")}; got ${describe(value)}`;
    case "regex":
      if (typeof value !== "string" || value === "") return `${where} must be a regular expression string; got ${describe(value)}`;
      return regexProblem(where, value);
    case "normalizationRules":
      return Array.isArray(value) ? undefined : `${where} must be a list of normalization rules; got ${describe(value)}`;
  }
}

function normalizeRules(identity: string, rules: readonly unknown[], problems: string[]): NormalizationRule[] {
  if (rules.length > MAX_NORMALIZATION_RULES) problems.push(`a dial plan holds at most ${MAX_NORMALIZATION_RULES} normalization rules; got ${rules.length}`);
  const names = new Set<string>();
  const result: NormalizationRule[] = [];
  rules.forEach((raw, index) => {
    const where = `NormalizationRules[${index}]`;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      problems.push(`${where} must be an object with Name, Pattern and Translation; got ${describe(raw)}`);
      return;
    }
    const rule = lowerKeys(raw as Record<string, unknown>);
    const known = new Set(["name", "identity", "description", "pattern", "translation", "isinternalextension", "priority"]);
    for (const key of Object.keys(raw)) {
      if (!known.has(key.toLowerCase())) problems.push(`${where} has no property "${key}" (known: Name, Description, Pattern, Translation, IsInternalExtension, Priority)`);
    }
    const fromIdentity = typeof rule.identity === "string" ? rule.identity.split("/").pop() : undefined;
    const name = typeof rule.name === "string" && rule.name !== "" ? rule.name : fromIdentity;
    if (name === undefined || name === "") problems.push(`${where} needs a Name`);
    else if (names.has(name.toLowerCase())) problems.push(`${where}: the dial plan already has a rule named "${name}"`);
    else names.add(name.toLowerCase());
    if (typeof rule.pattern !== "string" || rule.pattern === "") problems.push(`${where}.Pattern must be a regular expression string; got ${describe(rule.pattern)}`);
    else {
      const problem = regexProblem(`${where}.Pattern`, rule.pattern);
      if (problem) problems.push(problem);
    }
    if (typeof rule.translation !== "string") problems.push(`${where}.Translation must be a string such as "+1312555$1"; got ${describe(rule.translation)}`);
    if (rule.isinternalextension !== undefined && typeof rule.isinternalextension !== "boolean") problems.push(`${where}.IsInternalExtension must be true or false; got ${describe(rule.isinternalextension)}`);
    if (rule.description !== undefined && rule.description !== null && typeof rule.description !== "string") problems.push(`${where}.Description must be a string; got ${describe(rule.description)}`);
    if (rule.priority !== undefined && (typeof rule.priority !== "number" || !Number.isInteger(rule.priority) || rule.priority < 0)) problems.push(`${where}.Priority must be a whole number of at least 0; got ${describe(rule.priority)}`);
    result.push({
      Name: name ?? "",
      Identity: `${identity}/${name ?? ""}`,
      Description: typeof rule.description === "string" ? rule.description : "",
      Pattern: typeof rule.pattern === "string" ? rule.pattern : "",
      Translation: typeof rule.translation === "string" ? rule.translation : "",
      IsInternalExtension: rule.isinternalextension === true,
      Priority: typeof rule.priority === "number" ? rule.priority : index,
    });
  });
  // Rules apply in priority order; the stored list is in that order, as Get-CsTenantDialPlan shows.
  return result.sort((a, b) => a.Priority - b.Priority);
}

/** Teams evaluates .NET regular expressions; the lab checks them as JavaScript ones (close, not equal). */
function regexProblem(where: string, pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    return `${where} is not a valid regular expression: ${(error as Error).message}`;
  }
}

function lowerKeys(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));
}

export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return JSON.stringify(value);
}
