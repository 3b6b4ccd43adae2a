// The lab's Microsoft services and the example Teams customer program (examples/teams-customer)
// as an engine project pointed at them, for engine tests that run that program.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startLab, type LabHandle } from "../../lab";
import { LabControlClient } from "../../lab/control/control-client";
import { createMicrosoftServices, LAB_TENANT_ID, LAB_UCFLOW_CLIENT_ID, LAB_UCFLOW_CLIENT_SECRET, type GraphState, type TeamsState } from "../../lab/microsoft";
import { compiledProgram, EngineProject } from "./harness";

export const TEAMS_CUSTOMER_DEFINITION = path.resolve(__dirname, "../../../examples/teams-customer/contoso.json");

export interface TeamsLab {
  readonly lab: LabHandle;
  readonly control: LabControlClient;
  readonly project: EngineProject;
  /** The lab's Graph and Teams state now. */
  state(): Promise<{ graph: GraphState; teams: TeamsState }>;
  dispose(): Promise<void>;
}

/**
 * Starts the lab, and an engine project of the example program with the example definition.
 * `env` adds to every CLI run's environment (e.g. PULUMI_BACKEND_URL for another backend).
 */
export async function startTeamsLab(name: string, options: { env?: Readonly<Record<string, string>> } = {}): Promise<TeamsLab> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), `ucflow-${name}-lab-`));
  const lab = await startLab({ stateDir, tlsDir: process.env.UCFLOW_TEST_TLS_DIR, services: createMicrosoftServices().all, ldap: false, log: () => undefined });
  const control = new LabControlClient(lab.endpoints.control, lab.caCertPem);
  // Number operations settle at once; their polling is covered by unit tests.
  await control.seed("graph", { lro: { notStartedPolls: 0, runningPolls: 0, settleAfterSeconds: 0 } });
  const project = await EngineProject.create({
    name,
    main: compiledProgram("../../examples/teams-customer/index.js"),
    env: { NODE_EXTRA_CA_CERTS: lab.caCertPath, ...options.env },
  });
  await project.setConfig("ucflow:tenantId", LAB_TENANT_ID);
  await project.setConfig("ucflow:clientId", LAB_UCFLOW_CLIENT_ID);
  await project.setConfig("ucflow:clientSecret", LAB_UCFLOW_CLIENT_SECRET, { secret: true });
  await project.setConfig("ucflow:authorityHost", lab.endpoints.services.entra!);
  await project.setConfig("ucflow:graphBaseUrl", `${lab.endpoints.services.graph}/`);
  await project.setConfig("ucflow:teamsAdminBaseUrl", `${lab.endpoints.services.teams}/`);
  await project.setConfig("customer", JSON.parse(fs.readFileSync(TEAMS_CUSTOMER_DEFINITION, "utf8")));
  return {
    lab,
    control,
    project,
    state: async () => ({ graph: (await control.state("graph")) as GraphState, teams: (await control.state("teams")) as TeamsState }),
    async dispose() {
      await project.dispose();
      await lab.stop();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
