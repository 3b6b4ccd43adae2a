// What the Teams engine tests share: a lab with the Microsoft simulators, a stack of the example
// program pointed at it, and readers of the lab's state user by user.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { startLab, type LabHandle } from "../../lab";
import { LabControlClient } from "../../lab/control/control-client";
import { createMicrosoftServices, type GraphState, type TeamsState } from "../../lab/microsoft";
import { canonical } from "../../provider/plan";
import { compiledProgram, EngineProject } from "./harness";
import { setMicrosoftLabConfig } from "./microsoft-lab-config";

export const CONTOSO_DEFINITION_FILE = path.resolve(__dirname, "../../../examples/teams-customer/contoso.json");

export type LabUser = GraphState["users"][number]["properties"];

export interface TeamsLab {
  readonly lab: LabHandle;
  readonly control: LabControlClient;
  readonly project: EngineProject;
  /** The graph and teams partitions as the lab holds them now. */
  state(): Promise<{ graph: GraphState; teams: TeamsState }>;
  dispose(): Promise<void>;
}

/**
 * A fresh lab (number operations settle at once; `graph` seeds more) and a stack of the
 * compiled example program (or of `template`) on it, with the lab's credentials in stack config
 * and `customer` set to `definition` when given.
 */
export async function startTeamsLab(options: {
  name: string;
  /** The customer definition, set as `customer`; leave it out when the stack names its `customerFile`. */
  definition?: unknown;
  /** A project directory to run instead of the example program (EngineProjectOptions.template). */
  template?: string;
  stack?: string;
  graphSeed?: Record<string, unknown>;
  config?: Readonly<Record<string, string>>;
  /** Added to every CLI run's environment (e.g. the AWS credentials of an S3 backend). */
  env?: Readonly<Record<string, string>>;
  /** The state backend; default a `file://` directory (EngineProjectOptions.backendUrl). */
  backendUrl?: string;
}): Promise<TeamsLab> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), `ucflow-${options.name}-lab-`));
  const lab = await startLab({ stateDir, tlsDir: process.env.UCFLOW_TEST_TLS_DIR, services: createMicrosoftServices().all, ldap: false, log: () => undefined });
  const control = new LabControlClient(lab.endpoints.control, lab.caCertPem);
  // Number operations settle at once in these tests; their polling is covered by unit tests.
  await control.seed("graph", { lro: { notStartedPolls: 0, runningPolls: 0, settleAfterSeconds: 0 }, ...options.graphSeed });
  const project = await EngineProject.create({
    name: options.name,
    ...(options.template ? { template: options.template } : { main: compiledProgram("../../examples/customer/index.js") }),
    ...(options.stack ? { stack: options.stack } : {}),
    env: { NODE_EXTRA_CA_CERTS: lab.caCertPath, ...options.env },
    ...(options.backendUrl ? { backendUrl: options.backendUrl } : {}),
  });
  await setMicrosoftLabConfig(project, lab);
  for (const [key, value] of Object.entries(options.config ?? {})) await project.setConfig(key, value);
  if (options.definition !== undefined) await project.setConfig("customer", options.definition);
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

/** A user's effective direct grants (either API; the newest wins, as in the lab's effective view). */
export function grantsOf(graph: GraphState, teams: TeamsState, userId: string): Record<string, string | null> {
  const grants: Record<string, string | null> = {};
  for (const g of [...teams.grants, ...graph.grants].filter((g) => g.userId === userId).sort((a, b) => Number(a.stamp) - Number(b.stamp))) {
    grants[g.policyType] = g.policyIdentity;
  }
  return grants;
}

/** ucflow's record (open extension) on a user, as the lab holds it, if any. */
export function footprintRecordOf(graph: GraphState, userId: string): Record<string, unknown> | undefined {
  const user = graph.users.find((u) => u.properties.id === userId);
  return user?.extensions?.find((e) => e.extensionName === "io.ucflow.subscriber")?.data;
}

/** A user's Teams voice footprint in the lab: usage location, licenses, numbers, grants. */
export function footprint(graph: GraphState, teams: TeamsState, userId: string) {
  const user = graph.users.find((u) => u.properties.id === userId)!;
  return {
    usageLocation: user.properties.usageLocation,
    licenses: user.properties.assignedLicenses.map((l) => l.skuId).sort(),
    numbers: graph.numbers.filter((n) => n.assignmentTargetId === userId).map((n) => n.telephoneNumber).sort(),
    grants: grantsOf(graph, teams, userId),
  };
}

/** Numbers held by more than one user (must always be empty). */
export function numbersOnTwoUsers(graph: GraphState): string[] {
  const seen = new Map<string, number>();
  for (const n of graph.numbers) if (n.assignmentTargetId) seen.set(n.telephoneNumber, (seen.get(n.telephoneNumber) ?? 0) + 1);
  return [...seen].filter(([, count]) => count > 1).map(([number]) => number);
}

/** The subscriber sets' steps of an engine run, by resource name. */
export function setSteps<S extends { urn: string }>(steps: readonly S[]): S[] {
  return steps.filter((s) => s.urn.includes("ucflow:SubscriberSet::"));
}

/** Ids of the subscribers whose entries differ between two `subscribers` maps (either side may be missing). */
export function changedSubscribers(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): string[] {
  const a = before ?? {};
  const b = after ?? {};
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((id) => canonical(a[id]) !== canonical(b[id])).sort();
}

/**
 * The users whose licences, numbers or grants differ from `seed`, or who still carry ucflow's
 * record, each as `upn: what` (empty when a destroy gave everything back).
 */
export function footprintsLeftBehind(seed: { graph: GraphState; teams: TeamsState }, now: { graph: GraphState; teams: TeamsState }): string[] {
  const left: string[] = [];
  for (const u of seed.graph.users) {
    const id = u.properties.id;
    const who = u.properties.userPrincipalName;
    const want = footprint(seed.graph, seed.teams, id);
    const got = footprint(now.graph, now.teams, id);
    if (canonical({ licenses: got.licenses, numbers: got.numbers }) !== canonical({ licenses: want.licenses, numbers: want.numbers })) {
      left.push(`${who}: licences ${got.licenses.join(",")} numbers ${got.numbers.join(",")}`);
    }
    for (const [type, grant] of Object.entries(got.grants)) if (grant !== (want.grants[type] ?? null)) left.push(`${who}: ${type} ${grant}`);
    if (footprintRecordOf(now.graph, id) !== undefined) left.push(`${who}: ucflow's record`);
  }
  return left;
}

/** Every seeded user's licences, numbers and grants as in `seed`, ucflow's record gone, no number on two users. */
export function expectUsersAtSeed(seed: { graph: GraphState; teams: TeamsState }, now: { graph: GraphState; teams: TeamsState }): void {
  expect(footprintsLeftBehind(seed, now), "what the users still hold that the seed did not give them").to.deep.equal([]);
  expect(numbersOnTwoUsers(now.graph), "numbers on two users").to.deep.equal([]);
}
