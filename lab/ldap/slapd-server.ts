// The lab's OpenLDAP: Debian's slapd run unprivileged in the foreground on free loopback ports,
// in a temporary directory, with a fresh mdb database loaded from LDIF (reference/ldap.md §8).
// slapd is a child process of the lab and is killed with it, including when the lab fails.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, readdirSync, rmSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { Client } from "ldapts";
import { findFreePort } from "../free-port";
import type { LabTls } from "../tls";
import { slapdAccount, type SlapdAccount } from "./slapd-account";
import { ensureSlapdBinaries, type SlapdBinaries } from "./slapd-binaries";
import { renderSlapdConfig } from "./slapd-config";

export interface SlapdOptions {
  /** ldap:// port; 0 or absent for a free one. */
  readonly port?: number;
  /** ldaps:// port (only with `tls`); 0 or absent for a free one. */
  readonly ldapsPort?: number;
  /** Serves ldaps:// with the lab's server certificate when given. */
  readonly tls?: LabTls;
  /** LDIF loaded into every fresh database; default lab/ldap/seed.ldif. */
  readonly seedLdif?: string;
  /** Default dc=example,dc=com, which the default seed uses. */
  readonly suffix?: string;
  /** The rootdn's password; a random one by default. A lab fixture, not a secret. */
  readonly adminPassword?: string;
  /** The sync account's password; a random one by default. A lab fixture, not a secret. */
  readonly bindPassword?: string;
  /** Default 5, so unpaged searches of the seed hit SizeLimitExceeded. */
  readonly sizeLimit?: number;
  readonly log?: (line: string) => void;
}

export interface LdapEntrySnapshot {
  readonly dn: string;
  readonly [attribute: string]: string | string[] | Buffer | Buffer[];
}

/** An LDIF that slapd (through ldapadd) refused; the message carries ldapadd's explanation. */
export class LdifRejectedError extends Error {
  override readonly name = "LdifRejectedError";
}

const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;
const PORT_ATTEMPTS = 3;
const OUTPUT_TAIL_BYTES = 4096;

/** Servers this process started and has not stopped; killed synchronously if it exits first. */
const live = new Set<SlapdServer>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // "exit" runs on process.exit() and after an uncaught exception; only synchronous work counts.
  process.on("exit", () => {
    for (const server of live) server.killNow();
  });
}

export class SlapdServer {
  private child: ChildProcess | undefined;
  private output = "";
  private stopping = false;

  private constructor(
    private readonly binaries: SlapdBinaries,
    private readonly account: SlapdAccount | undefined,
    /** The temporary directory slapd owns (config, database, TLS files, password file). */
    readonly dir: string,
    readonly baseDn: string,
    /** The rootdn: not subject to size limits or access control; for seeding and inspection. */
    readonly adminDn: string,
    readonly adminPassword: string,
    /** An ordinary account (cn=ucflow-sync) for clients: size limits apply, as to a real sync account. */
    readonly bindDn: string,
    readonly bindPassword: string,
    private readonly seedLdifPath: string,
    /** Where the seed came from, for messages (seedLdifPath is the copy in `dir`). */
    private readonly seedSource: string,
    private ports: { ldap: number; ldaps: number | undefined },
    private readonly log: (line: string) => void,
  ) {}

  static async start(options: SlapdOptions = {}): Promise<SlapdServer> {
    const log = options.log ?? ((line: string) => process.stderr.write(`[lab ldap] ${line}\n`));
    const binaries = await ensureSlapdBinaries(log);
    const account = slapdAccount();
    const suffix = options.suffix ?? "dc=example,dc=com";
    const adminDn = `cn=admin,${suffix}`;
    const adminPassword = options.adminPassword ?? randomBytes(12).toString("base64url");
    const bindDn = `cn=ucflow-sync,${suffix}`;
    const bindPassword = options.bindPassword ?? randomBytes(12).toString("base64url");

    installExitHook();
    const seed = await readSeedLdif(options.seedLdif);
    const dir = await mkdtemp(path.join(os.tmpdir(), "ucflow-slapd-"));
    const server = new SlapdServer(binaries, account, dir, suffix, adminDn, adminPassword, bindDn, bindPassword, path.join(dir, "seed.ldif"), seed.source,
      { ldap: options.port ?? 0, ldaps: options.tls ? (options.ldapsPort ?? 0) : undefined }, log);
    live.add(server);
    try {
      await mkdir(path.join(dir, "db"));
      // The sync account goes in with the seed so it survives POST /reset; it sits right under
      // the suffix, which any seed must create first.
      await writeFile(path.join(dir, "seed.ldif"), `${seed.text.trimEnd()}\n\n${syncAccountLdif(bindDn, bindPassword)}`);
      // ldapadd -y takes the whole file as the password: no trailing newline.
      await writeFile(path.join(dir, "admin.password"), adminPassword, { mode: 0o600 });
      let tlsFiles: { caFile: string; certFile: string; keyFile: string } | undefined;
      if (options.tls) {
        tlsFiles = { caFile: path.join(dir, "ca.pem"), certFile: path.join(dir, "server.pem"), keyFile: path.join(dir, "server.key") };
        await writeFile(tlsFiles.caFile, options.tls.caCertPem);
        await writeFile(tlsFiles.certFile, options.tls.serverCertPem);
        await writeFile(tlsFiles.keyFile, options.tls.serverKeyPem, { mode: 0o600 });
      }
      await writeFile(path.join(dir, "slapd.conf"), renderSlapdConfig({
        dir, suffix, rootDn: adminDn, rootPassword: adminPassword, sizeLimit: options.sizeLimit ?? 5, ...(tlsFiles ? { tls: tlsFiles } : {}),
      }), { mode: 0o600 });
      server.handOver();
      await server.loadSeed();
      await server.launch(options.port === undefined || options.port === 0, options.ldapsPort === undefined || options.ldapsPort === 0);
      return server;
    } catch (error) {
      await server.stop().catch(() => undefined);
      throw error;
    }
  }

  get url(): string {
    return `ldap://127.0.0.1:${this.ports.ldap}`;
  }

  get ldapsUrl(): string | undefined {
    return this.ports.ldaps === undefined ? undefined : `ldaps://127.0.0.1:${this.ports.ldaps}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** False after slapd died on its own (until a reset starts it again). */
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Back to the seed: stops slapd, replaces the database with a fresh load of the seed LDIF and starts it on the same ports. */
  async reset(): Promise<void> {
    await this.terminate();
    await rm(path.join(this.dir, "db"), { recursive: true, force: true });
    await mkdir(path.join(this.dir, "db"));
    this.handOver();
    await this.loadSeed();
    await this.launch(false, false);
  }

  /**
   * Stops slapd, runs `whileDown`, and starts it again on the same ports with the same database,
   * as a directory server that goes down and comes back (nothing is re-seeded).
   */
  async restart(whileDown: () => Promise<void> = async () => undefined): Promise<void> {
    await this.terminate();
    try {
      await whileDown();
    } finally {
      await this.launch(false, false);
    }
  }

  /** Adds (or, with changetype records, modifies) entries through ldapadd as the rootdn. */
  async applyLdif(ldif: string): Promise<void> {
    this.assertRunning();
    await new Promise<void>((resolve, reject) => {
      const child = execFile(this.binaries.ldapadd,
        ["-x", "-H", this.url, "-D", this.adminDn, "-y", path.join(this.dir, "admin.password")],
        { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
        (error, _stdout, stderr) => {
          if (!error) return resolve();
          const why = stderr.trim() || error.message;
          reject((error as { code?: unknown }).code === "ENOENT"
            ? new Error(`cannot run ${this.binaries.ldapadd}: ${error.message}`)
            : new LdifRejectedError(`OpenLDAP refused the LDIF: ${why}`));
        });
      child.stdin?.end(ldif);
    });
  }

  /** Every entry under the suffix with its attributes and entryUUID, paging past the size limit. */
  async entries(): Promise<LdapEntrySnapshot[]> {
    this.assertRunning();
    const client = new Client({ url: this.url, timeout: 30_000, connectTimeout: 5_000 });
    try {
      await client.bind(this.adminDn, this.adminPassword);
      const entries: LdapEntrySnapshot[] = [];
      for await (const page of client.searchPaginated(this.baseDn, {
        scope: "sub", filter: "(objectClass=*)", attributes: ["*", "entryUUID"], paged: { pageSize: 100 },
      })) {
        for (const entry of page.searchEntries) {
          // ldapts lists every requested attribute, so the "*" selector shows up as an empty one.
          const { "*": _selector, ...attributes } = entry;
          void _selector;
          entries.push(attributes as LdapEntrySnapshot);
        }
      }
      return entries;
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.terminate();
    await rm(this.dir, { recursive: true, force: true });
    live.delete(this);
  }

  /** For the exit hook: no waiting, no promises. */
  killNow(): void {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(this.dir, { recursive: true, force: true });
    live.delete(this);
  }

  private assertRunning(): void {
    if (!this.running) {
      throw new Error(`the lab's slapd is not running${this.output ? `; its last output:\n${this.outputTail()}` : ""}`);
    }
  }

  /** Gives the temporary directory to the unprivileged account slapd and slapadd run as. */
  private handOver(): void {
    if (!this.account) return;
    const { uid, gid } = this.account;
    const walk = (target: string): void => {
      chownSync(target, uid, gid);
      for (const entry of readdirSync(target, { withFileTypes: true })) {
        const child = path.join(target, entry.name);
        if (entry.isDirectory()) walk(child);
        else chownSync(child, uid, gid);
      }
    };
    walk(this.dir);
    chmodSync(this.dir, 0o700);
  }

  private async loadSeed(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      execFile(this.binaries.slapadd, ["-q", "-f", path.join(this.dir, "slapd.conf"), "-l", this.seedLdifPath],
        { ...this.identity(), cwd: this.dir, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
        (error, _stdout, stderr) => {
          if (!error) return resolve();
          reject(new Error(`slapadd could not load the LDAP seed ${this.seedSource} (with the sync account appended, in ${this.seedLdifPath}): ${stderr.trim() || error.message}`));
        });
    });
  }

  private identity(): { uid?: number; gid?: number } {
    return this.account ? { uid: this.account.uid, gid: this.account.gid } : {};
  }

  /** Starts slapd and waits until it accepts connections; retries on another free port when one was taken meanwhile. */
  private async launch(freeLdapPort: boolean, freeLdapsPort: boolean): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (freeLdapPort) this.ports.ldap = await findFreePort();
      if (freeLdapsPort && this.ports.ldaps !== undefined) this.ports.ldaps = await findFreePort();
      try {
        await this.spawnAndWait();
        return;
      } catch (error) {
        const portTaken = /errno=98|Address already in use/i.test(this.output);
        if (portTaken && (freeLdapPort || freeLdapsPort) && attempt < PORT_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  private async spawnAndWait(): Promise<void> {
    const listeners = [`ldap://127.0.0.1:${this.ports.ldap}/`];
    if (this.ports.ldaps !== undefined) listeners.push(`ldaps://127.0.0.1:${this.ports.ldaps}/`);
    this.output = "";
    this.stopping = false;
    // -d 0 keeps slapd in the foreground (our child) while logging nothing but errors.
    // detached: its own process group, so a terminal's Ctrl-C reaches only the lab, which then
    // stops slapd in order.
    const child = spawn(this.binaries.slapd, ["-f", path.join(this.dir, "slapd.conf"), "-h", listeners.join(" "), "-d", "0"], {
      ...this.identity(), cwd: this.dir, stdio: ["ignore", "pipe", "pipe"], detached: true,
    });
    this.child = child;
    const collect = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString("utf8")).slice(-OUTPUT_TAIL_BYTES);
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    let ready = false;
    let exitedHow: string | undefined;
    const noteExit = (how: string): void => {
      exitedHow = how;
      if (ready && !this.stopping && this.child === child) {
        this.log(`slapd ${how} unexpectedly; LDAP is down until the lab restarts or POST /reset {"service":"ldap"}.\n${this.outputTail()}`);
      }
    };
    child.once("error", (error) => noteExit(`could not be started (${error.message})`));
    child.once("exit", (code, signal) => noteExit(signal ? `was killed by ${signal}` : `exited with code ${code}`));

    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(await accepts(this.ports.ldap))) {
      if (exitedHow !== undefined) {
        throw new Error(`slapd ${exitedHow} before accepting connections on ${this.url}:\n${this.outputTail()}`);
      }
      if (Date.now() > deadline) {
        await this.terminate();
        throw new Error(`slapd did not accept connections on ${this.url} within ${READY_TIMEOUT_MS / 1000} s:\n${this.outputTail()}`);
      }
      await delay(20);
    }
    ready = true;
  }

  private outputTail(): string {
    return this.output.trim() || "(no output)";
  }

  /** SIGTERM and wait (slapd flushes mdb); SIGKILL if it hangs. */
  private async terminate(): Promise<void> {
    const child = this.child;
    this.stopping = true;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exit = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = delay(STOP_TIMEOUT_MS).then(() => "timeout" as const);
    if ((await Promise.race([exit.then(() => "exited" as const), timer])) === "timeout") {
      child.kill("SIGKILL");
      await exit;
    }
  }
}

function syncAccountLdif(dn: string, password: string): string {
  if (/[\r\n]/.test(password)) throw new Error("the LDAP sync account password must be a single line");
  return [
    `dn: ${dn}`,
    "objectClass: organizationalRole",
    "objectClass: simpleSecurityObject",
    `cn: ${/^cn=([^,]+)/.exec(dn)?.[1] ?? "ucflow-sync"}`,
    "description: ucflow lab directory sync account (an ordinary account: size limits apply)",
    `userPassword: ${password}`,
    "",
  ].join("\n");
}

async function readSeedLdif(explicit: string | undefined): Promise<{ text: string; source: string }> {
  // From dist/lab/ldap/*.js the LDIF is in the source tree (tsc does not copy it); from
  // lab/ldap/*.ts (ts-node) it sits next to this file.
  const candidates = explicit ? [explicit] : [path.join(__dirname, "seed.ldif"), path.resolve(__dirname, "../../../lab/ldap/seed.ldif")];
  for (const candidate of candidates) {
    try {
      return { text: await readFile(candidate, "utf8"), source: candidate };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`cannot read the LDAP seed ${candidate}: ${(error as Error).message}`);
    }
  }
  throw new Error(`the LDAP seed LDIF is missing; looked for ${candidates.join(" and ")}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => { socket.destroy(); resolve(true); });
    socket.once("error", () => { socket.destroy(); resolve(false); });
  });
}
