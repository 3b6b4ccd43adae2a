// The seeded Unity Connection server "cuc-lab": the default partition and the two system
// mailboxes every Connection has, the default voicemail user template, and two per-site
// templates (Dallas, Denver) of customer Cu1 in partitions of their own; one Dallas mailbox
// already holds extension 4000. Deterministic ids. Also the checks of state read back from the
// state directory and of POST /seed data.
import { guidFrom } from "../../microsoft/tenant/ids";
import { SeedReader } from "../../microsoft/tenant/seed-input";
import type { CupiState, CupiUser, CupiUserTemplate } from "./types";

/** The API account (throwaway lab fixtures, printed on purpose). */
export const LAB_CUPI_USERNAME = "ucflow-cupi";
export const LAB_CUPI_PASSWORD = "Lab-CUPI-Secret-0001";

export const LAB_CUPI_SERVER = "cuc-lab";
export const CUPI_SEED_TIME = "2026-01-01T00:00:00Z";

/** Aliases of the seeded user templates. */
export const CUPI_TEMPLATES = {
  /** Cisco's default template, in the default partition. */
  default: "voicemailusertemplate",
  dallas: "Cu1-Dallas-VM",
  denver: "Cu1-Denver-VM",
} as const;

const id = (name: string) => guidFrom(`ucflow-lab-cupi:${name}`);

export const CUPI_PARTITION_IDS = {
  default: id("partition:default"),
  dallas: id("partition:Cu1-Dallas"),
  denver: id("partition:Cu1-Denver"),
} as const;

/** Default write limit: a guess, Cisco documents none (docs/lab-unity-connection.md). */
export const DEFAULT_CUPI_WRITES = { limit: 20, windowSeconds: 1 } as const;

export function seedCupi(): CupiState {
  const voiceMailCos = id("cos:Voice Mail User COS");
  const template = (key: string, alias: string, displayName: string, partition: string): CupiUserTemplate => ({
    ObjectId: id(`template:${key}`),
    Alias: alias,
    DisplayName: displayName,
    PartitionObjectId: partition,
    CosObjectId: voiceMailCos,
    TimeZone: 190,
    Language: 1033,
    ListInDirectory: true,
    IsVmEnrolled: true,
    CreationTime: CUPI_SEED_TIME,
  });
  const system = (alias: string, displayName: string, extension: string): CupiUser => ({
    ObjectId: id(`user:${alias}`),
    Alias: alias,
    DtmfAccessId: extension,
    DisplayName: displayName,
    PartitionObjectId: CUPI_PARTITION_IDS.default,
    CosObjectId: voiceMailCos,
    TimeZone: 0,
    Language: 0,
    ListInDirectory: false,
    IsVmEnrolled: true,
    Inactive: false,
    Undeletable: true,
    CreationTime: CUPI_SEED_TIME,
    MailboxStoreName: "Unity Messaging Database -1",
  });
  const dallas = template("dallas", CUPI_TEMPLATES.dallas, "Cu1 Dallas voicemail", CUPI_PARTITION_IDS.dallas);
  return {
    kind: "cupi",
    serverName: LAB_CUPI_SERVER,
    credentials: { username: LAB_CUPI_USERNAME, password: LAB_CUPI_PASSWORD },
    partitions: [
      { ObjectId: CUPI_PARTITION_IDS.default, Name: `${LAB_CUPI_SERVER} Partition`, Description: "Default Partition" },
      { ObjectId: CUPI_PARTITION_IDS.dallas, Name: "Cu1-Dallas-Partition", Description: "Customer Cu1, site Dallas" },
      { ObjectId: CUPI_PARTITION_IDS.denver, Name: "Cu1-Denver-Partition", Description: "Customer Cu1, site Denver" },
    ],
    classesOfService: [{ ObjectId: voiceMailCos, DisplayName: "Voice Mail User COS" }],
    templates: [
      template("default", CUPI_TEMPLATES.default, "Voice Mail User Template", CUPI_PARTITION_IDS.default),
      dallas,
      template("denver", CUPI_TEMPLATES.denver, "Cu1 Denver voicemail", CUPI_PARTITION_IDS.denver),
    ],
    users: [
      system("undeliverablemessagesmailbox", "Undeliverable Messages", "99999"),
      system("operator", "Operator", "99990"),
      {
        ...system("dallas.lobby", "Dallas Lobby", "4000"),
        FirstName: "Dallas",
        LastName: "Lobby",
        PartitionObjectId: CUPI_PARTITION_IDS.dallas,
        TimeZone: 190,
        Language: 1033,
        ListInDirectory: true,
        Undeletable: false,
        TemplateObjectId: dallas.ObjectId,
      },
    ],
    throttling: { enabled: true, writes: { ...DEFAULT_CUPI_WRITES } },
  };
}

class StateShapeError extends Error {}

/** Structural check of state read back from disk (an older lab's, or edited by hand). */
export function decodeCupiState(raw: unknown): CupiState {
  const fail = (message: string): never => {
    throw new StateShapeError(`the saved cupi state ${message}`);
  };
  const record = (value: unknown, where: string): Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : fail(`${where} must be an object`);
  const list = (value: unknown, where: string): unknown[] => (Array.isArray(value) ? value : fail(`${where} must be a list`));
  const state = record(raw, "");
  if (state.kind !== "cupi") fail(`is not Unity Connection state (kind is ${JSON.stringify(state.kind)})`);
  const credentials = record(state.credentials, "credentials");
  if (typeof credentials.username !== "string" || typeof credentials.password !== "string") fail("credentials need a username and a password");
  for (const name of ["partitions", "classesOfService", "templates", "users"] as const) {
    list(state[name], name).forEach((item, i) => {
      const r = record(item, `${name}[${i}]`);
      if (typeof r.ObjectId !== "string") fail(`${name}[${i}].ObjectId must be a string`);
    });
  }
  (state.users as Record<string, unknown>[]).forEach((u, i) => {
    for (const field of ["Alias", "DtmfAccessId", "PartitionObjectId", "DisplayName"]) if (typeof u[field] !== "string") fail(`users[${i}].${field} must be a string`);
  });
  const throttling = record(state.throttling, "throttling");
  const writes = record(throttling.writes, "throttling.writes");
  if (typeof throttling.enabled !== "boolean" || typeof writes.limit !== "number" || typeof writes.windowSeconds !== "number") fail("throttling needs enabled and writes.{limit, windowSeconds}");
  return state as unknown as CupiState;
}

/** A user POST /seed adds: created from a template, as POST /vmrest/users would. */
export interface CupiSeedUser {
  readonly templateAlias: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** What POST /seed {"service":"cupi","data":...} may carry. */
export interface CupiSeedData {
  readonly users: readonly CupiSeedUser[];
  readonly throttling?: { readonly enabled?: boolean; readonly writes?: { readonly limit: number; readonly windowSeconds: number } };
}

export function readCupiSeed(data: unknown): CupiSeedData {
  const reader = new SeedReader("cupi");
  const root = reader.object(data, "data", ["users", "throttling"]);
  const users = root.users === undefined ? [] : reader.list(root.users, "data.users").map((item, i): CupiSeedUser => {
    const user = reader.object(item, `data.users[${i}]`);
    const { templateAlias, ...fields } = user;
    return { templateAlias: reader.optionalString(templateAlias, `data.users[${i}].templateAlias`) ?? CUPI_TEMPLATES.default, fields };
  });
  let throttling: CupiSeedData["throttling"];
  if (root.throttling !== undefined) {
    const t = reader.object(root.throttling, "data.throttling", ["enabled", "writes"]);
    const writes = t.writes === undefined ? undefined : reader.object(t.writes, "data.throttling.writes", ["limit", "windowSeconds"]);
    throttling = {
      ...(t.enabled !== undefined ? { enabled: reader.boolean(t.enabled, "data.throttling.enabled") } : {}),
      ...(writes ? { writes: { limit: reader.integer(writes.limit, "data.throttling.writes.limit", 1, 100_000), windowSeconds: reader.integer(writes.windowSeconds, "data.throttling.writes.windowSeconds", 1, 3600) } } : {}),
    };
  }
  return { users, ...(throttling ? { throttling } : {}) };
}
