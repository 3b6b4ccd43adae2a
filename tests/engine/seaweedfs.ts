// A real S3 server for the tests: SeaweedFS (`weed mini`: master, volume server, filer and S3
// gateway in one process), built by scripts/test-tools.sh, on loopback ports found free, with
// one identity whose keys the server checks (anonymous requests are refused), no telemetry, and
// its data in a temporary directory removed on stop.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findFreePort } from "../../lab/free-port";
import { commandOnPath } from "../command-on-path";
import { S3Client, type S3Credentials } from "./s3-client";
import { waitFor } from "./harness";

export interface S3Server {
  /** `http://127.0.0.1:PORT`, path-style. */
  readonly endpoint: string;
  readonly credentials: S3Credentials;
  readonly client: S3Client;
  /** The server's own data directory (volumes, filer metadata, its log). */
  readonly dataDir: string;
  /** The environment the AWS SDK (and so the Pulumi CLI) needs for this server, isolated from ~/.aws. */
  awsEnvironment(): Record<string, string>;
  stop(): Promise<void>;
}

/** The ports `weed mini` listens on; each given explicitly so none falls back to a fixed default. */
const PORT_FLAGS = [
  "master.port",
  "master.port.grpc",
  "volume.port",
  "volume.port.grpc",
  "filer.port",
  "filer.port.grpc",
  "s3.port",
  "s3.port.grpc",
  "webdav.port",
  "admin.port",
  "admin.port.grpc",
] as const;

async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await findFreePort());
  return [...ports];
}

export async function startSeaweedS3(options: { attempts?: number } = {}): Promise<S3Server> {
  const attempts = options.attempts ?? 3;
  let lastError: unknown;
  // A port found free can be taken before weed binds it (lab/free-port.ts): try new ports then.
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await startOnce();
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function startOnce(): Promise<S3Server> {
  const weed = commandOnPath("weed");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ucflow-seaweedfs-"));
  const credentials: S3Credentials = {
    accessKeyId: `UCFLOWTEST${randomBytes(5).toString("hex").toUpperCase()}`,
    secretAccessKey: randomBytes(24).toString("base64url"),
    region: "us-east-1",
  };
  // SeaweedFS's S3 identity file: with an identity configured, every request must be signed by it.
  const s3Config = path.join(dataDir, "s3.json");
  fs.writeFileSync(
    s3Config,
    JSON.stringify({
      identities: [
        {
          name: "ucflow-test",
          credentials: [{ accessKey: credentials.accessKeyId, secretKey: credentials.secretAccessKey }],
          actions: ["Admin", "Read", "List", "Tagging", "Write"],
        },
      ],
    }),
    { mode: 0o600 },
  );
  const ports = await freePorts(PORT_FLAGS.length);
  const port = Object.fromEntries(PORT_FLAGS.map((flag, i) => [flag, ports[i]!])) as Record<(typeof PORT_FLAGS)[number], number>;
  const args = [
    "mini",
    `-dir=${path.join(dataDir, "data")}`,
    "-ip=127.0.0.1",
    "-ip.bind=127.0.0.1",
    ...PORT_FLAGS.map((flag) => `-${flag}=${port[flag]}`),
    "-admin.port.legacy=0",
    "-s3.port.iceberg=0",
    "-s3.port.lance=0",
    "-webdav=false",
    "-admin.ui=false",
    "-master.telemetry=false",
    `-s3.config=${s3Config}`,
  ];
  fs.mkdirSync(path.join(dataDir, "data"));
  const logPath = path.join(dataDir, "weed.log");
  const log = fs.openSync(logPath, "a");
  const { SENTRY_DSN: _sentry, ...env } = process.env;
  const child: ChildProcess = spawn(weed, args, { cwd: dataDir, env, stdio: ["ignore", log, log] });
  fs.closeSync(log);
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) =>
    child.on("exit", (code, signal) => {
      exited = signal ?? `exit ${code}`;
      resolve();
    }),
  );
  const logTail = (): string => fs.readFileSync(logPath, "utf8").split("\n").slice(-40).join("\n");
  const endpoint = `http://127.0.0.1:${port["s3.port"]}`;
  const client = new S3Client(endpoint, credentials);
  const stop = async (): Promise<void> => {
    if (exited === undefined) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exit;
      clearTimeout(killer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // Ready when a signed ListBuckets on our port answers 200: the gateway is up and knows our
    // identity (a server that moved to another port, or some other program, would not).
    await waitFor(
      `SeaweedFS's S3 gateway on ${endpoint}`,
      async () => {
        if (exited !== undefined) throw new Error(`weed mini ended (${exited}) before its S3 gateway answered:\n${logTail()}`);
        return (await client.request("GET", "/").catch(() => undefined))?.status === 200;
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    endpoint,
    credentials,
    client,
    dataDir,
    awsEnvironment: () => ({
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: credentials.region,
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_CONFIG_FILE: path.join(dataDir, "aws-config"),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dataDir, "aws-credentials"),
    }),
    stop,
  };
}

/**
 * The Pulumi backend URL for `bucket` on this server: gocloud.dev's s3blob parameters as the
 * Pulumi CLI v3.259 accepts them (AWS SDK v2): `endpoint` with its scheme (http on loopback),
 * `use_path_style` (no bucket.host names on 127.0.0.1), `region`.
 */
export function s3BackendUrl(server: S3Server, bucket: string): string {
  return `s3://${bucket}?endpoint=${server.endpoint}&use_path_style=true&region=${server.credentials.region}`;
}
