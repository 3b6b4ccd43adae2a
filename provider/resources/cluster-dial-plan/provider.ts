// ClusterDialPlan on Unified CM: the customer's objects on one cluster, exactly those of
// planClusterDialPlan (provider/plan/cucm-dial-plan.ts): the line partition `<Cu>-DN-PT`, a
// partition `<Cu>-<Class>-PT` per call class the country has, and in each its route patterns,
// OffNet, the access code discarded (PreDot), sent to dialPlan.gateway (a route list, else a SIP
// trunk or gateway, looked up before any write); the NANP national partition blocks premium-rate
// numbers. For calls in from the PSTN: the partition `<Cu>-Inbound-PT` with the translation
// patterns that globalise the called number to +E.164, and the calling search space
// `<Cu>-Inbound-CSS` (inbound partition, line partition) they route with, which the operator sets
// as the inbound calling search space of the customer's trunk (docs/cucm-dial-plan.md). Every
// description ends with the customer's mark ([ucflow:Cu2]).
//
// Create and update observe every object, refuse before any write when one under ucflow's names
// is not the customer's (provider/plan/cucm-objects.ts says which are), adopt what a killed run
// left, add what is missing, update only fields that differ, and remove recorded objects the
// plan no longer has (patterns and the calling search space before partitions). Read reports
// drift; delete removes what carries the mark, translation patterns first, then the calling
// search space, route patterns and partitions; a partition still in use is an error naming it.
//
// Adoption (inputs.adoption, the customer's): an object under one of these names that is not
// ucflow's is adopted instead of refused, and delete leaves it unless onDelete is remove. With
// `existing` the dial plan is the cluster's own: the only object is its line partition, adopted
// as it is (ucflow sets none of its fields).
import type { RoutePatternDestination } from "../../backends/axl/dial-plan";
import { planClusterDialPlan } from "../../plan/cucm-dial-plan";
import { cucmCustomerNames, cucmMark } from "../../plan/cucm-names";
import type { DesiredCucmObject } from "../../plan/cucm-objects";
import { convergedState, convergeObjects, convergingDrift, existingNeedsAdoption, refreshedState, removeObjects, validateCucmDialPlan } from "../cluster-kind";
import { adoptionPolicy } from "../adoption";
import { cssObject, existingObject, partitionObject, recordedDestination, routePatternObject, transPatternObject } from "../cucm/axl-objects";
import { routeDestination } from "../cucm/cluster-references";
import { type AxlClientSource, configureCucm, providerAxlClient } from "../cucm-session";
import { type KindDefinition, kindProvider } from "../kind-provider";
import { about } from "../tenant-kind";
import { ClusterDialPlanInputs, type ClusterDialPlanState } from "./types";

/** The objects of a customer's dial plan on the cluster, the route patterns sent to `destination`. */
export function clusterDialPlanObjects(inputs: ClusterDialPlanInputs, destination: RoutePatternDestination): DesiredCucmObject[] {
  if (inputs.existing) return [existingObject("routePartition", inputs.existing.linePartition)];
  const plan = planClusterDialPlan({ customer: inputs.customer, ...inputs.dialPlan });
  return [
    ...plan.partitions.map(partitionObject),
    ...plan.routePatterns.map((pattern) => routePatternObject(pattern, destination)),
    ...plan.css.map(cssObject),
    ...plan.translationPatterns.map(transPatternObject),
  ];
}

export function clusterDialPlanDefinition(axl: AxlClientSource = providerAxlClient): KindDefinition<ClusterDialPlanInputs, ClusterDialPlanState> {
  const describe = (i: ClusterDialPlanInputs) => `cluster dial plan of ${i.customer} on ${i.cluster}`;
  const idOf = (i: ClusterDialPlanInputs) => `${i.customer}/${i.cluster}/dial-plan`;

  const apply = async (id: string, inputs: ClusterDialPlanInputs, olds: ClusterDialPlanState | undefined): Promise<ClusterDialPlanState> => {
    const { destination, outcome } = await about(describe(inputs), async () => {
      const client = axl(inputs.cluster);
      const destination = await routeDestination(client, inputs.cluster, inputs.dialPlan.gateway);
      return { destination, outcome: await convergeObjects(client, inputs.cluster, clusterDialPlanObjects(inputs, destination), olds?.objects ?? [], cucmMark(inputs.customer), adoptionPolicy(inputs.adoption)) };
    });
    const names = cucmCustomerNames(inputs.customer);
    const state: ClusterDialPlanState = {
      ...inputs,
      linePartition: inputs.existing?.linePartition ?? names.linePartition,
      inboundCss: inputs.existing ? "" : names.inboundCss,
      destination,
      objects: outcome.objects,
    };
    return convergedState(describe(inputs), id, state, outcome, olds === undefined);
  };

  return {
    kind: "ClusterDialPlan",
    inputs: ClusterDialPlanInputs,
    // Every name derives from the customer code, and the objects live on the cluster.
    replaceOn: ["customer", "cluster"],
    describe,
    configure: configureCucm,
    validate: (inputs) => [...validateCucmDialPlan(inputs.dialPlan), ...existingNeedsAdoption(inputs.existing, inputs.adoption, "the customer's")],

    async create(inputs) {
      const id = idOf(inputs);
      return { id, state: await apply(id, inputs, undefined) };
    },

    read: (_id, state) =>
      about(describe(state), () => refreshedState(axl(state.cluster), state, clusterDialPlanObjects(state, recordedDestination(state.destination)), cucmMark(state.customer))),

    update: (id, olds, news) => apply(id, news, olds),

    delete: (_id, state) =>
      about(describe(state), () =>
        removeObjects(axl(state.cluster), state.cluster, clusterDialPlanObjects(state, recordedDestination(state.destination)), state.objects ?? [], cucmMark(state.customer), adoptionPolicy(state.adoption)),
      ),
  };
}

export const clusterDialPlan = clusterDialPlanDefinition();
export const provider = convergingDrift(kindProvider(clusterDialPlan));
