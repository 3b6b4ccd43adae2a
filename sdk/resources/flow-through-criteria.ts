import * as pulumi from "@pulumi/pulumi";
import type { FlowThroughCriteriaInputs } from "../../provider/resources/flow-through-criteria/types";
import { providerFor, RESOURCE_MODULE } from "../resource-kinds";
import type { ResourceArgs } from "./resource-args";

export type FlowThroughCriteriaArgs = ResourceArgs<FlowThroughCriteriaInputs>;

/** Ordered flow-through criteria (first match wins) and the subscribers they select; refuses mass deprovisioning at preview. */
export class FlowThroughCriteria extends pulumi.dynamic.Resource {
  constructor(name: string, args: FlowThroughCriteriaArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("FlowThroughCriteria"), name, { ...args }, opts, RESOURCE_MODULE, "FlowThroughCriteria");
  }
}
