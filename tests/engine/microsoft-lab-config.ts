// The stack config that points a project's ucflow programs and providers at a running lab's
// Entra, Graph and Teams admin simulators, with the lab's ucflow app credentials (the secret
// stored encrypted, as a user's would be).
import type { LabHandle } from "../../lab";
import { LAB_TENANT_ID, LAB_UCFLOW_CLIENT_ID, LAB_UCFLOW_CLIENT_SECRET } from "../../lab/microsoft";
import type { EngineProject } from "./harness";

export async function setMicrosoftLabConfig(project: EngineProject, lab: LabHandle): Promise<void> {
  await project.setConfig("ucflow:tenantId", LAB_TENANT_ID);
  await project.setConfig("ucflow:clientId", LAB_UCFLOW_CLIENT_ID);
  await project.setConfig("ucflow:clientSecret", LAB_UCFLOW_CLIENT_SECRET, { secret: true });
  await project.setConfig("ucflow:authorityHost", lab.endpoints.services.entra!);
  await project.setConfig("ucflow:graphBaseUrl", `${lab.endpoints.services.graph}/`);
  await project.setConfig("ucflow:teamsAdminBaseUrl", `${lab.endpoints.services.teams}/`);
}
