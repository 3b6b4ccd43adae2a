import * as pulumi from "@pulumi/pulumi";
import type { ClassOfServiceInputs } from "../../provider/resources/class-of-service/types";
import { providerFor, RESOURCE_MODULE } from "../resource-kinds";
import type { ResourceArgs } from "./resource-args";

export type ClassOfServiceArgs = ResourceArgs<ClassOfServiceInputs>;

/**
 * What a group of users may call. On Teams: a PSTN usage and a voice route `<name>-<class>` per
 * allowed call class, the voice routing policy `Tag:<name>` listing the usages, and the calling
 * policy `Tag:<name>`. Created all or nothing; fails if any of them exists already and is not
 * ucflow's, unless `adoption.existing` is adopt (then adopted as they are; kept on delete unless
 * `adoption.onDelete` is remove). Default number
 * patterns per country calling code: provider/resources/class-of-service/number-patterns.ts.
 */
export class ClassOfService extends pulumi.dynamic.Resource {
  /** The name subscribers are granted as their OnlineVoiceRoutingPolicy and TeamsCallingPolicy. */
  declare readonly name: pulumi.Output<string>;
  /** After a refresh: what is out of step in the tenant beyond what the inputs show; the next `up` repairs it. */
  declare readonly drift: pulumi.Output<string[] | undefined>;

  constructor(name: string, args: ClassOfServiceArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("ClassOfService"), name, { ...args, drift: undefined }, opts, RESOURCE_MODULE, "ClassOfService");
  }
}
