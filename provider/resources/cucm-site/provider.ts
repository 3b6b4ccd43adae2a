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
import { cucmCustomerNames, cucmMark, cucmSiteNames } from "../../plan/cucm-names";
import { defaultEmergencyNumbers, missingCallClassPatterns, planCucmSite, type PlannedCucmSite } from "../../plan/cucm-dial-plan";
import type { DesiredCucmObject } from "../../plan/cucm-objects";
import type { RoutePatternDestination } from "../../backends/axl/dial-plan";
import { convergedState, convergeObjects, convergingDrift, refreshedState, removeObjects, validateCucmDialPlan } from "../cluster-kind";
import { cssObject, devicePoolObject, locationObject, partitionObject, recordedDestination, routePatternObject } from "../cucm/axl-objects";
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
  const plan = plannedSite(inputs);
  return [
    partitionObject(plan.partition),
    ...plan.routePatterns.map((pattern) => routePatternObject(pattern, destination)),
    cssObject(plan.deviceCss),
    ...plan.lineCss.map(cssObject),
    locationObject(plan.location),
    devicePoolObject({
      name: plan.devicePool,
      dateTimeSettingName: inputs.defaults.dateTimeGroup,
      callManagerGroupName: inputs.defaults.callManagerGroup,
      regionName: inputs.defaults.region,
      srstName: inputs.defaults.srst,
      locationName: plan.location,
    }),
  ];
}

/** The names the site's subscribers use. */
function siteNames(inputs: CucmSiteInputs): Pick<CucmSiteState, "devicePool" | "location" | "partition" | "deviceCss" | "lineCss"> {
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
      const listed = [...new Set(plannedSite(inputs).lineCss.flatMap((css) => css.members))].filter((p) => !own.has(p.toLowerCase()));
      const [defaults, partitions] = await Promise.all([missingSiteDefaults(client, inputs.cluster, inputs.defaults), missingPartitions(client, listed)]);
      const problems = [...defaults];
      if (partitions.length > 0) {
        problems.push(
          `the line calling search spaces list the customer's route partition${partitions.length === 1 ? "" : "s"} ${partitions.join(", ")}, which cluster ${inputs.cluster} does not have: ` +
            `the customer's ClusterDialPlan on ${inputs.cluster} makes ${partitions.length === 1 ? "it" : "them"} (${cucmCustomerNames(inputs.customer).linePartition} and one per call class); create it first (dependsOn)`,
        );
      }
      if (problems.length > 0) throw new Error(`nothing was changed:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
      return { destination, outcome: await convergeObjects(client, inputs.cluster, objects, olds?.objects ?? [], markOf(inputs)) };
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
      about(describe(state), () => removeObjects(axl(state.cluster), state.cluster, cucmSiteObjects(state, recordedDestination(state.destination)), state.objects ?? [], markOf(state))),
  };
}

export const cucmSite = cucmSiteDefinition();
export const provider = convergingDrift(kindProvider(cucmSite));
