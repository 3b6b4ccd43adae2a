import { validateFilterCriteria } from "../../plan";
import { definitionRecord } from "../definition-record";
import { problemsFromPlanner } from "../input-validation";
import { kindProvider } from "../kind-provider";
import { ModelFilterCriteriaInputs } from "./types";

export const modelFilterCriteria = definitionRecord<ModelFilterCriteriaInputs>({
  kind: "ModelFilterCriteria",
  inputs: ModelFilterCriteriaInputs,
  replaceOn: ["name"],
  describe: (i) => `model filter criteria ${i.name}`,
  idOf: (i) => i.name,
  validate: (i) => problemsFromPlanner(validateFilterCriteria(i.rows), "rows"),
});

export const provider = kindProvider(modelFilterCriteria);
