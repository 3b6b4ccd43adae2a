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
  // Everything the methods reference is serialized with them, so they share one small
  // dispatcher: the module path appears once in the text instead of once per method.
  const call = (method: keyof ResourceProvider, args: unknown[]): Promise<any> => {
    const impl: ResourceProvider = require(implementationModule).provider;
    const fn = impl[method] as ((...a: unknown[]) => Promise<unknown>) | undefined;
    if (fn) return fn.apply(impl, args);
    // Only configure may be missing; the engine then has nothing to pass on.
    if (method === "configure") return Promise.resolve();
    return Promise.reject(new Error(`${implementationModule} does not implement ${method}`));
  };
  return {
    configure: (...a) => call("configure", a),
    check: (...a) => call("check", a),
    diff: (...a) => call("diff", a),
    create: (...a) => call("create", a),
    read: (...a) => call("read", a),
    update: (...a) => call("update", a),
    delete: (...a) => call("delete", a),
  };
}
