// The AXL wire protocol as CUCM answers it (reference §1, §3.4, checklist §6 items 1-4):
// the /axl/ endpoint and its banner, Basic authentication with Tomcat's 401/403 pages, the
// JSESSIONIDSSO session and its idle expiry, SOAPAction and namespace versions (599 for an
// unsupported one, 1.0 for the oldest), namespace-agnostic prefixes, and the fault shape.
import { expect } from "chai";
import { LAB_AXL_ADMIN, LAB_AXL_NO_ACCESS, LAB_AXL_READ_ONLY, parseXml } from "../../../lab/cisco";
import { axl, basic, child, envelope, faultOf, httpRequest, returnOf, textAt, type AxlLab, withAxlLab } from "./support";

const clock = { ms: Date.parse("2025-03-01T12:00:00Z") };

describe("lab AXL simulator: endpoint, authentication and sessions", () => {
  let env: AxlLab;
  withAxlLab((lab) => (env = lab), { now: () => clock.ms });

  it("answers GET /axl/ with the AXL banner for a user with an AXL role, read-only included", async () => {
    for (const user of [LAB_AXL_ADMIN, LAB_AXL_READ_ONLY]) {
      const answer = await httpRequest(env, "GET", env.axlUrl, undefined, { authorization: basic(user) });
      expect(answer.status).to.equal(200);
      expect(answer.headers["content-type"]).to.match(/^text\/html/);
      expect(answer.body).to.include("Cisco CallManager: AXL Web Service").and.include("Use HTTP POST to send a request.");
    }
  });

  it("turns callers away with Tomcat's HTML pages: 401 without or with wrong credentials, 403 without an AXL role", async () => {
    const none = await httpRequest(env, "GET", env.axlUrl, undefined, {});
    expect(none.status).to.equal(401);
    expect(none.headers["www-authenticate"]).to.match(/^Basic realm=/);
    expect(none.headers["content-type"]).to.match(/^text\/html/);
    expect(none.body).to.include("HTTP Status 401 – Unauthorized");
    const wrong = await axl(env, "getCCMVersion", "", { credentials: { userid: LAB_AXL_ADMIN.userid, password: "not-the-password" } });
    expect(wrong.status).to.equal(401);
    expect(wrong.body).to.not.include("Envelope");
    const noRole = await axl(env, "getCCMVersion", "", { credentials: LAB_AXL_NO_ACCESS });
    expect(noRole.status).to.equal(403);
    expect(noRole.body).to.include("HTTP Status 403 – Forbidden");
  });

  it("lets a read-only user read and answers 403 to its writes and device actions", async () => {
    const read = await axl(env, "getPhone", "<name>SEP00AABB000001</name>", { credentials: LAB_AXL_READ_ONLY });
    expect(textAt(returnOf(read, "getPhone"), "phone", "name")).to.equal("SEP00AABB000001");
    const write = await axl(env, "addRoutePartition", "<routePartition><name>RO-PT</name></routePartition>", { credentials: LAB_AXL_READ_ONLY });
    expect(write.status).to.equal(403);
    const reset = await axl(env, "resetPhone", "<name>SEP00AABB000001</name>", { credentials: LAB_AXL_READ_ONLY });
    expect(reset.status).to.equal(403);
  });

  it("serves only /axl/ (trailing slash required): other paths 404, other methods on /axl/ 405", async () => {
    const noSlash = await axl(env, "getCCMVersion", "", { url: `${env.baseUrl}/axl` });
    expect(noSlash.status).to.equal(404);
    expect(noSlash.body).to.include("HTTP Status 404 – Not Found");
    expect((await axl(env, "getCCMVersion", "", { url: `${env.baseUrl}/axl/extra` })).status).to.equal(404);
    const put = await httpRequest(env, "PUT", env.axlUrl, "", { authorization: basic(LAB_AXL_ADMIN) });
    expect(put.status).to.equal(405);
    expect(put.headers.allow).to.equal("GET, POST");
  });

  it("issues JSESSIONIDSSO, accepts it instead of Authorization, and answers 404 once it has been idle too long", async () => {
    await env.control.seed("axl", { settings: { sessionIdleSeconds: 60 } });
    const first = await axl(env, "getCCMVersion", "");
    const setCookie = String(first.headers["set-cookie"]);
    const match = /^JSESSIONIDSSO=([0-9A-F]{32}); Path=\/; Secure; HttpOnly$/.exec(setCookie);
    expect(match, setCookie).to.not.equal(null);
    const cookie = `JSESSIONIDSSO=${(match as RegExpExecArray)[1]}`;

    const reused = await axl(env, "getCCMVersion", "", { credentials: null, headers: { cookie } });
    expect(reused.status).to.equal(200);
    expect(reused.headers["set-cookie"]).to.equal(undefined);

    clock.ms += 59_000; // still within 60 s of the last use
    expect((await axl(env, "getCCMVersion", "", { credentials: null, headers: { cookie } })).status).to.equal(200);
    clock.ms += 61_000;
    const expired = await axl(env, "getCCMVersion", "", { credentials: null, headers: { cookie } });
    expect(expired.status).to.equal(404);
    expect(expired.body).to.include("HTTP Status 404");
    const again = await axl(env, "getCCMVersion", "", { headers: { cookie } });
    expect(again.status).to.equal(200);
    expect(String(again.headers["set-cookie"])).to.match(/^JSESSIONIDSSO=/);
    expect((await axl(env, "getCCMVersion", "", { credentials: null, headers: { cookie: "JSESSIONIDSSO=0123456789ABCDEF0123456789ABCDEF" } })).status).to.equal(404);
  });
});

describe("lab AXL simulator: SOAP and schema versions", () => {
  let env: AxlLab;
  withAxlLab((lab) => (env = lab));

  it("answers getCCMVersion with the cluster's version, in namespace 1.0 without SOAPAction", async () => {
    const answer = await axl(env, "getCCMVersion", "<processNodeName/>", { version: "1.0", soapAction: null });
    expect(textAt(returnOf(answer, "getCCMVersion"), "componentVersion", "version")).to.equal("15.0.1.12900-1");
    await env.control.seed("axl", { cluster: { version: "14.0.1.13900-155" } });
    const changed = await axl(env, "getCCMVersion", "", { version: "1.0", soapAction: null });
    expect(textAt(returnOf(changed, "getCCMVersion"), "componentVersion", "version")).to.equal("14.0.1.13900-155");
  });

  it("serves schemas 12.5, 14.0 and 15.0 and answers HTTP 599 with Cisco's text for any other", async () => {
    for (const version of ["12.5", "14.0", "15.0"]) {
      const answer = await axl(env, "getUser", "<userid>jsmith</userid>", { version });
      expect(textAt(returnOf(answer, "getUser"), "user", "userid"), version).to.equal("jsmith");
      expect(child(child(parseXml(answer.body), "Body"), "getUserResponse").uri).to.equal(`http://www.cisco.com/AXL/API/${version}`);
    }
    for (const version of ["11.5", "12.0", "13.0", "16.0"]) {
      const answer = await axl(env, "getUser", "<userid>jsmith</userid>", { version });
      expect(answer.status, version).to.equal(599);
      expect(answer.body).to.equal("Incorrect axl version. Supported axl versions: 12.5,14.0,15.0");
    }
    const noAction = await axl(env, "getUser", "<userid>jsmith</userid>", { version: "11.5", soapAction: null });
    expect(noAction.status).to.equal(599);
  });

  it("requires SOAPAction and namespace to name the same version and operation", async () => {
    const mismatch = await axl(env, "getUser", "<userid>jsmith</userid>", { version: "15.0", soapAction: '"CUCM:DB ver=14.0 getUser"' });
    expect(faultOf(mismatch)).to.include({ faultcode: "soapenv:Client", axlcode: 5003, request: "getUser" });
    expect(faultOf(mismatch).axlmessage).to.include("14.0").and.include("15.0");
    const otherOperation = await axl(env, "getUser", "<userid>jsmith</userid>", { soapAction: '"CUCM:DB ver=15.0 getPhone"' });
    expect(faultOf(otherOperation).axlmessage).to.include("getPhone");
    const malformed = await axl(env, "getUser", "<userid>jsmith</userid>", { soapAction: "getUser" });
    expect(faultOf(malformed).axlcode).to.equal(5003);
    const unquoted = await axl(env, "getUser", "<userid>jsmith</userid>", { soapAction: "CUCM:DB ver=15.0 getUser" });
    expect(unquoted.status).to.equal(200);
  });

  it("maps namespace 1.0 without SOAPAction to the oldest schema served, with that schema's elements", async () => {
    await env.control.seed("axl", { cluster: { schemaVersions: ["12.0", "12.5", "14.0", "15.0"] } });
    const user = "<user><lastName>Old</lastName><userid>schema-old</userid><customerName>Contoso</customerName></user>";
    const old = await axl(env, "addUser", user, { version: "1.0", soapAction: null });
    expect(faultOf(old).axlmessage).to.equal("addUser/user/customerName: AXL schema 12.0 has no such element (it arrived in 12.5)");
    expect(faultOf(await axl(env, "addUser", user, { version: "12.0" })).axlcode).to.equal(5003);
    expect((await axl(env, "addUser", user, { version: "12.5" })).status).to.equal(200);
    // Customer itself is a 12.5 object: schema 12.0 has no listCustomer.
    const list = await axl(env, "listCustomer", "<searchCriteria><name>%</name></searchCriteria><returnedTags><name/></returnedTags>", { version: "12.0" });
    expect(list.status).to.equal(500);
    expect(list.body).to.include("No such operation listCustomer in AXL schema 12.0");
  });

  it("dispatches on the operation's local name whatever the prefixes: default namespace, soap:/xsd1:, declared on the operation", async () => {
    const inner = "<name>SEP00AABB000001</name><returnedTags><name/></returnedTags>";
    const defaultNamespace = await axl(env, "getPhone", inner, { prefix: "" });
    expect(textAt(returnOf(defaultNamespace, "getPhone"), "phone", "name")).to.equal("SEP00AABB000001");
    const nodeSoapStyle = await axl(env, "getPhone", inner, { prefix: "xsd1", envelopePrefix: "soap" });
    expect(textAt(returnOf(nodeSoapStyle, "getPhone"), "phone", "name")).to.equal("SEP00AABB000001");
    const onOperation =
      `<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Header/><S:Body>` +
      `<a:getPhone xmlns:a="http://www.cisco.com/AXL/API/15.0" sequence="42">${inner}</a:getPhone></S:Body></S:Envelope>`;
    const answer = await httpRequest(env, "POST", env.axlUrl, onOperation, { authorization: basic(LAB_AXL_ADMIN), "content-type": "text/xml", soapaction: '"CUCM:DB ver=15.0 getPhone"' });
    expect(answer.body).to.match(/<ns:getPhoneResponse xmlns:ns="http:\/\/www\.cisco\.com\/AXL\/API\/15\.0" sequence="42"><return><phone ctiid="\d+" uuid="\{[0-9A-F-]{36}\}"><name>SEP00AABB000001<\/name><\/phone><\/return>/);
    expect(answer.body.startsWith("<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>")).to.equal(true);
  });

  it("answers faults as HTTP 500 SOAP 1.1 with detail/axlError{axlcode, axlmessage, request}", async () => {
    const answer = await axl(env, "getUser", "<userid>nobody</userid>");
    expect(answer.status).to.equal(500);
    expect(answer.headers["content-type"]).to.equal("text/xml;charset=UTF-8");
    expect(answer.body).to.include(
      "<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>Item not valid: The specified User was not found</faultstring>" +
        "<detail><axlError><axlcode>5007</axlcode><axlmessage>Item not valid: The specified User was not found</axlmessage><request>getUser</request></axlError></detail></soapenv:Fault>",
    );
  });

  it("refuses what is not a SOAP 1.1 AXL request with a bare SOAP fault", async () => {
    const headers = { authorization: basic(LAB_AXL_ADMIN), "content-type": "text/xml" };
    const bareFault = (body: string): string => child(child(child(parseXml(body), "Body"), "Fault"), "faultcode").text;
    const broken = await httpRequest(env, "POST", env.axlUrl, "<soapenv:Envelope><unclosed>", headers);
    expect(broken.status).to.equal(500);
    expect(bareFault(broken.body)).to.equal("soapenv:Client");
    expect(broken.body).to.include("not well-formed XML").and.not.include("axlError");
    const soap12 = `<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><ns:getCCMVersion xmlns:ns="http://www.cisco.com/AXL/API/15.0"/></e:Body></e:Envelope>`;
    expect(bareFault((await httpRequest(env, "POST", env.axlUrl, soap12, headers)).body)).to.equal("soapenv:VersionMismatch");
    const doctype = `<!DOCTYPE x [<!ENTITY e "boom">]>${envelope("getCCMVersion", "")}`;
    const refused = await httpRequest(env, "POST", env.axlUrl, doctype, headers);
    expect(refused.status).to.equal(500);
    expect(refused.body).to.include("document type declaration");
    const unknown = await axl(env, "getNothing", "");
    expect(bareFault(unknown.body)).to.equal("soapenv:Client");
    expect(unknown.body).to.include("No such operation getNothing");
    // Referenced kinds are seeded, not provisioned: get and list only.
    expect((await axl(env, "addRegion", "<region><name>R</name></region>")).body).to.include("No such operation addRegion");
    expect(textAt(returnOf(await axl(env, "getRegion", "<name>Default</name>"), "getRegion"), "region", "name")).to.equal("Default");
  });
});
