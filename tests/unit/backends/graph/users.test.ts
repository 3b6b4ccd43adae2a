import { expect } from "chai";
import { getUser, listUsers, needsAdvancedQuery, setUsageLocation, usersDelta } from "../../../../provider/backends/graph/users";
import { ConfigurationError, isNotFoundError } from "../../../../provider/core/errors";
import { graphErrorBody, rejectionOf } from "../replay";
import { GRAPH, graphFixture } from "./fixture";

const SELECT = ["department", "usageLocation", "city"];
const SELECTED = "$select=id,userPrincipalName,department,usageLocation,city";

describe("graph users", () => {
  describe("listUsers", () => {
    it("selects every attribute, filters, pages with $top and follows nextLinks without advanced query headers", async () => {
      const { graph, transport } = graphFixture();
      const next = `${GRAPH}/users?${SELECTED}&$top=999&$skiptoken=RFNwdAIAAQAAAA`;
      transport.reply(
        { status: 200, body: { value: [{ id: "u1", userPrincipalName: "a@contoso.com", department: "Sales" }, { id: "u2" }], "@odata.nextLink": next } },
        { status: 200, body: { value: [{ id: "u3" }] } },
      );
      const result = await listUsers(graph, { select: SELECT, filter: "department eq 'Sales & Ops'" });
      expect(transport.requests.map((r) => r.url)).to.deep.equal([`${GRAPH}/users?${SELECTED}&$filter=department%20eq%20%27Sales%20%26%20Ops%27&$top=999`, next]);
      expect(transport.requests.map((r) => r.headers.consistencylevel)).to.deep.equal([undefined, undefined]);
      expect(result).to.deep.equal({
        users: [{ id: "u1", userPrincipalName: "a@contoso.com", department: "Sales" }, { id: "u2" }, { id: "u3" }],
        count: undefined,
        advancedQuery: false,
        pages: 2,
      });
    });

    it("sends $count=true and ConsistencyLevel: eventual on every page when the filter needs the advanced index", async () => {
      const { graph, transport } = graphFixture();
      const next = `${GRAPH}/users?$skiptoken=X2`;
      transport.reply({ status: 200, body: { "@odata.count": 2, value: [{ id: "u1" }], "@odata.nextLink": next } }, { status: 200, body: { value: [{ id: "u2" }] } });
      const result = await listUsers(graph, { select: ["mail"], filter: "endsWith(mail,'@contoso.com')", top: 1 });
      expect(transport.requests.map((r) => [r.url, r.headers.consistencylevel])).to.deep.equal([
        [`${GRAPH}/users?$select=id,userPrincipalName,mail&$filter=endsWith(mail,%27%40contoso.com%27)&$top=1&$count=true`, "eventual"],
        [next, "eventual"],
      ]);
      expect([result.count, result.advancedQuery, result.users.length]).to.deep.equal([2, true, 2]);
    });

    it("rejects a page size over 999 and select entries that are not property names", async () => {
      const { graph, transport } = graphFixture();
      const error = await rejectionOf<ConfigurationError>(listUsers(graph, { select: ["city", "id&$expand=manager"], top: 1000 }));
      expect(error).to.be.instanceOf(ConfigurationError);
      expect(error.problems).to.deep.equal(['select entries must be property names; got "id&$expand=manager"', "top must be an integer from 1 to 999; got 1000"]);
      expect(transport.requests).to.deep.equal([]);
    });
  });

  describe("needsAdvancedQuery", () => {
    const cases: [string, boolean][] = [
      ["department eq 'Sales'", false],
      ["startsWith(city,'Zur') and usageLocation eq 'CH'", false],
      ["department in ('Sales','Support')", false],
      ["department eq 'not ne endsWith( eq null'", false],
      ["jobTitle eq 'O''Neil ne'", false],
      ["department ne 'Sales'", true],
      ["not(department eq 'Sales')", true],
      ["endsWith(mail,'@contoso.com')", true],
      ["employeeId eq null", true],
      ["assignedLicenses/$count eq 0", true],
      ["onPremisesExtensionAttributes/extensionAttribute11 eq 'Voice'", true],
      ["mobilePhone eq '+41'", false],
    ];
    for (const [filter, expected] of cases) {
      it(`${expected ? "needs" : "does not need"} it for ${filter}`, () => {
        expect(needsAdvancedQuery(filter)).to.equal(expected);
      });
    }
  });

  describe("usersDelta", () => {
    it("follows nextLinks until the deltaLink and separates removed users", async () => {
      const { graph, transport } = graphFixture();
      const next = `${GRAPH}/users/delta?$skiptoken=s1`;
      const delta = `${GRAPH}/users/delta?$deltatoken=d1`;
      transport.reply(
        { status: 200, body: { value: [{ id: "u1", department: "Sales" }], "@odata.nextLink": next } },
        { status: 200, body: { value: [{ id: "u2", "@removed": { reason: "changed" } }, { id: "u3", "@removed": { reason: "deleted" } }], "@odata.deltaLink": delta } },
      );
      const round = await usersDelta(graph, { select: ["department"] });
      expect(transport.requests.map((r) => r.url)).to.deep.equal([`${GRAPH}/users/delta?$select=id,userPrincipalName,department`, next]);
      expect(round).to.deep.equal({
        users: [{ id: "u1", department: "Sales" }],
        removed: [
          { id: "u2", reason: "changed" },
          { id: "u3", reason: "deleted" },
        ],
        deltaLink: delta,
        fullRound: true,
        resyncReason: undefined,
        pages: 2,
      });
    });

    it("starts from a stored deltaLink and reports an incremental round", async () => {
      const { graph, transport } = graphFixture();
      const stored = `${GRAPH}/users/delta?$deltatoken=old`;
      transport.reply({ status: 200, body: { value: [{ id: "u9" }], "@odata.deltaLink": `${GRAPH}/users/delta?$deltatoken=new` } });
      const round = await usersDelta(graph, { select: ["department"], deltaLink: stored });
      expect(transport.requests.map((r) => r.url)).to.deep.equal([stored]);
      expect([round.fullRound, round.deltaLink, round.users]).to.deep.equal([false, `${GRAPH}/users/delta?$deltatoken=new`, [{ id: "u9" }]]);
    });

    it("falls back to a full round when the stored deltaLink expired, and says so", async () => {
      const { graph, transport, logger } = graphFixture();
      const stored = `${GRAPH}/users/delta?$deltatoken=expired`;
      transport.reply(
        {
          status: 400,
          headers: { "request-id": "r-sync" },
          body: graphErrorBody("syncStateNotFound", "The sync state generation is not found. The delta token is expired and data must be synchronized again.", "r-sync"),
        },
        { status: 200, body: { value: [{ id: "u1" }], "@odata.deltaLink": `${GRAPH}/users/delta?$deltatoken=fresh` } },
      );
      const round = await usersDelta(graph, { select: ["department"], deltaLink: stored });
      expect(transport.requests.map((r) => r.url)).to.deep.equal([stored, `${GRAPH}/users/delta?$select=id,userPrincipalName,department`]);
      expect([round.fullRound, round.resyncReason, round.deltaLink]).to.deep.equal([
        true,
        "syncStateNotFound: The sync state generation is not found. The delta token is expired and data must be synchronized again.",
        `${GRAPH}/users/delta?$deltatoken=fresh`,
      ]);
      expect(logger.lines.filter((l) => l.startsWith("warn"))).to.deep.equal([
        "warn graph: the stored users deltaLink was rejected (syncStateNotFound: The sync state generation is not found. The delta token is expired and data must be synchronized again.); reading every user again",
      ]);
    });

    it("does not hide other errors behind a resync", async () => {
      const { graph, transport } = graphFixture();
      transport.reply({ status: 403, body: graphErrorBody("Authorization_RequestDenied", "Insufficient privileges to complete the operation.", "r-403") });
      const error = await rejectionOf(usersDelta(graph, { select: [], deltaLink: `${GRAPH}/users/delta?$deltatoken=x` }));
      expect(error.message).to.equal("graph: reading user changes: 403 Authorization_RequestDenied: Insufficient privileges to complete the operation. (request-id r-403)");
      expect(transport.requests).to.have.length(1);
    });
  });

  it("getUser maps 404 to NotFoundError with Graph's request id", async () => {
    const { graph, transport } = graphFixture();
    transport.reply({
      status: 404,
      headers: { "request-id": "r-404" },
      body: graphErrorBody("Request_ResourceNotFound", "Resource 'bob@contoso.com' does not exist or one of its queried reference-property objects are not present.", "r-404"),
    });
    const error = await rejectionOf(getUser(graph, "bob@contoso.com", ["usageLocation"]));
    expect(transport.requests[0].url).to.equal(`${GRAPH}/users/bob@contoso.com?$select=id,userPrincipalName,usageLocation`);
    expect(isNotFoundError(error)).to.equal(true);
    expect(error.message).to.equal(
      "graph: reading user bob@contoso.com: 404 Request_ResourceNotFound: Resource 'bob@contoso.com' does not exist or one of its queried reference-property objects are not present. (request-id r-404)",
    );
  });

  it("setUsageLocation PATCHes the user, encoding a guest UPN", async () => {
    const { graph, transport } = graphFixture();
    transport.reply({ status: 204 });
    await setUsageLocation(graph, "ann_fabrikam.com#EXT#@contoso.onmicrosoft.com", "CH");
    expect(transport.requests[0]).to.deep.include({ method: "PATCH", url: `${GRAPH}/users/ann_fabrikam.com%23EXT%23@contoso.onmicrosoft.com`, body: { usageLocation: "CH" } });
    expect(transport.requests[0].headers["content-type"]).to.equal("application/json");
    const error = await rejectionOf<Error>(setUsageLocation(graph, "x", "ch"));
    expect(error.message).to.equal('invalid usage location:\n  - usageLocation must be an ISO 3166-1 alpha-2 code in capitals, such as "US" or "GB"; got "ch"');
  });
});
