import { validateNumberInventory } from "../../plan";
import { definitionRecord } from "../definition-record";
import { problemsFromPlanner } from "../input-validation";
import { kindProvider } from "../kind-provider";
import { NumberInventoryInputs } from "./types";

export const numberInventory = definitionRecord<NumberInventoryInputs>({
  kind: "NumberInventory",
  inputs: NumberInventoryInputs,
  replaceOn: ["customer"],
  describe: (i) => `number inventory of ${i.customer}`,
  idOf: (i) => i.customer,
  validate: (i) =>
    problemsFromPlanner(validateNumberInventory({ ranges: i.ranges, reserved: i.reserved ?? [], cooling: i.cooling ?? [] }), "ranges"),
});

export const provider = kindProvider(numberInventory);
