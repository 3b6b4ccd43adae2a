// The Unified CM clients (AXL) of one process, one per cluster, built on first use from the
// stack config `ucflow:clusters` (delivered to the provider's `configure`) or the environment,
// never from resource inputs, so no credential reaches state. One client per cluster shares
// the cluster's concurrency limit (Cisco asks for few requests at once) and its AXL session
// across every resource of the deployment. The program process builds its own for reading
// clusters at preview time (readCucmCluster).
import { AxlClient } from "../backends/axl/client";
import { axlClientOptions, readClusterSettings, type ConfigLookup } from "../backends/axl/settings";
import { ConfigurationError } from "../core/errors";
import { namedClients } from "./named-clients";

/** Gives a cluster's client when an operation runs; injected so tests can supply their own. */
export type AxlClientSource = (cluster: string) => AxlClient;

/** The AXL client of `cluster` from `ucflow:*` settings (`config` gets names without the namespace). */
export function axlClientFromSettings(config: ConfigLookup, cluster: string, env: Readonly<Record<string, string | undefined>> = process.env): AxlClient {
  const settings = readClusterSettings(config, env).get(cluster);
  if (settings === undefined) {
    throw new ConfigurationError(`no settings for Unified CM cluster ${cluster}`, [
      `ucflow:clusters.${cluster} is required: the definition puts sites on cluster ${cluster}; give its publisher and AXL user with ` +
        `pulumi config set --path 'ucflow:clusters.${cluster}.host' <publisher>, ...username and --secret ...password (docs/credentials-cucm.md)`,
    ]);
  }
  return new AxlClient(axlClientOptions(settings));
}

const sessions = namedClients("clusters", (config, cluster) => axlClientFromSettings(config, cluster));

/** Called from each Unified CM kind's `configure`: the clients are rebuilt only when `ucflow:clusters` differs from what they were built with. */
export function configureCucm(config: (key: string) => string | undefined): void {
  sessions.configure(config);
}

/** The provider process's client for `cluster`, built on first use. */
export const providerAxlClient: AxlClientSource = (cluster) => sessions.client(cluster);
