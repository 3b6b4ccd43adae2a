// The AXL client against a replaying transport: version detection, the JSESSIONIDSSO session,
// retries (503 with and without Retry-After, the memory throttle, lost connections), faults
// and HTTP pages as typed errors, paging and re-paging, and that no password ever shows.
import { expect } from "chai";
import { AxlClient, axlEndpoint, reducedPageSize, schemaVersionOf } from "../../../../provider/backends/axl/client";
import { addLine, getLine, listPhones } from "../../../../provider/backends/axl/devices";
import { addRoutePartition, getRoutePartition, removeRoutePartition, updateRoutePartition } from "../../../../provider/backends/axl/dial-plan";
import { AxlFault, classifyFault, isAxlFault, leafText, parseSoapFault, suggestedRowFetch } from "../../../../provider/backends/axl/errors";
import { removeUser } from "../../../../provider/backends/axl/users";
import { loadedWsdlCount } from "../../../../provider/backends/axl/wsdl";
import { isAlreadyExistsError, isConfigurationError, isNotFoundError, isTransportError, isUcflowError, type UcflowError } from "../../../../provider/core/errors";
import { RetryPolicy } from "../../../../provider/core/retry";
import { rejectionOf, socketFailure } from "../replay";
import { FakeClock, fixedRandom } from "../../core/fake-clock";
import { AxlReplay, envelope, fault, htmlPage, LineLogger, ok, PASSWORD, testClient, USERNAME, versionReply } from "./fixture";

const UUID = "{A8D94FF0-4627-EECC-0D8D-E2EE69123B32}";
const BASIC = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString("base64")}`;

function setup(options: Partial<ConstructorParameters<typeof AxlClient>[0]> = {}) {
  const replay = new AxlReplay();
  const clock = new FakeClock();
  const logger = new LineLogger();
  const client = testClient(replay.send, { clock, random: fixedRandom(0.5), logger, ...options });
  return { replay, clock, logger, client };
}

const phoneRow = (name: string) => `<phone uuid="{${"0".repeat(8)}-0000-0000-0000-${name.slice(-12).padStart(12, "0")}}"><name>${name}</name></phone>`;

/** Everything a test saw that could leak: messages, serialized errors, log lines. */
function leakSurface(errors: unknown[], logger: LineLogger): string {
  return [...errors.map((e) => `${(e as Error).message} ${JSON.stringify(e)} ${String((e as Error).stack)}`), ...logger.lines].join("\n");
}

describe("AXL client", () => {
  describe("options", () => {
    it("builds the endpoint from a host name or URL, always ending in /axl/ or /", () => {
      const problems: string[] = [];
      expect(axlEndpoint("cucm-pub.example.com", problems)).to.equal("https://cucm-pub.example.com:8443/axl/");
      expect(axlEndpoint("cucm-pub.example.com:9443", problems)).to.equal("https://cucm-pub.example.com:9443/axl/");
      expect(axlEndpoint("https://cucm-pub.example.com:8443/axl", problems)).to.equal("https://cucm-pub.example.com:8443/axl/");
      expect(axlEndpoint("https://127.0.0.1:4443", problems)).to.equal("https://127.0.0.1:4443/axl/");
      expect(axlEndpoint("https://127.0.0.1:4443/lab/axl/", problems)).to.equal("https://127.0.0.1:4443/lab/axl/");
      expect(problems).to.deep.equal([]);
      axlEndpoint("http://cucm:8080/axl/", problems);
      axlEndpoint("https://user:pw@cucm/axl/", problems);
      expect(problems.join("\n")).to.match(/must use https/).and.match(/cannot hold credentials/);
    });

    it("lists every bad option at once, without the password", () => {
      const error = (() => {
        try {
          new AxlClient({ host: "", username: "", password: "", version: "11.5", maxInFlight: 50, requestTimeoutMs: 5, pageSize: 0, ca: "not a pem" });
        } catch (e) {
          return e as Error;
        }
        throw new Error("expected a ConfigurationError");
      })();
      expect(isConfigurationError(error)).to.equal(true);
      for (const text of ["host must", "username must", "password must", "version must be one of 12.5, 14.0, 15.0", "maxInFlight must be an integer from 1 to 8", "requestTimeoutMs", "pageSize", "PEM"]) expect(error.message).to.include(text);
    });

    it("accepts schema versions as written by people", () => {
      expect(schemaVersionOf("14")).to.equal("14.0");
      expect(schemaVersionOf("15.0")).to.equal("15.0");
      expect(schemaVersionOf("12.5")).to.equal("12.5");
      expect(schemaVersionOf("11.5")).to.equal(undefined);
      expect(schemaVersionOf("13.0")).to.equal(undefined);
    });
  });

  describe("version detection", () => {
    it("asks getCCMVersion once, the way Cisco's samples do, and uses major.minor", async () => {
      const { replay, client } = setup({ version: undefined });
      replay.reply(versionReply("14.0.1.13900(155)"), ok("getRoutePartition", `<routePartition uuid="${UUID}"><name>P</name></routePartition>`, "14.0"), ok("removeRoutePartition", "true", "14.0"));
      expect(await client.detectVersion()).to.deep.equal({ cucmVersion: "14.0.1.13900(155)", schemaVersion: "14.0" });
      expect(await client.schemaVersion()).to.equal("14.0");
      await getRoutePartition(client, { name: "P" });
      await removeRoutePartition(client, { name: "P" });
      const [detect, get, remove] = replay.requests;
      expect(detect.headers.soapaction, "no SOAPAction").to.equal(undefined);
      expect(detect.body).to.include('xmlns:ns="http://www.cisco.com/AXL/API/1.0"').and.include("<ns:getCCMVersion><processNodeName/></ns:getCCMVersion>");
      expect(get.headers.soapaction).to.equal('"CUCM:DB ver=14.0 getRoutePartition"');
      expect(get.body).to.include('xmlns:ns="http://www.cisco.com/AXL/API/14.0"');
      expect(remove.headers.soapaction).to.equal('"CUCM:DB ver=14.0 removeRoutePartition"');
      expect(replay.requests).to.have.length(3);
    });

    it("a cluster outside 12.5/14.0/15.0 is a ConfigurationError naming the setting", async () => {
      const { replay, client } = setup({ version: undefined, cluster: "cu1" });
      replay.reply(versionReply("11.5.1.21900(40)"));
      const error = await rejectionOf<Error>(client.schemaVersion());
      expect(isConfigurationError(error)).to.equal(true);
      expect(error.message).to.include("CUCM 11.5.1.21900(40)").and.include("ucflow:clusters.cu1.version").and.include("12.5, 14.0, 15.0");
    });

    it("a failed detection is not remembered: the next call asks again", async () => {
      const { replay, client } = setup({ version: undefined });
      replay.reply(htmlPage(401, "Unauthorized"), versionReply("15.0.1.12900(234)"));
      await rejectionOf(client.schemaVersion());
      expect(await client.schemaVersion()).to.equal("15.0");
    });

    it("loads each WSDL once per process", async () => {
      const first = setup();
      first.replay.reply(ok("removeRoutePartition", "true"));
      await removeRoutePartition(first.client, { name: "P" });
      const count = loadedWsdlCount();
      const second = setup();
      second.replay.reply(ok("removeRoutePartition", "true"));
      await removeRoutePartition(second.client, { name: "P" });
      expect(loadedWsdlCount()).to.equal(count);
    });
  });

  describe("session", () => {
    it("logs in with Basic, then reuses JSESSIONIDSSO without Authorization", async () => {
      const { replay, client } = setup();
      replay.reply(
        ok("addRoutePartition", UUID, "15.0", { "set-cookie": ["JSESSIONID=other; Path=/", "JSESSIONIDSSO=7D3F0A; Path=/; Secure; HttpOnly"] }),
        ok("removeRoutePartition", "true"),
      );
      await addRoutePartition(client, { name: "P" });
      await removeRoutePartition(client, { name: "P" });
      expect(replay.requests[0].headers.authorization).to.equal(BASIC);
      expect(replay.requests[0].headers.cookie).to.equal(undefined);
      expect(replay.requests[1].headers.cookie).to.equal("JSESSIONIDSSO=7D3F0A");
      expect(replay.requests[1].headers.authorization).to.equal(undefined);
    });

    it("after CUCM expires the session (404), logs in again with Basic and sends the same request once more", async () => {
      const { replay, client } = setup();
      replay.reply(ok("getRoutePartition", `<routePartition uuid="${UUID}"><name>P</name></routePartition>`, "15.0", { "set-cookie": "JSESSIONIDSSO=OLD; Path=/" }));
      replay.reply(htmlPage(404, "Not Found"), ok("addLine", UUID, "15.0", { "set-cookie": "JSESSIONIDSSO=NEW; Path=/" }), ok("removeRoutePartition", "true"));
      await getRoutePartition(client, { name: "P" });
      expect(await addLine(client, { pattern: "4001" })).to.equal(UUID);
      await removeRoutePartition(client, { name: "P" });
      const [, expired, again, next] = replay.requests;
      expect(expired.headers.cookie).to.equal("JSESSIONIDSSO=OLD");
      expect(again.headers.authorization).to.equal(BASIC);
      expect(again.headers.cookie).to.equal(undefined);
      expect(again.body).to.equal(expired.body);
      expect(next.headers.cookie).to.equal("JSESSIONIDSSO=NEW");
      expect(client.reauthentications).to.equal(1);
    });
  });

  describe("retries", () => {
    it("503 (write throttle): waits as Retry-After says, then sends the write again", async () => {
      const { replay, clock, client } = setup();
      replay.reply({ status: 503, headers: { "retry-after": "7" }, body: "Service Unavailable" }, ok("addRoutePartition", UUID));
      expect(await addRoutePartition(client, { name: "P" })).to.equal(UUID);
      expect(clock.sleeps).to.deep.equal([7000]);
      expect(replay.requests.map((r) => r.operation)).to.deep.equal(["addRoutePartition", "addRoutePartition"]);
    });

    it("503 without Retry-After: backs off several seconds (2.5-5 s, doubling), and after the last attempt says CUCM is throttling", async () => {
      const { replay, clock, client } = setup({ retry: new RetryPolicy({ maxAttempts: 3, baseDelayMs: 5000, maxDelayMs: 60000 }) });
      replay.reply({ status: 503, body: "" }, { status: 503, body: "" }, { status: 503, body: "" });
      const error = await rejectionOf<UcflowError>(addRoutePartition(client, { name: "Cu1Si1-Internal" }));
      expect(clock.sleeps).to.deep.equal([3750, 7500]);
      expect(error.statusCode).to.equal(503);
      expect(error.retryable).to.equal(true);
      expect(error.message).to.match(/^axl: adding route partition Cu1Si1-Internal: 503 ServiceUnavailable: CUCM is throttling AXL writes/);
    });

    it("memory throttle fault (axlcode -1): backs off and sends again, reads and writes", async () => {
      const { replay, clock, client } = setup();
      const throttle = fault(-1, "Maximum AXL Memory Allocation Consumed. Please retry once requests in progress have completed", "listPhone");
      replay.reply(throttle, ok("listPhone", phoneRow("SEP001122334455")), throttle, ok("addRoutePartition", UUID));
      expect((await listPhones(client, { name: "SEP%" })).map((p) => p.name)).to.deep.equal(["SEP001122334455"]);
      expect(await addRoutePartition(client, { name: "P" })).to.equal(UUID);
      expect(clock.sleeps).to.deep.equal([3750, 3750]);
    });

    it("other faults are never repeated", async () => {
      const { replay, client } = setup();
      replay.reply(fault(5007, "Item not valid: The specified Line was not found", "getLine"));
      await rejectionOf(getLine(client, { pattern: "4001", routePartitionName: "P" }));
      expect(replay.requests).to.have.length(1);
    });

    it("a lost connection is retried for reads only: a write that may have reached CUCM is not repeated", async () => {
      const { replay, clock, client } = setup();
      replay.reply({ error: socketFailure("ECONNRESET") }, ok("getRoutePartition", `<routePartition uuid="${UUID}"><name>P</name></routePartition>`));
      expect((await getRoutePartition(client, { name: "P" })).name).to.equal("P");
      replay.reply({ error: socketFailure("ECONNRESET") });
      const error = await rejectionOf<UcflowError>(addRoutePartition(client, { name: "P" }));
      expect(isTransportError(error)).to.equal(true);
      expect(error.message).to.match(/^axl: adding route partition P: no response \(ECONNRESET\)/);
      expect(replay.requests.map((r) => [r.operation, r.idempotent])).to.deep.equal([
        ["getRoutePartition", true],
        ["getRoutePartition", true],
        ["addRoutePartition", false],
      ]);
      expect(clock.sleeps).to.have.length(1);
    });

    it("a connection that was never made is safe to retry, even for a write", async () => {
      const { replay, client } = setup();
      replay.reply({ error: socketFailure("ECONNREFUSED") }, ok("addRoutePartition", UUID));
      expect(await addRoutePartition(client, { name: "P" })).to.equal(UUID);
    });
  });

  describe("faults and HTTP pages as typed errors", () => {
    it("5007 on a get is NotFoundError-compatible and names the object", async () => {
      const { replay, client } = setup();
      replay.reply(fault(5007, "Item not valid: The specified Line was not found", "getLine"));
      const error = await rejectionOf<AxlFault>(getLine(client, { pattern: "4001", routePartitionName: "Cu1Si1-Internal" }));
      expect(isAxlFault(error) && isNotFoundError(error) && isUcflowError(error)).to.equal(true);
      expect(isAlreadyExistsError(error)).to.equal(false);
      expect(error).to.include({ backend: "axl", axlcode: 5007, axlOperation: "getLine", operation: "reading line", object: "4001 in Cu1Si1-Internal", kind: "not-found", retryable: false });
      expect(error.message).to.equal("axl: reading line 4001 in Cu1Si1-Internal: 5007: Item not valid: The specified Line was not found");
    });

    it("5003 on an update of a missing object is NotFoundError-compatible; 5003 for a lower user rank is not", async () => {
      const { replay, client } = setup();
      replay.reply(fault(5003, "Route Partition not found", "updateRoutePartition"), fault(5003, "You do not have the privilege to remove this End User as you have lower User Rank", "removeUser"));
      expect(isNotFoundError(await rejectionOf(updateRoutePartition(client, { name: "P" }, { description: "d" })))).to.equal(true);
      const rank = await rejectionOf<AxlFault>(removeUser(client, { userid: "boss" }));
      expect(isNotFoundError(rank)).to.equal(false);
      expect(rank.kind).to.equal("other");
      expect(rank.message).to.equal("axl: removing user boss: 5003: You do not have the privilege to remove this End User as you have lower User Rank");
    });

    it("-239, -268 and 4052 are AlreadyExistsError-compatible", async () => {
      const { replay, client } = setup();
      replay.reply(
        fault(-239, "Could not insert new row - duplicate value in a UNIQUE INDEX column (Unique Index:).", "addRoutePartition", "soapenv:Client"),
        fault(4052, "The pattern 4001 in partition Cu1Si1-Internal already exists", "addLine"),
        fault(-268, "Unique constraint (informix.uniq_device_name) violated.", "addPhone"),
      );
      const duplicate = await rejectionOf<AxlFault>(addRoutePartition(client, { name: "Cu1Si1-Internal" }));
      expect(isAlreadyExistsError(duplicate) && !isNotFoundError(duplicate)).to.equal(true);
      expect(duplicate.faultcode).to.equal("soapenv:Client");
      const line = await rejectionOf<AxlFault>(addLine(client, { pattern: "4001", routePartitionName: "Cu1Si1-Internal" }));
      expect(isAlreadyExistsError(line)).to.equal(true);
      expect(line.message).to.equal("axl: adding line 4001 in Cu1Si1-Internal: 4052: The pattern 4001 in partition Cu1Si1-Internal already exists");
      // An Informix unique constraint (not index) clash: the same "it is there already".
      const constraint = await rejectionOf<AxlFault>(client.call({ operation: "addPhone", args: {}, context: { operation: "adding phone", object: "SEP00AABB000001" } }));
      expect(isAlreadyExistsError(constraint) && constraint.kind === "already-exists" && !isNotFoundError(constraint)).to.equal(true);
    });

    it("401 and 403 HTML pages say what to fix, naming the user and the AXL role, never the password", async () => {
      const { replay, client } = setup({ cluster: "cu1" });
      replay.reply(htmlPage(401, "Unauthorized"), htmlPage(403, "Forbidden"));
      const unauthorized = await rejectionOf<UcflowError>(addRoutePartition(client, { name: "P" }));
      expect(unauthorized).to.include({ statusCode: 401, code: "Unauthorized", retryable: false });
      expect(unauthorized.message).to.include(`"${USERNAME}"`).and.include("ucflow:clusters.cu1.password");
      const forbidden = await rejectionOf<UcflowError>(addRoutePartition(client, { name: "P" }));
      expect(forbidden).to.include({ statusCode: 403, code: "Forbidden" });
      expect(forbidden.message).to.include("Standard AXL API Access").and.include("Standard CCM Admin Users");
      expect(isNotFoundError(forbidden)).to.equal(false);
    });

    it("404 without a session is a wrong URL (not a missing object); 599 is an unsupported schema version", async () => {
      const { replay, client } = setup();
      replay.reply(htmlPage(404, "Not Found"), { status: 599, body: "Incorrect axl version. Supported axl versions: 11.5,12.5,14" });
      const notFound = await rejectionOf<UcflowError>(getRoutePartition(client, { name: "P" }));
      expect(isNotFoundError(notFound)).to.equal(false);
      expect(notFound.message).to.include("https://cucm-pub.example.com:8443/axl/").and.include("trailing slash");
      const version = await rejectionOf<UcflowError>(getRoutePartition(client, { name: "P" }));
      expect(version).to.include({ statusCode: 599, code: "UnsupportedSchemaVersion", retryable: false });
      expect(version.message).to.include("Supported axl versions: 11.5,12.5,14").and.include("12.5, 14.0, 15.0");
    });

    it("reads faults namespace-agnostically (namespaced axlError, entities)", () => {
      const body = envelope(
        '<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring xml:lang="en">Item not valid: &lt;x&gt; &amp; y</faultstring><detail><ns2:axlError xmlns:ns2="http://www.cisco.com/AXL/API/11.5"><ns2:axlcode>5007</ns2:axlcode><ns2:axlmessage>Item not valid: &lt;x&gt; &amp; y</ns2:axlmessage><ns2:request>listChange</ns2:request></ns2:axlError></detail></soapenv:Fault>',
      );
      expect(parseSoapFault(body)).to.deep.equal({ faultcode: "soapenv:Server", faultstring: "Item not valid: <x> & y", axlcode: 5007, axlmessage: "Item not valid: <x> & y", request: "listChange" });
      expect(parseSoapFault(envelope("<ns:getPhoneResponse/>"))).to.equal(undefined);
      expect(leafText("<a><processNodeName/></a>", "processNodeName")).to.equal("");
      expect(classifyFault({ axlcode: 5007, axlmessage: "Item not valid: The specified Device Pool was not found" }, "addPhone")).to.equal("other");
    });
  });

  describe("lists", () => {
    it("pages with skip/first until a short page", async () => {
      const { replay, client } = setup({ pageSize: 2 });
      replay.reply(ok("listPhone", phoneRow("SEP000000000001") + phoneRow("SEP000000000002")), ok("listPhone", phoneRow("SEP000000000003") + phoneRow("SEP000000000004")), ok("listPhone", phoneRow("SEP000000000005")));
      const phones = await listPhones(client, { devicePoolName: "Cu1%" });
      expect(phones.map((p) => p.name)).to.deep.equal(["SEP000000000001", "SEP000000000002", "SEP000000000003", "SEP000000000004", "SEP000000000005"]);
      expect(replay.requests.map((r) => [/<skip>(\d+)<\/skip><first>(\d+)<\/first>/.exec(r.body)?.slice(1).join("/")])).to.deep.equal([["0/2"], ["2/2"], ["4/2"]]);
      expect(replay.requests[0].body).to.include("<searchCriteria><devicePoolName>Cu1%</devicePoolName></searchCriteria>").and.include("<returnedTags><name></name><description></description>");
    });

    it("an empty <return/> ends the list", async () => {
      const { replay, client } = setup({ pageSize: 1 });
      replay.reply(ok("listPhone", phoneRow("SEP000000000001")), ok("listPhone", ""));
      expect(await listPhones(client)).to.have.length(1);
      expect(replay.requests[0].body).to.include("<searchCriteria><name>%</name></searchCriteria>");
    });

    it("'Query request too large': asks the same page again smaller (CUCM's suggestion less a margin) and keeps that size", async () => {
      const { replay, client, logger } = setup({ pageSize: 1000 });
      replay.reply(
        fault(-1, "Query request too large. Total rows matched: 2816 rows. Suggestive Row Fetch: less than 844 rows", "listPhone"),
        ok("listPhone", Array.from({ length: 759 }, (_, i) => phoneRow(`SEP${String(i).padStart(12, "0")}`)).join("")),
        ok("listPhone", phoneRow("SEP999999999999")),
      );
      const phones = await listPhones(client);
      expect(phones).to.have.length(760);
      expect(replay.requests.map((r) => /<skip>(\d+)<\/skip><first>(\d+)<\/first>/.exec(r.body)?.slice(1).join("/"))).to.deep.equal(["0/1000", "0/759", "759/759"]);
      expect(logger.lines.join("\n")).to.include("asking 759 rows per page instead of 1000");
    });

    it("gives up re-paging after a bounded number of cuts", async () => {
      const { replay, client } = setup({ pageSize: 1000 });
      const tooLarge = fault(-1, "Query request too large. Total rows matched: 90000 rows.", "listPhone");
      for (let i = 0; i < 9; i++) replay.reply(tooLarge);
      const error = await rejectionOf<AxlFault>(listPhones(client));
      expect(error.kind).to.equal("query-too-large");
      expect(replay.requests.map((r) => /<first>(\d+)<\/first>/.exec(r.body)?.[1])).to.deep.equal(["1000", "500", "250", "125", "62", "31", "15", "7", "3"]);
      expect(replay.pending).to.equal(0);
    });

    it("page size arithmetic", () => {
      expect(suggestedRowFetch("Query request too large. Total rows matched: 2816 rows. Suggestive Row Fetch: less than 844 rows")).to.equal(844);
      expect(suggestedRowFetch("Suggested row fetch: less than 12 rows")).to.equal(12);
      expect(reducedPageSize(1000, 844)).to.equal(759);
      expect(reducedPageSize(1000, undefined)).to.equal(500);
      expect(reducedPageSize(100, 5000)).to.equal(99);
      expect(reducedPageSize(1, 1)).to.equal(1);
    });
  });

  it("never shows the password: not in errors, their JSON, stacks or log lines", async () => {
    const { replay, client, logger } = setup({ version: undefined, cluster: "cu1" });
    const errors: unknown[] = [];
    replay.reply(
      versionReply("15.0.1.12900(234)"),
      htmlPage(401, "Unauthorized"),
      htmlPage(403, "Forbidden"),
      { status: 599, body: `Incorrect axl version for ${PASSWORD}` },
      fault(4052, `exists ${PASSWORD}`, "addLine"),
      { error: socketFailure("ECONNRESET", `reset while sending ${BASIC}`) },
      { status: 500, body: `<html>Internal error ${PASSWORD}</html>` },
      ok("getRoutePartition", `<routePartition uuid="${UUID}"><name>P</name></routePartition>`, "15.0", { "set-cookie": "JSESSIONIDSSO=S3SSION; Path=/" }),
      fault(5007, `Item not valid: The specified ${PASSWORD} was not found`, "getLine"),
    );
    for (let i = 0; i < 6; i++) errors.push(await rejectionOf(addLine(client, { pattern: "4001" })));
    await getRoutePartition(client, { name: "P" });
    errors.push(await rejectionOf(getLine(client, { pattern: "4001" })));
    try {
      new AxlClient({ host: "h", username: "u", password: PASSWORD, version: "9.1" });
    } catch (e) {
      errors.push(e);
    }
    const surface = leakSurface(errors, logger);
    expect(errors.filter(isUcflowError)).to.have.length(7);
    expect(errors.filter(isConfigurationError)).to.have.length(1);
    expect(surface).to.include("axl: adding line 4001");
    expect(surface).not.to.include(PASSWORD);
    expect(surface).not.to.include(BASIC.slice("Basic ".length));
    expect(surface).not.to.include("S3SSION");
    expect(logger.lines.some((l) => l.includes("getCCMVersion") && l.includes("(username and password)"))).to.equal(true);
    expect(logger.lines.some((l) => l.includes("getLine") && l.includes("(session cookie)"))).to.equal(true);
  });
});
