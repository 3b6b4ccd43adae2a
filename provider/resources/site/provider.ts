// Site on Microsoft Teams: one emergency location for the site's address (its LocationId is
// recorded as `locationId`; subscribers at the site assign their numbers with it). The site
// dial plan, usage location and time zone are only recorded: subscribers get them from the site.
//
// The address is in `replaceOn`, and a site is replaced create-before-delete: Teams cannot
// change a location's civic address in place, so a new location is created, the subscribers
// move their numbers to its id, and the old location is deleted last, once nothing uses it.
// A name change is recorded only: the location keeps its Description until it is recreated.
//
// The location's Description ends in ucflow's mark for the site ([ucflow:Cu1/Cu1Si1]). Teams
// lets any number of locations share an address, so create looks first for a marked location at
// the site's address that a killed run created, and takes it back instead of making another.
// With the site's `adoption.existing: adopt` it adopts a location at the address that carries no
// ucflow mark (the lowest LocationId of several), records `adopted`, and writes nothing to it;
// delete then leaves it unless `adoption.onDelete` is remove. The drift read ignores the
// Description either way, so an adopted location keeps its own.
import type * as pulumi from "@pulumi/pulumi";
import { createEmergencyLocation, deleteEmergencyLocation, listEmergencyLocations } from "../../backends/teams/emergency-locations";
import { ifFound } from "../../core/errors";
import { about, providerTenantClients, type TenantClientSource } from "../tenant-kind";
import type { InputProblem } from "../input-validation";
import { type KindDefinition, kindProvider } from "../kind-provider";
import { configureMicrosoft } from "../microsoft-session";
import { adoptionPolicy, removalDecision } from "../adoption";
import { addressFromLocation, emergencyAddressOf, siteLocationCreation, splitStreet } from "./address";
import { SiteInputs, type SiteState } from "./types";

/** Rules beyond the codec: what Teams needs of an emergency address. */
export function validateSite(inputs: SiteInputs): InputProblem[] {
  const problems: InputProblem[] = [];
  if (splitStreet(inputs.address.street) === undefined) {
    problems.push({
      property: "address.street",
      reason: `${JSON.stringify(inputs.address.street)} has no house number at its start or end, and Teams emergency addresses need one; write it as "233 S Wacker Dr" or "Bahnhofstrasse 5"`,
    });
  }
  if (inputs.address.postalCode.trim() === "") {
    problems.push({ property: "address.postalCode", reason: "is empty; Teams emergency addresses need a postal code" });
  }
  return problems;
}

export function siteDefinition(clients: TenantClientSource = providerTenantClients): KindDefinition<SiteInputs, SiteState> {
  const describe = (i: SiteInputs) => `site ${i.code}`;
  return {
    kind: "Site",
    inputs: SiteInputs,
    replaceOn: ["customer", "code", "address"],
    describe,
    configure: configureMicrosoft,
    validate: (inputs) => validateSite(inputs),

    create: (inputs) =>
      about(describe(inputs), async () => {
        const teams = clients().teams;
        const decision = siteLocationCreation(await listEmergencyLocations(teams), inputs, adoptionPolicy(inputs.adoption));
        const location = decision.action === "create" ? await createEmergencyLocation(teams, emergencyAddressOf(inputs)) : decision.location;
        return { id: location.LocationId, state: { ...inputs, locationId: location.LocationId, ...(decision.action === "adopt" ? { adopted: true } : {}) } };
      }),

    read: (id, state) =>
      about(describe(state), async () => {
        const wanted = (state.locationId ?? id).toLowerCase();
        const location = (await listEmergencyLocations(clients().teams)).find((l) => l.LocationId.toLowerCase() === wanted);
        if (location === undefined) return undefined;
        return { ...state, address: addressFromLocation(location, state.address, state), locationId: location.LocationId };
      }),

    // The address replaces; what is left (name, dial plan, usage location, time zone) is ucflow's record.
    update: async (id, olds, news) => ({ ...news, locationId: olds.locationId ?? id, ...(olds.adopted === true ? { adopted: true } : {}) }),

    delete: (id, state) =>
      about(describe(state), async () => {
        // An adopted location stays in the tenant unless the adoption says remove.
        if (removalDecision(state, adoptionPolicy(state.adoption)) === "retain") return;
        await ifFound(deleteEmergencyLocation(clients().teams, state.locationId ?? id));
      }),
  };
}

export const site = siteDefinition();
const kind = kindProvider(site);

/** The kind's provider; a replaced site's new location exists before the old one is deleted. */
export const provider: pulumi.dynamic.ResourceProvider = {
  ...kind,
  async diff(id, olds, news) {
    return { ...(await kind.diff!(id, olds, news)), deleteBeforeReplace: false };
  },
};
