// One client per named server (a Unified CM cluster, a Unity Connection server) per provider
// process, built on first use from the stack config the provider's `configure` delivers. Every
// kind gets the same config, so the clients are rebuilt only when the settings they come from
// differ from what they were built with.
import { type ConfigLookup } from "../core/settings-map";

export interface NamedClients<C> {
  /** Called from each kind's `configure` with the deployment's stack config. */
  configure(config: (key: string) => string | undefined): void;
  /** The process's client for `name`, built on first use. */
  client(name: string): C;
}

/** `settingName`: the `ucflow:` value the clients come from ("clusters"); `build` makes one from the settings. */
export function namedClients<C>(settingName: string, build: (config: ConfigLookup, name: string) => C): NamedClients<C> {
  let configLookup: ConfigLookup = () => undefined;
  let configured = "";
  const clients = new Map<string, C>();
  return {
    configure(config) {
      const lookup: ConfigLookup = (name) => config(`ucflow:${name}`);
      const fingerprint = lookup(settingName) ?? "";
      configLookup = lookup;
      if (fingerprint !== configured) clients.clear();
      configured = fingerprint;
    },
    client(name) {
      let client = clients.get(name);
      if (client === undefined) {
        client = build(configLookup, name);
        clients.set(name, client);
      }
      return client;
    },
  };
}
