/**
 * Client for the Teams admin "ConfigAPI".
 *
 * @experimental This API is undocumented and unsupported by Microsoft (it is what the
 * MicrosoftTeams PowerShell module calls). Routes and shapes follow community clients and may
 * change without notice; everything that Graph can do is done through Graph instead.
 * @packageDocumentation
 */
export * from "./client";
export * from "./configurations";
export * from "./emergency-locations";
export * from "./errors";
export * from "./identity";
export * from "./ownership";
export * from "./policy-grants";
export * from "./pstn-usages";
export * from "./types";
