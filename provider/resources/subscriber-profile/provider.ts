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
    if (i.numberType !== "none" && !i.enterpriseVoice) {
      problems.push({ property: "numberType", reason: `a ${i.numberType} number needs enterpriseVoice: true` });
    }
    const skus = i.quickAddGroup.licenses.map((l) => l.sku.toUpperCase());
    const repeated = skus.filter((s, n) => skus.indexOf(s) !== n);
    if (repeated.length > 0) problems.push({ property: "quickAddGroup.licenses", reason: `lists ${repeated.join(", ")} more than once` });
    return problems;
  },
});

export const provider = kindProvider(subscriberProfile);
