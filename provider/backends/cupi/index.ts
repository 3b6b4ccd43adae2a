/**
 * Client for Cisco Unity Connection's provisioning API (CUPI): voicemail users from templates.
 * @packageDocumentation
 */
export * from "./client";
export * from "./errors";
export * from "./settings";
export * from "./types";
export * from "./users";
