// Groups and memberships in the graph simulator, raw and through the real Graph client: the
// seeded security groups listed with $select, $filter on displayName and paging; one group;
// adding a member by reference (204, the documented 400 when already a member, 404 for an
// unknown group or user); removing one (204, 404 when not a member); a user's memberOf and a
// group's members with @odata.type; all of it as $batch items; the identity rate limit; the
// groups and members in GET /state/graph; the permission the writes need.
import type { Client } from "@microsoft/microsoft-graph-client";
import { expect } from "chai";
import { SEED_GROUP_IDS, SEED_GROUP_MEMBER_UPN, type GraphState } from "../../../lab/microsoft";
import { accessToken, GRAPH_SCOPE, graphCall, graphClient, secondAppGraphToken, secretCredential, type MicrosoftLab, withMicrosoftLab } from "./support";

const FARAH = "farah.kowalski@contoso.com";
const PHONE_USERS = SEED_GROUP_IDS["Teams Phone Users"];
const SALES_VOICE = SEED_GROUP_IDS["Sales Voice"];
const UNKNOWN = "00000000-0000-4000-8000-0000000000ff";

describe("lab graph simulator: groups and memberships", () => {
  let env: MicrosoftLab;
  let client: Client;
  let token: string;

  withMicrosoftLab(async (lab) => {
    env = lab;
    client = graphClient(env);
    token = await accessToken(secretCredential(env), GRAPH_SCOPE);
  });

  const graph = (method: string, path: string, body?: unknown, bearer = token) => graphCall(env, bearer, method, path, body);
  const state = async () => (await env.control.state("graph")) as GraphState;
  const userId = async (upn: string) => (await state()).users.find((u) => u.properties.userPrincipalName === upn)!.properties.id;
  const reference = (id: string) => ({ "@odata.id": `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
  const error = (body: unknown) => (body as { error: { code: string; message: string } }).error;

  it("lists the seeded security groups with $select, $filter on displayName and paging", async () => {
    const all = (await client.api("/groups").select(["id", "displayName", "securityEnabled"]).get()) as { value: Record<string, unknown>[] };
    expect(all.value.map((g) => g.displayName)).to.deep.equal(["Teams Phone Users", "Sales Voice", "Conditional Access - Voice"]);
    expect(all.value[0]).to.deep.equal({ id: PHONE_USERS, displayName: "Teams Phone Users", securityEnabled: true });

    const one = await graph("GET", `/groups?$select=id,displayName&$filter=${encodeURIComponent("displayName eq 'Sales Voice'")}`);
    expect((one.body as { value: unknown[] }).value).to.deep.equal([{ id: SALES_VOICE, displayName: "Sales Voice" }]);

    const first = await graph("GET", "/groups?$select=id&$top=2");
    const body = first.body as { value: unknown[]; "@odata.nextLink": string };
    expect(body.value).to.have.length(2);
    expect(body["@odata.nextLink"]).to.match(/\$skiptoken=/);
    const rest = (await client.api(body["@odata.nextLink"]).get()) as { value: { id: string }[]; "@odata.nextLink"?: string };
    expect(rest.value.map((g) => g.id)).to.deep.equal([SEED_GROUP_IDS["Conditional Access - Voice"]]);
    expect(rest).to.not.have.property("@odata.nextLink");

    const bad = await graph("GET", "/groups?$select=nope");
    expect(bad.status).to.equal(400);
    expect(error(bad.body).message).to.match(/Could not find a property named 'nope' on type 'microsoft.graph.group'/);
  });

  it("reads one group, and answers 404 for an unknown one", async () => {
    const group = (await client.api(`/groups/${SALES_VOICE}`).select(["displayName", "groupTypes", "mailEnabled"]).get()) as Record<string, unknown>;
    expect(group).to.deep.include({ displayName: "Sales Voice", groupTypes: [], mailEnabled: false });
    const missing = await graph("GET", `/groups/${UNKNOWN}`);
    expect(missing.status).to.equal(404);
    expect(error(missing.body).code).to.equal("Request_ResourceNotFound");
  });

  it("adds a member by reference (204), answers the documented 400 when it is one already, and 404 for an unknown group or user", async () => {
    const farah = await userId(FARAH);
    const added = await graph("POST", `/groups/${SALES_VOICE}/members/$ref`, reference(farah));
    expect(added.status).to.equal(204);
    expect((await state()).groups.find((g) => g.properties.id === SALES_VOICE)?.members).to.deep.equal([farah]);

    const again = await graph("POST", `/groups/${SALES_VOICE}/members/$ref`, reference(farah));
    expect(again.status).to.equal(400);
    expect(error(again.body)).to.deep.include({ code: "Request_BadRequest", message: "One or more added object references already exist for the following modified properties: 'members'." });

    expect((await graph("POST", `/groups/${UNKNOWN}/members/$ref`, reference(farah))).status).to.equal(404);
    const noUser = await graph("POST", `/groups/${SALES_VOICE}/members/$ref`, reference(UNKNOWN));
    expect(noUser.status).to.equal(404);
    expect(error(noUser.body).code).to.equal("Request_ResourceNotFound");
    expect((await graph("POST", `/groups/${SALES_VOICE}/members/$ref`, { "@odata.id": "not a url" })).status).to.equal(400);
  });

  it("removes a member (204) and answers 404 when the user is not a member", async () => {
    const hana = await userId(SEED_GROUP_MEMBER_UPN);
    expect((await graph("DELETE", `/groups/${PHONE_USERS}/members/${hana}/$ref`)).status).to.equal(204);
    expect((await state()).groups.find((g) => g.properties.id === PHONE_USERS)?.members).to.deep.equal([]);
    const again = await graph("DELETE", `/groups/${PHONE_USERS}/members/${hana}/$ref`);
    expect(again.status).to.equal(404);
    expect(error(again.body).code).to.equal("Request_ResourceNotFound");
    expect((await graph("DELETE", `/groups/${UNKNOWN}/members/${hana}/$ref`)).status).to.equal(404);
  });

  it("lists a user's direct memberships and a group's members with @odata.type, paged", async () => {
    const hana = await userId(SEED_GROUP_MEMBER_UPN);
    await graph("POST", `/groups/${SALES_VOICE}/members/$ref`, reference(hana));
    const memberOf = (await client.api(`/users/${SEED_GROUP_MEMBER_UPN}/memberOf`).select(["id", "displayName"]).get()) as { value: Record<string, unknown>[] };
    expect(memberOf.value).to.deep.equal([
      { "@odata.type": "#microsoft.graph.group", id: PHONE_USERS, displayName: "Teams Phone Users" },
      { "@odata.type": "#microsoft.graph.group", id: SALES_VOICE, displayName: "Sales Voice" },
    ]);
    const paged = await graph("GET", `/users/${hana}/memberOf?$select=id&$top=1`);
    expect((paged.body as { value: unknown[] }).value).to.have.length(1);
    expect(paged.body).to.have.property("@odata.nextLink");

    const members = (await client.api(`/groups/${PHONE_USERS}/members`).get()) as { value: Record<string, unknown>[] };
    expect(members.value).to.deep.equal([{ "@odata.type": "#microsoft.graph.user", id: hana, displayName: "Hana Tanaka", userPrincipalName: SEED_GROUP_MEMBER_UPN, mail: SEED_GROUP_MEMBER_UPN }]);
    expect((await graph("GET", `/users/${UNKNOWN}/memberOf`)).status).to.equal(404);
  });

  it("serves every call as $batch items, each charged to the identity limits", async () => {
    const farah = await userId(FARAH);
    const json = { "content-type": "application/json" };
    const batch = async (requests: unknown[]) => {
      const answer = await graph("POST", "/$batch", { requests });
      expect(answer.status).to.equal(200);
      return new Map((answer.body as { responses: { id: string; status: number; headers?: Record<string, string>; body?: unknown }[] }).responses.map((item) => [item.id, item]));
    };
    const first = await batch([
      { id: "1", method: "POST", url: `/groups/${SALES_VOICE}/members/$ref`, headers: json, body: reference(farah) },
      { id: "2", method: "GET", url: `/users/${farah}/memberOf?$select=id`, dependsOn: ["1"] },
      { id: "3", method: "GET", url: `/groups?$filter=${encodeURIComponent("displayName eq 'Sales Voice'")}&$select=id`, dependsOn: ["2"] },
    ]);
    expect([1, 2, 3].map((n) => first.get(String(n))?.status)).to.deep.equal([204, 200, 200]);
    expect((first.get("2")?.body as { value: unknown[] }).value).to.deep.equal([{ "@odata.type": "#microsoft.graph.group", id: SALES_VOICE }]);
    expect(first.get("2")?.headers?.["x-ms-resource-unit"]).to.equal("1");
    expect(first.get("3")?.headers?.["x-ms-resource-unit"]).to.equal("1");
    const second = await batch([
      { id: "1", method: "POST", url: `/groups/${SALES_VOICE}/members/$ref`, headers: json, body: reference(farah) },
      { id: "2", method: "DELETE", url: `/groups/${PHONE_USERS}/members/${farah}/$ref` },
    ]);
    expect(second.get("1")?.status).to.equal(400);
    expect(error(second.get("1")?.body).message).to.match(/^One or more added object references already exist/);
    expect(second.get("2")?.status).to.equal(404);
    const third = await batch([{ id: "1", method: "DELETE", url: `/groups/${SALES_VOICE}/members/${farah}/$ref` }]);
    expect(third.get("1")?.status).to.equal(204);

    await env.control.seed("graph", { throttling: { identity: { resourceUnits: { small: 2, medium: 2, large: 2, windowSeconds: 3600 } } } });
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await graph("GET", `/users/${farah}/memberOf`)).status);
    expect(results).to.deep.equal([200, 200, 429]);
  });

  it("needs a group membership permission to write", async () => {
    const other = await secondAppGraphToken(env);
    const farah = await userId(FARAH);
    const denied = await graph("POST", `/groups/${SALES_VOICE}/members/$ref`, reference(farah), other);
    expect(denied.status).to.equal(403);
    expect(error(denied.body).code).to.equal("Authorization_RequestDenied");
  });
});
