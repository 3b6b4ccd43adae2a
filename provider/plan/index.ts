export * from "./errors";
export * from "./macros";
export * from "./filter";
export * from "./odata";
export * from "./flow-through";
export * from "./numbers";
export * from "./licenses";
export * from "./delete-guard";
