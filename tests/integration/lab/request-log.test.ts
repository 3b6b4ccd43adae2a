// The request log against a lab running all five simulators: every request each one serves is
// an entry (status, write, the AXL operation, a Graph $batch item as an entry of its own),
// GET /requests filters by service and since, DELETE /requests clears, and no entry carries a
// body, a query string or a credential. The bound is checked on a small lab of its own.
import { expect } from "chai";
import { mkdtemp, rm } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { LabControlClient, LabControlError, requestJson, startLab, type LabHandle, type LabServiceDefinition } from "../../../lab";
import type { LabRequest } from "../../../lab/control/control-client";
import { createCiscoServices, LAB_AXL_ADMIN } from "../../../lab/cisco";
import { LAB_CUPI_PASSWORD, LAB_CUPI_USERNAME } from "../../../lab/cisco/cupi";
import { createMicrosoftServices, LAB_TENANT_ID, LAB_UCFLOW_CLIENT_ID, LAB_UCFLOW_CLIENT_SECRET, TEAMS_ADMIN_API } from "../../../lab/microsoft";
import { notesService } from "./fixtures/notes-service";
import { temporaryStateDir } from "./fixtures/lab-test-support";

const UPN = "adele.vance@contoso.com";

describe("lab request log", () => {
  let lab: LabHandle;
  let control: LabControlClient;
  let stateDir: string;
  let graphToken: string;
  let teamsToken: string;
  const url = (service: string): string => lab.endpoints.services[service] as string;

  const token = async (scope: string): Promise<string> => {
    const answer = await fetch(`${url("entra")}/${LAB_TENANT_ID}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: LAB_UCFLOW_CLIENT_ID, client_secret: LAB_UCFLOW_CLIENT_SECRET, scope }).toString(),
    });
    expect(answer.status).to.equal(200);
    return ((await answer.json()) as { access_token: string }).access_token;
  };
  const bearer = (service: string, tokenValue: string, method: string, pathAndQuery: string, body?: unknown) =>
    requestJson(`${url(service)}${pathAndQuery}`, { method, body, caPem: lab.caCertPem, headers: { authorization: `Bearer ${tokenValue}` } });
  const axl = (operation: string, inner: string) => {
    const envelope = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.cisco.com/AXL/API/15.0"><soapenv:Body><ns:${operation}>${inner}</ns:${operation}></soapenv:Body></soapenv:Envelope>`;
    return fetch(`${url("axl")}/axl/`, {
      method: "POST",
      headers: { "content-type": "text/xml; charset=utf-8", soapaction: `"CUCM:DB ver=15.0 ${operation}"`, authorization: `Basic ${Buffer.from(`${LAB_AXL_ADMIN.userid}:${LAB_AXL_ADMIN.password}`).toString("base64")}` },
      body: envelope,
    });
  };
  const cupi = (method: string, pathAndQuery: string) =>
    fetch(`${url("cupi")}${pathAndQuery}`, { method, headers: { accept: "application/json", authorization: `Basic ${Buffer.from(`${LAB_CUPI_USERNAME}:${LAB_CUPI_PASSWORD}`).toString("base64")}` } });
  const shape = (entry: LabRequest) => ({ service: entry.service, method: entry.method, path: entry.path, status: entry.status, write: entry.write, ...(entry.operation !== undefined ? { operation: entry.operation } : {}) });

  before(async () => {
    const tlsDir = process.env.UCFLOW_TEST_TLS_DIR;
    if (!tlsDir || !process.env.NODE_EXTRA_CA_CERTS) throw new Error("the request log test needs UCFLOW_TEST_TLS_DIR and NODE_EXTRA_CA_CERTS (the test runner sets both)");
    stateDir = await mkdtemp(path.join(os.tmpdir(), "ucflow-lab-request-log-"));
    const services: LabServiceDefinition<unknown>[] = [...createMicrosoftServices().all, ...createCiscoServices().all];
    lab = await startLab({ stateDir, tlsDir, services, ldap: false, log: () => undefined });
    control = new LabControlClient(lab.endpoints.control, lab.caCertPem);
    graphToken = await token("https://graph.microsoft.com/.default");
    teamsToken = await token(`${TEAMS_ADMIN_API.appId}/.default`);
  });

  after(async () => {
    await lab?.stop();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await control.reset();
    await control.clearRequests();
  });

  it("logs token requests as reads and Graph and Teams requests with their method, path and status", async () => {
    const before = (await control.requests()).length;
    expect(before).to.equal(0);
    await token("https://graph.microsoft.com/.default");
    expect((await bearer("graph", graphToken, "GET", `/v1.0/users/${UPN}?$select=id`)).status).to.equal(200);
    expect((await bearer("graph", graphToken, "PATCH", `/v1.0/users/${UPN}`, { usageLocation: "US" })).status).to.equal(204);
    expect((await bearer("graph", graphToken, "DELETE", "/v1.0/users/nobody@contoso.com")).status).to.equal(405);
    expect((await bearer("teams", teamsToken, "GET", "/Teams.Tenant/tenants")).status).to.equal(200);

    const entries = await control.requests();
    expect(entries.map(shape)).to.deep.equal([
      { service: "entra", method: "POST", path: `/${LAB_TENANT_ID}/oauth2/v2.0/token`, status: 200, write: false },
      { service: "graph", method: "GET", path: `/v1.0/users/${UPN}`, status: 200, write: false },
      { service: "graph", method: "PATCH", path: `/v1.0/users/${UPN}`, status: 204, write: true },
      { service: "graph", method: "DELETE", path: "/v1.0/users/nobody@contoso.com", status: 405, write: true },
      { service: "teams", method: "GET", path: "/Teams.Tenant/tenants", status: 200, write: false },
    ]);
    const seqs = entries.map((entry) => entry.seq);
    expect(seqs).to.deep.equal([...seqs].sort((a, b) => a - b));
    for (const entry of entries) expect(Number.isNaN(Date.parse(entry.at))).to.equal(false);
  });

  it("logs each $batch item as an entry of its own, and the container as a read", async () => {
    const answer = await bearer("graph", graphToken, "POST", "/v1.0/$batch", {
      requests: [
        { id: "1", method: "GET", url: `/users/${UPN}?$select=city` },
        { id: "2", method: "PATCH", url: `/users/${UPN}`, headers: { "content-type": "application/json" }, body: { city: "Redmond" } },
        { id: "3", method: "GET", url: "/users/nobody@contoso.com" },
      ],
    });
    expect(answer.status).to.equal(200);
    const entries = await control.requests({ service: "graph" });
    expect(entries).to.have.length(4);
    const container = entries[entries.length - 1] as LabRequest;
    expect(shape(container)).to.deep.equal({ service: "graph", method: "POST", path: "/v1.0/$batch", status: 200, write: false });
    expect(entries.slice(0, 3).map(shape).sort((a, b) => a.method.localeCompare(b.method) || a.path.localeCompare(b.path))).to.deep.equal([
      { service: "graph", method: "GET", path: `/v1.0/users/${UPN}`, status: 200, write: false },
      { service: "graph", method: "GET", path: "/v1.0/users/nobody@contoso.com", status: 404, write: false },
      { service: "graph", method: "PATCH", path: `/v1.0/users/${UPN}`, status: 204, write: true },
    ]);
  });

  it("logs AXL requests with their SOAP operation and CUPI requests with method and path", async () => {
    expect((await axl("getCCMVersion", "")).status).to.equal(200);
    expect((await axl("removePhone", "<name>SEP000000000999</name>")).status).to.equal(500);
    expect((await cupi("GET", "/vmrest/users?rowsPerPage=1")).status).to.equal(200);
    expect((await cupi("DELETE", "/vmrest/users/00000000-0000-0000-0000-000000000999")).status).to.equal(404);
    expect((await control.requests({ service: "axl" })).map(shape)).to.deep.equal([
      { service: "axl", method: "POST", path: "/axl/", status: 200, write: false, operation: "getCCMVersion" },
      { service: "axl", method: "POST", path: "/axl/", status: 500, write: true, operation: "removePhone" },
    ]);
    expect((await control.requests({ service: "cupi" })).map(shape)).to.deep.equal([
      { service: "cupi", method: "GET", path: "/vmrest/users", status: 200, write: false },
      { service: "cupi", method: "DELETE", path: "/vmrest/users/00000000-0000-0000-0000-000000000999", status: 404, write: true },
    ]);
  });

  it("logs requests answered by a fault rule, and a dropped connection with status 0", async () => {
    await control.addFaults([
      { service: "cupi", path: "^/vmrest/users$", action: "status", status: 503, count: 1 },
      { service: "axl", path: "^/axl/$", action: "reset", count: 1 },
    ]);
    expect((await cupi("GET", "/vmrest/users")).status).to.equal(503);
    const dropped = await axl("addLine", "<line><pattern>4999</pattern></line>").then(() => "answered", () => "dropped");
    expect(dropped).to.equal("dropped");
    const entries = await control.requests();
    expect(entries.map(shape)).to.deep.equal([
      { service: "cupi", method: "GET", path: "/vmrest/users", status: 503, write: false },
      // The SOAPAction names the operation before the body is read.
      { service: "axl", method: "POST", path: "/axl/", status: 0, write: true, operation: "addLine" },
    ]);
  });

  it("filters by since and by service, and refuses unknown filters with the allowed values", async () => {
    await cupi("GET", "/vmrest/users");
    const [first] = await control.requests();
    await cupi("GET", "/vmrest/usertemplates");
    await bearer("teams", teamsToken, "GET", "/Teams.Tenant/tenants");
    const after = await control.requests({ since: (first as LabRequest).seq });
    expect(after.map((entry) => entry.path)).to.deep.equal(["/vmrest/usertemplates", "/Teams.Tenant/tenants"]);
    expect((await control.requests({ service: "teams", since: 0 })).map((entry) => entry.service)).to.deep.equal(["teams"]);

    const unknown = await control.requests({ service: "ldap" }).then(() => undefined, (error: unknown) => error);
    expect(unknown).to.be.instanceOf(LabControlError).and.include({ status: 400 });
    expect((unknown as Error).message).to.include("entra, graph, teams, axl, cupi");
    const badSince = await requestJson(`${lab.endpoints.control}/requests?since=-1`, { caPem: lab.caCertPem });
    expect(badSince.status).to.equal(400);
    const badKey = await requestJson(`${lab.endpoints.control}/requests?user=x`, { caPem: lab.caCertPem });
    expect(badKey.status).to.equal(400);
  });

  it("DELETE /requests empties the log; seq numbers go on after it", async () => {
    await cupi("GET", "/vmrest/users");
    const [before] = await control.requests();
    const cleared = await requestJson(`${lab.endpoints.control}/requests`, { method: "DELETE", caPem: lab.caCertPem });
    expect(cleared.body).to.deep.equal({ cleared: 1 });
    expect(await control.requests()).to.deep.equal([]);
    await cupi("GET", "/vmrest/users");
    const [next] = await control.requests();
    expect((next as LabRequest).seq).to.be.greaterThan((before as LabRequest).seq);
  });

  it("never holds a body, a query string or a credential", async () => {
    await token("https://graph.microsoft.com/.default");
    await bearer("graph", graphToken, "PATCH", `/v1.0/users/${UPN}?secret=1`, { city: "Sentinel-City-42" });
    await axl("getCCMVersion", "");
    await cupi("GET", "/vmrest/users?query=(alias%20is%20operator)");
    const raw = JSON.stringify((await requestJson(`${lab.endpoints.control}/requests`, { caPem: lab.caCertPem })).body);
    for (const secret of [LAB_UCFLOW_CLIENT_SECRET, graphToken, LAB_AXL_ADMIN.password, LAB_CUPI_PASSWORD, "Basic ", "Bearer", "Sentinel-City-42", "secret=1", "operator", "client_credentials"]) {
      expect(raw, secret).to.not.include(secret);
    }
  });
});

describe("lab request log bound", () => {
  let lab: LabHandle;
  let state: { dir: string; remove: () => Promise<void> };

  before(async () => {
    state = await temporaryStateDir();
    lab = await startLab({ stateDir: state.dir, services: [notesService], ldap: false, requestLog: { maxEntries: 2 }, log: () => undefined });
  });

  after(async () => {
    await lab?.stop();
    await state?.remove();
  });

  it("keeps the last maxEntries and says how many were dropped", async () => {
    for (let i = 0; i < 5; i += 1) await requestJson(`${lab.endpoints.services.notes}/notes`, { caPem: lab.caCertPem });
    const page = await new LabControlClient(lab.endpoints.control, lab.caCertPem).requestLog();
    expect(page.requests.map((entry) => entry.seq)).to.deep.equal([4, 5]);
    expect(page).to.include({ dropped: 3, maxEntries: 2 });
  });

  it("refuses a bound below 1 when the lab starts", async () => {
    const other = await temporaryStateDir();
    try {
      const failed = await startLab({ stateDir: other.dir, services: [notesService], ldap: false, requestLog: { maxEntries: 0 }, log: () => undefined }).then(() => undefined, (error: unknown) => error);
      expect((failed as Error).message).to.include("maxEntries must be a whole number of at least 1, got 0");
    } finally {
      await other.remove();
    }
  });
});
