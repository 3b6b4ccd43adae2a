// `ucflow export`: reads a live tenant (or, with --platform cucm, a cluster) with the stack's own
// `ucflow:*` settings and writes the customer definition that holds it as it is, adopting what
// exists, for `customerFile`. The definition is decoded by the same codec the program uses
// before a byte is written, so the file always loads. Exit 0 written, 2 error.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import type { ConfigLookup } from "../../provider/core/settings-map";
import { readClusterSettings } from "../../provider/backends/axl/settings";
import { readUnityConnectionSettings } from "../../provider/backends/cupi/settings";
import { ConfigurationError, isConfigurationError } from "../../provider/core/errors";
import { axlClientFromSettings } from "../../provider/resources/cucm-session";
import { microsoftClients } from "../../provider/resources/microsoft-session";
import { decodeCustomerDefinition, describeDefinitionProblem } from "../definition/customer-definition";
import { cucmExportDefinition } from "../export/cucm-export";
import { readCucmExportSnapshot } from "../export/cucm-snapshot";
import { teamsExportDefinition, type LeftOutUser } from "../export/teams-export";
import { readTeamsExportSnapshot } from "../export/teams-tenant";
import { EXIT } from "./command-line";
import { readStackConfig } from "./stack-config";
import { type CommandIo, UsageError, type VerbImplementation } from "./verb";

export const EXPORT_PLATFORMS = ["teams", "cucm"] as const;
export type ExportPlatform = (typeof EXPORT_PLATFORMS)[number];

/** What an exporter is given: the flags and the stack's `ucflow:*` settings. */
export interface ExportRequest {
  readonly customerCode: string;
  /** --cluster (Unified CM only). */
  readonly cluster?: string;
  readonly config: ConfigLookup;
  readonly env: NodeJS.ProcessEnv;
}

/** What an exporter returns: the definition as plain data, and what it left out. */
export interface PlatformExport {
  readonly definition: unknown;
  /** Users (or other objects) the definition does not select, with the reason. */
  readonly leftOut: readonly LeftOutUser[];
  readonly notes: readonly string[];
  /** One line for the summary, e.g. `tenant Contoso (8f3c...)`. */
  readonly source: string;
}

export type PlatformExporter = (request: ExportRequest) => Promise<PlatformExport>;

async function exportTeams(request: ExportRequest): Promise<PlatformExport> {
  const clients = microsoftClients(request.config, request.env);
  const snapshot = await readTeamsExportSnapshot(clients);
  const exported = teamsExportDefinition(snapshot, { customerCode: request.customerCode });
  return { ...exported, source: `tenant ${snapshot.tenant.displayName || "(no name)"} (${snapshot.tenant.id})` };
}

/**
 * The cluster is --cluster, else the only one in ucflow:clusters; the voicemail's Unity
 * Connection is the only one in ucflow:unityConnections (the export cannot tell which of several).
 */
async function exportCucm(request: ExportRequest): Promise<PlatformExport> {
  const clusters = [...readClusterSettings(request.config, request.env).keys()];
  const cluster = request.cluster ?? (clusters.length === 1 ? clusters[0]! : undefined);
  if (cluster === undefined) {
    throw new ConfigurationError("no cluster to export", [
      clusters.length === 0 ? "ucflow:clusters has no cluster: configure the one to read (docs/credentials-cucm.md)" : `--cluster is required: ucflow:clusters has ${clusters.join(", ")}`,
    ]);
  }
  const servers = [...readUnityConnectionSettings(request.config, request.env).keys()];
  const client = axlClientFromSettings(request.config, cluster, request.env);
  const snapshot = await readCucmExportSnapshot(client, { cluster, customerCode: request.customerCode });
  const exported = cucmExportDefinition(snapshot, { customerCode: request.customerCode, ...(servers.length === 1 ? { unityConnection: servers[0]! } : {}) });
  if (!exported.ok) throw new ConfigurationError(`cannot export customer ${request.customerCode} from Unified CM cluster ${cluster}`, [...exported.problems]);
  return { definition: exported.definition, leftOut: exported.leftOut, notes: exported.notes, source: `Unified CM cluster ${cluster} (${client.endpoint}), customer ${request.customerCode}` };
}

/** The exporter of each platform. */
export const PLATFORM_EXPORTERS: Readonly<Record<ExportPlatform, PlatformExporter | undefined>> = {
  teams: exportTeams,
  cucm: exportCucm,
};

const USAGE = `usage: ucflow export [--stack NAME] [--cwd DIR] [--platform teams|cucm] [--cluster NAME] [--customer-code CODE] --out FILE
  Reads the live platform the stack's ucflow:* settings point at (the same keys the providers
  read) and writes the customer definition that holds it as it is: sites, dial plans, classes
  of service, number ranges, subscriber profiles, filters and flow-through entries (pins where no filter can say it)
  selecting every user into the services they hold now, with adoption on (customer.adoption and
  sites[].adoption existing: adopt). Users it leaves out are listed with the reason. Then prints
  the pulumi config set customerFile line. docs/export.md says what becomes what.
  --stack NAME          the stack whose config is read (default the project's current stack)
  --cwd DIR             the Pulumi project directory (default the current one)
  --platform P          teams (default): the Microsoft 365 tenant; cucm: a Unified CM cluster
  --cluster NAME        cucm: the cluster of ucflow:clusters to read (default the only one)
  --customer-code CODE  the customer's code, e.g. Cu1 (a letter, then up to 15 letters or digits);
                        it prefixes site codes and every name ucflow creates. Required.
  --out FILE            the YAML file to write (relative to the current directory)
  exit 0 written, 2 error (bad flags, settings missing, the platform could not be read; nothing
  is written then). Pulumi's own environment applies (PULUMI_CONFIG_PASSPHRASE, ...).`;

/** Left-out users listed on the terminal; the file lists them all. */
const LISTED_LEFT_OUT = 20;

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      stack: { type: "string", short: "s" },
      cwd: { type: "string", short: "C" },
      platform: { type: "string" },
      cluster: { type: "string" },
      "customer-code": { type: "string" },
      out: { type: "string", short: "o" },
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`takes no arguments, got ${JSON.stringify(positionals[0])}`);
  const platform = (values.platform ?? "teams") as ExportPlatform;
  if (!EXPORT_PLATFORMS.includes(platform)) throw new UsageError(`--platform must be ${EXPORT_PLATFORMS.join(" or ")}; got ${JSON.stringify(values.platform)}`);
  if (values.cluster !== undefined && platform !== "cucm") throw new UsageError("--cluster applies to --platform cucm only");
  const code = values["customer-code"];
  if (code === undefined) throw new UsageError("--customer-code is required: the customer's code, e.g. --customer-code Cu1");
  if (!/^[A-Za-z][A-Za-z0-9]{0,15}$/.test(code)) throw new UsageError(`--customer-code must be a letter then up to 15 letters or digits, e.g. Cu1; got ${JSON.stringify(code)}`);
  if (values.out === undefined) throw new UsageError("--out is required: the YAML file to write, e.g. --out customers/contoso.yaml");
  const out = path.resolve(io.cwd, values.out);
  if (!/\.ya?ml$/i.test(out)) throw new UsageError(`--out must name a .yaml or .yml file; got ${JSON.stringify(values.out)}`);
  const exporter = PLATFORM_EXPORTERS[platform];
  if (exporter === undefined) {
    io.stderr(`ucflow export: --platform ${platform} cannot be exported by this build of ucflow\n`);
    return EXIT.error;
  }

  const projectDir = path.resolve(io.cwd, values.cwd ?? ".");
  let exported: PlatformExport;
  try {
    const config = await readStackConfig({ ...(values.stack !== undefined ? { stack: values.stack } : {}), cwd: projectDir }, io.env, io.cwd);
    exported = await exporter({ customerCode: code, ...(values.cluster !== undefined ? { cluster: values.cluster } : {}), config, env: io.env });
  } catch (error) {
    const problems = isConfigurationError(error) ? `:\n  - ${error.problems.join("\n  - ")}` : "";
    io.stderr(`ucflow export: ${(error as Error).message}${problems}\nnothing was written\n`);
    return EXIT.error;
  }

  const fileName = path.basename(out);
  const decoded = decodeCustomerDefinition(exported.definition, fileName);
  if (!decoded.ok) {
    // The program would refuse it: a tenant beyond a definition's limits (the notes say), or a bug in ucflow.
    const notes = exported.notes.map((n) => `  note: ${n}\n`).join("");
    io.stderr(`ucflow export: the exported definition breaks the rules of a customer definition, so nothing was written:\n  - ${decoded.problems.map(describeDefinitionProblem).join("\n  - ")}\n${notes}`);
    return EXIT.error;
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, definitionYaml(exported));

  const relative = path.relative(projectDir, out).split(path.sep).join("/");
  const definition = decoded.value;
  const pinned = definition.flowThrough.pins?.length ?? 0;
  const lines = [
    `Exported ${exported.source} to ${values.out}:`,
    `  ${count(definition.sites.length, "site")}, ${count(definition.dialPlans?.length ?? 0, "dial plan")}, ${count(definition.classesOfService?.length ?? 0, "class of service", "classes of service")}, ${count(definition.numberInventory.ranges.length, "number range")}, ${count(definition.profiles.length, "profile")}, ${count(definition.flowThrough.entries.length, "flow-through entry", "flow-through entries")}, ${count(pinned, "pinned user")}`,
    ...exported.notes.map((n) => `  note: ${n}`),
  ];
  if (exported.leftOut.length > 0) {
    lines.push(`  ${count(exported.leftOut.length, "user")} left out (listed at the end of the file):`);
    lines.push(...exported.leftOut.slice(0, LISTED_LEFT_OUT).map((u) => `    ${u.user}: ${u.reason}`));
    if (exported.leftOut.length > LISTED_LEFT_OUT) lines.push(`    ... and ${exported.leftOut.length - LISTED_LEFT_OUT} more`);
  }
  lines.push("Review it, then point the stack at it:", `  pulumi config set customerFile ${relative}${values.stack !== undefined ? ` --stack ${values.stack}` : ""}`);
  io.stdout(`${lines.join("\n")}\n`);
  return EXIT.ok;
}

/** The file: a heading saying where it came from, the definition, and the users left out as comments. */
export function definitionYaml(exported: Pick<PlatformExport, "definition" | "leftOut" | "source">): string {
  const head = [
    `# Customer definition exported by \`ucflow export\` from ${exported.source}.`,
    "# It selects every user into the site and services they hold now and adopts what exists",
    "# (customer.adoption, sites[].adoption). Review it before the first `pulumi up`: docs/export.md.",
  ];
  const tail =
    exported.leftOut.length === 0
      ? []
      : ["", `# Users left out (${exported.leftOut.length}): no entry or pin selects them, so ucflow leaves them as they are.`, ...exported.leftOut.map((u) => `#   ${u.user}: ${u.reason}`.replace(/[\r\n]+/g, " "))];
  return `${head.join("\n")}\n${stringify(exported.definition, { lineWidth: 0 })}${tail.length > 0 ? `${tail.join("\n")}\n` : ""}`;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export const exportVerb: VerbImplementation = { usage: USAGE, run };
