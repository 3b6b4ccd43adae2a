// Stops a Pulumi plugin process when the engine that started it is gone.
//
// The Pulumi CLI starts plugins (language hosts, provider hosts) as child processes and gives
// them its own gRPC address as their last argument. Killed with SIGKILL, it cannot stop them,
// and a Node.js dynamic-provider host goes on with the creates it was given, writing to the
// platform for a deployment nobody will record. Pulumi's Go plugins guard against that with
// `rpcutil.Healthcheck` (sdk/go/common/util/rpcutil/health.go, called from every Go language
// host and from sdk/go/pulumi/provider/main.go): every 5 minutes a gRPC `grpc.health.v1.Health/
// Check` against the engine's address; UNIMPLEMENTED counts as alive, any other error as gone,
// and the plugin shuts down. The Node.js dynamic-provider host (@pulumi/pulumi/cmd/dynamic-
// provider) has no such check, so ucflow's provider code starts the same one there, every
// second instead of every 5 minutes: after a kill nothing of ucflow's writes for longer than
// about a second. The check is one small call on loopback.
import type * as grpc from "@grpc/grpc-js";
import * as path from "node:path";

/** How often the engine is asked whether it is alive. Upstream Go plugins wait 5 minutes. */
export const ENGINE_CHECK_INTERVAL_MS = 1000;

/** The gRPC health-checking method every Pulumi engine host serves (rpcutil.ServeWithOptions registers it). */
export const HEALTH_CHECK_METHOD = "/grpc.health.v1.Health/Check";

/** gRPC status UNIMPLEMENTED: the engine answered, it just serves no health service. */
const UNIMPLEMENTED = 12;

// The entry point `pulumi-resource-pulumi-nodejs` runs: require.resolve('@pulumi/pulumi/cmd/dynamic-provider').
const DYNAMIC_PROVIDER_ENTRY = /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]dynamic-provider(?:[\\/]index\.js)?$/;
// What the engine passes: host:port, e.g. 127.0.0.1:40123 or [::1]:40123.
const ENGINE_ADDRESS = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;

/**
 * The engine address to watch when `argv` is a Node.js dynamic-provider host's
 * (`node .../@pulumi/pulumi/cmd/dynamic-provider/index.js [flags] <engine address>`), otherwise
 * undefined: in a program, a test runner or a language host ucflow's provider code does nothing.
 * The engine puts its address last (plugin.go: "positional argument for the server address must
 * come last"), after flags such as --logtostderr, -v=9 or --tracing <url>.
 */
export function providerHostEngineAddress(argv: readonly string[]): string | undefined {
  const entry = argv[1];
  if (entry === undefined || !DYNAMIC_PROVIDER_ENTRY.test(path.normalize(entry))) return undefined;
  return engineAddressArgument(argv.slice(2));
}

/** The last argument when it is a `host:port` address, otherwise undefined. */
export function engineAddressArgument(args: readonly string[]): string | undefined {
  const last = args[args.length - 1];
  return last !== undefined && ENGINE_ADDRESS.test(last) ? last : undefined;
}

/** What one health check says: the engine answered (or answered UNIMPLEMENTED), or it is gone. */
export function engineVerdict(error: { readonly code?: number } | null | undefined): "alive" | "gone" {
  if (error === null || error === undefined) return "alive";
  return error.code === UNIMPLEMENTED ? "alive" : "gone";
}

export interface EngineWatchOptions {
  /** @default ENGINE_CHECK_INTERVAL_MS */
  readonly intervalMs?: number;
  /** Called once, when a check finds the engine gone; the watch has stopped by then. */
  readonly onGone: () => void;
}

export interface EngineWatch {
  stop(): void;
}

/**
 * Checks `address` every `intervalMs` (the first check after one interval, as upstream), one
 * check at a time, and calls `onGone` when a check fails. The timer is unref'd and an idle gRPC
 * channel holds no reference, so the watch never keeps a process alive by itself.
 */
export function watchEngine(address: string, options: EngineWatchOptions): EngineWatch {
  const intervalMs = options.intervalMs ?? ENGINE_CHECK_INTERVAL_MS;
  if (!Number.isInteger(intervalMs) || intervalMs < 1) throw new Error(`intervalMs must be a positive whole number of milliseconds; got ${intervalMs}`);
  const grpcJs = loadGrpc();
  const client = new grpcJs.Client(address, grpcJs.credentials.createInsecure());
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const stop = () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    client.close();
  };
  const schedule = () => {
    timer = setTimeout(check, intervalMs);
    timer.unref();
  };
  const check = () => {
    // An empty HealthCheckRequest (service "") is zero bytes on the wire; the answer is not read,
    // as upstream treats NOT_SERVING like SERVING.
    client.makeUnaryRequest(HEALTH_CHECK_METHOD, () => Buffer.alloc(0), (answer: Buffer) => answer, {}, (error: grpc.ServiceError | null) => {
      if (stopped) return;
      if (engineVerdict(error) === "alive") return schedule();
      stop();
      options.onGone();
    });
  };
  schedule();
  return { stop };
}

// Process-wide, so two copies of ucflow in one provider host still start one watch.
const PROVIDER_HOST_WATCH = Symbol.for("ucflow.engineHealthCheck");

/**
 * In a dynamic-provider host, watches the engine named on its command line (once per process,
 * however many kinds call this) and ends the process when the engine is gone, abandoning the
 * calls in flight: their writes would belong to a deployment nobody records. Anywhere else, a
 * no-op. Started from every kind's `configure`, so it works with any Pulumi CLI.
 */
export function startEngineHealthCheck(argv: readonly string[] = process.argv): void {
  const processState = globalThis as { [PROVIDER_HOST_WATCH]?: EngineWatch };
  if (processState[PROVIDER_HOST_WATCH] !== undefined) return;
  const address = providerHostEngineAddress(argv);
  if (address === undefined) return;
  // Nothing is written: the engine that read this process's output is gone.
  processState[PROVIDER_HOST_WATCH] = watchEngine(address, { onGone: () => process.exit(1) });
}

/**
 * @grpc/grpc-js as @pulumi/pulumi (a peer dependency, always there in a provider host) resolves
 * it, so the provider process uses the copy it has already loaded, whatever the project's layout.
 */
function loadGrpc(): typeof grpc {
  const pulumiDirectory = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  return require(require.resolve("@grpc/grpc-js", { paths: [pulumiDirectory] })) as typeof grpc;
}
