// The Microsoft clients (Graph and the Teams admin API) of one process, built once from stack
// config (`ucflow:*`, delivered to the provider's `configure`) or the environment, never from
// resource inputs, so no credential reaches state. The program process builds its own for
// reading the directory at preview time.
import { Limiter } from "../core/concurrency";
import { ConfigurationError } from "../core/errors";
import { GraphBatcher } from "../backends/graph/batcher";
import { chooseCredential, createCredential, MICROSOFT_SETTINGS, readMicrosoftSettings, type ConfigLookup, type MicrosoftSettings } from "../backends/graph/credentials";
import { GraphClient } from "../backends/graph/client";
import { TeamsAdminClient } from "../backends/teams/client";

export interface MicrosoftClients {
  readonly graph: GraphClient;
  /** The same Graph client with every call sent in `$batch` requests shared by concurrent callers. */
  readonly bulkGraph: GraphClient;
  readonly teams: TeamsAdminClient;
  /** The tenant the credential is for, when configured. */
  readonly tenantId: string | undefined;
  /** How long after a write a refresh waits for the platform to show it, in milliseconds. */
  readonly settleMs: number;
}

/** Defaults: Graph allows far more, but a `$batch` is 20 calls; the Teams admin API is slow and throttles early. */
export const DEFAULT_GRAPH_MAX_IN_FLIGHT = 8;
export const DEFAULT_TEAMS_MAX_IN_FLIGHT = 4;
export const DEFAULT_SETTLE_SECONDS = 120;

/** Builds clients from `ucflow:*` settings (`config` gets names without the namespace). */
export function microsoftClients(config: ConfigLookup, env: NodeJS.ProcessEnv = process.env): MicrosoftClients {
  const settings = readMicrosoftSettings(config, env);
  const problems: string[] = [];
  const graphMaxInFlight = integerSetting(settings, "graphMaxInFlight", DEFAULT_GRAPH_MAX_IN_FLIGHT, 1, 64, problems);
  const teamsMaxInFlight = integerSetting(settings, "teamsMaxInFlight", DEFAULT_TEAMS_MAX_IN_FLIGHT, 1, 64, problems);
  const settleSeconds = integerSetting(settings, "settleSeconds", DEFAULT_SETTLE_SECONDS, 0, 3600, problems);
  if (problems.length > 0) throw new ConfigurationError("invalid ucflow settings", problems);
  const credential = createCredential(chooseCredential(settings));
  const graph = new GraphClient({ credential, limiter: new Limiter(graphMaxInFlight), ...(settings.graphBaseUrl ? { baseUrl: settings.graphBaseUrl.value } : {}) });
  return {
    graph,
    bulkGraph: graph.batched(new GraphBatcher(graph)),
    teams: new TeamsAdminClient({
      credential,
      limiter: new Limiter(teamsMaxInFlight),
      ...(settings.teamsAdminBaseUrl ? { baseUrl: settings.teamsAdminBaseUrl.value } : {}),
    }),
    tenantId: settings.tenantId?.value,
    settleMs: settleSeconds * 1000,
  };
}

function integerSetting(settings: MicrosoftSettings, name: "graphMaxInFlight" | "teamsMaxInFlight" | "settleSeconds", fallback: number, min: number, max: number, problems: string[]): number {
  const setting = settings[name];
  if (setting === undefined) return fallback;
  const value = Number(setting.value);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${setting.from} must be a whole number from ${min} to ${max}; got ${JSON.stringify(setting.value)}`);
    return fallback;
  }
  return value;
}

let configLookup: ConfigLookup = () => undefined;
let configured = "";
let clients: MicrosoftClients | undefined;

/**
 * Called from each kind's `configure`: the stack config of this deployment. Every kind gets the
 * same config, so the clients (and their shared concurrency limits and batcher) are rebuilt only
 * when the settings differ from what they were built with.
 */
export function configureMicrosoft(config: (key: string) => string | undefined): void {
  const lookup: ConfigLookup = (name) => config(`ucflow:${name}`);
  const fingerprint = JSON.stringify(Object.keys(MICROSOFT_SETTINGS).map((name) => lookup(name) ?? null));
  configLookup = lookup;
  if (fingerprint !== configured) clients = undefined;
  configured = fingerprint;
}

/** The provider process's clients, built on first use. */
export function providerMicrosoftClients(): MicrosoftClients {
  clients ??= microsoftClients(configLookup);
  return clients;
}
