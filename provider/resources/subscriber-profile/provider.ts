import { definitionRecord } from "../definition-record";
import { kindProvider } from "../kind-provider";
import { SubscriberProfileInputs } from "./types";

export const subscriberProfile = definitionRecord<SubscriberProfileInputs>({
  kind: "SubscriberProfile",
  inputs: SubscriberProfileInputs,
  replaceOn: ["customer", "name"],
  describe: (i) => `subscriber profile ${i.customer}/${i.name}`,
  idOf: (i) => `${i.customer}/${i.name}`,
  validate: (i) => {
    const problems = [];
    if ((i.numberType ?? "none") !== "none" && !i.enterpriseVoice) {
      problems.push({ property: "numberType", reason: `a ${i.numberType} number needs enterpriseVoice: true` });
    }
    if (i.extensionMobility && !i.quickAddGroup.phone) {
      problems.push({ property: "extensionMobility", reason: "extension mobility logs the user in on a desk phone; give the quick add group a phone, or set extensionMobility to false" });
    }
    const skus = (i.quickAddGroup.licenses ?? []).map((l) => l.sku.toUpperCase());
    const repeated = skus.filter((s, n) => skus.indexOf(s) !== n);
    if (repeated.length > 0) problems.push({ property: "quickAddGroup.licenses", reason: `lists ${repeated.join(", ")} more than once` });
    return problems;
  },
});

export const provider = kindProvider(subscriberProfile);
