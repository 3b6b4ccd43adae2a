// Emergency (LIS) locations under `Skype.Ncs/locations` (reference §5.3 names only the route).
// The wire shape is ucflow's choice, kept simple and documented here so the lab can serve it:
//   GET    /Skype.Ncs/locations               -> 200 [EmergencyLocation, ...] (or {"value":[...]})
//   POST   /Skype.Ncs/locations  EmergencyAddress -> 200/201 EmergencyLocation (LocationId assigned)
//   DELETE /Skype.Ncs/locations/{LocationId}  -> 204 (404 if unknown)
// Field names are New-CsOnlineLisLocation's parameters, PascalCase like the rest of ConfigAPI.
import { ConfigurationError, UcflowError } from "../../core/errors";
import { writeObserved } from "../../core/unanswered-writes";
import { pathSegment, type TeamsAdminClient, type TeamsCallContext } from "./client";
import { type EmergencyAddress, type EmergencyLocation } from "./types";

export const EMERGENCY_LOCATIONS_PATH = "/Skype.Ncs/locations";

export async function listEmergencyLocations(teams: TeamsAdminClient): Promise<EmergencyLocation[]> {
  const context: TeamsCallContext = { operation: "listing emergency locations" };
  const response = await teams.send({ method: "GET", path: EMERGENCY_LOCATIONS_PATH, context });
  const items = Array.isArray(response.body) ? response.body : (response.body as { value?: unknown } | undefined)?.value;
  if (!Array.isArray(items) || !items.every(isLocation)) {
    throw new UcflowError({ backend: "teams", ...context }, { code: "UnexpectedResponse", detail: "expected an array of locations with a string `LocationId`", requestId: response.correlationId });
  }
  return items;
}

/**
 * Creates a location for a civic address. Not idempotent (Teams lets locations share an
 * address), so a create whose answer is lost is not sent again blindly: the locations are
 * listed, and one with this exact Description and address is the result; when none is there
 * the create is sent again. ucflow's Descriptions carry its mark for the site, so they are unique.
 */
export async function createEmergencyLocation(teams: TeamsAdminClient, address: EmergencyAddress): Promise<EmergencyLocation> {
  const problems = addressProblems(address);
  if (problems.length > 0) throw new ConfigurationError("invalid emergency address", problems);
  const context: TeamsCallContext = { operation: "creating emergency location", object: JSON.stringify(address.Description) };
  return writeObserved<EmergencyLocation>({
    write: async () => {
      const response = await teams.send({ method: "POST", path: EMERGENCY_LOCATIONS_PATH, body: address, context });
      if (!isLocation(response.body)) {
        throw new UcflowError({ backend: "teams", ...context }, { code: "UnexpectedResponse", detail: "expected the created location with a string `LocationId`", requestId: response.correlationId });
      }
      return response.body;
    },
    observe: async () => {
      const found = (await listEmergencyLocations(teams)).filter((location) => sameAddress(location, address));
      return found.length === 1 ? { applied: true, result: found[0]! } : found.length === 0 ? { applied: false } : { applied: "conflict" };
    },
  });
}

/** Whether a listed location has the Description and the required address fields of `address`. */
function sameAddress(location: EmergencyLocation, address: EmergencyAddress): boolean {
  return REQUIRED_FIELDS.every((field) => location[field] === address[field]);
}

/** Deletes a location. NotFoundError if it is already gone. */
export async function deleteEmergencyLocation(teams: TeamsAdminClient, locationId: string): Promise<void> {
  await teams.send({
    method: "DELETE",
    path: `${EMERGENCY_LOCATIONS_PATH}/${pathSegment(locationId)}`,
    context: { operation: "deleting emergency location", object: locationId },
  });
}

const REQUIRED_FIELDS = ["Description", "CompanyName", "HouseNumber", "StreetName", "City", "PostalCode", "CountryOrRegion"] as const;

function addressProblems(address: EmergencyAddress): string[] {
  const problems = REQUIRED_FIELDS.filter((field) => typeof address[field] !== "string" || address[field].trim() === "").map((field) => `${field} is required`);
  if (typeof address.CountryOrRegion === "string" && address.CountryOrRegion !== "" && !/^[A-Z]{2}$/.test(address.CountryOrRegion)) {
    problems.push(`CountryOrRegion must be an ISO 3166-1 alpha-2 code in capitals, such as "US"; got ${JSON.stringify(address.CountryOrRegion)}`);
  }
  return problems;
}

function isLocation(item: unknown): item is EmergencyLocation {
  return typeof item === "object" && item !== null && typeof (item as { LocationId?: unknown }).LocationId === "string";
}
