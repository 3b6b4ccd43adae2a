// The lab's Unity Connection simulator (service "cupi"). See docs/lab-unity-connection.md.
export { createCupiService, CUPI_DEFAULT_ROWS_PER_PAGE } from "./cupi-service";
export { seedCupi, LAB_CUPI_USERNAME, LAB_CUPI_PASSWORD, LAB_CUPI_SERVER, CUPI_TEMPLATES, CUPI_PARTITION_IDS, DEFAULT_CUPI_WRITES } from "./seed";
export type { CupiSeedData, CupiSeedUser } from "./seed";
export type { CupiState, CupiUser, CupiUserTemplate, CupiPartition, CupiThrottling } from "./types";
export { parseUserQuery } from "./query";
