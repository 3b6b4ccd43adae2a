// A Node.js language host for the Pulumi CLI, used only when no `pulumi-language-nodejs`
// is installed (see docs/toolchain.md).
//
// Why it exists: the upstream language host is a separate Go module with no release tags,
// so it cannot be fetched from the Go module proxy at a pinned version. The CLI itself can.
// This host does what the upstream one does for `pulumi preview/up/refresh/destroy` of a
// Node.js program: it answers the LanguageRuntime gRPC service and runs the program with the
// `@pulumi/pulumi/cmd/run` entry point shipped in the project's own `@pulumi/pulumi`, passing
// the same arguments and environment. Code generation, packing and `pulumi new` are not
// supported and answer UNIMPLEMENTED.
//
// Like Pulumi's own language hosts it checks that the engine is still there (provider/core/engine-health.ts)
// and, when the engine is gone (the CLI was killed), stops the program it started and exits.
import { spawn, ChildProcess } from "node:child_process";
import * as grpc from "@grpc/grpc-js";
import { engineAddressArgument, type EngineWatch, watchEngine } from "../../provider/core/engine-health";

// The generated protobuf modules ship with @pulumi/pulumi but have no type declarations.
/* eslint-disable @typescript-eslint/no-require-imports */
const langproto = require("@pulumi/pulumi/proto/language_pb");
const langrpc = require("@pulumi/pulumi/proto/language_grpc_pb");
const pluginproto = require("@pulumi/pulumi/proto/plugin_pb");
const sdkVersion: string = require("@pulumi/pulumi/package.json").version;

/** Exit code of `cmd/run` meaning "the user has already been shown an actionable message". */
const EXIT_AFTER_USER_MESSAGE = 32;

/** How long a program asked to stop (SIGTERM) has before it is killed. */
const PROGRAM_STOP_GRACE_MS = 2000;

type Callback = (err: grpc.ServiceError | null, value?: unknown) => void;
type Call = { request: any };

export interface RunInvocation {
  readonly args: string[];
  readonly env: Record<string, string>;
}

/**
 * Builds the `node` command line and environment for one RunRequest, mirroring the
 * upstream host: flags first, then the entry point, then program arguments.
 */
export function runInvocation(req: any, runPath: string, engineAddress: string): RunInvocation {
  const info = req.getInfo();
  const args: string[] = [];
  const flag = (name: string, value: string | undefined) => {
    if (value) args.push(`--${name}`, value);
  };
  flag("monitor", req.getMonitorAddress());
  flag("engine", engineAddress);
  flag("organization", req.getOrganization());
  flag("project", req.getProject());
  flag("root-directory", info?.getRootDirectory());
  flag("stack", req.getStack());
  flag("pwd", info?.getProgramDirectory() || req.getPwd());
  if (req.getDryrun()) args.push("--dry-run");
  flag("parallel", String(req.getParallel()));
  const options: Record<string, unknown> = info?.getOptions()?.toJavaScript() ?? {};
  const nodeArgs = typeof options.nodeargs === "string" ? options.nodeargs.split(/\s+/).filter(Boolean) : [];

  const env: Record<string, string> = {};
  const config: Record<string, string> = {};
  for (const [key, value] of req.getConfigMap().entries() as Iterable<[string, string]>) {
    // Older SDKs read "<namespace>:config:<name>"; current ones accept both.
    const colon = key.indexOf(":");
    config[colon < 0 ? key : `${key.slice(0, colon)}:config:${key.slice(colon + 1)}`] = value;
  }
  env.PULUMI_CONFIG = JSON.stringify(config);
  env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(req.getConfigsecretkeysList() ?? []);
  if (options.typescript !== false) env.PULUMI_NODEJS_TYPESCRIPT = "true";
  if (typeof options.tsconfig === "string") env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;

  const entryPoint = info?.getEntryPoint() || req.getProgram() || ".";
  return { args: [...nodeArgs, runPath, ...args, entryPoint, ...req.getArgsList()], env };
}

class NodeLanguageHost {
  private engineAddress: string;
  private readonly running = new Set<ChildProcess>();
  private engineWatch: EngineWatch | undefined;

  constructor(
    engineAddress: string,
    private readonly onEngineGone: () => void,
  ) {
    this.engineAddress = engineAddress;
    this.watch();
  }

  handshake(call: Call, callback: Callback): void {
    this.engineAddress = call.request.getEngineAddress() || this.engineAddress;
    this.watch();
    callback(null, new langproto.LanguageHandshakeResponse());
  }

  /** Watches the engine once its address is known (from the command line, else the handshake). */
  private watch(): void {
    if (this.engineWatch !== undefined || this.engineAddress === "") return;
    this.engineWatch = watchEngine(this.engineAddress, { onGone: this.onEngineGone });
  }

  /** Asks every program still running to stop, kills those that have not after the grace period. */
  async stopPrograms(): Promise<void> {
    const children = [...this.running].filter((child) => child.exitCode === null && child.signalCode === null);
    const exited = children.map((child) => new Promise<void>((resolve) => child.once("exit", () => resolve())));
    for (const child of children) child.kill("SIGTERM");
    const grace = new Promise<void>((resolve) => setTimeout(resolve, PROGRAM_STOP_GRACE_MS).unref());
    await Promise.race([Promise.all(exited), grace]);
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }

  getPluginInfo(_call: Call, callback: Callback): void {
    const info = new pluginproto.PluginInfo();
    info.setVersion(sdkVersion);
    callback(null, info);
  }

  getRequiredPlugins(_call: Call, callback: Callback): void {
    const resp = new langproto.GetRequiredPluginsResponse();
    resp.setPluginsList([]);
    callback(null, resp);
  }

  getRequiredPackages(_call: Call, callback: Callback): void {
    // ucflow's resources are dynamic; the engine brings the bundled nodejs provider itself.
    const resp = new langproto.GetRequiredPackagesResponse();
    resp.setPackagesList([]);
    callback(null, resp);
  }

  cancel(_call: Call, callback: Callback): void {
    for (const child of this.running) child.kill("SIGINT");
    callback(null, new (require("google-protobuf/google/protobuf/empty_pb").Empty)());
  }

  run(call: Call, callback: Callback): void {
    const req = call.request;
    const resp = new langproto.RunResponse();
    const programDirectory: string = req.getInfo()?.getProgramDirectory() || req.getPwd() || process.cwd();
    let runPath: string;
    try {
      runPath = require.resolve("@pulumi/pulumi/cmd/run", { paths: [programDirectory] });
    } catch {
      resp.setError(
        `could not find @pulumi/pulumi in ${programDirectory}: run "npm install" in the program's directory`,
      );
      callback(null, resp);
      return;
    }
    const { args, env } = runInvocation(req, runPath, this.engineAddress);
    const oversized = oversizedConfigMessage(env.PULUMI_CONFIG ?? "", req.getConfigMap().entries() as Iterable<[string, string]>);
    if (oversized !== undefined) {
      resp.setError(oversized);
      callback(null, resp);
      return;
    }
    const child = spawn(process.execPath, args, {
      cwd: programDirectory,
      env: { ...process.env, ...env },
      stdio: ["ignore", "inherit", "inherit"],
    });
    this.running.add(child);
    child.on("error", (err) => {
      this.running.delete(child);
      resp.setError(`Problem executing program (could not run language executor): ${err.message}`);
      callback(null, resp);
    });
    child.on("exit", (code, signal) => {
      this.running.delete(child);
      if (code === EXIT_AFTER_USER_MESSAGE) resp.setBail(true);
      else if (code !== 0) resp.setError(`Program exited with non-zero exit code: ${code ?? signal}`);
      callback(null, resp);
    });
  }

  about(_call: Call, callback: Callback): void {
    const resp = new langproto.AboutResponse();
    resp.setExecutable(process.execPath);
    resp.setVersion(process.version);
    callback(null, resp);
  }
}

// Linux passes at most 128 KiB in one environment string (MAX_ARG_STRLEN), and the program gets
// its stack config as one: PULUMI_CONFIG. Over that, spawn fails with E2BIG ("Unknown error" in
// the engine's words), so say which values make it large and how ucflow takes a large definition.
const MAX_ENV_STRING = 128 * 1024;

export function oversizedConfigMessage(encoded: string, entries: Iterable<[string, string]>): string | undefined {
  const bytes = Buffer.byteLength(`PULUMI_CONFIG=${encoded}`);
  if (bytes < MAX_ENV_STRING) return undefined;
  const largest = [...entries]
    .map(([key, value]) => ({ key, size: Buffer.byteLength(value) }))
    .sort((a, b) => b.size - a.size)
    .slice(0, 3)
    .map(({ key, size }) => `${key} (${Math.ceil(size / 1024)} KiB)`);
  return (
    `the stack config is ${Math.ceil(bytes / 1024)} KiB, and a program gets it in one environment variable, which Linux limits to 128 KiB; ` +
    `the largest values are ${largest.join(", ")}. Put a large customer definition in a YAML or JSON file and name it with ` +
    `pulumi config set customerFile customers/<name>.yaml (then pulumi config rm customer); nothing was changed`
  );
}

function main(): void {
  // The engine starts language hosts as `pulumi-language-nodejs [flags] <engine address>`.
  let stopping = false;
  const stopAndExit = (code: number) => {
    if (stopping) return;
    stopping = true;
    void host.stopPrograms().finally(() => process.exit(code));
  };
  // The engine is gone: nothing will read the program's results, so nothing it does is wanted.
  const host = new NodeLanguageHost(engineAddressArgument(process.argv.slice(2)) ?? "", () => stopAndExit(1));
  const server = new grpc.Server({
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
  });
  server.addService(langrpc.LanguageRuntimeService, {
    handshake: host.handshake.bind(host),
    getPluginInfo: host.getPluginInfo.bind(host),
    getRequiredPlugins: host.getRequiredPlugins.bind(host),
    getRequiredPackages: host.getRequiredPackages.bind(host),
    run: host.run.bind(host),
    cancel: host.cancel.bind(host),
    about: host.about.bind(host),
  });
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) {
      process.stderr.write(`pulumi-language-nodejs (ucflow): could not listen: ${err.message}\n`);
      process.exit(1);
    }
    // The engine reads the port from our first line of output.
    process.stdout.write(`${port}\n`);
  });
  const stop = () => server.tryShutdown(() => stopAndExit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (require.main === module) main();
