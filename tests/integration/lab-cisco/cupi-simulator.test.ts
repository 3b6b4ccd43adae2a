// The cupi simulator on the wire, as a CUPI client sees it: Basic auth, XML or JSON by Accept,
// users from templates with the extension unique per partition, CUPI's list and error shapes,
// paging, the write rate limit, seed, reset, persistence and fault rules.
import { expect } from "chai";
import { CUPI_PARTITION_IDS, CUPI_TEMPLATES, LAB_CUPI_USERNAME } from "../../../lab/cisco/cupi";
import { cupiCall, startCupiLab, type CupiLab } from "./cupi-support";

describe("lab Unity Connection simulator (cupi)", () => {
  let cupi: CupiLab;
  const call = (method: string, path: string, options?: Parameters<typeof cupiCall>[3]) => cupiCall(cupi.url, method, path, options);
  const create = (template: string, fields: Record<string, unknown>) => call("POST", `/vmrest/users?templateAlias=${encodeURIComponent(template)}`, { body: fields });

  beforeEach(async () => {
    cupi = await startCupiLab();
  });

  afterEach(async () => {
    await cupi?.stop();
  });

  it("asks for HTTP Basic credentials (401) and refuses wrong ones, in XML by default", async () => {
    const none = await call("GET", "/vmrest/users", { authorization: null, accept: "*/*" });
    expect(none.status).to.equal(401);
    expect(none.headers.get("www-authenticate")).to.equal('Basic realm="Cisco Unity Connection"');
    expect(none.headers.get("content-type")).to.equal("application/xml");
    expect(none.text).to.match(/^<\?xml version="1.0" encoding="UTF-8" standalone="yes"\?><ErrorDetails><errors><code>AUTHENTICATION_FAILED<\/code><message>Authentication is required/);
    const wrong = await call("GET", "/vmrest/users", { authorization: `Basic ${Buffer.from(`${LAB_CUPI_USERNAME}:nope`).toString("base64")}` });
    expect(wrong.status).to.equal(401);
    expect(wrong.json).to.deep.equal({ errors: { code: "AUTHENTICATION_FAILED", message: "The user name or password is not valid." } });
  });

  it("lists the seeded templates and partitions, and the system mailboxes", async () => {
    const templates = await call("GET", "/vmrest/usertemplates");
    expect(templates.json["@total"]).to.equal("3");
    expect(templates.json.UserTemplate.map((t: { Alias: string }) => t.Alias)).to.deep.equal([CUPI_TEMPLATES.default, CUPI_TEMPLATES.dallas, CUPI_TEMPLATES.denver]);
    const xml = await call("GET", "/vmrest/usertemplates?query=(alias%20is%20Cu1-Dallas-VM)", { accept: "application/xml" });
    expect(xml.text).to.match(/<UserTemplates total="1"><UserTemplate><URI>\/vmrest\/usertemplates\/[0-9a-f-]+<\/URI>.*<Alias>Cu1-Dallas-VM<\/Alias>.*<\/UserTemplate><\/UserTemplates>$/);
    const partitions = await call("GET", "/vmrest/partitions");
    expect(partitions.json.Partition.map((p: { Name: string }) => p.Name)).to.deep.equal(["cuc-lab Partition", "Cu1-Dallas-Partition", "Cu1-Denver-Partition"]);
    const operator = await call("GET", "/vmrest/users?query=(alias%20is%20operator)");
    expect(operator.json["@total"]).to.equal("1");
    expect(operator.json.User).to.deep.include({ Alias: "operator", DtmfAccessId: "99990", Undeletable: "true" });
  });

  it("creates a user with a mailbox from a template: 201 with the URI, the template's partition, names as given", async () => {
    const created = await create(CUPI_TEMPLATES.dallas, { Alias: "diana.ellis", DtmfAccessId: "4001", FirstName: "Diana", LastName: "Ellis", EmailAddress: "diana.ellis@example.com" });
    expect(created.status).to.equal(201);
    const objectId = /^\/vmrest\/users\/([0-9a-f-]{36})$/.exec(created.text)?.[1] as string;
    expect(objectId, created.text).to.be.a("string");
    expect(created.headers.get("location")).to.equal(`${cupi.url}/vmrest/users/${objectId}`);
    const user = await call("GET", `/vmrest/users/${objectId}`);
    expect(user.json).to.deep.include({
      ObjectId: objectId,
      Alias: "diana.ellis",
      DtmfAccessId: "4001",
      FirstName: "Diana",
      LastName: "Ellis",
      DisplayName: "Diana Ellis",
      EmailAddress: "diana.ellis@example.com",
      PartitionObjectId: CUPI_PARTITION_IDS.dallas,
      ListInDirectory: "true",
      IsVmEnrolled: "true",
      Inactive: "false",
    });
    const xml = await call("GET", `/vmrest/users/${objectId}`, { accept: "application/xml" });
    expect(xml.text).to.include("<DtmfAccessId>4001</DtmfAccessId>");
  });

  it("takes an XML body as CUPI's own examples send it", async () => {
    const created = await call("POST", `/vmrest/users?templateAlias=${CUPI_TEMPLATES.default}`, {
      xml: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<User>\n  <Alias>jdoe</Alias>\n  <DtmfAccessId>7890</DtmfAccessId>\n  <LastName>O&apos;Doe &amp; Co</LastName>\n  <FirstName/>\n</User>',
      accept: "application/xml",
    });
    expect(created.status, created.text).to.equal(201);
    const found = await call("GET", "/vmrest/users?query=(alias%20is%20jdoe)");
    expect(found.json.User).to.deep.include({ Alias: "jdoe", DtmfAccessId: "7890", LastName: "O'Doe & Co", DisplayName: "O'Doe & Co", PartitionObjectId: CUPI_PARTITION_IDS.default });
  });

  it("keeps an extension unique within its partition and an alias unique on the server", async () => {
    const taken = await create(CUPI_TEMPLATES.dallas, { Alias: "new.one", DtmfAccessId: "4000" });
    expect(taken.status).to.equal(400);
    expect(taken.json).to.deep.equal({ errors: { code: "DATA_EXCEPTION", message: "DtmfAccessId 4000 is already in use in partition Cu1-Dallas-Partition (by dallas.lobby)." } });
    expect((await create(CUPI_TEMPLATES.denver, { Alias: "new.one", DtmfAccessId: "4000" })).status, "another partition").to.equal(201);
    const alias = await create(CUPI_TEMPLATES.dallas, { Alias: "NEW.ONE", DtmfAccessId: "4001" });
    expect([alias.status, alias.json.errors.code]).to.deep.equal([400, "DATA_EXCEPTION"]);
    expect(alias.json.errors.message).to.match(/^Alias NEW.ONE is already used by user [0-9a-f-]{36}\.$/);
  });

  it("refuses what it cannot create, naming the problem", async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      [CUPI_TEMPLATES.dallas, { DtmfAccessId: "4001" }, /^Alias is required/],
      [CUPI_TEMPLATES.dallas, { Alias: "a" }, /^DtmfAccessId \(the extension\) is required/],
      [CUPI_TEMPLATES.dallas, { Alias: "a", DtmfAccessId: "40-01" }, /^DtmfAccessId must be 1 to 40 digits/],
      [CUPI_TEMPLATES.dallas, { Alias: "a(b)", DtmfAccessId: "4001" }, /^Alias must be 1 to 64 characters/],
      [CUPI_TEMPLATES.dallas, { Alias: "a", DtmfAccessId: "4001", CosObjectId: "x" }, /does not set CosObjectId/],
      ["no-such-template", { Alias: "a", DtmfAccessId: "4001" }, /^templateAlias no-such-template does not name a user template; the templates are voicemailusertemplate, Cu1-Dallas-VM, Cu1-Denver-VM\.$/],
    ];
    for (const [template, fields, message] of cases) {
      const answer = await create(template, fields);
      expect([answer.status, answer.json.errors.code], JSON.stringify(fields)).to.deep.equal([400, "INVALID_PARAMETER"]);
      expect(answer.json.errors.message).to.match(message);
    }
    const noTemplate = await call("POST", "/vmrest/users", { body: { Alias: "a", DtmfAccessId: "4001" } });
    expect(noTemplate.json.errors.message).to.match(/^templateAlias is required/);
  });

  it("updates a few fields with PUT (204), checks the extension again, and deletes (204, then 404)", async () => {
    const id = (await create(CUPI_TEMPLATES.dallas, { Alias: "mover", DtmfAccessId: "4006" })).text.split("/").pop() as string;
    const put = await call("PUT", `/vmrest/users/${id}`, { body: { DtmfAccessId: "4007", DisplayName: "Mover, M.", ListInDirectory: false } });
    expect([put.status, put.text]).to.deep.equal([204, ""]);
    expect((await call("GET", `/vmrest/users/${id}`)).json).to.deep.include({ DtmfAccessId: "4007", DisplayName: "Mover, M.", ListInDirectory: "false" });
    const clash = await call("PUT", `/vmrest/users/${id}`, { body: { DtmfAccessId: "4000" } });
    expect([clash.status, clash.json.errors.code]).to.deep.equal([400, "DATA_EXCEPTION"]);
    expect((await call("PUT", `/vmrest/users/${id}`, { body: { DtmfAccessId: "4007" } })).status, "its own extension").to.equal(204);
    expect((await call("DELETE", `/vmrest/users/${id}`)).status).to.equal(204);
    const gone = await call("GET", `/vmrest/users/${id}`);
    expect([gone.status, gone.json.errors.code]).to.deep.equal([404, "NOT_FOUND"]);
    expect((await call("DELETE", `/vmrest/users/${id}`)).status).to.equal(404);
    const operator = (await call("GET", "/vmrest/users?query=(alias%20is%20operator)")).json.User.ObjectId as string;
    expect((await call("DELETE", `/vmrest/users/${operator}`)).json.errors.message).to.equal("User operator is a system mailbox and cannot be deleted.");
  });

  it("answers queries and pages in CUPI's list shape: one row as an object, none as a bare total", async () => {
    for (let i = 0; i < 5; i++) expect((await create(CUPI_TEMPLATES.denver, { Alias: `cu1.user${i}`, DtmfAccessId: `410${i}` })).status).to.equal(201);
    const prefix = await call("GET", "/vmrest/users?query=(alias%20startswith%20CU1.)&rowsPerPage=2&pageNumber=3");
    expect(prefix.json["@total"]).to.equal("5");
    expect(prefix.json.User.Alias).to.equal("cu1.user4");
    const count = await call("GET", "/vmrest/users?query=(alias%20startswith%20cu1.)&pageNumber=0");
    expect(count.json).to.deep.equal({ "@total": "5" });
    expect((await call("GET", "/vmrest/users?query=(dtmfaccessid%20is%204102)")).json.User.Alias).to.equal("cu1.user2");
    expect((await call("GET", "/vmrest/users?query=(alias%20is%20nobody)")).json).to.deep.equal({ "@total": "0" });
    const bad = await call("GET", "/vmrest/users?query=alias%3Djdoe");
    expect([bad.status, bad.json.errors.code]).to.deep.equal([400, "INVALID_PARAMETER"]);
    const unindexed = await call("GET", "/vmrest/users?query=(city%20is%20Dallas)");
    expect(unindexed.json.errors.message).to.match(/^Queries on this resource take the indexed columns alias, dtmfaccessid/);
  });

  it("limits writes with 503 and Retry-After, leaves reads alone, and reports the bucket", async () => {
    await cupi.control.seed("cupi", { throttling: { writes: { limit: 2, windowSeconds: 60 } } });
    expect((await create(CUPI_TEMPLATES.denver, { Alias: "w1", DtmfAccessId: "4201" })).status).to.equal(201);
    expect((await create(CUPI_TEMPLATES.denver, { Alias: "w2", DtmfAccessId: "4202" })).status).to.equal(201);
    const refused = await create(CUPI_TEMPLATES.denver, { Alias: "w3", DtmfAccessId: "4203" });
    expect([refused.status, refused.json.errors.code, refused.headers.get("retry-after")]).to.deep.equal([503, "SERVICE_UNAVAILABLE", "30"]);
    expect((await call("GET", "/vmrest/users?query=(alias%20is%20w3)")).json).to.deep.equal({ "@total": "0" });
    const report = await cupi.control.throttling();
    expect(report.services.cupi?.buckets[0]).to.include({ name: "cupi.writes", capacity: 2, consumed: 2, throttled: 1, scope: "Server" });
  });

  it("applies fault rules in CUPI's error shape", async () => {
    await cupi.control.addFaults([{ service: "cupi", method: "GET", path: "^/vmrest/users$", action: "status", status: 503, retryAfter: 1, count: 1 }]);
    const faulted = await call("GET", "/vmrest/users");
    expect([faulted.status, faulted.headers.get("retry-after"), faulted.json.errors.code]).to.deep.equal([503, "1", "SERVICE_UNAVAILABLE"]);
    expect((await call("GET", "/vmrest/users")).status).to.equal(200);
  });

  it("seeds users through POST /seed, shows them in GET /state/cupi, keeps them across a restart and drops them on reset", async () => {
    await cupi.control.seed("cupi", { users: [{ templateAlias: CUPI_TEMPLATES.dallas, Alias: "seeded.one", DtmfAccessId: "4009", FirstName: "Seeded" }] });
    const bad = await cupi.control.seed("cupi", { users: [{ templateAlias: CUPI_TEMPLATES.dallas, Alias: "x", DtmfAccessId: "4009" }] }).then(() => undefined, (e: Error) => e);
    expect(bad?.message).to.match(/data\.users\[0\]: DtmfAccessId 4009 is already in use/);
    const state = (await cupi.control.state("cupi")) as { users: { Alias: string }[] };
    expect(state.users.map((u) => u.Alias)).to.include("seeded.one");

    await cupi.stop({ keepState: true });
    cupi = await startCupiLab(cupi.stateDir);
    expect((await call("GET", "/vmrest/users?query=(alias%20is%20seeded.one)")).json.User.DtmfAccessId).to.equal("4009");
    await cupi.control.reset("cupi");
    expect((await call("GET", "/vmrest/users?query=(alias%20is%20seeded.one)")).json).to.deep.equal({ "@total": "0" });
  });

  it("answers unknown resources and methods in CUPI's error shape", async () => {
    const missing = await call("GET", "/vmrest/handlers/callhandlers");
    expect([missing.status, missing.json.errors.code]).to.deep.equal([404, "NOT_FOUND"]);
    const method = await call("PATCH", "/vmrest/users/x");
    expect([method.status, method.headers.get("allow")]).to.deep.equal([405, "GET, PUT, DELETE"]);
  });
});
