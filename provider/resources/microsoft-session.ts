// The Microsoft clients (Graph and the Teams admin API) of one process, built once from stack
// config (`ucflow:*`, delivered to the provider's `configure`) or the environment, never from
// resource inputs, so no credential reaches state. The program process builds its own for
// reading the directory at preview time.
import { Limiter } from "../core/concurrency";
import { chooseCredential, createCredential, readMicrosoftSettings, type ConfigLookup } from "../backends/graph/credentials";
import { GraphClient } from "../backends/graph/client";
import { TeamsAdminClient } from "../backends/teams/client";

export interface MicrosoftClients {
  readonly graph: GraphClient;
  readonly teams: TeamsAdminClient;
  /** The tenant the credential is for, when configured. */
  readonly tenantId: string | undefined;
}

/** Builds clients from `ucflow:*` settings (`config` gets names without the namespace). */
export function microsoftClients(config: ConfigLookup, env: NodeJS.ProcessEnv = process.env): MicrosoftClients {
  const settings = readMicrosoftSettings(config, env);
  const credential = createCredential(chooseCredential(settings));
  return {
    graph: new GraphClient({ credential, ...(settings.graphBaseUrl ? { baseUrl: settings.graphBaseUrl.value } : {}) }),
    teams: new TeamsAdminClient({
      credential,
      limiter: new Limiter(4),
      ...(settings.teamsAdminBaseUrl ? { baseUrl: settings.teamsAdminBaseUrl.value } : {}),
    }),
    tenantId: settings.tenantId?.value,
  };
}

let configLookup: ConfigLookup = () => undefined;
let clients: MicrosoftClients | undefined;

/** Called from each kind's `configure`: the stack config of this deployment. */
export function configureMicrosoft(config: (key: string) => string | undefined): void {
  configLookup = (name) => config(`ucflow:${name}`);
  clients = undefined;
}

/** The provider process's clients, built on first use. */
export function providerMicrosoftClients(): MicrosoftClients {
  clients ??= microsoftClients(configLookup);
  return clients;
}
