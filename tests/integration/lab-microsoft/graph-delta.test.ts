// /users/delta through the real Graph client: a paged initial round ending in a deltaLink,
// change rounds (PATCH, out-of-band sync changes, new and deleted users), Prefer:
// return=minimal, and a forced token expiry answering syncStateNotFound.
import { type Client, GraphError, PageIterator } from "@microsoft/microsoft-graph-client";
import { expect } from "chai";
import { SEED_USER_COUNT } from "../../../lab/microsoft";
import { graphClient, rejection, type MicrosoftLab, withMicrosoftLab } from "./support";

interface DeltaPage {
  value: Record<string, unknown>[];
  "@odata.nextLink"?: string;
  "@odata.deltaLink"?: string;
}

describe("lab graph simulator: users delta", () => {
  let env: MicrosoftLab;
  let client: Client;

  withMicrosoftLab((lab) => {
    env = lab;
    client = graphClient(env);
  });

  /** One round by hand: pages until a deltaLink, checking no page has both links. */
  const round = async (first: Promise<DeltaPage>, headers: Record<string, string> = {}): Promise<{ items: Record<string, unknown>[]; pages: number; deltaLink: string }> => {
    let page = await first;
    const items: Record<string, unknown>[] = [];
    let pages = 1;
    for (;;) {
      expect(page["@odata.nextLink"] !== undefined && page["@odata.deltaLink"] !== undefined, "a page carries nextLink or deltaLink, never both").to.equal(false);
      items.push(...page.value);
      if (page["@odata.deltaLink"] !== undefined) return { items, pages, deltaLink: page["@odata.deltaLink"] };
      expect(page["@odata.nextLink"], "a page without deltaLink has a nextLink").to.match(/\/v1\.0\/users\/delta\(\)\?\$skiptoken=/);
      page = (await client.api(page["@odata.nextLink"] as string).headers(headers).get()) as DeltaPage;
      pages++;
    }
  };
  const firstRound = () => round(client.api("/users/delta").select("displayName,city,department").header("Prefer", "odata.maxpagesize=20").get() as Promise<DeltaPage>, { Prefer: "odata.maxpagesize=20" });

  it("pages the initial round with $skiptoken links and ends it with a $deltatoken link", async () => {
    const initial = await firstRound();
    expect(initial.pages).to.equal(Math.ceil(SEED_USER_COUNT / 20));
    expect(initial.items).to.have.length(SEED_USER_COUNT);
    expect(initial.deltaLink).to.match(new RegExp(`^${env.graphUrl.replace(/\./g, "\\.")}/v1\\.0/users/delta\\(\\)\\?\\$deltatoken=`));
    expect(Object.keys(initial.items[0] ?? {}).sort()).to.deep.equal(["@odata.type", "city", "department", "displayName", "id"]);

    // The client's PageIterator reaches the same deltaLink.
    const seen: unknown[] = [];
    const iterator = new PageIterator(client, (await client.api("/users/delta").select("displayName").get()) as DeltaPage, (item) => {
      seen.push(item);
      return true;
    });
    await iterator.iterate();
    expect(seen).to.have.length(SEED_USER_COUNT);
    expect(iterator.getDeltaLink()).to.match(/\$deltatoken=/);

    const quiet = await round(client.api(initial.deltaLink).get() as Promise<DeltaPage>);
    expect(quiet.items).to.deep.equal([]);
  });

  it("returns changed, new and removed users in the next round, with only changes on return=minimal", async () => {
    const initial = await firstRound();
    const cloud = ((await client.api("/users").select("id,onPremisesSyncEnabled").top(999).get()) as { value: { id: string; onPremisesSyncEnabled: boolean | null }[] }).value;
    const mover = cloud.find((user) => user.onPremisesSyncEnabled === null) as { id: string };
    const synced = cloud.find((user) => user.onPremisesSyncEnabled === true) as { id: string };
    const leaver = cloud.find((user) => user !== mover && user !== synced && user.onPremisesSyncEnabled === null) as { id: string };

    await client.api(`/users/${mover.id}`).patch({ city: "Reykjavik" });
    // Out of band: directory sync changes a synced user, a new user arrives, another leaves.
    await env.control.seed("graph", { users: [{ id: synced.id, department: "Finance" }, { userPrincipalName: "new.hire@contoso.com", displayName: "New Hire", city: "Chicago" }], deleteUsers: [leaver.id] });

    const minimal = await round(client.api(initial.deltaLink).header("Prefer", "return=minimal").get() as Promise<DeltaPage>);
    const byId = new Map(minimal.items.map((item) => [item.id as string, item]));
    expect(minimal.items, JSON.stringify(minimal.items)).to.have.length(4);
    expect(byId.get(mover.id)).to.deep.equal({ "@odata.type": "#microsoft.graph.user", id: mover.id, city: "Reykjavik" });
    expect(byId.get(synced.id)).to.deep.equal({ "@odata.type": "#microsoft.graph.user", id: synced.id, department: "Finance" });
    expect(byId.get(leaver.id)).to.deep.equal({ "@odata.type": "#microsoft.graph.user", id: leaver.id, "@removed": { reason: "changed" } });
    const hire = minimal.items.find((item) => item.displayName === "New Hire");
    expect(hire).to.include({ city: "Chicago", department: null });

    // Without return=minimal every selected property comes back, unchanged ones with their values.
    const full = await round(client.api(initial.deltaLink).get() as Promise<DeltaPage>);
    expect(full.items.find((item) => item.id === mover.id)).to.have.keys("@odata.type", "id", "displayName", "city", "department");
    // The newer deltaLink sees nothing more.
    expect((await round(client.api(minimal.deltaLink).get() as Promise<DeltaPage>)).items).to.deep.equal([]);
  });

  it("answers 400 syncStateNotFound for expired tokens, and a fresh round works", async () => {
    const initial = await firstRound();
    const pending = (await client.api("/users/delta").select("displayName").header("Prefer", "odata.maxpagesize=10").get()) as DeltaPage;
    await env.control.seed("graph", { delta: { expireIssuedTokens: true } });
    for (const link of [initial.deltaLink, pending["@odata.nextLink"] as string]) {
      const error = (await rejection(client.api(link).get())) as unknown as GraphError;
      expect(error).to.be.instanceOf(GraphError);
      expect(error.statusCode).to.equal(400);
      expect(error.code).to.equal("syncStateNotFound");
      expect(error.message).to.equal("The sync state generation is not found. The delta token is expired and data must be synchronized again.");
    }
    expect((await firstRound()).items).to.have.length(SEED_USER_COUNT);
    // A reset starts a new generation: older tokens are gone too.
    const fresh = await firstRound();
    await env.control.reset("graph");
    expect(((await rejection(client.api(fresh.deltaLink).get())) as unknown as GraphError).code).to.equal("syncStateNotFound");
  });

  it("tracks from now with $deltatoken=latest and only the ids of an id filter", async () => {
    const latest = (await client.api("/users/delta").query({ $deltatoken: "latest" }).select("city").get()) as DeltaPage;
    expect(latest.value).to.deep.equal([]);
    const users = ((await client.api("/users").filter("onPremisesSyncEnabled eq true").select("id").top(2).get()) as { value: { id: string }[] }).value;
    const [a, b] = users as [{ id: string }, { id: string }];
    const tracked = await round(client.api("/users/delta").filter(`id eq '${a.id}' or id eq '${b.id}'`).select("city").get() as Promise<DeltaPage>);
    expect(tracked.items.map((item) => item.id).sort()).to.deep.equal([a.id, b.id].sort());
    await env.control.seed("graph", { users: [{ id: a.id, city: "Seattle" }] });
    expect((await round(client.api(latest["@odata.deltaLink"] as string).get() as Promise<DeltaPage>)).items.map((item) => item.id)).to.deep.equal([a.id]);
    const onlyIds = await round(client.api(tracked.deltaLink).get() as Promise<DeltaPage>);
    expect(onlyIds.items).to.deep.equal([{ "@odata.type": "#microsoft.graph.user", id: a.id, city: "Seattle" }]);
    const unsupported = (await rejection(client.api("/users/delta").filter("city eq 'Chicago'").get())) as unknown as GraphError;
    expect(unsupported.code).to.equal("Request_UnsupportedQuery");
  });
});
