// The seeded cluster's application users: throwaway lab credentials, printed in the docs on
// purpose. They protect nothing but the lab; never reuse them.
import { AXL_ROLES, type ApplicationUser } from "./protocol/axl-auth";

/** Reads and writes (Standard AXL API Access). */
export const LAB_AXL_ADMIN: ApplicationUser = { userid: "axladmin", password: "Lab-AXL-admin-0001", roles: [AXL_ROLES.full, "Standard CCM Admin Users"] };
/** Reads only (Standard AXL Read Only API Access): writes answer 403. */
export const LAB_AXL_READ_ONLY: ApplicationUser = { userid: "axlreadonly", password: "Lab-AXL-readonly-0001", roles: [AXL_ROLES.readOnly, "Standard CCM Admin Users"] };
/** No AXL role: every request answers 403. */
export const LAB_AXL_NO_ACCESS: ApplicationUser = { userid: "axlnoaccess", password: "Lab-AXL-noaccess-0001", roles: ["Standard CCM End Users"] };

export const LAB_AXL_APPLICATION_USERS: readonly ApplicationUser[] = [LAB_AXL_ADMIN, LAB_AXL_READ_ONLY, LAB_AXL_NO_ACCESS];
