// Users on the graph simulator through the real Microsoft Graph client: paging with the
// client's PageIterator, $select, $filter and the advanced-query rules, PATCH, errors in
// Graph's shape, and the read-lag knob.
import { type Client, GraphError, PageIterator, ResponseType } from "@microsoft/microsoft-graph-client";
import { expect } from "chai";
import { SEED_USER_COUNT, SKU_IDS } from "../../../lab/microsoft";
import { graphClient, rejection, type MicrosoftLab, withMicrosoftLab } from "./support";

interface UserJson {
  id: string;
  userPrincipalName?: string;
  displayName?: string;
  department?: string | null;
  city?: string | null;
  [name: string]: unknown;
}

interface Page<T> {
  value: T[];
  "@odata.nextLink"?: string;
  "@odata.count"?: number;
  "@odata.context"?: string;
}

const ADVANCED_HINT = "is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header.";

describe("lab graph simulator: users", () => {
  let env: MicrosoftLab;
  let client: Client;

  withMicrosoftLab((lab) => {
    env = lab;
    client = graphClient(env);
  });

  const all = async (request: Promise<Page<UserJson>>): Promise<{ users: UserJson[]; pages: number; first: Page<UserJson> }> => {
    const first = await request;
    const users: UserJson[] = [];
    let pages = 0;
    const iterator = new PageIterator(client, first, (user: UserJson) => {
      users.push(user);
      return true;
    });
    await iterator.iterate();
    pages = 1 + Math.ceil(Math.max(0, users.length - first.value.length) / Math.max(1, first.value.length));
    return { users, pages, first };
  };
  const graphError = async (promise: Promise<unknown>): Promise<GraphError> => {
    const error = await rejection(promise);
    expect(error).to.be.instanceOf(GraphError);
    return error as unknown as GraphError;
  };

  describe("paging and $select", () => {
    it("pages through every user with absolute $skiptoken nextLinks followed by the client's PageIterator", async () => {
      const { users, first } = await all(client.api("/users").top(7).select("id,displayName").get() as Promise<Page<UserJson>>);
      expect(first.value).to.have.length(7);
      expect(first["@odata.nextLink"]).to.match(new RegExp(`^${env.graphUrl.replace(/[.]/g, "\\.")}/v1\\.0/users\\?.*\\$skiptoken=`));
      expect(first["@odata.nextLink"]).to.contain("$top=7");
      expect(users).to.have.length(SEED_USER_COUNT);
      expect(new Set(users.map((user) => user.id)).size).to.equal(SEED_USER_COUNT);
      expect(users.every((user) => Object.keys(user).sort().join() === "displayName,id")).to.equal(true);
    });

    it("returns 100 users per page by default and refuses $top above 999 and $skip", async () => {
      const page = (await client.api("/users").get()) as Page<UserJson>;
      expect(page.value).to.have.length(SEED_USER_COUNT);
      expect(page["@odata.nextLink"]).to.equal(undefined);
      const tooBig = await graphError(client.api("/users").top(1000).get());
      expect(tooBig.statusCode).to.equal(400);
      expect(tooBig.message).to.equal("Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.");
      const skip = await graphError(client.api("/users").skip(5).get());
      expect(skip.statusCode).to.equal(400);
      expect(skip.message).to.contain("$skip");
    });

    it("returns properties that are 'returned only on $select' only when selected", async () => {
      const byDefault = (await client.api("/users").top(1).get()) as Page<UserJson>;
      const user = byDefault.value[0] as UserJson;
      expect(user).to.have.keys("businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id");
      expect(user).to.not.have.any.keys("department", "city", "usageLocation", "onPremisesSyncEnabled", "assignedLicenses");
      const selected = (await client.api("/users").top(1).select(["department", "city", "usageLocation", "onPremisesExtensionAttributes", "assignedLicenses"]).get()) as Page<UserJson>;
      // Only what was selected: not even the id unless asked for.
      expect(selected.value[0]).to.have.keys("department", "city", "usageLocation", "onPremisesExtensionAttributes", "assignedLicenses");
      expect(selected["@odata.context"]).to.match(/\$metadata#users\(department,city,usageLocation,onPremisesExtensionAttributes,assignedLicenses\)$/);
      const unknown = await graphError(client.api("/users").select("department,favouriteColour").get());
      expect(unknown.statusCode).to.equal(400);
      expect(unknown.message).to.equal("Parsing OData Select and Expand failed: Could not find a property named 'favouriteColour' on type 'microsoft.graph.user'.");
    });
  });

  describe("$filter", () => {
    const filtered = async (filter: string, advanced = false): Promise<UserJson[]> => {
      let request = client.api("/users").filter(filter).select("id,displayName,department,city,usageLocation,accountEnabled,mail,onPremisesSyncEnabled,onPremisesExtensionAttributes,assignedLicenses").top(999);
      if (advanced) request = request.header("ConsistencyLevel", "eventual").count(true);
      return ((await request.get()) as Page<UserJson>).value;
    };

    it("evaluates comparisons, in, startsWith, and/or/parentheses case-insensitively", async () => {
      const chicago = await filtered("city eq 'chicago'");
      expect(chicago.length).to.be.greaterThan(5);
      expect(chicago.every((user) => user.city === "Chicago")).to.equal(true);
      const salesOrFinance = await filtered("department in ('Sales', 'Finance')");
      expect(salesOrFinance.every((user) => user.department === "Sales" || user.department === "Finance")).to.equal(true);
      const combined = await filtered("city eq 'Boston' and (department eq 'Sales' or department eq 'Engineering')");
      expect(combined.length).to.be.greaterThan(0);
      expect(combined.every((user) => user.city === "Boston" && ["Sales", "Engineering"].includes(user.department ?? ""))).to.equal(true);
      const startsWith = await filtered("startsWith(displayName,'ad')");
      expect(startsWith.length).to.be.greaterThan(0);
      expect(startsWith.every((user) => (user.displayName ?? "").toLowerCase().startsWith("ad"))).to.equal(true);
      const disabled = await filtered("accountEnabled eq false");
      expect(disabled.length).to.be.greaterThan(0);
      expect(disabled.every((user) => user.accountEnabled === false)).to.equal(true);
    });

    it("handles quotes escaped as '' and lambda any() on assignedLicenses with an unquoted GUID", async () => {
      await env.control.seed("graph", { users: [{ userPrincipalName: "siobhan.obrien@contoso.com", displayName: "Siobhan O'Brien", surname: "O'Brien", city: "Chicago" }] });
      const obrien = await filtered("surname eq 'O''Brien'");
      expect(obrien.map((user) => user.displayName)).to.deep.equal(["Siobhan O'Brien"]);
      const e5 = await filtered(`assignedLicenses/any(x:x/skuId eq ${SKU_IDS.SPE_E5})`);
      const skus = (await client.api("/subscribedSkus").get()) as Page<{ skuPartNumber: string; consumedUnits: number }>;
      expect(e5).to.have.length(skus.value.find((sku) => sku.skuPartNumber === "SPE_E5")?.consumedUnits ?? -1);
      const quotedGuid = await graphError(filtered(`assignedLicenses/any(x:x/skuId eq '${SKU_IDS.SPE_E5}')`));
      expect(quotedGuid.message).to.contain("incompatible types");
    });

    it("answers Request_UnsupportedQuery for advanced-only operators without ConsistencyLevel: eventual and $count=true", async () => {
      for (const [filter, operator] of [
        ["endsWith(mail,'@contoso.com')", "endsWith"],
        ["department ne 'Sales'", "ne"],
        ["not(city eq 'Chicago')", "not"],
        ["usageLocation eq null", "eq null"],
        ["mail ne null", "ne"],
        ["onPremisesExtensionAttributes/extensionAttribute11 eq 'TeamsVoice'", "eq"],
      ] as const) {
        const error = await graphError(filtered(filter));
        expect(error.statusCode, filter).to.equal(400);
        expect(error.code, filter).to.equal("Request_UnsupportedQuery");
        expect(error.message, filter).to.equal(`Operator '${operator}' ${ADVANCED_HINT} Refer to https://aka.ms/graph-docs/advanced-queries for more information`);
      }
      // The header alone is not enough for these operators: $count=true is needed too.
      const headerOnly = await graphError(client.api("/users").filter("department ne 'Sales'").header("ConsistencyLevel", "eventual").get());
      expect(headerOnly.code).to.equal("Request_UnsupportedQuery");
    });

    it("serves advanced queries with @odata.count", async () => {
      const request = client.api("/users").filter("endsWith(mail,'@contoso.com') and department ne 'Sales'").header("ConsistencyLevel", "eventual").count(true).select("id,department").top(5);
      const page = (await request.get()) as Page<UserJson>;
      expect(page["@odata.count"]).to.be.a("number").greaterThan(5);
      expect(page.value.every((user) => user.department !== "Sales")).to.equal(true);
      const synced = await filtered("onPremisesExtensionAttributes/extensionAttribute11 eq 'TeamsVoice'", true);
      expect(synced.length).to.be.greaterThan(0);
      expect(synced.every((user) => (user.onPremisesExtensionAttributes as Record<string, string>).extensionAttribute11 === "TeamsVoice" && user.onPremisesSyncEnabled === true)).to.equal(true);
      const noUsageLocation = await filtered("usageLocation eq null", true);
      expect(noUsageLocation.length).to.be.greaterThan(0);
      expect(noUsageLocation.every((user) => user.usageLocation === null)).to.equal(true);
    });

    it("ignores $count=true without the header, and serves /users/$count only with it", async () => {
      const ignored = (await client.api("/users").count(true).top(1).get()) as Page<UserJson>;
      expect(ignored["@odata.count"]).to.equal(undefined);
      const segment = await graphError(client.api("/users/$count").get());
      expect(segment.code).to.equal("Request_BadRequest");
      expect(segment.message).to.equal("$count is not currently supported.");
      const counted = (await client.api("/users/$count").header("ConsistencyLevel", "eventual").filter("city eq 'Austin'").responseType(ResponseType.TEXT).get()) as string;
      expect(Number(counted)).to.equal((await filtered("city eq 'Austin'")).length);
    });

    it("gates $search on the header and rejects bad filters in Graph's words", async () => {
      const search = await graphError(client.api("/users").search('"displayName:adele"').get());
      expect(search.code).to.equal("Request_UnsupportedQuery");
      expect(search.message).to.equal("Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
      const found = (await client.api("/users").search('"displayName:adele"').header("ConsistencyLevel", "eventual").get()) as Page<UserJson>;
      expect(found.value.length).to.be.greaterThan(0);
      expect(found.value.every((user) => (user.displayName ?? "").toLowerCase().startsWith("adele"))).to.equal(true);

      const syntax = await graphError(filtered("city eq 'Chicago"));
      expect(syntax.code).to.equal("BadRequest");
      expect(syntax.message).to.match(/^Invalid filter clause/);
      const operator = await graphError(filtered("startsWith(department,'Sa')"));
      expect(operator.code).to.equal("Request_UnsupportedQuery");
      expect(operator.message).to.equal("Unsupported or invalid query filter clause specified for property 'department' of resource 'User'.");
      const types = await graphError(filtered("accountEnabled eq 'true'"));
      expect(types.message).to.contain("A binary operator with incompatible types was detected. Found operand types 'Edm.Boolean' and 'Edm.String' for operator kind 'Equal'.");
    });
  });

  describe("one user", () => {
    it("reads by id or UPN, and a PATCH of city moves the user", async () => {
      const byUpn = (await client.api("/users/adele.vance@contoso.com").select("id,city,department").get()) as UserJson;
      expect(byUpn.city).to.equal("Chicago");
      const byId = (await client.api(`/users/${byUpn.id}`).select("userPrincipalName").get()) as UserJson;
      expect(byId.userPrincipalName).to.equal("adele.vance@contoso.com");
      const patched = await client.api(`/users/${byUpn.id}`).patch({ city: "Boston", department: "Support" });
      expect(patched).to.equal(undefined); // 204 No Content
      const after = (await client.api(`/users/${byUpn.id}`).select("city,department").get()) as UserJson;
      expect(after).to.include({ city: "Boston", department: "Support" });
    });

    it("refuses on-premises-mastered changes of synced users, a null usageLocation once set, and unknown properties", async () => {
      const synced = ((await client.api("/users").filter("onPremisesSyncEnabled eq true").select("id,usageLocation").top(1).get()) as Page<UserJson>).value[0] as UserJson;
      const mastered = await graphError(client.api(`/users/${synced.id}`).patch({ city: "Denver" }));
      expect(mastered.statusCode).to.equal(400);
      expect(mastered.message).to.equal("Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.");
      await client.api(`/users/${synced.id}`).patch({ usageLocation: "GB" });
      expect(((await client.api(`/users/${synced.id}`).select("usageLocation").get()) as UserJson).usageLocation).to.equal("GB");
      const reset = await graphError(client.api(`/users/${synced.id}`).patch({ usageLocation: null }));
      expect(reset.message).to.equal("Invalid value specified for property 'usageLocation' of resource 'User'.");
      const unknown = await graphError(client.api(`/users/${synced.id}`).patch({ favouriteColour: "blue" }));
      expect(unknown.code).to.equal("BadRequest");
      expect(unknown.message).to.contain("The property 'favouriteColour' does not exist on type 'microsoft.graph.user'.");
    });

    it("answers 404 Request_ResourceNotFound with request ids in the headers and innerError", async () => {
      const missing = "00000000-0000-4000-8000-000000000000";
      const error = await graphError(client.api(`/users/${missing}`).header("client-request-id", "lab-test-request-1").get());
      expect(error.statusCode).to.equal(404);
      expect(error.code).to.equal("Request_ResourceNotFound");
      expect(error.message).to.equal(`Resource '${missing}' does not exist or one of its queried reference-property objects are not present.`);
      expect(error.requestId).to.match(/^[0-9a-f-]{36}$/);
      // The client keeps the body's `error` object as a JSON string.
      const body = JSON.parse(error.body as string) as { innerError: Record<string, string> };
      expect(body.innerError["client-request-id"]).to.equal("lab-test-request-1");
      expect(body.innerError.date).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      const raw = (await client.api("/users/adele.vance@contoso.com").responseType(ResponseType.RAW).get()) as Response;
      expect(raw.headers.get("request-id")).to.match(/^[0-9a-f-]{36}$/);
      expect(raw.headers.get("client-request-id")).to.be.a("string");
      const segment = await graphError(client.api("/userz").get());
      expect(segment.statusCode).to.equal(400);
      expect(segment.message).to.equal("Resource not found for the segment 'userz'.");
    });

    it("hides a user created out of band for the configured number of reads", async () => {
      await env.control.seed("graph", { consistency: { newUserReadLag: 2 }, users: [{ userPrincipalName: "late.arrival@contoso.com", displayName: "Late Arrival" }] });
      expect((await graphError(client.api("/users/late.arrival@contoso.com").get())).statusCode).to.equal(404);
      expect((await graphError(client.api("/users/late.arrival@contoso.com").get())).statusCode).to.equal(404);
      expect(((await client.api("/users/late.arrival@contoso.com").get()) as UserJson).displayName).to.equal("Late Arrival");
    });

    it("reads the organization", async () => {
      const organization = (await client.api("/organization").get()) as Page<{ id: string; displayName: string; verifiedDomains: { name: string }[] }>;
      expect(organization.value[0]).to.include({ displayName: "Contoso" });
      expect(organization.value[0]?.verifiedDomains.map((domain) => domain.name)).to.include("contoso.com");
    });
  });
});
