// Engine test program: the definition kinds of one customer, with the subscriber set taken from
// config so a test can shrink it and watch the delete guard refuse the preview.
import * as pulumi from "@pulumi/pulumi";
import { FlowThroughCriteria, ModelFilterCriteria, NumberInventory, SubscriberProfile } from "ucflow";

const config = new pulumi.Config();
const subscribers = config.requireObject<string[]>("subscribers");
const ucflowConfig = new pulumi.Config("ucflow");

const byCity = new ModelFilterCriteria("by-city", {
  name: "by-city",
  rows: [{ attribute: "city", condition: "equals", value: "{{site.city}}" }],
});
new NumberInventory("cu1", {
  customer: "Cu1",
  ranges: [{ start: "+13125550100", end: "+13125550199", site: "Cu1Si1" }],
  reserved: ["+13125550100"],
});
new SubscriberProfile("standard", {
  customer: "Cu1",
  name: "Standard",
  enterpriseVoice: true,
  numberType: "directRouting",
  quickAddGroup: { name: "standard", licenses: [{ sku: "SPE_E5" }], policies: { TeamsCallingPolicy: "Cu1-Standard" } },
});
new FlowThroughCriteria(
  "cu1",
  {
    customer: "Cu1",
    entries: [{ name: "everyone", filter: "by-city", site: "{{site.code}}", profile: "Standard" }],
    subscribers,
    deleteThreshold: { maxPercent: 25 },
    allowMassDeprovision: ucflowConfig.getBoolean("allowMassDeprovision") ?? false,
  },
  { dependsOn: [byCity] },
);
