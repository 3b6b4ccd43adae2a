// The tenant kinds' providers wired to real Graph and Teams admin clients whose transports
// replay queued responses and record every request (tests/unit/backends/replay.ts).
import type * as pulumi from "@pulumi/pulumi";
import type { TenantClients } from "../../../../provider/resources/tenant-kind";
import { graphFixture } from "../../backends/graph/fixture";
import type { RecordedRequest } from "../../backends/replay";
import { TEAMS, teamsFixture } from "../../backends/teams/fixture";

export { TEAMS };
export const CONFIGURATIONS = `${TEAMS}/Skype.Policy/configurations`;

export function tenantFixture() {
  const graph = graphFixture();
  const teams = teamsFixture();
  const clients: TenantClients = { graph: graph.graph, teams: teams.teams };
  return { clients: () => clients, graph: graph.transport, teams: teams.transport, teamsClock: teams.clock };
}

/** [method, url, body] of each request: what a test asserts exactly. */
export function calls(requests: readonly RecordedRequest[]): [string, string, unknown][] {
  return requests.map((r) => [r.method, r.url, r.body]);
}

/** A 200 list of configuration instances, as ConfigAPI answers a GET of a type. */
export const list = (...items: object[]) => ({ status: 200, body: items });
export const usages = (...names: string[]) => list({ Identity: "Global", Usage: names });
export const created = (body: object = {}) => ({ status: 201, body });
export const noContent = { status: 204 } as const;
export const notFound = { status: 404, body: { error: { code: "NotFound", message: "The configuration was not found." } } } as const;

/** The error a provider call fails with; fails the test if it succeeds. */
export async function failure(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

export type Provider = pulumi.dynamic.ResourceProvider;
