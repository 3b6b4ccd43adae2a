// `node dist/lab/main.js` end to end: it prints endpoints and an export block a client can use,
// stops everything (slapd included) on SIGINT/SIGTERM with exit code 0, and the next start
// cleans up after a lab that was killed outright.
import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { requestJson, startLab } from "../../../lab";
import { processIsRunning, temporaryStateDir, waitFor } from "./fixtures/lab-test-support";

const MAIN = path.resolve(__dirname, "../../../lab/main.js");

interface RunningMain {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runMain(args: string[]): RunningMain {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

/** The `export NAME='value'` lines main.ts prints, as a map. */
function exportsOf(stdout: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of stdout.matchAll(/^export ([A-Z0-9_]+)='([^']*)'$/gm)) env[match[1] as string] = match[2] as string;
  return env;
}

describe("lab command (node dist/lab/main.js)", () => {
  const started: RunningMain[] = [];

  afterEach(() => {
    for (const run of started.splice(0)) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`prints endpoints and the client environment, then stops cleanly with exit 0 on ${signal}`, async () => {
      const state = await temporaryStateDir();
      const run = runMain(["--state-dir", state.dir]);
      started.push(run);
      await waitFor("the lab banner", () => run.stdout().includes("Stop with") || run.child.exitCode !== null, 15_000);
      expect(run.stdout(), run.stderr()).to.include("ucflow lab is running");

      const env = exportsOf(run.stdout());
      expect(env).to.have.keys("NODE_EXTRA_CA_CERTS", "UCFLOW_LAB_STATE_DIR", "UCFLOW_LAB_CONTROL_URL", "UCFLOW_LAB_LDAP_URL", "UCFLOW_LAB_LDAPS_URL",
        "UCFLOW_LAB_LDAP_BASE_DN", "UCFLOW_LAB_LDAP_BIND_DN", "UCFLOW_LAB_LDAP_BIND_PASSWORD", "UCFLOW_LAB_LDAP_ADMIN_DN", "UCFLOW_LAB_LDAP_ADMIN_PASSWORD",
        "UCFLOW_LAB_ENTRA_URL", "UCFLOW_LAB_GRAPH_URL", "UCFLOW_LAB_TEAMS_URL", "UCFLOW_LAB_AXL_URL", "UCFLOW_LAB_CUPI_URL");
      expect(run.stdout()).to.include(`control    ${env.UCFLOW_LAB_CONTROL_URL}`);

      const ca = await readFile(env.NODE_EXTRA_CA_CERTS as string, "utf8");
      const health = await requestJson(`${env.UCFLOW_LAB_CONTROL_URL}/health`, { caPem: ca });
      expect(health.status).to.equal(200);
      expect(health.body).to.have.nested.property("ldap.url", env.UCFLOW_LAB_LDAP_URL);
      // The simulators answer over TLS too: Entra's OpenID configuration for the lab tenant.
      const discovery = await requestJson(`${env.UCFLOW_LAB_ENTRA_URL}/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration`, { caPem: ca });
      expect(discovery.status).to.equal(200);

      const record = JSON.parse(await readFile(path.join(state.dir, "lab.json"), "utf8")) as { pid: number; slapd: { pid: number } };
      expect(record.pid).to.equal(run.child.pid);
      expect(processIsRunning(record.slapd.pid)).to.equal(true);

      run.child.kill(signal);
      const { code } = await run.exit;
      expect(code, run.stderr()).to.equal(0);
      expect(run.stderr()).to.include("lab: stopped");
      expect(processIsRunning(record.slapd.pid), "no orphan slapd").to.equal(false);
      await state.remove();
    });
  }

  it("under npm run lab, stops (slapd included) when the shell npm started it from dies", async () => {
    const state = await temporaryStateDir();
    // `; true` keeps sh as the lab's parent, as npm's `sh -c` is.
    const shell = spawn("/bin/sh", ["-c", `"${process.execPath}" "${MAIN}" --state-dir "${state.dir}"; true`], {
      stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_lifecycle_event: "lab" },
    });
    let stdout = "";
    shell.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const shellExit = new Promise((resolve) => shell.once("exit", resolve));
    await waitFor("the lab banner", () => stdout.includes("Stop with") || shell.exitCode !== null, 15_000);
    const record = JSON.parse(await readFile(path.join(state.dir, "lab.json"), "utf8")) as { pid: number; slapd: { pid: number } };
    shell.kill("SIGKILL");
    await shellExit;
    try {
      await waitFor("the lab to stop", () => !processIsRunning(record.pid) && !processIsRunning(record.slapd.pid));
    } finally {
      // Never leave an orphaned lab behind a failing test.
      for (const pid of [record.pid, record.slapd.pid]) if (processIsRunning(pid)) process.kill(pid, "SIGKILL");
    }
    const leftovers = await readFile(path.join(state.dir, "lab.json")).then(() => "lab.json left", () => "clean");
    expect(leftovers, "stopped through lab.stop(), not killed").to.equal("clean");
    await state.remove();
  });

  it("exits 2 with the usage on an unknown option", async () => {
    const run = runMain(["--bogus"]);
    started.push(run);
    const { code } = await run.exit;
    expect(code).to.equal(2);
    expect(run.stderr()).to.include("usage: node dist/lab/main.js");
  });

  it("exits 1 with a reason when a fixed port is taken", async () => {
    const state = await temporaryStateDir();
    const blockerState = await temporaryStateDir();
    const blocker = await startLab({ stateDir: blockerState.dir, services: [], ldap: false, log: () => undefined });
    const port = new URL(blocker.endpoints.control).port;
    const run = runMain(["--state-dir", state.dir, "--no-ldap", "--control-port", port]);
    started.push(run);
    const { code } = await run.exit;
    await blocker.stop();
    await blockerState.remove();
    expect(code).to.equal(1);
    expect(run.stderr()).to.include(`port ${port} is already in use`);
    await state.remove();
  });

  it("kills the slapd of a lab that was killed with SIGKILL when the next lab starts on its state directory", async () => {
    const state = await temporaryStateDir();
    const run = runMain(["--state-dir", state.dir]);
    started.push(run);
    await waitFor("the lab banner", () => run.stdout().includes("Stop with") || run.child.exitCode !== null, 15_000);
    const record = JSON.parse(await readFile(path.join(state.dir, "lab.json"), "utf8")) as { slapd: { pid: number } };
    run.child.kill("SIGKILL");
    await run.exit;
    expect(processIsRunning(record.slapd.pid), "SIGKILL runs no handler, so slapd is left behind").to.equal(true);

    const next = await startLab({ stateDir: state.dir, services: [], ldap: false, log: () => undefined });
    await waitFor("the orphaned slapd to die", () => !processIsRunning(record.slapd.pid));
    await next.stop();
    await state.remove();
  });
});
