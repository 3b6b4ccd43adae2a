// Maps method + path to a handler. Patterns are either strings with `:name` segments
// ("/users/:id") or regular expressions whose named groups become parameters.
import { LabHttpError } from "./lab-http";

export interface RouteSpec<H> {
  readonly method: string;
  readonly path: string | RegExp;
  readonly handler: H;
}

export type RouteMatch<H> =
  | { readonly kind: "found"; readonly handler: H; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: "method-not-allowed"; readonly allowed: readonly string[] }
  | { readonly kind: "not-found" };

interface CompiledRoute<H> {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handler: H;
}

export class Router<H> {
  private readonly routes: readonly CompiledRoute<H>[];

  constructor(routes: readonly RouteSpec<H>[]) {
    this.routes = routes.map((route) => ({
      method: route.method.toUpperCase(),
      pattern: typeof route.path === "string" ? compilePattern(route.path) : route.path,
      handler: route.handler,
    }));
  }

  match(method: string, path: string): RouteMatch<H> {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      if (route.method !== method.toUpperCase()) {
        if (!allowed.includes(route.method)) allowed.push(route.method);
        continue;
      }
      return { kind: "found", handler: route.handler, params: decodeParams(found.groups ?? {}) };
    }
    return allowed.length > 0 ? { kind: "method-not-allowed", allowed } : { kind: "not-found" };
  }
}

function compilePattern(pattern: string): RegExp {
  if (!pattern.startsWith("/")) throw new Error(`route pattern ${JSON.stringify(pattern)} must start with "/"`);
  const source = pattern
    .split("/")
    .map((segment) => {
      const param = /^:([A-Za-z_][A-Za-z0-9_]*)$/.exec(segment);
      return param ? `(?<${param[1]}>[^/]+)` : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return new RegExp(`^${source}/?$`);
}

function decodeParams(groups: Record<string, string | undefined>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(groups)) {
    if (value === undefined) continue;
    try {
      params[name] = decodeURIComponent(value);
    } catch {
      throw new LabHttpError(400, "BadRequest", `path parameter ${name} is not valid percent-encoding: ${value}`);
    }
  }
  return params;
}
