// CucmSite on Unified CM: a site's objects on its cluster, exactly those of planCucmSite
// (provider/plan/cucm-dial-plan.ts): the location `<Si>-Loc` (unlimited bandwidth, linked to
// Hub_None), the device pool `<Si>-DP` (the site defaults' date/time group, Unified CM group,
// region and SRST reference, the site's location), the partition `<Si>-Local-PT` with the
// emergency route patterns (with and without the access code, urgent, to dialPlan.gateway), the
// devices' calling search space and one line calling search space per class of service (the
// customer's line partition, the site's, then the allowed call classes' partitions, premium
// before national). Descriptions end with the site's mark ([ucflow:Cu2/Cu2Si1]).
//
// Before any write, create and update check what the objects refer to: the gateway, every site
// default (presence group and common phone profile too, which the subscribers' phones use), and
// the customer's partitions the calling search spaces list (its ClusterDialPlan makes them; the
// component makes the site depend on it). Then the same reconcile as ClusterDialPlan: refuse
// what is not ucflow's (device pools and locations have no description: provider/plan/
// cucm-objects.ts says how they are recognised), adopt, add, update what differs, remove what the
// plan no longer has. Read reports drift; delete removes what is ucflow's, references first.
//
// Adoption (inputs.adoption, the site's): an object under the site's names that is not ucflow's
// is adopted instead of refused, and delete leaves it unless onDelete is remove. With `existing`
// the site's objects are the cluster's own, under the names given: the device pool and location
// are adopted and brought to the site defaults, the calling search spaces adopted as they are;
// no site partition or emergency patterns (the estate's calling search spaces reach its own).
import { cucmCustomerNames, cucmMark, cucmSiteNames } from "../../plan/cucm-names";
import { defaultEmergencyNumbers, missingCallClassPatterns, planCucmSite, type PlannedCucmSite } from "../../plan/cucm-dial-plan";
import type { DesiredCucmObject } from "../../plan/cucm-objects";
import type { RoutePatternDestination } from "../../backends/axl/dial-plan";
import { convergedState, convergeObjects, convergingDrift, existingNeedsAdoption, refreshedState, removeObjects, validateCucmDialPlan } from "../cluster-kind";
import { adoptionPolicy } from "../adoption";
import { cssObject, devicePoolObject, existingObject, locationObject, partitionObject, recordedDestination, routePatternObject, type SiteDevicePool } from "../cucm/axl-objects";
import { missingPartitions, missingSiteDefaults, routeDestination } from "../cucm/cluster-references";
import { type AxlClientSource, configureCucm, providerAxlClient } from "../cucm-session";
import type { InputProblem } from "../input-validation";
import { type KindDefinition, kindProvider } from "../kind-provider";
import { about } from "../tenant-kind";
import { CucmSiteInputs, type CucmSiteState } from "./types";

/** Unified CM keeps at most 50 characters of a calling search space's name. */
export const CUCM_CSS_NAME_LIMIT = 50;

export function plannedSite(inputs: CucmSiteInputs): PlannedCucmSite {
  return planCucmSite({ customer: inputs.customer, site: inputs.code, dialPlan: { customer: inputs.customer, ...inputs.dialPlan }, classesOfService: inputs.classesOfService });
}

/** The site's objects, in the order planCucmSite gives them; emergency patterns sent to `destination`. */
export function cucmSiteObjects(inputs: CucmSiteInputs, destination: RoutePatternDestination): DesiredCucmObject[] {
  const existing = inputs.existing;
  if (existing) {
    const lineCss = [...new Set(inputs.classesOfService.map((c) => existing.lineCss[c.name]).filter((name) => name !== undefined))] as string[];
    return [
      ...[existing.deviceCss, ...lineCss.filter((name) => name.toLowerCase() !== existing.deviceCss.toLowerCase())].map((name) => existingObject("css", name)),
      { ...locationObject(existing.location), existing: true as const },
      { ...devicePoolObject(sitePool(inputs, existing.devicePool, existing.location)), existing: true as const },
    ];
  }
  const plan = plannedSite(inputs);
  return [
    partitionObject(plan.partition),
    ...plan.routePatterns.map((pattern) => routePatternObject(pattern, destination)),
    cssObject(plan.deviceCss),
    ...plan.lineCss.map(cssObject),
    locationObject(plan.location),
    devicePoolObject(sitePool(inputs, plan.devicePool, plan.location)),
  ];
}

/** The device pool's fields: the site defaults and the site's location. */
function sitePool(inputs: CucmSiteInputs, name: string, location: string): SiteDevicePool {
  return {
    name,
    dateTimeSettingName: inputs.defaults.dateTimeGroup,
    callManagerGroupName: inputs.defaults.callManagerGroup,
    regionName: inputs.defaults.region,
    srstName: inputs.defaults.srst,
    locationName: location,
  };
}

/** The names the site's subscribers use. */
function siteNames(inputs: CucmSiteInputs): Pick<CucmSiteState, "devicePool" | "location" | "partition" | "deviceCss" | "lineCss"> {
  const existing = inputs.existing;
  if (existing) {
    return { devicePool: existing.devicePool, location: existing.location, partition: "", deviceCss: existing.deviceCss, lineCss: { ...existing.lineCss } };
  }
  const plan = plannedSite(inputs);
  return {
    devicePool: plan.devicePool,
    location: plan.location,
    partition: plan.partition.name,
    deviceCss: plan.deviceCss.name,
    lineCss: Object.fromEntries(plan.lineCss.map((css) => [css.classOfService, css.name])),
  };
}

/** Rules beyond the codec. */
export function validateCucmSite(inputs: CucmSiteInputs): InputProblem[] {
  const problems = validateCucmDialPlan(inputs.dialPlan);
  if (inputs.dialPlan.emergencyNumbers === undefined && defaultEmergencyNumbers(inputs.dialPlan.countryCallingCode) === undefined) {
    problems.push({
      property: "dialPlan.emergencyNumbers",
      reason: `is required: ucflow knows the emergency numbers of country calling codes 1 and 44 only, and the site's emergency calls need route patterns; give them, e.g. ["112"]`,
    });
  }
  problems.push(...existingNeedsAdoption(inputs.existing, inputs.adoption, "the site's"));
  if (inputs.existing) {
    const classes: string[] = inputs.classesOfService.map((c) => c.name);
    for (const cos of classes) {
      if (inputs.existing.lineCss[cos] === undefined) problems.push({ property: `existing.lineCss`, reason: `has no calling search space for class of service ${JSON.stringify(cos)}: name the one its lines use at the site` });
    }
    for (const key of Object.keys(inputs.existing.lineCss)) {
      if (!classes.includes(key)) problems.push({ property: `existing.lineCss.${key}`, reason: `is not a class of service of the customer; they are ${classes.join(", ") || "(none)"}` });
    }
  }
  const names = inputs.classesOfService.map((c) => c.name.toLowerCase());
  inputs.classesOfService.forEach((cos, i) => {
    if (names.indexOf(cos.name.toLowerCase()) !== i) problems.push({ property: `classesOfService[${i}].name`, reason: `${JSON.stringify(cos.name)} is listed more than once (names ignore case)` });
    const css = cucmSiteNames(inputs.code).classOfServiceCss(cos.name);
    if (css.length > CUCM_CSS_NAME_LIMIT) {
      problems.push({ property: `classesOfService[${i}].name`, reason: `makes the line calling search space ${css}, ${css.length} characters; Unified CM allows ${CUCM_CSS_NAME_LIMIT}: shorten the class of service or site code` });
    }
    const repeated = cos.allows.filter((c, j) => cos.allows.indexOf(c) !== j);
    if (repeated.length > 0) problems.push({ property: `classesOfService[${i}].allows`, reason: `lists ${[...new Set(repeated)].join(", ")} more than once` });
    for (const callClass of new Set(cos.allows)) {
      const missing = missingCallClassPatterns({ customer: inputs.customer, ...inputs.dialPlan }, callClass);
      if (missing !== undefined) problems.push({ property: `classesOfService[${i}].allows`, reason: `allows ${callClass} calls, but ${missing}` });
    }
  });
  return problems;
}

export function cucmSiteDefinition(axl: AxlClientSource = providerAxlClient): KindDefinition<CucmSiteInputs, CucmSiteState> {
  const describe = (i: CucmSiteInputs) => `site ${i.code} on ${i.cluster}`;
  const idOf = (i: CucmSiteInputs) => `${i.customer}/${i.cluster}/${i.code}`;
  const markOf = (i: CucmSiteInputs) => cucmMark(i.customer, { site: i.code });

  const apply = async (id: string, inputs: CucmSiteInputs, olds: CucmSiteState | undefined): Promise<CucmSiteState> => {
    const { destination, outcome } = await about(describe(inputs), async () => {
      const client = axl(inputs.cluster);
      const destination = await routeDestination(client, inputs.cluster, inputs.dialPlan.gateway);
      const objects = cucmSiteObjects(inputs, destination);
      // The customer's partitions the calling search spaces list come from its ClusterDialPlan.
      const own = new Set(objects.filter((o) => o.kind === "routePartition").map((o) => o.key.toLowerCase()));
      // The cluster's own calling search spaces (existing) list the cluster's own partitions.
      const listed = inputs.existing ? [] : [...new Set(plannedSite(inputs).lineCss.flatMap((css) => css.members))].filter((p) => !own.has(p.toLowerCase()));
      const [defaults, partitions] = await Promise.all([missingSiteDefaults(client, inputs.cluster, inputs.defaults), missingPartitions(client, listed)]);
      const problems = [...defaults];
      if (partitions.length > 0) {
        problems.push(
          `the line calling search spaces list the customer's route partition${partitions.length === 1 ? "" : "s"} ${partitions.join(", ")}, which cluster ${inputs.cluster} does not have: ` +
            `the customer's ClusterDialPlan on ${inputs.cluster} makes ${partitions.length === 1 ? "it" : "them"} (${cucmCustomerNames(inputs.customer).linePartition} and one per call class); create it first (dependsOn)`,
        );
      }
      if (problems.length > 0) throw new Error(`nothing was changed:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
      return { destination, outcome: await convergeObjects(client, inputs.cluster, objects, olds?.objects ?? [], markOf(inputs), adoptionPolicy(inputs.adoption)) };
    });
    const state: CucmSiteState = { ...inputs, ...siteNames(inputs), destination, objects: outcome.objects };
    return convergedState(describe(inputs), id, state, outcome, olds === undefined);
  };

  return {
    kind: "CucmSite",
    inputs: CucmSiteInputs,
    // Every name derives from the customer and site codes, and the objects live on the cluster.
    replaceOn: ["customer", "code", "cluster"],
    describe,
    configure: configureCucm,
    validate: (inputs) => validateCucmSite(inputs),

    async create(inputs) {
      const id = idOf(inputs);
      return { id, state: await apply(id, inputs, undefined) };
    },

    read: (_id, state) => about(describe(state), () => refreshedState(axl(state.cluster), state, cucmSiteObjects(state, recordedDestination(state.destination)), markOf(state))),

    update: (id, olds, news) => apply(id, news, olds),

    delete: (_id, state) =>
      about(describe(state), () => removeObjects(axl(state.cluster), state.cluster, cucmSiteObjects(state, recordedDestination(state.destination)), state.objects ?? [], markOf(state), adoptionPolicy(state.adoption))),
  };
}

export const cucmSite = cucmSiteDefinition();
export const provider = convergingDrift(kindProvider(cucmSite));
