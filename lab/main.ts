// `npm run lab`: starts the lab, prints its endpoints and the environment a client needs, and
// runs until SIGINT/SIGTERM/SIGHUP, then stops everything (slapd included) and exits 0.
import { parseArgs } from "node:util";
import { formatExports, startLab, type LabHandle, type LabOptions, type NumberOperationSettings } from "./lab";

/** The lab's flags, shared by `node dist/lab/main.js` and `ucflow lab` (lab/cli-lab.ts). */
export const LAB_FLAGS_USAGE = `  --state-dir DIR     state, CA and lab.json (default .lab; env UCFLOW_LAB_STATE_DIR)
  --control-port N    control endpoint port (default free; env UCFLOW_LAB_CONTROL_PORT)
  --port NAME=N       fixed port for a simulator (repeatable)
  --services A,B      simulators to run (default all; env UCFLOW_LAB_SERVICES)
  --ldap-port N       ldap:// port (default free; env UCFLOW_LAB_LDAP_PORT)
  --ldaps-port N      ldaps:// port (default free; env UCFLOW_LAB_LDAPS_PORT)
  --no-ldap           do not start OpenLDAP (env UCFLOW_LAB_LDAP=off)
  --fault-seed N      seed of the fault-injection generator (default 1; env UCFLOW_LAB_FAULT_SEED)
  --tls-dir DIR       where the lab CA lives, if not DIR/tls (env UCFLOW_LAB_TLS_DIR)
  --request-log-max N requests the request log keeps, the last N (default 100000; env UCFLOW_LAB_REQUEST_LOG_MAX)
  --number-operations K=V,...
                      how Teams number operations settle: notStartedPolls, runningPolls,
                      settleAfterSeconds, retryAfterSeconds (a number or none); default
                      notStartedPolls=1,runningPolls=1,settleAfterSeconds=60,retryAfterSeconds=none
                      (env UCFLOW_LAB_NUMBER_OPERATIONS)`;

const USAGE = `usage: node dist/lab/main.js [options]\n${LAB_FLAGS_USAGE}`;

export const LAB_FLAGS = {
  "state-dir": { type: "string" },
  "control-port": { type: "string" },
  port: { type: "string", multiple: true },
  services: { type: "string" },
  "ldap-port": { type: "string" },
  "ldaps-port": { type: "string" },
  "no-ldap": { type: "boolean" },
  "fault-seed": { type: "string" },
  "tls-dir": { type: "string" },
  "request-log-max": { type: "string" },
  "number-operations": { type: "string" },
} as const;

/** What parseArgs gives for LAB_FLAGS. */
export interface LabFlagValues {
  readonly "state-dir"?: string;
  readonly "control-port"?: string;
  readonly port?: readonly string[];
  readonly services?: string;
  readonly "ldap-port"?: string;
  readonly "ldaps-port"?: string;
  readonly "no-ldap"?: boolean;
  readonly "fault-seed"?: string;
  readonly "tls-dir"?: string;
  readonly "request-log-max"?: string;
  readonly "number-operations"?: string;
}

export function parseLabCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): LabOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: { ...LAB_FLAGS, help: { type: "boolean", short: "h" } },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  return labOptionsFromFlags(values, env);
}

/** LabOptions from the lab's flags, each falling back to its environment variable; throws on a bad value. */
export function labOptionsFromFlags(values: LabFlagValues, env: NodeJS.ProcessEnv): LabOptions {
  const integer = (flag: string, text: string | undefined, min: number, max: number): number | undefined => {
    if (text === undefined || text === "") return undefined;
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < min || value > max) throw new Error(`${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`);
    return value;
  };
  const servicePorts: Record<string, number> = {};
  for (const entry of values.port ?? []) {
    const match = /^([a-z][a-z0-9-]*)=(\d+)$/.exec(entry);
    if (!match) throw new Error(`--port takes NAME=PORT, got ${JSON.stringify(entry)}`);
    servicePorts[match[1] as string] = integer("--port", match[2], 0, 65535) as number;
  }
  const servicesText = values.services ?? env.UCFLOW_LAB_SERVICES;
  const ldapOff = values["no-ldap"] === true || /^(off|0|false|no)$/i.test(env.UCFLOW_LAB_LDAP ?? "");
  const control = integer("--control-port", values["control-port"] ?? env.UCFLOW_LAB_CONTROL_PORT, 0, 65535);
  const ldap = integer("--ldap-port", values["ldap-port"] ?? env.UCFLOW_LAB_LDAP_PORT, 0, 65535);
  const ldaps = integer("--ldaps-port", values["ldaps-port"] ?? env.UCFLOW_LAB_LDAPS_PORT, 0, 65535);
  const faultSeed = integer("--fault-seed", values["fault-seed"] ?? env.UCFLOW_LAB_FAULT_SEED, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const requestLogMax = integer("--request-log-max", values["request-log-max"] ?? env.UCFLOW_LAB_REQUEST_LOG_MAX, 1, 100_000_000);
  const numberOperationsText = values["number-operations"] ?? env.UCFLOW_LAB_NUMBER_OPERATIONS;
  const numberOperations = numberOperationsText === undefined || numberOperationsText === "" ? undefined : parseNumberOperations(numberOperationsText);
  const stateDir = values["state-dir"] ?? env.UCFLOW_LAB_STATE_DIR;
  const tlsDir = values["tls-dir"] ?? env.UCFLOW_LAB_TLS_DIR;
  return {
    ...(stateDir ? { stateDir } : {}),
    ...(tlsDir ? { tlsDir } : {}),
    ...(servicesText !== undefined ? { services: servicesText.split(",").map((name) => name.trim()).filter((name) => name !== "") } : {}),
    ports: {
      ...(control !== undefined ? { control } : {}),
      ...(ldap !== undefined ? { ldap } : {}),
      ...(ldaps !== undefined ? { ldaps } : {}),
      services: servicePorts,
    },
    ldap: !ldapOff,
    ...(faultSeed !== undefined ? { faultSeed } : {}),
    ...(requestLogMax !== undefined ? { requestLog: { maxEntries: requestLogMax } } : {}),
    ...(numberOperations !== undefined ? { numberOperations } : {}),
  };
}

const NUMBER_OPERATION_KEYS = ["notStartedPolls", "runningPolls", "settleAfterSeconds", "retryAfterSeconds"] as const;

/**
 * `notStartedPolls=0,runningPolls=2,retryAfterSeconds=none` as NumberOperationSettings; throws
 * naming the bad part. Ranges are the graph simulator's to check (as for POST /seed).
 */
export function parseNumberOperations(text: string): NumberOperationSettings {
  const settings: Record<string, number | null> = {};
  for (const part of text.split(",").map((item) => item.trim()).filter((item) => item !== "")) {
    const match = /^([A-Za-z]+)=(\S+)$/.exec(part);
    const key = match?.[1] as (typeof NUMBER_OPERATION_KEYS)[number] | undefined;
    if (!match || key === undefined || !NUMBER_OPERATION_KEYS.includes(key)) throw new Error(`--number-operations takes KEY=VALUE pairs with KEY one of ${NUMBER_OPERATION_KEYS.join(", ")}, got ${JSON.stringify(part)}`);
    const value = match[2] as string;
    if (key === "retryAfterSeconds" && value === "none") settings[key] = null;
    else if (/^\d{1,9}$/.test(value)) settings[key] = Number(value);
    else throw new Error(`--number-operations ${key} must be a whole number${key === "retryAfterSeconds" ? " or none" : ""}, got ${JSON.stringify(value)}`);
  }
  return settings as NumberOperationSettings;
}

export function formatBanner(lab: LabHandle): string {
  const lines = [`ucflow lab is running (state in ${lab.stateDir})`, ""];
  const row = (label: string, value: string): void => {
    lines.push(`  ${label.padEnd(10)} ${value}`);
  };
  row("control", lab.endpoints.control);
  for (const [name, url] of Object.entries(lab.endpoints.services)) row(name, url);
  if (lab.endpoints.ldap) {
    row("ldap", `${lab.endpoints.ldap.url}  ${lab.endpoints.ldap.ldapsUrl}`);
    row("", `base ${lab.endpoints.ldap.baseDn}, bind ${lab.endpoints.ldap.bindDn} (admin ${lab.endpoints.ldap.adminDn})`);
  }
  row("CA", lab.caCertPath);
  if (Object.keys(lab.endpoints.services).length === 0) lines.push("", "  (no simulators are registered yet; the control endpoint and OpenLDAP run)");
  lines.push("", `# Point a client at the lab (also in ${lab.stateDir}/env.sh):`, formatExports(lab.env).trimEnd(), "", "Stop with Ctrl-C (SIGINT) or SIGTERM.", "");
  return lines.join("\n");
}

async function main(): Promise<void> {
  let options: LabOptions;
  try {
    options = parseLabCommandLine(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`lab: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const code = await runLabUntilSignalled(options, {
    prefix: "lab",
    started: (lab) => {
      process.stdout.write(formatBanner(lab));
      if (process.env.npm_lifecycle_event === "lab") return stopWhenParentExits();
      return new Promise<never>(() => undefined);
    },
  });
  process.exit(code);
}

/**
 * Starts the lab, hands it to `started`, and stops it on SIGINT, SIGTERM or SIGHUP (or when
 * `started` resolves). Resolves with the exit code: 0 stopped cleanly, 1 could not start or
 * stop. A second signal exits at once with 1 (the exit hook still kills slapd).
 */
export async function runLabUntilSignalled(
  options: LabOptions,
  hooks: { readonly prefix: string; started(lab: LabHandle): void | Promise<unknown> },
): Promise<number> {
  const say = (line: string): void => {
    process.stderr.write(`${hooks.prefix}: ${line}\n`);
  };
  let stopReason: ((reason: string) => void) | undefined;
  let signalled: NodeJS.Signals | undefined;
  let failed = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) {
      say(`${signal} again, exiting without waiting`);
      process.exit(1);
    }
    signalled = signal;
    stopReason?.(`${signal} received`);
  };
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  for (const signal of signals) process.on(signal, onSignal);
  try {
    let lab: LabHandle;
    try {
      lab = await startLab(options);
    } catch (error) {
      say(`could not start: ${(error as Error).message}`);
      return 1;
    }
    const reason = signalled
      ? `${signalled} received`
      : await new Promise<string>((resolve) => {
          stopReason = resolve;
          Promise.resolve()
            .then(() => hooks.started(lab))
            .then(
              (done) => resolve(typeof done === "string" ? done : "done"),
              (error: Error) => {
                failed = true;
                resolve(error.message);
              },
            );
        });
    say(`${reason}, stopping`);
    try {
      await lab.stop();
    } catch (error) {
      say((error as Error).message);
      return 1;
    }
    say("stopped");
    return failed ? 1 : 0;
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
  }
}

/**
 * Under `npm run lab` a SIGTERM to npm reaches only the `sh -c` npm runs the script in, which
 * dies without passing it on; the lab would live on, reparented. So under npm the lab treats
 * losing its parent as the signal to stop. (Started directly, it stays up, e.g. under nohup.)
 */
function stopWhenParentExits(): Promise<string> {
  const parent = process.ppid;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (process.ppid !== parent) {
        clearInterval(timer);
        resolve("parent process exited");
      }
    }, 500);
  });
}

if (require.main === module) void main();
