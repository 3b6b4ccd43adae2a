import { expect } from "chai";
import { CupiClient } from "../../../../provider/backends/cupi/client";
import { createUser, deleteUser, findUserByAlias, getUser, listUserTemplates, listUsersByAliasPrefix, updateUser } from "../../../../provider/backends/cupi/users";
import { ConfigurationError, isAlreadyExistsError, isNotFoundError, isTransportError } from "../../../../provider/core/errors";
import { RetryPolicy } from "../../../../provider/core/retry";
import { rejectionOf, socketFailure } from "../replay";
import { CUPI, CUPI_PASSWORD, CUPI_USER, cupiFixture, cupiUserJson } from "./fixture";

const BASIC = `Basic ${Buffer.from(`${CUPI_USER}:${CUPI_PASSWORD}`).toString("base64")}`;
const dataException = (message: string) => ({ errors: { code: "DATA_EXCEPTION", message } });

describe("cupi client", () => {
  it("finds a user by alias with CUPI's query syntax, Basic auth and JSON, reading CUPI's text values", async () => {
    const { cupi, transport } = cupiFixture();
    transport.reply({ status: 200, body: { "@total": "1", User: cupiUserJson("diana.ellis", "4001", { FirstName: "Diana", EmailAddress: "diana.ellis@example.com" }) } });
    expect(await findUserByAlias(cupi, "diana.ellis")).to.deep.equal({
      ObjectId: "id-diana.ellis",
      Alias: "diana.ellis",
      DtmfAccessId: "4001",
      FirstName: "Diana",
      DisplayName: "diana.ellis",
      EmailAddress: "diana.ellis@example.com",
      PartitionObjectId: "p-dallas",
      ListInDirectory: true,
      Inactive: false,
      IsVmEnrolled: true,
      Undeletable: false,
    });
    expect(transport.requests[0]).to.deep.equal({
      method: "GET",
      url: `${CUPI}/vmrest/users?query=(alias%20is%20diana.ellis)`,
      headers: { accept: "application/json", authorization: BASIC },
      body: undefined,
    });
  });

  it("answers undefined when no user has the alias, and picks the exact one from several", async () => {
    const { cupi, transport } = cupiFixture();
    transport.reply({ status: 200, body: { "@total": "0" } }, { status: 200, body: { "@total": "2", User: [cupiUserJson("ann.lee2", "4002"), cupiUserJson("Ann.Lee", "4003")] } });
    expect(await findUserByAlias(cupi, "nobody")).to.equal(undefined);
    expect((await findUserByAlias(cupi, "ann.lee"))?.DtmfAccessId).to.equal("4003");
  });

  it("refuses aliases a CUPI query cannot carry before sending anything", async () => {
    const { cupi, transport } = cupiFixture();
    const error = await rejectionOf<ConfigurationError>(findUserByAlias(cupi, "x) or (alias startswith"));
    expect(error).to.be.instanceOf(ConfigurationError);
    expect(error.problems).to.deep.equal(['alias "x) or (alias startswith" holds a parenthesis or a control character, which a CUPI query cannot carry']);
    expect(transport.requests).to.have.length(0);
  });

  it("creates a user from a template with its extension and names, then reads it back by the URI it got", async () => {
    const { cupi, transport } = cupiFixture();
    transport.reply(
      { status: 201, headers: { location: `${CUPI}/vmrest/users/9f1c`, "content-type": "text/plain" }, body: "/vmrest/users/9f1c" },
      { status: 200, body: cupiUserJson("diana.ellis", "4001", { ObjectId: "9f1c" }) },
    );
    const user = await createUser(cupi, { templateAlias: "Cu1-Dallas-VM", Alias: "diana.ellis", DtmfAccessId: "4001", FirstName: "Diana", LastName: "Ellis" });
    expect(user.ObjectId).to.equal("9f1c");
    expect(transport.requests.map((r) => [r.method, r.url, r.body])).to.deep.equal([
      ["POST", `${CUPI}/vmrest/users?templateAlias=Cu1-Dallas-VM`, { Alias: "diana.ellis", DtmfAccessId: "4001", FirstName: "Diana", LastName: "Ellis" }],
      ["GET", `${CUPI}/vmrest/users/9f1c`, undefined],
    ]);
    expect(transport.requests[0]?.headers["content-type"]).to.equal("application/json");
  });

  it("reports a taken extension or alias as AlreadyExists, with CUPI's code and message", async () => {
    const { cupi, transport } = cupiFixture();
    transport.reply({ status: 400, body: dataException("DtmfAccessId 4000 is already in use in partition Cu1-Dallas-Partition (by dallas.lobby).") });
    const error = await rejectionOf(createUser(cupi, { templateAlias: "Cu1-Dallas-VM", Alias: "x", DtmfAccessId: "4000" }));
    expect(isAlreadyExistsError(error)).to.equal(true);
    expect(error.message).to.equal("cupi: creating user x (extension 4000, template Cu1-Dallas-VM): 400 DATA_EXCEPTION: DtmfAccessId 4000 is already in use in partition Cu1-Dallas-Partition (by dallas.lobby).");
    transport.reply({ status: 400, body: { errors: { code: "INVALID_PARAMETER", message: "DtmfAccessId must be 1 to 40 digits" } } });
    const other = await rejectionOf(updateUser(cupi, "id-1", { FirstName: "x" }));
    expect([isAlreadyExistsError(other), other.statusCode, other.code]).to.deep.equal([false, 400, "INVALID_PARAMETER"]);
  });

  it("repeats a create only after 503 (not processed), honouring Retry-After; never after 502 or a reset", async () => {
    const { cupi, transport, clock } = cupiFixture();
    transport.reply(
      { status: 503, headers: { "retry-after": "2" }, body: { errors: { code: "SERVICE_UNAVAILABLE", message: "busy" } } },
      { status: 201, body: "/vmrest/users/abc" },
      { status: 200, body: cupiUserJson("a", "4001", { ObjectId: "abc" }) },
    );
    await createUser(cupi, { templateAlias: "t", Alias: "a", DtmfAccessId: "4001" });
    expect(clock.sleeps).to.deep.equal([2000]);
    transport.reply({ status: 502, body: "Bad Gateway" });
    const bad = await rejectionOf(createUser(cupi, { templateAlias: "t", Alias: "b", DtmfAccessId: "4002" }));
    expect([bad.statusCode, bad.retryable, transport.pending]).to.deep.equal([502, true, 0]);
    transport.reply({ status: 0, error: socketFailure("ECONNRESET") });
    const reset = await rejectionOf(createUser(cupi, { templateAlias: "t", Alias: "c", DtmfAccessId: "4003" }));
    expect(isTransportError(reset)).to.equal(true);
    expect(transport.requests.filter((r) => r.method === "POST")).to.have.length(4);
  });

  it("retries reads, updates and deletes after 500 with backoff, within the policy", async () => {
    const { cupi, transport, clock } = cupiFixture({ retry: new RetryPolicy({ maxAttempts: 2, baseDelayMs: 100 }) });
    transport.reply({ status: 500, body: "oops" }, { status: 204 });
    await updateUser(cupi, "id-1", { DtmfAccessId: "4009", ListInDirectory: false });
    expect(transport.requests.map((r) => [r.method, r.url, r.body])).to.deep.equal([
      ["PUT", `${CUPI}/vmrest/users/id-1`, { DtmfAccessId: "4009", ListInDirectory: "false" }],
      ["PUT", `${CUPI}/vmrest/users/id-1`, { DtmfAccessId: "4009", ListInDirectory: "false" }],
    ]);
    transport.reply({ status: 500, body: "oops" }, { status: 500, body: "oops again" });
    const error = await rejectionOf(deleteUser(cupi, "id-1"));
    expect([error.statusCode, error.operation, error.object]).to.deep.equal([500, "deleting user", "id-1"]);
    expect(clock.sleeps).to.deep.equal([75, 75]);
  });

  it("maps 404 to NotFound, from a JSON or an XML ErrorDetails body", async () => {
    const { cupi, transport } = cupiFixture();
    transport.reply({ status: 404, headers: { "content-type": "application/xml" }, body: '<?xml version="1.0"?><ErrorDetails><errors><code>NOT_FOUND</code><message>No user has ObjectId x &amp; y.</message></errors></ErrorDetails>' });
    const error = await rejectionOf(getUser(cupi, "x"));
    expect(isNotFoundError(error)).to.equal(true);
    expect(error.message).to.equal("cupi: reading user x: 404 NOT_FOUND: No user has ObjectId x & y.");
    transport.reply({ status: 404, body: { ErrorDetails: { errors: [{ code: "NOT_FOUND", message: "gone" }] } } });
    expect(isNotFoundError(await rejectionOf(deleteUser(cupi, "x")))).to.equal(true);
  });

  it("says which settings to check on 401 and never shows the password or the Basic token", async () => {
    const { cupi, transport, logger } = cupiFixture();
    transport.reply({ status: 401, headers: { "www-authenticate": 'Basic realm="Cisco Unity Connection"' }, body: { errors: { code: "AUTHENTICATION_FAILED", message: `bad credentials for ${CUPI_USER}:${CUPI_PASSWORD}` } } });
    const error = await rejectionOf(listUserTemplates(cupi));
    expect(error.message).to.match(/401 AUTHENTICATION_FAILED: .*check the username and password \(the account needs a role/);
    // A client built from settings names them.
    const named = cupiFixture({ server: "cuc1" });
    named.transport.reply({ status: 401, body: { errors: { code: "AUTHENTICATION_FAILED", message: "no" } } });
    expect((await rejectionOf(listUserTemplates(named.cupi))).message).to.include("check ucflow:unityConnections.cuc1.username and .password");
    const everything = `${error.message}\n${logger.lines.join("\n")}`;
    expect(everything).not.to.include(CUPI_PASSWORD);
    expect(everything).not.to.include(BASIC.slice(6));
    expect(logger.lines.join("\n")).to.include('"authorization":"REDACTED"');
  });

  it("lists users by alias prefix over every page, and templates", async () => {
    const { cupi, transport } = cupiFixture();
    transport.reply(
      { status: 200, body: { "@total": "3", User: [cupiUserJson("cu1.a", "4001"), cupiUserJson("cu1.b", "4002")] } },
      { status: 200, body: { "@total": "3", User: cupiUserJson("cu1.c", "4003") } },
      { status: 200, body: { "@total": "1", UserTemplate: { ObjectId: "t1", Alias: "voicemailusertemplate", DisplayName: "Voice Mail User Template", PartitionObjectId: "p0" } } },
    );
    expect((await listUsersByAliasPrefix(cupi, "cu1.", 2)).map((u) => u.Alias)).to.deep.equal(["cu1.a", "cu1.b", "cu1.c"]);
    expect(transport.requests.map((r) => r.url)).to.deep.equal([
      `${CUPI}/vmrest/users?query=(alias%20startswith%20cu1.)&rowsPerPage=2&pageNumber=1`,
      `${CUPI}/vmrest/users?query=(alias%20startswith%20cu1.)&rowsPerPage=2&pageNumber=2`,
    ]);
    expect(await listUserTemplates(cupi)).to.deep.equal([{ ObjectId: "t1", Alias: "voicemailusertemplate", DisplayName: "Voice Mail User Template", PartitionObjectId: "p0" }]);
  });

  it("checks new users and options before sending", async () => {
    const { cupi, transport } = cupiFixture();
    const error = await rejectionOf<ConfigurationError>(createUser(cupi, { templateAlias: "", Alias: "", DtmfAccessId: "40-01" }));
    expect(error.problems).to.deep.equal([
      "Alias is empty",
      'DtmfAccessId must be the extension as 1 to 40 digits; got "40-01"',
      "templateAlias is empty; name the user template (GET /vmrest/usertemplates lists them)",
    ]);
    expect((await rejectionOf<ConfigurationError>(listUsersByAliasPrefix(cupi, ""))).problems).to.deep.equal(["alias prefix is empty"]);
    expect(transport.requests).to.have.length(0);
    expect(() => new CupiClient({ baseUrl: "http://cuc1.example.com/", username: "a", password: "b" })).to.throw(ConfigurationError, "baseUrl must use https");
    expect(() => new CupiClient({ baseUrl: "https://cuc1.example.com/vmrest", username: "a:b", password: "" })).to.throw(ConfigurationError, /without \/vmrest[\s\S]*cannot contain ":"[\s\S]*password is empty/);
  });

});
