import type * as pulumi from "@pulumi/pulumi";

type ResourceProvider = pulumi.dynamic.ResourceProvider;

/**
 * The object Pulumi serializes for a dynamic resource kind.
 *
 * The engine stores the serialized provider text in every resource's state, twice (inputs and
 * outputs), so it must stay small and must never hold a credential. This proxy captures one
 * string, the package path of the implementation module, and loads that module inside each
 * method, in the provider process, from the program's own `node_modules`. Clients, config and
 * credentials are read there (in `configure` or from the environment), never captured here.
 *
 * The implementation module exports `provider: pulumi.dynamic.ResourceProvider`.
 * See docs/provider-packaging.md.
 */
export function dynamicProvider(implementationModule: string): ResourceProvider {
  let proxy = proxies.get(implementationModule);
  if (proxy === undefined) {
    proxy = providerProxy(implementationModule);
    proxies.set(implementationModule, proxy);
  }
  return proxy;
}

// One instance per kind: Pulumi caches serialization per provider object, so a shared instance
// is serialized once per program instead of once per resource.
const proxies = new Map<string, ResourceProvider>();

function providerProxy(implementationModule: string): ResourceProvider {
  // Each method must stay self-contained: anything it references is serialized with it.
  return {
    async configure(req) {
      const impl: ResourceProvider = require(implementationModule).provider;
      if (impl.configure) await impl.configure(req);
    },
    async check(olds, news) {
      const impl: ResourceProvider = require(implementationModule).provider;
      return impl.check ? impl.check(olds, news) : { inputs: news };
    },
    async diff(id, olds, news) {
      const impl: ResourceProvider = require(implementationModule).provider;
      // An empty result lets the engine compare inputs itself (DIFF_UNKNOWN).
      return impl.diff ? impl.diff(id, olds, news) : {};
    },
    async create(inputs) {
      const impl: ResourceProvider = require(implementationModule).provider;
      return impl.create(inputs);
    },
    async read(id, props) {
      const impl: ResourceProvider = require(implementationModule).provider;
      return impl.read ? impl.read(id, props) : { id, props };
    },
    async update(id, olds, news) {
      const impl: ResourceProvider = require(implementationModule).provider;
      if (!impl.update) throw new Error(`${implementationModule} cannot update resources in place`);
      return impl.update(id, olds, news);
    },
    async delete(id, props) {
      const impl: ResourceProvider = require(implementationModule).provider;
      if (impl.delete) await impl.delete(id, props);
    },
  };
}
