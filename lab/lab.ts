// startLab(): the whole lab in one call (used in-process by tests and by `npm run lab`). Starts,
// in order: the TLS material, one HTTPS server per simulator, OpenLDAP, the control endpoint;
// stops in reverse, and on a failed start undoes whatever had started.
import { chmod, mkdir, rm, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { startControlServer } from "./control/control-server";
import { FaultInjector } from "./faults/fault-injector";
import { LabHttpError } from "./http/lab-http";
import type { LabComponent } from "./lab-component";
import { defineService, type LabServiceDefinition } from "./lab-service";
import { LdifRejectedError, SlapdServer } from "./ldap/slapd-server";
import { catalogueService, labServiceCatalogue } from "./service-catalogue";
import { startServiceHost, type ServiceHost } from "./service-host";
import { claimStateDir, releaseStateDir, writeLabRecord } from "./state-dir-lock";
import { prepareLabTls } from "./tls";
import { RequestLog } from "./request-log";

export interface LabOptions {
  /** Where state, the CA and lab.json live; default `.lab` in the current directory. */
  readonly stateDir?: string;
  /**
   * Where the lab's CA lives, if not `<stateDir>/tls`. Test runs share one CA across many labs,
   * because a process trusts a CA only through NODE_EXTRA_CA_CERTS, read when it starts.
   */
  readonly tlsDir?: string;
  /** Simulators to run: catalogue names or definitions; default the whole catalogue. */
  readonly services?: readonly (string | LabServiceDefinition<unknown>)[];
  /** Fixed ports; absent or 0 means a free port. */
  readonly ports?: {
    readonly control?: number;
    readonly services?: Readonly<Record<string, number>>;
    readonly ldap?: number;
    readonly ldaps?: number;
  };
  /** Start OpenLDAP (default true), optionally with its own seed, password or size limit. */
  readonly ldap?: boolean | { readonly seedLdif?: string; readonly adminPassword?: string; readonly bindPassword?: string; readonly sizeLimit?: number };
  /** Seed of the fault generator; the same seed and request sequence give the same faults. Default 1. */
  readonly faultSeed?: number;
  /**
   * The request log (GET /requests on the control endpoint) keeps the last `maxEntries`
   * requests; older ones are dropped and counted. Default 100,000.
   */
  readonly requestLog?: { readonly maxEntries?: number };
  /**
   * How the graph simulator's Teams number operations (assignNumber, unassignNumber) settle in
   * this lab, kept across resets; the same knobs as POST /seed graph {"lro": {...}}. Default:
   * notStartedPolls 1, runningPolls 1 (the third poll finishes), settleAfterSeconds 60,
   * retryAfterSeconds null (no Retry-After).
   */
  readonly numberOperations?: NumberOperationSettings;
  /** Progress and warnings; default stderr. */
  readonly log?: (line: string) => void;
}

export interface NumberOperationSettings {
  /** Polls answered `notStarted` first. */
  readonly notStartedPolls?: number;
  /** Then polls answered `running`; the next poll finishes the operation. */
  readonly runningPolls?: number;
  /** An operation this old finishes without polls (for clients that never poll). */
  readonly settleAfterSeconds?: number;
  /** Sent as Retry-After on the 202 and on polls that are not final; null sends none. */
  readonly retryAfterSeconds?: number | null;
}

export interface LabLdapEndpoint {
  readonly url: string;
  /** ldaps:// with the lab's server certificate (trust the lab CA). */
  readonly ldapsUrl: string;
  readonly baseDn: string;
  /** An ordinary account for clients: size limits apply, as to a real directory sync account. */
  readonly bindDn: string;
  /** The lab's own throwaway passwords are fixtures, printed on purpose. */
  readonly bindPassword: string;
  /** The rootdn: no size limits, may write; for tests that change the directory. */
  readonly adminDn: string;
  readonly adminPassword: string;
}

export interface LabEndpoints {
  readonly control: string;
  /** Base URL per simulator. */
  readonly services: Readonly<Record<string, string>>;
  readonly ldap?: LabLdapEndpoint;
}

export interface LabHandle {
  readonly stateDir: string;
  /** The CA every lab server chains to; clients set NODE_EXTRA_CA_CERTS to it. */
  readonly caCertPath: string;
  readonly caCertPem: string;
  readonly endpoints: LabEndpoints;
  /** What a client process needs in its environment to use this lab. */
  readonly env: Readonly<Record<string, string>>;
  /** pid of slapd while it runs (tests check it is gone after stop). */
  readonly slapdPid: number | undefined;
  /**
   * A platform outage and return: closes every server (simulators and control endpoint; requests
   * in flight lose their answers, see docs/lab.md) and stops slapd, saving each simulator's
   * state; runs `whileDown` (connections are refused meanwhile); then starts them all again on
   * the same ports, each simulator from its saved state, slapd on its own database. The
   * endpoints, credentials, fault rules and request log stay as they were.
   */
  restart(options?: { readonly whileDown?: () => Promise<void> }): Promise<void>;
  /** Closes every server and stops slapd; safe to call more than once. */
  stop(): Promise<void>;
}

export async function startLab(options: LabOptions = {}): Promise<LabHandle> {
  const log = options.log ?? ((line: string) => process.stderr.write(`[lab] ${line}\n`));
  const stateDir = path.resolve(options.stateDir ?? ".lab");
  const faultSeed = options.faultSeed ?? 1;
  // defineService() again: definitions built by hand must not take a reserved name such as "ldap".
  const definitions = (options.services ?? labServiceCatalogue).map((service) => defineService(typeof service === "string" ? catalogueService(service) : service));
  const names = definitions.map((definition) => definition.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) throw new Error(`lab service ${duplicate} is listed twice`);
  if (options.numberOperations !== undefined && !names.includes("graph")) {
    throw new Error(`numberOperations are settings of the graph simulator, which is not started (services: ${names.join(", ") || "none"})`);
  }
  for (const name of Object.keys(options.ports?.services ?? {})) {
    if (!names.includes(name)) throw new Error(`a port is given for lab service ${name}, which is not started (services: ${names.join(", ") || "none"})`);
  }

  await mkdir(stateDir, { recursive: true });
  await claimStateDir(stateDir, log);
  // Undo steps for whatever has started, run in reverse on stop or on a failed start.
  const undo: { what: string; run: () => Promise<void> }[] = [{ what: "release the state directory", run: () => releaseStateDir(stateDir) }];
  const runUndo = async (): Promise<void> => {
    const failures: string[] = [];
    for (const step of undo.splice(0).reverse()) {
      try {
        await step.run();
      } catch (error) {
        failures.push(`${step.what}: ${(error as Error).message}`);
      }
    }
    if (failures.length > 0) throw new Error(`the lab did not stop cleanly:\n  ${failures.join("\n  ")}`);
  };

  try {
    const tls = await prepareLabTls(options.tlsDir ? path.resolve(options.tlsDir) : path.join(stateDir, "tls"));
    const faults = new FaultInjector(faultSeed);
    const requestLog = new RequestLog(options.requestLog?.maxEntries);
    const components = new Map<string, LabComponent>();
    const urls = new Map<string, string>();
    // The running server of each simulator (none while a restart has it closed).
    const hosts = new Map<string, ServiceHost>();
    const openHost = async (definition: LabServiceDefinition<unknown>, port: number): Promise<ServiceHost> => {
      const host = await startServiceHost({
        definition,
        stateDir: path.join(stateDir, "services"),
        port,
        tls,
        faults,
        urls,
        requestLog,
        ...(definition.name === "graph" && options.numberOperations !== undefined ? { baseline: { lro: options.numberOperations } } : {}),
        log,
      });
      hosts.set(host.name, host);
      components.set(host.name, host);
      urls.set(host.name, host.url);
      return host;
    };
    const closeHost = async (name: string): Promise<void> => {
      const host = hosts.get(name);
      hosts.delete(name);
      await host?.close();
    };

    for (const definition of definitions) {
      await openHost(definition, options.ports?.services?.[definition.name] ?? 0);
      undo.push({ what: `close the ${definition.name} server`, run: () => closeHost(definition.name) });
    }

    // Rewrites lab.json; set once the control endpoint runs, called again when slapd restarts.
    let recordLab: () => Promise<void> = async () => undefined;
    let slapd: SlapdServer | undefined;
    if (options.ldap !== false) {
      const ldapOptions = typeof options.ldap === "object" ? options.ldap : {};
      const started = await SlapdServer.start({
        tls,
        ...(options.ports?.ldap !== undefined ? { port: options.ports.ldap } : {}),
        ...(options.ports?.ldaps !== undefined ? { ldapsPort: options.ports.ldaps } : {}),
        ...(ldapOptions.seedLdif !== undefined ? { seedLdif: ldapOptions.seedLdif } : {}),
        ...(ldapOptions.adminPassword !== undefined ? { adminPassword: ldapOptions.adminPassword } : {}),
        ...(ldapOptions.bindPassword !== undefined ? { bindPassword: ldapOptions.bindPassword } : {}),
        ...(ldapOptions.sizeLimit !== undefined ? { sizeLimit: ldapOptions.sizeLimit } : {}),
        log: (line) => log(`ldap: ${line}`),
      });
      slapd = started;
      undo.push({ what: "stop slapd", run: () => started.stop() });
      components.set("ldap", ldapComponent(started, () => recordLab()));
    }

    const ldapEndpoint: LabLdapEndpoint | undefined = slapd && {
      url: slapd.url,
      ldapsUrl: slapd.ldapsUrl ?? "",
      baseDn: slapd.baseDn,
      bindDn: slapd.bindDn,
      bindPassword: slapd.bindPassword,
      adminDn: slapd.adminDn,
      adminPassword: slapd.adminPassword,
    };
    const services = Object.fromEntries([...hosts.values()].map((host) => [host.name, host.url]));

    const openControl = (port: number) => startControlServer({
      port,
      tls,
      components,
      serviceNames: names,
      faults,
      faultSeed,
      requestLog,
      describe: () => ({
        stateDir,
        services,
        ldap: ldapEndpoint ? { url: ldapEndpoint.url, ldapsUrl: ldapEndpoint.ldapsUrl, baseDn: ldapEndpoint.baseDn, running: slapd?.running ?? false } : null,
      }),
    });
    let control: Awaited<ReturnType<typeof openControl>> | undefined = await openControl(options.ports?.control ?? 0);
    const controlUrl = control.url;
    const controlPort = Number(new URL(controlUrl).port);
    undo.push({ what: "close the control server", run: async () => {
      const closing = control;
      control = undefined;
      await closing?.close();
    } });

    const endpoints: LabEndpoints = { control: controlUrl, services, ...(ldapEndpoint ? { ldap: ldapEndpoint } : {}) };
    const env = clientEnvironment(stateDir, tls.caCertPath, endpoints);
    const startedAt = new Date().toISOString();
    recordLab = () => writeLabRecord(stateDir, {
      pid: process.pid,
      startedAt,
      control: controlUrl,
      services,
      ...(slapd?.pid !== undefined ? { slapd: { pid: slapd.pid, dir: slapd.dir, url: slapd.url } } : {}),
    });
    await recordLab();
    const envFile = path.join(stateDir, "env.sh");
    undo.push({ what: `remove ${envFile}`, run: () => rm(envFile, { force: true }) });
    await writeFile(envFile, formatExports(env), { mode: 0o600 });
    await chmod(envFile, 0o600); // mode applies only when the file is created

    let stopping: Promise<void> | undefined;
    let restarting: Promise<void> | undefined;
    const restart = async (whileDown: () => Promise<void>): Promise<void> => {
      const ports = new Map([...hosts.values()].map((host) => [host.name, host.port]));
      // Down in the order stop() uses: the control endpoint, slapd, the simulators last to first.
      const closingControl = control;
      control = undefined;
      await closingControl?.close();
      for (const name of [...names].reverse()) await closeHost(name);
      if (slapd) await slapd.restart(whileDown);
      else await whileDown();
      for (const definition of definitions) await openHost(definition, ports.get(definition.name) ?? 0);
      control = await openControl(controlPort);
      await recordLab(); // slapd has a new pid
    };
    return {
      stateDir,
      caCertPath: tls.caCertPath,
      caCertPem: tls.caCertPem,
      endpoints,
      env,
      get slapdPid() {
        return slapd?.pid;
      },
      restart: (restartOptions = {}) => {
        if (stopping) return Promise.reject(new Error("the lab is stopped; start a new one instead of restarting it"));
        if (restarting) return Promise.reject(new Error("the lab is already restarting"));
        const running = restart(restartOptions.whileDown ?? (async () => undefined)).finally(() => {
          restarting = undefined;
        });
        restarting = running;
        return running;
      },
      // After a restart in progress (failed or not): undo closes whatever is open then.
      stop: () => (stopping ??= (restarting ?? Promise.resolve()).catch(() => undefined).then(runUndo)),
    };
  } catch (error) {
    await runUndo().catch((undoError: Error) => log(`while undoing a failed start: ${undoError.message}`));
    throw error;
  }
}

/** The environment a client process needs: CA trust, control URL, service URLs, LDAP. */
export function clientEnvironment(stateDir: string, caCertPath: string, endpoints: LabEndpoints): Record<string, string> {
  const env: Record<string, string> = {
    NODE_EXTRA_CA_CERTS: caCertPath,
    UCFLOW_LAB_STATE_DIR: stateDir,
    UCFLOW_LAB_CONTROL_URL: endpoints.control,
  };
  for (const [name, url] of Object.entries(endpoints.services)) {
    env[`UCFLOW_LAB_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_URL`] = url;
  }
  if (endpoints.ldap) {
    env.UCFLOW_LAB_LDAP_URL = endpoints.ldap.url;
    env.UCFLOW_LAB_LDAPS_URL = endpoints.ldap.ldapsUrl;
    env.UCFLOW_LAB_LDAP_BASE_DN = endpoints.ldap.baseDn;
    env.UCFLOW_LAB_LDAP_BIND_DN = endpoints.ldap.bindDn;
    env.UCFLOW_LAB_LDAP_BIND_PASSWORD = endpoints.ldap.bindPassword;
    env.UCFLOW_LAB_LDAP_ADMIN_DN = endpoints.ldap.adminDn;
    env.UCFLOW_LAB_LDAP_ADMIN_PASSWORD = endpoints.ldap.adminPassword;
  }
  return env;
}

/** `export NAME='value'` lines for a POSIX shell. */
export function formatExports(env: Readonly<Record<string, string>>): string {
  return Object.entries(env).map(([name, value]) => `export ${name}='${value.replace(/'/g, `'\\''`)}'\n`).join("");
}

function ldapComponent(slapd: SlapdServer, afterRestart: () => Promise<void>): LabComponent {
  return {
    name: "ldap",
    reset: async () => {
      await slapd.reset();
      await afterRestart(); // slapd has a new pid
    },
    seed: async (data) => {
      if (typeof data !== "string") throw new LabHttpError(400, "InvalidRequest", `seed data for ldap must be LDIF text (a JSON string), got ${data === null ? "null" : typeof data}`);
      try {
        await slapd.applyLdif(data);
      } catch (error) {
        if (error instanceof LdifRejectedError) throw new LabHttpError(400, "LdifRejected", error.message);
        throw error;
      }
    },
    snapshot: async () => ({ url: slapd.url, baseDn: slapd.baseDn, entries: await slapd.entries() }),
  };
}
