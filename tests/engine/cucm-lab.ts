// What the Unified CM engine tests share: a lab with the Cisco simulators (AXL, CUPI) and the
// real OpenLDAP, a stack of the root program pointed at it, and readers of the cluster's state
// object by object.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Attribute, Change, Client } from "ldapts";
import { parse } from "yaml";
import { startLab, type LabHandle } from "../../lab";
import { createCiscoServices, type AxlClusterState } from "../../lab/cisco";
import type { CupiState } from "../../lab/cisco/cupi";
import { LabControlClient } from "../../lab/control/control-client";
import { createMicrosoftServices, type GraphState, type TeamsState } from "../../lab/microsoft";
import { setClusterLabConfig, setLdapLabConfig, setUnityConnectionLabConfig } from "./cisco-lab-config";
import { compiledProgram, EngineProject } from "./harness";
import { setMicrosoftLabConfig } from "./microsoft-lab-config";

export const FABRIKAM_DEFINITION_FILE = path.resolve(__dirname, "../../../examples/cucm-customer/fabrikam.yaml");
export const HYBRID_DEFINITION_FILE = path.resolve(__dirname, "../../../examples/hybrid-customer/contoso-hybrid.yaml");

export function readDefinition(file: string): Record<string, any> {
  return parse(fs.readFileSync(file, "utf8"));
}

export interface CiscoLab {
  readonly lab: LabHandle;
  readonly control: LabControlClient;
  readonly project: EngineProject;
  axl(): Promise<AxlClusterState>;
  cupi(): Promise<CupiState>;
  /** Changes one LDAP entry as the directory's administrator would. */
  modifyPerson(dn: string, changes: Readonly<Record<string, string>>): Promise<void>;
  deletePerson(dn: string): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * A fresh lab (AXL, CUPI and OpenLDAP; with `teams`, the Microsoft simulators too) and a stack of
 * the compiled root program on it (or of `program`, an example's), with the lab's accounts in
 * stack config and `customer` set to `definition` when one is given.
 */
export async function startCiscoLab(options: {
  name: string;
  definition?: unknown;
  program?: string;
  teams?: boolean;
  config?: Readonly<Record<string, string>>;
  /** Added to every CLI run's environment. */
  env?: Readonly<Record<string, string>>;
  /**
   * false: the lab makes a CA of its own and the project is not told of it, so every client
   * meets a certificate it must refuse (default true: the test run's CA, trusted).
   */
  trustLabCa?: boolean;
}): Promise<CiscoLab> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), `ucflow-${options.name}-lab-`));
  const services = [...createCiscoServices().all, ...(options.teams ? createMicrosoftServices().all : [])];
  const trusted = options.trustLabCa ?? true;
  const lab = await startLab({ stateDir, tlsDir: trusted ? process.env.UCFLOW_TEST_TLS_DIR : path.join(stateDir, "untrusted-tls"), services, log: () => undefined });
  const control = new LabControlClient(lab.endpoints.control, lab.caCertPem);
  if (options.teams) await control.seed("graph", { lro: { notStartedPolls: 0, runningPolls: 0, settleAfterSeconds: 0 } });
  const project = await EngineProject.create({
    name: options.name,
    main: options.program ?? compiledProgram("../../examples/customer/index.js"),
    env: { ...(trusted ? { NODE_EXTRA_CA_CERTS: lab.caCertPath } : {}), ...options.env },
  });
  await setLdapLabConfig(project, lab);
  await setClusterLabConfig(project, lab);
  await setUnityConnectionLabConfig(project, lab);
  if (options.teams) await setMicrosoftLabConfig(project, lab);
  for (const [key, value] of Object.entries(options.config ?? {})) await project.setConfig(key, value);
  if (options.definition !== undefined) await project.setConfig("customer", options.definition);
  const ldap = lab.endpoints.ldap!;
  const asAdmin = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ url: ldap.url, timeout: 10_000, connectTimeout: 5_000 });
    await client.bind(ldap.adminDn, ldap.adminPassword);
    try {
      return await work(client);
    } finally {
      await client.unbind();
    }
  };
  return {
    lab,
    control,
    project,
    axl: async () => (await control.state("axl")) as AxlClusterState,
    cupi: async () => (await control.state("cupi")) as CupiState,
    modifyPerson: (dn, changes) =>
      asAdmin((client) => client.modify(dn, Object.entries(changes).map(([type, value]) => new Change({ operation: "replace", modification: new Attribute({ type, values: [value] }) })))),
    deletePerson: (dn) => asAdmin((client) => client.del(dn)),
    async dispose() {
      await project.dispose();
      await lab.stop();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * What a hybrid customer's tests read after a run: the Microsoft partitions, the cluster's end
 * users, lines and phones by userid, pattern and name, and Unity Connection's aliases (lower case).
 */
export async function hybridState(lab: CiscoLab) {
  const [graph, teams, axl, cupi] = await Promise.all([lab.control.state("graph"), lab.control.state("teams"), lab.axl(), lab.cupi()]);
  return {
    graph: graph as GraphState,
    teams: teams as TeamsState,
    users: objectsOf(axl, "user", "userid"),
    lines: objectsOf(axl, "line", "pattern"),
    phones: objectsOf(axl, "phone"),
    mailboxes: new Set(cupi.users.map((u) => u.Alias.toLowerCase())),
  };
}

/** A stored value as a test reads it: a reference `{name, uuid}` as its name, "true"/"false" as booleans. */
function readable(value: unknown): unknown {
  if (value === "true" || value === "false") return value === "true";
  if (Array.isArray(value)) return value.map(readable);
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 2 && keys.includes("name") && keys.includes("uuid")) return (value as { name: unknown }).name;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readable(v)]));
  }
  return value;
}

/** The cluster's objects of one kind, by a key field (name, pattern, userid, ...), their references as names and flags as booleans. */
export function objectsOf(state: AxlClusterState, kind: keyof AxlClusterState["objects"], key = "name"): Map<string, Record<string, any>> {
  return new Map(Object.values(state.objects[kind] ?? {}).map((o) => [String(o.fields[key]), readable(o.fields) as Record<string, any>]));
}

/** Every object of the cluster as `kind uuid -> fields`, for comparing a cluster with its seed. */
export { everyClusterObject as everyObject } from "../../lab/cisco";
