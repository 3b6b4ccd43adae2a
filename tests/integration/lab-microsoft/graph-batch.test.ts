// JSON batching through the real Graph client's BatchRequestContent / BatchResponseContent:
// per-item statuses including an injected per-item 429 with Retry-After (which the outer 200
// hides from the client's RetryHandler), dependsOn with 424, per-item ConsistencyLevel, and the
// batch-level 400s.
import { BatchRequestContent, BatchResponseContent, type Client } from "@microsoft/microsoft-graph-client";
import { expect } from "chai";
import { waitFor } from "../lab/fixtures/lab-test-support";
import { accessToken, call, GRAPH_SCOPE, graphClient, secretCredential, type MicrosoftLab, withMicrosoftLab } from "./support";

interface BatchAnswer {
  responses: { id: string; status: number; headers?: Record<string, string>; body?: unknown }[];
}

describe("lab graph simulator: $batch", () => {
  let env: MicrosoftLab;
  let client: Client;

  withMicrosoftLab((lab) => {
    env = lab;
    client = graphClient(env);
  });

  // BatchRequestContent 3.0.7 keeps the path of an absolute url as the item url, so the url
  // leaves out the version (msgraph-sdk-javascript#1451): "/users", not "/v1.0/users".
  const request = (path: string, init: RequestInit = {}): Request => new Request(`${env.graphUrl}${path}`, init);
  const send = async (content: BatchRequestContent): Promise<BatchResponseContent> => new BatchResponseContent(await client.api("/$batch").post(await content.getContent()));
  const raw = async (body: unknown) => call(env, `${env.graphUrl}/v1.0/$batch`, { method: "POST", token: await accessToken(secretCredential(env), GRAPH_SCOPE), body });

  it("answers each request with its own status, in an order that is not the request order", async () => {
    const content = new BatchRequestContent([
      { id: "1", request: request("/users?$top=2&$select=id") },
      { id: "2", request: request("/subscribedSkus") },
      { id: "3", request: request("/organization") },
      { id: "4", request: request("/users/nobody@contoso.com") },
      { id: "5", request: request("/users/adele.vance@contoso.com?$select=city") },
    ]);
    const answer = (await client.api("/$batch").post(await content.getContent())) as BatchAnswer;
    expect(answer.responses.map((item) => item.id).sort()).to.deep.equal(["1", "2", "3", "4", "5"]);
    expect(answer.responses.map((item) => item.id)).to.not.deep.equal(["1", "2", "3", "4", "5"]);
    const byId = new BatchResponseContent(answer);
    expect(byId.getResponseById("1")?.status).to.equal(200);
    expect(((await byId.getResponseById("1")?.json()) as { value: unknown[] }).value).to.have.length(2);
    expect(byId.getResponseById("4")?.status).to.equal(404);
    expect(((await byId.getResponseById("4")?.json()) as { error: { code: string } }).error.code).to.equal("Request_ResourceNotFound");
    expect(((await byId.getResponseById("5")?.json()) as { city: string }).city).to.equal("Chicago");
  });

  it("throttles one item with a per-item 429 and Retry-After while the batch answers 200", async () => {
    await env.control.seed("graph", { batchItemFaults: [{ url: "^/users/", method: "PATCH", status: 429, retryAfterSeconds: 7, count: 1 }] });
    const patch = (id: string, city: string) => ({ id, request: request("/users/adele.vance@contoso.com", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ city }) }) });
    const first = await send(new BatchRequestContent([patch("a", "Denver"), { id: "b", request: request("/organization") }]));
    const throttled = first.getResponseById("a");
    expect(throttled?.status).to.equal(429);
    expect(throttled?.headers.get("retry-after")).to.equal("7");
    expect(((await throttled?.json()) as { error: { code: string } }).error.code).to.equal("TooManyRequests");
    expect(first.getResponseById("b")?.status).to.equal(200);
    // The client re-batches what was throttled itself; the fault fired once.
    const second = await send(new BatchRequestContent([patch("a", "Denver")]));
    expect(second.getResponseById("a")?.status).to.equal(204);
    expect(((await client.api("/users/adele.vance@contoso.com").select("city").get()) as { city: string }).city).to.equal("Denver");
  });

  it("answers 424 for requests depending on a failed one", async () => {
    const content = new BatchRequestContent([
      { id: "1", request: request("/users/nobody@contoso.com") },
      { id: "2", request: request("/users/adele.vance@contoso.com"), dependsOn: ["1"] },
    ]);
    const answer = await send(content);
    expect(answer.getResponseById("1")?.status).to.equal(404);
    expect(answer.getResponseById("2")?.status).to.equal(424);
  });

  it("honours ConsistencyLevel given in an item's headers", async () => {
    const advanced = "/users?$filter=endsWith(mail,'@contoso.com')&$count=true&$top=1";
    const answer = await send(new BatchRequestContent([
      { id: "with", request: request(advanced, { headers: { ConsistencyLevel: "eventual" } }) },
      { id: "without", request: request(advanced) },
    ]));
    expect(answer.getResponseById("with")?.status).to.equal(200);
    expect(((await answer.getResponseById("with")?.json()) as { "@odata.count": number })["@odata.count"]).to.be.greaterThan(1);
    expect(answer.getResponseById("without")?.status).to.equal(400);
  });

  it("answers an item whose url repeats the version with Graph's 400 for the segment, and runs the others", async () => {
    const answer = await raw({ requests: [{ id: "v", method: "GET", url: "/v1.0/organization" }, { id: "b", method: "GET", url: "/beta/organization" }, { id: "ok", method: "GET", url: "/organization" }] });
    expect(answer.status).to.equal(200);
    const byId = new Map((answer.body as BatchAnswer).responses.map((item) => [item.id, item]));
    expect(byId.get("v")?.status).to.equal(400);
    expect(byId.get("v")?.body).to.have.nested.property("error.message", "Resource not found for the segment 'v1.0'.");
    expect(byId.get("b")?.body).to.have.nested.property("error.message", "Resource not found for the segment 'beta'.");
    expect(byId.get("ok")?.status).to.equal(200);
  });

  it("matches dependsOn to request ids without case", async () => {
    const answer = await raw({ requests: [{ id: "First", method: "GET", url: "/organization" }, { id: "second", method: "GET", url: "/organization", dependsOn: ["first"] }] });
    expect(answer.status).to.equal(200);
    expect((answer.body as BatchAnswer).responses.map((item) => item.status)).to.deep.equal([200, 200]);
  });

  it("refuses malformed batches as a whole with 400", async () => {
    const get = (id: string, url = "/organization") => ({ id, method: "GET", url });
    const tooMany = await raw({ requests: Array.from({ length: 21 }, (_, i) => get(String(i))) });
    expect(tooMany.status).to.equal(400);
    expect((await raw({ requests: [get("1"), get("1")] })).status).to.equal(400);
    // Ids are compared without case.
    const sameIdInOtherCase = await raw({ requests: [get("a"), get("A")] });
    expect(sameIdInOtherCase.status).to.equal(400);
    expect((sameIdInOtherCase.body as { error: { message: string } }).error.message).to.equal("Batch request contains duplicate request id 'A'.");
    expect((await raw({ requests: [get("1", `${env.graphUrl}/v1.0/organization`)] })).status).to.equal(400);
    const mixed = await raw({ requests: [get("1"), { ...get("2"), dependsOn: ["1"] }, get("3")] });
    expect(mixed.status).to.equal(400);
    expect((mixed.body as { error: { message: string } }).error.message).to.equal("Batch should be either fully sequential or fully parallel");
    const noContentType = await raw({ requests: [{ id: "1", method: "PATCH", url: "/users/adele.vance@contoso.com", body: { city: "Austin" } }] });
    expect(noContentType.status).to.equal(400);
  });

  describe("fault rules on items", () => {
    const ids = ["adele.vance@contoso.com", "alex.wilber@contoso.com", "emily.braun@contoso.com"];
    const license = (id: string, user: string) => ({ id, method: "POST", url: `/users/${user}/assignLicense`, headers: { "content-type": "application/json" }, body: { addLicenses: [], removeLicenses: [] } });
    const items = (answer: { body: unknown }) => new Map((answer.body as BatchAnswer).responses.map((item) => [item.id, item]));

    it("answers a matching item with the rule's status, Graph's error shape and a per-item Retry-After", async () => {
      const [rule] = await env.control.addFaults([{ service: "graph", method: "POST", path: "^/v1\\.0/users/[^/]+/assignLicense$", action: "status", status: 429, retryAfter: 3, count: 1 }]);
      const answer = await raw({ requests: [license("a", ids[0] as string), { id: "b", method: "GET", url: "/organization" }] });
      expect(answer.status).to.equal(200);
      const byId = items(answer);
      expect(byId.get("a")?.status).to.equal(429);
      expect(byId.get("a")?.headers?.["Retry-After"]).to.equal("3");
      expect(byId.get("a")?.body).to.have.nested.property("error.code", "TooManyRequests");
      expect(byId.get("a")?.body).to.have.nested.property("error.innerError.request-id");
      expect(byId.get("b")?.status).to.equal(200);
      expect((await env.control.faults()).rules.find((candidate) => candidate.id === rule?.id)?.fired).to.equal(1);
      // Used up: the item goes through now.
      const again = await raw({ requests: [license("a", ids[0] as string)] });
      expect(items(again).get("a")?.status).to.equal(200);
    });

    it("counts items in a rule's fired, so a 0 ms latency rule counts requests sent alone or batched", async () => {
      const [counter] = await env.control.addFaults([{ service: "graph", method: "GET", path: "^/v1\\.0/users/[^/]+$", action: "latency", ms: 0 }]);
      await client.api(`/users/${ids[0]}`).get();
      await raw({ requests: ids.map((user, i) => ({ id: String(i), method: "GET", url: `/users/${user}?$select=id` })) });
      expect((await env.control.faults()).rules.find((candidate) => candidate.id === counter?.id)?.fired).to.equal(1 + ids.length);
    });

    it("fails an item whose rule resets the connection with a 504 item error and applies nothing", async () => {
      await env.control.addFaults([{ service: "graph", method: "PATCH", path: "^/v1\\.0/users/", action: "reset", count: 1 }]);
      const answer = await raw({ requests: [{ id: "p", method: "PATCH", url: `/users/${ids[0]}`, headers: { "content-type": "application/json" }, body: { city: "Denver" } }, { id: "g", method: "GET", url: "/organization" }] });
      const byId = items(answer);
      expect(byId.get("p")?.status).to.equal(504);
      expect(byId.get("p")?.body).to.have.nested.property("error.code", "UnknownError");
      expect(byId.get("g")?.status).to.equal(200);
      expect(((await client.api(`/users/${ids[0]}`).select("city").get()) as { city: string }).city).to.equal("Chicago");
    });

    it("delays items concurrently: every item of a parallel batch is waiting on its latency at once", async () => {
      // A latency no sequential run could get through: if items waited one after the other,
      // the rule would fire once per minute; run in parallel, it fires for all of them at once.
      const [slow] = await env.control.addFaults([{ service: "graph", method: "GET", path: "^/v1\\.0/users/[^/]+$", action: "latency", ms: 60_000 }]);
      const abort = new AbortController();
      const pending = fetch(`${env.graphUrl}/v1.0/$batch`, {
        method: "POST",
        signal: abort.signal,
        headers: { authorization: `Bearer ${await accessToken(secretCredential(env), GRAPH_SCOPE)}`, "content-type": "application/json" },
        body: JSON.stringify({ requests: Array.from({ length: 20 }, (_, i) => ({ id: String(i), method: "GET", url: `/users/${ids[i % ids.length]}` })) }),
      }).catch((error: unknown) => error);
      try {
        await waitFor("20 items waiting on their latency at once", async () => (await env.control.faults()).rules.find((candidate) => candidate.id === slow?.id)?.fired === 20);
      } finally {
        abort.abort();
        await pending;
      }
    });
  });
});
