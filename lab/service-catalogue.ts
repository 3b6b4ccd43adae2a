// The simulators `npm run lab` starts by default and `--services` picks from. Each simulator
// (Entra token endpoint, Graph, Teams admin API, AXL, CUPI) registers its definition here.
import type { LabServiceDefinition } from "./lab-service";
import { ciscoServices } from "./cisco";
import { microsoftServices } from "./microsoft";

export const labServiceCatalogue: readonly LabServiceDefinition<unknown>[] = [...microsoftServices.all, ...ciscoServices.all];

export function catalogueService(name: string): LabServiceDefinition<unknown> {
  const found = labServiceCatalogue.find((service) => service.name === name);
  if (!found) {
    const names = labServiceCatalogue.map((service) => service.name);
    throw new Error(`the lab has no simulator called ${JSON.stringify(name)}; available: ${names.join(", ") || "none yet"}`);
  }
  return found;
}
