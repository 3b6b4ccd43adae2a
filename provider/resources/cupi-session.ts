// The Unity Connection clients (CUPI) of one process, one per server, built on first use from
// the stack config `ucflow:unityConnections` (delivered to the provider's `configure`) or the
// environment, never from resource inputs, so no credential reaches state. One client per
// server shares its concurrency limit across every resource of the deployment.
import { CupiClient } from "../backends/cupi/client";
import { cupiClientOptions, readUnityConnectionSettings } from "../backends/cupi/settings";
import { ConfigurationError } from "../core/errors";
import { type ConfigLookup } from "../core/settings-map";
import { namedClients } from "./named-clients";

/** Gives a Unity Connection server's client when an operation runs; injected so tests can supply their own. */
export type CupiClientSource = (server: string) => CupiClient;

/** The CUPI client of `server` from `ucflow:*` settings (`config` gets names without the namespace). */
export function cupiClientFromSettings(config: ConfigLookup, server: string, env: Readonly<Record<string, string | undefined>> = process.env): CupiClient {
  const settings = readUnityConnectionSettings(config, env).get(server);
  if (settings === undefined) {
    throw new ConfigurationError(`no settings for Unity Connection server ${server}`, [
      `ucflow:unityConnections.${server} is required: a cluster's voicemail is on Unity Connection ${server}; give its host and account with ` +
        `pulumi config set --path 'ucflow:unityConnections.${server}.host' <server>, ...username and --secret ...password (docs/credentials-unity-connection.md)`,
    ]);
  }
  return new CupiClient(cupiClientOptions(settings));
}

const sessions = namedClients("unityConnections", (config, server) => cupiClientFromSettings(config, server));

/** Called from each kind's `configure`: the clients are rebuilt only when `ucflow:unityConnections` differs from what they were built with. */
export function configureCupi(config: (key: string) => string | undefined): void {
  sessions.configure(config);
}

/** The provider process's client for `server`, built on first use. */
export const providerCupiClient: CupiClientSource = (server) => sessions.client(server);
