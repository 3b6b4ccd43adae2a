// The lab at benchmark scale: with 10,000 users a request must not cost time in proportion to
// the tenant's size. No timing here: every list of the tenant (users, numbers, grants,
// Enterprise Voice, operations, deleted users) is wrapped in a proxy that counts the items a
// request reads, and a GET of one user, a $batch of 20 user GETs and the other per-user
// requests of a subscriber set must read as few items with 10,000 users as with 64.
import type { Client } from "@microsoft/microsoft-graph-client";
import { expect } from "chai";
import type { GraphState, TeamsState } from "../../../lab/microsoft";
import { accessToken, GRAPH_SCOPE, graphCall, graphClient, secretCredential, type MicrosoftLab, withMicrosoftLab } from "./support";

const LISTS_OF_GRAPH = ["users", "deletedUsers", "numbers", "operations", "grants", "enterpriseVoice"] as const;
const LISTS_OF_TEAMS = ["grants", "enterpriseVoice"] as const;

/** Replaces the tenant's lists with proxies counting reads of their items; restore() puts them back. */
function countItemReads(graph: GraphState, teams: TeamsState): { reads(): number; restore(): void } {
  let reads = 0;
  const handler: ProxyHandler<unknown[]> = {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) reads += 1;
      return Reflect.get(target, key, receiver) as unknown;
    },
  };
  const restores: (() => void)[] = [];
  const wrap = (owner: Record<string, unknown>, name: string): void => {
    const original = owner[name] as unknown[];
    owner[name] = new Proxy(original, handler);
    restores.push(() => {
      owner[name] = original;
    });
  };
  for (const name of LISTS_OF_GRAPH) wrap(graph as unknown as Record<string, unknown>, name);
  for (const name of LISTS_OF_TEAMS) wrap(teams as unknown as Record<string, unknown>, name);
  return { reads: () => reads, restore: () => restores.forEach((restore) => restore()) };
}

describe("lab Microsoft simulators at scale (10,000 users)", function () {
  // Seeding 10,000 users through the control endpoint takes a few seconds on a shared machine.
  this.timeout(120_000);
  let env: MicrosoftLab;
  let client: Client;
  let token: string;

  withMicrosoftLab(async (lab) => {
    env = lab;
    client = graphClient(env);
    token = await accessToken(secretCredential(env), GRAPH_SCOPE);
  });

  /** Items of the tenant's lists each kind of request reads, measured with no state write in flight. */
  const itemsRead = async (): Promise<Record<string, number>> => {
    await env.control.flush("graph");
    const graph = env.services.hub.optional("graph") as GraphState;
    const teams = env.services.hub.optional("teams") as TeamsState;
    const someone = graph.users[graph.users.length - 1]?.properties.userPrincipalName as string;
    const twenty = graph.users.slice(-20).map((user) => user.properties.id);
    const holder = graph.numbers.find((number) => number.assignmentTargetId !== null)?.assignmentTargetId as string;
    const counter = countItemReads(graph, teams);
    const measured: Record<string, number> = {};
    const measure = async (what: string, request: () => Promise<unknown>): Promise<void> => {
      const before = counter.reads();
      await request();
      measured[what] = counter.reads() - before;
    };
    try {
      await measure("GET one user", () => client.api(`/users/${someone}`).select(["id", "displayName", "city"]).get());
      await measure("$batch of 20 user GETs", async () => {
        const answer = await graphCall(env, token, "POST", "/$batch", { requests: twenty.map((id, i) => ({ id: String(i), method: "GET", url: `/users/${id}?$select=id,userPrincipalName` })) });
        expect((answer.body as { responses: { status: number }[] }).responses.every((item) => item.status === 200)).to.equal(true);
      });
      await measure("GET a user with extensions", () => client.api(`/users/${someone}`).select("id").expand("extensions").get());
      await measure("GET a user's Teams configuration", () => client.api(`/admin/teams/userConfigurations/${twenty[0]}`).get());
      await measure("numbers of a user", () => client.api("/admin/teams/telephoneNumberManagement/numberAssignments").filter(`assignmentTargetId eq '${holder}'`).get());
      await measure("a page of users", () => client.api("/users").select("id").top(10).get());
      await measure("subscribedSkus", () => client.api("/subscribedSkus").get());
    } finally {
      counter.restore();
    }
    return measured;
  };

  it("reads no more of the tenant for one user with 10,000 users than with 64", async () => {
    const small = await itemsRead();
    for (let chunk = 0; chunk < 5; chunk++) {
      await env.control.seed("graph", {
        users: Array.from({ length: 2_000 }, (_, i) => {
          const n = chunk * 2_000 + i;
          return { userPrincipalName: `scale.user${String(n).padStart(5, "0")}@contoso.com`, displayName: `Scale User ${n}`, city: "Chicago", usageLocation: "US", licenses: n % 10 === 0 ? ["SPE_E3"] : [] };
        }),
        subscribedSkus: chunk === 0 ? [{ sku: "SPE_E3", enabled: 2_000 }] : [],
      });
    }
    expect(env.services.hub.graph().userCount).to.equal(10_064);
    const large = await itemsRead();

    for (const [what, reads] of Object.entries(large)) {
      // The same requests, a tenant 150 times as large: the items read may differ by a few, never by the tenant's size.
      expect(reads, `${what}: ${reads} items read with 10,064 users, ${small[what]} with 64`).to.be.at.most(2 * (small[what] ?? 0) + 10);
    }
    expect(large["GET one user"]).to.equal(0);
    expect(large["$batch of 20 user GETs"]).to.equal(0);
  });
});
