import * as pulumi from "@pulumi/pulumi";
import type { ModelFilterCriteriaInputs } from "../../provider/resources/model-filter-criteria/types";
import { providerFor, RESOURCE_MODULE } from "../resource-kinds";
import type { ResourceArgs } from "./resource-args";

export type ModelFilterCriteriaArgs = ResourceArgs<ModelFilterCriteriaInputs>;

/** Model filter criteria: how synced users are matched, e.g. to a site by city. */
export class ModelFilterCriteria extends pulumi.dynamic.Resource {
  constructor(name: string, args: ModelFilterCriteriaArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("ModelFilterCriteria"), name, { ...args }, opts, RESOURCE_MODULE, "ModelFilterCriteria");
  }
}
