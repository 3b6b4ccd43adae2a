export { dynamicProvider } from "./dynamic-provider";
export { RESOURCE_KINDS, RESOURCE_MODULE, providerFor } from "./resource-kinds";
export type { ResourceKind } from "./resource-kinds";
