// Plain objects the Graph operations return, named and shaped as Graph names them (v1.0).

/** A user as `$select`ed: `id` always, the rest only when selected (reference §2.1). */
export interface GraphUser {
  readonly id: string;
  readonly userPrincipalName?: string;
  readonly displayName?: string;
  readonly mail?: string | null;
  readonly givenName?: string | null;
  readonly surname?: string | null;
  readonly accountEnabled?: boolean;
  readonly department?: string | null;
  readonly city?: string | null;
  readonly country?: string | null;
  readonly state?: string | null;
  readonly officeLocation?: string | null;
  readonly companyName?: string | null;
  readonly jobTitle?: string | null;
  readonly employeeId?: string | null;
  readonly employeeType?: string | null;
  readonly employeeOrgData?: { readonly costCenter?: string | null; readonly division?: string | null } | null;
  readonly usageLocation?: string | null;
  readonly preferredLanguage?: string | null;
  readonly businessPhones?: readonly string[];
  readonly mobilePhone?: string | null;
  readonly onPremisesSyncEnabled?: boolean | null;
  readonly onPremisesExtensionAttributes?: Readonly<Record<string, string | null>> | null;
  readonly assignedLicenses?: readonly AssignedLicense[];
  readonly licenseAssignmentStates?: readonly LicenseAssignmentState[];
  /** Any other selected property, as Graph returned it. */
  readonly [property: string]: unknown;
}

export interface AssignedLicense {
  readonly skuId: string;
  readonly disabledPlans: readonly string[];
}

export interface LicenseAssignmentState {
  readonly skuId: string;
  readonly disabledPlans?: readonly string[];
  /** Set when inherited from a group; absent or null when assigned directly. */
  readonly assignedByGroup?: string | null;
  readonly state?: string;
  readonly error?: string;
}

/** A user the delta round reports as removed (`@removed`). */
export interface RemovedUser {
  readonly id: string;
  /** "changed" (soft-deleted, restorable) or "deleted" (gone for good). */
  readonly reason: string;
}

export interface ServicePlanInfo {
  readonly servicePlanId: string;
  readonly servicePlanName: string;
  readonly provisioningStatus?: string;
  readonly appliesTo?: string;
}

export interface SubscribedSku {
  readonly id?: string;
  readonly skuId: string;
  readonly skuPartNumber: string;
  readonly appliesTo?: string;
  readonly capabilityStatus?: string;
  readonly consumedUnits: number;
  readonly prepaidUnits: {
    readonly enabled: number;
    readonly suspended?: number;
    readonly warning?: number;
    readonly lockedOut?: number;
  };
  readonly servicePlans: readonly ServicePlanInfo[];
}

export type NumberType = "internalError" | "directRouting" | "callingPlan" | "operatorConnect" | "unknownFutureValue";
export type AssignmentCategory = "primary" | "private" | "alternate" | "unknownFutureValue";

/** A Teams telephone number and what it is assigned to (reference §4.2). */
export interface NumberAssignment {
  readonly id?: string;
  /** Always `+`-prefixed. */
  readonly telephoneNumber: string;
  readonly operatorId?: string | null;
  readonly numberType?: NumberType | string;
  readonly activationState?: string;
  readonly capabilities?: readonly string[];
  readonly locationId?: string | null;
  readonly civicAddressId?: string | null;
  readonly networkSiteId?: string | null;
  readonly assignmentTargetId?: string | null;
  readonly assignmentCategory?: AssignmentCategory | string | null;
  readonly portInStatus?: string | null;
  readonly assignmentStatus?: string;
  readonly isoCountryCode?: string | null;
  readonly city?: string | null;
  readonly numberSource?: string;
  readonly supportedCustomerActions?: readonly string[];
  readonly reverseNumberLookupOptions?: readonly string[];
}

export type NumberOperationStatus = "notStarted" | "running" | "succeeded" | "failed" | "skipped" | "unknownFutureValue";

/** A number assignment's long-running operation (`telephoneNumberLongRunningOperation`). */
export interface NumberOperation {
  readonly id: string;
  readonly createdDateTime?: string;
  readonly status: NumberOperationStatus | string;
  readonly numbers?: readonly {
    readonly resourceLocation?: string;
    readonly status?: string;
    readonly statusDetail?: string;
  }[];
}

/** A policy instance found by `getPolicyId`. */
export interface PolicyIdentifier {
  /** As Teams names it: `Tag:<name>`, or `Global`. */
  readonly name: string;
  /** Opaque, not always a GUID. */
  readonly policyId: string;
}

/** One policy grant for `userAssignments/assign`. */
export interface PolicyAssignment {
  /** The user's Entra object id. */
  readonly userId: string;
  readonly policyType: string;
  /** From `getPolicyId`. */
  readonly policyId: string;
}

/** One grant removal for `userAssignments/unassign`. */
export interface PolicyUnassignment {
  readonly userId: string;
  readonly policyType: string;
}

export interface EffectivePolicyAssignment {
  readonly policyType: string;
  readonly policyAssignment: {
    readonly displayName?: string;
    /** `direct` or `group`; group assignments are not ucflow's to manage. */
    readonly assignmentType?: string;
    readonly policyId?: string;
    readonly groupId?: string | null;
  };
}

/** A user's Teams voice state, read-only (reference §4.3). */
export interface TeamsUserConfiguration {
  readonly id: string;
  readonly userPrincipalName?: string;
  readonly tenantId?: string;
  readonly accountType?: string;
  readonly isEnterpriseVoiceEnabled?: boolean;
  readonly featureTypes?: readonly string[];
  readonly telephoneNumbers?: readonly { readonly telephoneNumber: string; readonly assignmentCategory?: string }[];
  readonly effectivePolicyAssignments?: readonly EffectivePolicyAssignment[];
  readonly createdDateTime?: string;
  readonly modifiedDateTime?: string;
}
