export { dynamicProvider } from "./dynamic-provider";
export { RESOURCE_KINDS, RESOURCE_MODULE, providerFor } from "./resource-kinds";
export type { ResourceKind } from "./resource-kinds";
export { ModelFilterCriteria } from "./resources/model-filter-criteria";
export type { ModelFilterCriteriaArgs } from "./resources/model-filter-criteria";
export { NumberInventory } from "./resources/number-inventory";
export type { NumberInventoryArgs } from "./resources/number-inventory";
export { SubscriberProfile } from "./resources/subscriber-profile";
export type { SubscriberProfileArgs } from "./resources/subscriber-profile";
export { FlowThroughCriteria } from "./resources/flow-through-criteria";
export type { FlowThroughCriteriaArgs } from "./resources/flow-through-criteria";
export { SubscriberSet } from "./resources/subscriber-set";
export type { SubscriberSetArgs } from "./resources/subscriber-set";
export { readEntraTenant, readEntraGroups, DEFAULT_USER_ATTRIBUTES } from "./directory/entra";
export type { EntraDirectoryOptions } from "./directory/entra";
export { Customer } from "./components/customer";
export type { CustomerArgs, CustomerSiteArgs } from "./components/customer";
export { CustomerAccount } from "./resources/customer-account";
export type { CustomerAccountArgs } from "./resources/customer-account";
export { readLdapDirectory, planLdapSearch } from "./directory/ldap";
export type { LdapDirectoryOptions, LdapSearchPlan } from "./directory/ldap";
export { DialPlan } from "./resources/dial-plan";
export type { DialPlanArgs } from "./resources/dial-plan";
export { ClassOfService } from "./resources/class-of-service";
export type { ClassOfServiceArgs } from "./resources/class-of-service";
export { Site } from "./resources/site";
export type { SiteArgs } from "./resources/site";
export { ClusterDialPlan } from "./resources/cluster-dial-plan";
export type { ClusterDialPlanArgs, CucmObjectOutput } from "./resources/cluster-dial-plan";
export { CucmSite } from "./resources/cucm-site";
export type { CucmSiteArgs } from "./resources/cucm-site";
export {
  atDefinitionPath,
  CustomerDefinition,
  decodeCustomerDefinition,
  describeDefinitionProblem,
  siteMacros,
  DEFAULT_SUBSCRIBER_SET_COUNT,
  MAX_SUBSCRIBER_SET_COUNT,
  DEFINITION_LIMITS,
} from "./definition/customer-definition";
export type { CustomerDefinitionInput, DecodedCustomerDefinition, DefinitionProblem, DefinitionSource } from "./definition/customer-definition";
export { loadCustomerDefinition, customerDefinitionError, customerDefinitionRoot, CUSTOMER_CONFIG_KEY, CUSTOMER_FILE_CONFIG_KEY } from "./definition/load-definition";
export { readTeamsPolicyCatalog, configuredTeamsAdminClient } from "./directory/teams-policies";
export { checkTeamsReferences, referencedPolicyTypes, policiesCreatedBy, TEAMS_POLICY_TYPES } from "../provider/plan/teams-references";
export type { TeamsPolicyCatalog, TeamsPolicyType, TeamsReferencingDefinition } from "../provider/plan/teams-references";
export { readCucmCluster, readCucmEndUsers, listCucmEndUsers, configuredAxlClient, clusterSnapshotOf, endUsersOf, CUCM_END_USER_ATTRIBUTES } from "./directory/cucm";
export type { CucmClusterReadOptions, CucmEndUserOptions, CucmEndUserRecord, CucmEndUsers, CucmUserField, CucmLineRow } from "./directory/cucm";
export { readCustomerSources } from "./directory/customer-sources";
export type { CustomerSources, CustomerSourceOptions } from "./directory/customer-sources";
export { previewMarkdown, maskSecrets, GITHUB_COMMENT_LIMIT } from "./cli/preview-markdown";
export type { PreviewMarkdownInput, PreviewMarkdownOptions, PreviewDigest, PreviewStep, PreviewDiagnostic, EngineEvent } from "./cli/preview-markdown";
