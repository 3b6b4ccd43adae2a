// Teams admin API objects, with the PascalCase property names the API (and PowerShell) use.
// Shapes follow the Microsoft365DSC schemas the reference cites (§9.1).

/** One normalization rule of a tenant dial plan. */
export interface NormalizationRule {
  /** The rule's name within its dial plan (PowerShell's -Name). */
  readonly Name?: string;
  /** `<dial plan identity>/<name>` when the service reports it. */
  readonly Identity?: string;
  /** Rules apply in ascending priority; the first match wins. */
  readonly Priority: number;
  readonly Description?: string;
  /** .NET regular expression on the dialled string. */
  readonly Pattern: string;
  /** Replacement, with $1... groups. */
  readonly Translation: string;
  readonly IsInternalExtension: boolean;
}

export interface TenantDialPlan {
  /** `Global` or `Tag:<name>` (at most 49 characters). */
  readonly Identity: string;
  readonly Description?: string;
  readonly SimpleName?: string;
  readonly NormalizationRules: readonly NormalizationRule[];
}

export interface OnlineVoiceRoutingPolicy {
  readonly Identity: string;
  readonly Description?: string;
  /** PSTN usage names, in order. */
  readonly OnlinePstnUsages: readonly string[];
}

/** The tenant's list of PSTN usage names: one instance, `Global`. */
export interface OnlinePstnUsages {
  readonly Identity: string;
  readonly Usage: readonly string[];
}

export interface OnlineVoiceRoute {
  readonly Identity: string;
  readonly Description?: string;
  /** .NET regular expression on the normalized number. */
  readonly NumberPattern: string;
  /** Session border controller FQDNs. */
  readonly OnlinePstnGatewayList: readonly string[];
  readonly OnlinePstnUsages: readonly string[];
  readonly Priority: number;
}

/** A calling policy: the settings ucflow sets are typed; the service returns many more. */
export interface TeamsCallingPolicy {
  readonly Identity: string;
  readonly Description?: string;
  readonly AllowPrivateCalling?: boolean;
  /** "AlwaysEnabled", "AlwaysDisabled" or "UserOverride". */
  readonly AllowVoicemail?: string;
  readonly AllowCallGroups?: boolean;
  readonly AllowDelegation?: boolean;
  readonly AllowCallForwardingToUser?: boolean;
  readonly AllowCallForwardingToPhone?: boolean;
  /** "Enabled", "Disabled" or "UserOverride". */
  readonly AllowCallRedirect?: string;
  readonly AllowSIPDevicesCalling?: boolean;
  readonly AllowWebPSTNCalling?: boolean;
  readonly PreventTollBypass?: boolean;
  /** "Enabled", "Disabled", "Unanswered" or "UserOverride". */
  readonly BusyOnBusyEnabledType?: string;
  /** "Enabled", "Disabled" or "UserOverride". */
  readonly MusicOnHoldEnabledType?: string;
  readonly [setting: string]: unknown;
}

/** A policy instance ucflow only grants by name (emergency calling, caller ID, voicemail): its settings are untyped. */
export interface GrantedPolicy {
  /** `Global` or `Tag:<name>`. */
  readonly Identity: string;
  readonly Description?: string;
  readonly [setting: string]: unknown;
}

/**
 * A civic address for emergency calling, with New-CsOnlineLisLocation's parameter names.
 * Wire shape chosen by ucflow (the ConfigAPI route is undocumented): flat JSON, these names.
 */
export interface EmergencyAddress {
  readonly Description: string;
  readonly CompanyName: string;
  readonly HouseNumber: string;
  readonly HouseNumberSuffix?: string;
  readonly PreDirectional?: string;
  readonly StreetName: string;
  readonly StreetSuffix?: string;
  readonly PostDirectional?: string;
  readonly City: string;
  readonly StateOrProvince?: string;
  readonly PostalCode: string;
  /** ISO 3166-1 alpha-2, e.g. "US". */
  readonly CountryOrRegion: string;
  /** Decimal degrees as text, e.g. "47.63952". */
  readonly Latitude?: string;
  readonly Longitude?: string;
  /** Emergency location identification number (Direct Routing). */
  readonly Elin?: string;
}

/** An emergency location as stored: the address plus the ids the service assigned. */
export interface EmergencyLocation extends EmergencyAddress {
  /** Used as `locationId` when assigning numbers. */
  readonly LocationId: string;
  readonly CivicAddressId?: string;
}
