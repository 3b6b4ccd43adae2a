// Open extensions on users through the real Graph client and raw HTTPS: create (201), read one
// and the collection, $expand=extensions on a user and on the users list, PATCH with the
// directory objects' replace semantics (204), DELETE (204), Graph's 404s, the documented limits
// (two per application per user, 2 KB with the definition), values that are not primitives,
// names taken twice, every operation as $batch items, and the record in GET /state/graph.
import type { Client } from "@microsoft/microsoft-graph-client";
import { expect } from "chai";
import { LAB_UCFLOW_CLIENT_ID } from "../../../lab/microsoft";
import type { GraphState } from "../../../lab/microsoft";
import { accessToken, GRAPH_SCOPE, graphCall, graphClient, rejection, secondAppGraphToken, secretCredential, type MicrosoftLab, withMicrosoftLab } from "./support";

const ADELE = "adele.vance@contoso.com";

describe("lab graph simulator: open extensions on users", () => {
  let env: MicrosoftLab;
  let client: Client;
  let token: string;

  withMicrosoftLab(async (lab) => {
    env = lab;
    client = graphClient(env);
    token = await accessToken(secretCredential(env), GRAPH_SCOPE);
  });

  const graph = (method: string, path: string, body?: unknown, bearer = token) => graphCall(env, bearer, method, path, body);
  const create = (name: string, data: Record<string, unknown> = {}, user = ADELE, bearer = token) =>
    graph("POST", `/users/${user}/extensions`, { "@odata.type": "microsoft.graph.openTypeExtension", extensionName: name, ...data }, bearer);
  const errorCode = (body: unknown): string => (body as { error: { code: string } }).error.code;
  const errorMessage = (body: unknown): string => (body as { error: { message: string } }).error.message;

  it("creates an extension (201, id = its name), reads it alone, in the collection and expanded on the user", async () => {
    const created = (await client.api(`/users/${ADELE}/extensions`).post({
      "@odata.type": "microsoft.graph.openTypeExtension",
      extensionName: "com.ucflow.subscriber",
      set: "chicago-0001",
      number: "+13125550100",
      licensed: true,
      revision: 3,
      policies: ["Tag:US-National", "Tag:US-Chicago"],
    })) as Record<string, unknown>;
    expect(created).to.deep.include({ "@odata.type": "#microsoft.graph.openTypeExtension", extensionName: "com.ucflow.subscriber", id: "com.ucflow.subscriber", set: "chicago-0001", licensed: true, revision: 3 });
    expect(created["@odata.context"]).to.match(/\$metadata#users\('[0-9a-f-]{36}'\)\/extensions\/\$entity$/);

    const one = (await client.api(`/users/${ADELE}/extensions/com.ucflow.subscriber`).get()) as Record<string, unknown>;
    expect(one).to.deep.include({ id: "com.ucflow.subscriber", number: "+13125550100", policies: ["Tag:US-National", "Tag:US-Chicago"] });
    const qualified = await graph("GET", `/users/${ADELE}/extensions/microsoft.graph.openTypeExtension.com.ucflow.subscriber`);
    expect(qualified.status).to.equal(200);

    const all = (await client.api(`/users/${ADELE}/extensions`).get()) as { value: { id: string }[] };
    expect(all.value.map((item) => item.id)).to.deep.equal(["com.ucflow.subscriber"]);

    const user = (await client.api(`/users/${ADELE}`).select(["id", "displayName"]).expand("extensions").get()) as { id: string; displayName: string; extensions: Record<string, unknown>[]; mail?: unknown };
    expect(user.displayName).to.equal("Adele Vance");
    expect(user).to.not.have.property("mail");
    expect(user.extensions).to.have.length(1);
    expect(user.extensions[0]).to.deep.include({ extensionName: "com.ucflow.subscriber", set: "chicago-0001" });

    const filtered = await graph("GET", `/users/${ADELE}?$select=id&$expand=${encodeURIComponent("extensions($filter=id eq 'com.ucflow.other')")}`);
    expect(filtered.status).to.equal(200);
    expect((filtered.body as { extensions: unknown[] }).extensions).to.deep.equal([]);
  });

  it("expands extensions on the users list, empty for users without", async () => {
    await create("com.ucflow.subscriber", { set: "s1" });
    const page = (await client.api("/users").select(["id", "userPrincipalName"]).expand("extensions").top(999).get()) as { value: { userPrincipalName: string; extensions: { set?: string }[] }[] };
    const adele = page.value.find((user) => user.userPrincipalName === ADELE);
    expect(adele?.extensions.map((extension) => extension.set)).to.deep.equal(["s1"]);
    expect(page.value.filter((user) => user.extensions.length === 0)).to.have.length(page.value.length - 1);
    const other = await graph("GET", "/users?$expand=manager");
    expect(other.status).to.equal(400);
  });

  it("replaces the data on PATCH (204): left-out properties go, null keeps the property empty; DELETE answers 204", async () => {
    await create("com.ucflow.subscriber", { set: "s1", number: "+13125550100", revision: 1 });
    const patched = await graph("PATCH", `/users/${ADELE}/extensions/com.ucflow.subscriber`, { set: "s2", number: null });
    expect(patched.status).to.equal(204);
    const after = (await graph("GET", `/users/${ADELE}/extensions/com.ucflow.subscriber`)).body as Record<string, unknown>;
    expect(after).to.deep.include({ extensionName: "com.ucflow.subscriber", id: "com.ucflow.subscriber", set: "s2", number: null });
    expect(after).to.not.have.property("revision");

    const renamed = await graph("PATCH", `/users/${ADELE}/extensions/com.ucflow.subscriber`, { extensionName: "com.ucflow.other", set: "s3" });
    expect(renamed.status).to.equal(400);

    expect((await graph("DELETE", `/users/${ADELE}/extensions/com.ucflow.subscriber`)).status).to.equal(204);
    const gone = await graph("GET", `/users/${ADELE}/extensions/com.ucflow.subscriber`);
    expect(gone.status).to.equal(404);
    expect(errorCode(gone.body)).to.equal("Request_ResourceNotFound");
    expect(gone.body).to.have.nested.property("error.innerError.request-id");
    expect((await graph("DELETE", `/users/${ADELE}/extensions/com.ucflow.subscriber`)).status).to.equal(404);
    expect((await graph("PATCH", `/users/${ADELE}/extensions/com.ucflow.subscriber`, { set: "x" })).status).to.equal(404);
  });

  it("answers 404 for a missing user in Graph's error shape", async () => {
    for (const [method, path] of [["GET", "/users/nobody@contoso.com/extensions"], ["POST", "/users/nobody@contoso.com/extensions"], ["GET", "/users/nobody@contoso.com/extensions/com.x"]] as const) {
      const answer = method === "POST" ? await create("com.x", {}, "nobody@contoso.com") : await graph(method, path);
      expect(answer.status, `${method} ${path}`).to.equal(404);
      expect(errorCode(answer.body)).to.equal("Request_ResourceNotFound");
    }
  });

  it("refuses values that are not primitives or arrays of primitives, and a body without the type or name", async () => {
    for (const value of [{ nested: true }, [["a"]], [{ a: 1 }], [null]]) {
      const answer = await create("com.ucflow.bad", { value });
      expect(answer.status, JSON.stringify(value)).to.equal(400);
      expect(errorMessage(answer.body)).to.include("'value'");
    }
    expect((await graph("POST", `/users/${ADELE}/extensions`, { extensionName: "com.ucflow.untyped" })).status).to.equal(400);
    expect((await graph("POST", `/users/${ADELE}/extensions`, { "@odata.type": "microsoft.graph.openTypeExtension", set: "x" })).status).to.equal(400);
    const badPatch = await (async () => {
      await create("com.ucflow.subscriber", { set: "s1" });
      return graph("PATCH", `/users/${ADELE}/extensions/com.ucflow.subscriber`, { set: { deep: 1 } });
    })();
    expect(badPatch.status).to.equal(400);
    expect(((await graph("GET", `/users/${ADELE}/extensions/com.ucflow.subscriber`)).body as { set: string }).set).to.equal("s1");
  });

  it("answers 409 for a name the user already has, whatever its case", async () => {
    expect((await create("com.ucflow.subscriber")).status).to.equal(201);
    const again = await create("COM.UCFLOW.SUBSCRIBER");
    expect(again.status).to.equal(409);
    expect(errorCode(again.body)).to.equal("Request_MultipleObjectsWithSameKeyValue");
  });

  it("lets one application add at most two open extensions to a user; another application has its own two", async () => {
    expect((await create("com.ucflow.one")).status).to.equal(201);
    expect((await create("com.ucflow.two")).status).to.equal(201);
    const third = await create("com.ucflow.three");
    expect(third.status).to.equal(400);
    expect(errorMessage(third.body)).to.include("at most 2");
    // Another user is another resource instance.
    expect((await create("com.ucflow.three", {}, "alex.wilber@contoso.com")).status).to.equal(201);

    const otherToken = await secondAppGraphToken(env);
    expect((await create("com.other.one", {}, ADELE, otherToken)).status).to.equal(201);
    expect((await create("com.other.two", {}, ADELE, otherToken)).status).to.equal(201);
    expect((await create("com.other.three", {}, ADELE, otherToken)).status).to.equal(400);
    const listed = (await graph("GET", `/users/${ADELE}/extensions`)).body as { value: { id: string }[] };
    expect(listed.value.map((item) => item.id)).to.deep.equal(["com.ucflow.one", "com.ucflow.two", "com.other.one", "com.other.two"]);
  });

  it("holds at most 2 KB per extension, its definition included, on create and on update", async () => {
    const definition = JSON.stringify({ "@odata.type": "#microsoft.graph.openTypeExtension", extensionName: "com.ucflow.big", id: "com.ucflow.big", data: "" });
    const fits = "x".repeat(2048 - Buffer.byteLength(definition));
    const created = await create("com.ucflow.big", { data: fits });
    expect(created.status).to.equal(201);
    const over = await graph("PATCH", `/users/${ADELE}/extensions/com.ucflow.big`, { data: `${fits}y` });
    expect(over.status).to.equal(400);
    expect(errorMessage(over.body)).to.include("2 KB").and.to.include("2049 bytes");
    expect((await create("com.ucflow.bigger", { data: "é".repeat(1100) })).status).to.equal(400);
  });

  it("works as $batch items, and the extensions are in GET /state/graph with the creating application", async () => {
    const json = { "content-type": "application/json" };
    const answer = await graph("POST", "/$batch", {
      requests: [
        { id: "1", method: "POST", url: `/users/${ADELE}/extensions`, headers: json, body: { "@odata.type": "microsoft.graph.openTypeExtension", extensionName: "com.ucflow.subscriber", set: "b1" } },
        { id: "2", method: "PATCH", url: `/users/${ADELE}/extensions/com.ucflow.subscriber`, headers: json, body: { set: "b2" }, dependsOn: ["1"] },
        { id: "3", method: "GET", url: `/users/${ADELE}/extensions/com.ucflow.subscriber`, dependsOn: ["2"] },
        { id: "4", method: "GET", url: `/users/${ADELE}?$select=id&$expand=extensions`, dependsOn: ["3"] },
      ],
    });
    expect(answer.status).to.equal(200);
    const byId = new Map((answer.body as { responses: { id: string; status: number; body?: Record<string, unknown> }[] }).responses.map((item) => [item.id, item]));
    expect(byId.get("1")?.status).to.equal(201);
    expect(byId.get("2")?.status).to.equal(204);
    expect(byId.get("3")?.body).to.deep.include({ set: "b2" });
    expect((byId.get("4")?.body as { extensions: unknown[] }).extensions).to.have.length(1);

    const state = (await env.control.state("graph")) as GraphState;
    const adele = state.users.find((user) => user.properties.userPrincipalName === ADELE);
    expect(adele?.extensions).to.deep.equal([{ extensionName: "com.ucflow.subscriber", creatorAppId: LAB_UCFLOW_CLIENT_ID, data: { set: "b2" } }]);

    const deleted = await graph("POST", "/$batch", { requests: [{ id: "1", method: "DELETE", url: `/users/${ADELE}/extensions/com.ucflow.subscriber` }] });
    expect((deleted.body as { responses: { status: number }[] }).responses[0]?.status).to.equal(204);
    const cleared = (await env.control.state("graph")) as GraphState;
    expect(cleared.users.find((user) => user.properties.userPrincipalName === ADELE)).to.not.have.property("extensions");
  });

  it("refuses query options on the extensions collection", async () => {
    const error = await rejection(client.api(`/users/${ADELE}/extensions`).top(1).get());
    expect(error).to.have.property("statusCode", 400);
  });
});
