// `npm run lab`: starts the lab, prints its endpoints and the environment a client needs, and
// runs until SIGINT/SIGTERM/SIGHUP, then stops everything (slapd included) and exits 0.
import { parseArgs } from "node:util";
import { formatExports, startLab, type LabHandle, type LabOptions } from "./lab";

const USAGE = `usage: node dist/lab/main.js [options]
  --state-dir DIR     state, CA and lab.json (default .lab; env UCFLOW_LAB_STATE_DIR)
  --control-port N    control endpoint port (default free; env UCFLOW_LAB_CONTROL_PORT)
  --port NAME=N       fixed port for a simulator (repeatable)
  --services A,B      simulators to run (default all; env UCFLOW_LAB_SERVICES)
  --ldap-port N       ldap:// port (default free; env UCFLOW_LAB_LDAP_PORT)
  --ldaps-port N      ldaps:// port (default free; env UCFLOW_LAB_LDAPS_PORT)
  --no-ldap           do not start OpenLDAP (env UCFLOW_LAB_LDAP=off)
  --fault-seed N      seed of the fault-injection generator (default 1; env UCFLOW_LAB_FAULT_SEED)`;

export function parseLabCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): LabOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      "state-dir": { type: "string" },
      "control-port": { type: "string" },
      port: { type: "string", multiple: true },
      services: { type: "string" },
      "ldap-port": { type: "string" },
      "ldaps-port": { type: "string" },
      "no-ldap": { type: "boolean" },
      "fault-seed": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
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
  const stateDir = values["state-dir"] ?? env.UCFLOW_LAB_STATE_DIR;
  return {
    ...(stateDir ? { stateDir } : {}),
    ...(servicesText !== undefined ? { services: servicesText.split(",").map((name) => name.trim()).filter((name) => name !== "") } : {}),
    ports: {
      ...(control !== undefined ? { control } : {}),
      ...(ldap !== undefined ? { ldap } : {}),
      ...(ldaps !== undefined ? { ldaps } : {}),
      services: servicePorts,
    },
    ldap: !ldapOff,
    ...(faultSeed !== undefined ? { faultSeed } : {}),
  };
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

  let lab: LabHandle | undefined;
  let signalled: NodeJS.Signals | undefined;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (signalled) {
      // A second signal: give up waiting; the exit hook still kills slapd.
      process.stderr.write(`lab: ${signal} again, exiting without waiting\n`);
      process.exit(1);
    }
    signalled = signal;
    if (lab) void stopAndExit(lab, signal);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, shutdown);

  try {
    lab = await startLab(options);
  } catch (error) {
    process.stderr.write(`lab: could not start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  if (signalled) return stopAndExit(lab, signalled);
  process.stdout.write(formatBanner(lab));
  if (process.env.npm_lifecycle_event === "lab") stopWhenParentExits(lab);
}

/**
 * Under `npm run lab` a SIGTERM to npm reaches only the `sh -c` npm runs the script in, which
 * dies without passing it on; the lab would live on, reparented. So under npm the lab treats
 * losing its parent as the signal to stop. (Started directly, it stays up, e.g. under nohup.)
 */
function stopWhenParentExits(lab: LabHandle): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      void stopAndExit(lab, "parent process exited");
    }
  }, 500);
  timer.unref();
}

let stoppingFor: string | undefined;

async function stopAndExit(lab: LabHandle, reason: NodeJS.Signals | "parent process exited"): Promise<void> {
  if (stoppingFor) return;
  stoppingFor = reason;
  process.stderr.write(`lab: ${reason.startsWith("SIG") ? `${reason} received` : reason}, stopping\n`);
  try {
    await lab.stop();
  } catch (error) {
    process.stderr.write(`lab: ${(error as Error).message}\n`);
    process.exit(1);
  }
  process.stderr.write("lab: stopped\n");
  process.exit(0);
}

if (require.main === module) void main();
