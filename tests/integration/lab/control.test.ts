// The control endpoint against a running lab with the notes test service: reset, seed, state,
// fault injection (a 429 with Retry-After injected, observed, then cleared) and clear errors.
import { expect } from "chai";
import { request } from "node:https";
import { LabControlClient, LabControlError, requestJson, startLab, type LabHandle, type LabJsonResponse } from "../../../lab";
import { notesService, SEEDED_NOTE_ID, type NotesState } from "./fixtures/notes-service";
import { temporaryStateDir } from "./fixtures/lab-test-support";

describe("lab control endpoint", () => {
  let lab: LabHandle;
  let control: LabControlClient;
  let state: { dir: string; remove: () => Promise<void> };
  let notesUrl: string;

  const notes = (method: string, path: string, body?: unknown): Promise<LabJsonResponse> =>
    requestJson(`${notesUrl}${path}`, { method, body, caPem: lab.caCertPem });
  /** A raw body, for what requestJson cannot send (invalid JSON). */
  const sendText = (method: string, path: string, text: string): Promise<LabJsonResponse> => {
    return new Promise((resolve, reject) => {
      const req = request(`${lab.endpoints.control}${path}`, { method, ca: lab.caCertPem, agent: false, headers: { "content-type": "application/json" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
      });
      req.on("error", reject);
      req.end(text);
    });
  };

  before(async () => {
    state = await temporaryStateDir();
    lab = await startLab({ stateDir: state.dir, services: [notesService], ldap: false, log: () => undefined });
    control = new LabControlClient(lab.endpoints.control, lab.caCertPem);
    notesUrl = lab.endpoints.services.notes as string;
  });

  after(async () => {
    await lab?.stop();
    await state?.remove();
  });

  beforeEach(async () => {
    await control.reset();
  });

  it("reports health with the running services", async () => {
    const health = await control.health();
    expect(health).to.deep.include({ status: "ok", stateDir: state.dir, ldap: null });
    expect(health.services).to.deep.equal({ notes: notesUrl });
    expect(lab.env.UCFLOW_LAB_NOTES_URL).to.equal(notesUrl);
    expect(lab.env.UCFLOW_LAB_CONTROL_URL).to.equal(lab.endpoints.control);
  });

  it("shows a service's state, and POST /reset returns one service to its seed", async () => {
    expect((await notes("PUT", "/notes/n1", { text: "hello" })).status).to.equal(201);
    expect(((await control.state("notes")) as NotesState).notes).to.have.keys(SEEDED_NOTE_ID, "n1");
    await control.reset("notes");
    expect(((await control.state("notes")) as NotesState).notes).to.have.keys(SEEDED_NOTE_ID);
    expect((await notes("GET", "/notes/n1")).status).to.equal(404);
  });

  it("POST /seed adds data through the service's seed function and rejects bad data with its error", async () => {
    await control.seed("notes", { notes: { a: "alpha", b: "beta" } });
    expect((await notes("GET", "/notes/b")).body).to.deep.equal({ id: "b", text: "beta" });
    const error = await control.seed("notes", { notes: { a: 1 } }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(LabControlError);
    expect(error).to.include({ status: 400, code: "InvalidSeed" });
  });

  it("answers unknown services, routes and methods with JSON errors", async () => {
    const unknown = await control.state("graph").then(() => undefined, (e: unknown) => e);
    expect(unknown).to.include({ status: 404, code: "UnknownService" });
    expect((unknown as Error).message).to.include("running: notes");

    const notFound = await requestJson(`${lab.endpoints.control}/nope`, { caPem: lab.caCertPem });
    expect(notFound.status).to.equal(404);
    expect(notFound.body).to.have.nested.property("error.code", "NotFound");

    const wrongMethod = await requestJson(`${lab.endpoints.control}/faults`, { method: "PUT", caPem: lab.caCertPem });
    expect(wrongMethod.status).to.equal(405);
    expect(wrongMethod.headers.allow).to.equal("GET, POST, DELETE");

    const badJson = await sendText("POST", "/faults", "{not json");
    expect(badJson.status).to.equal(400);
    expect(badJson.body).to.have.nested.property("error.code", "InvalidJson");

    const extraField = await requestJson(`${lab.endpoints.control}/reset`, { method: "POST", body: { services: "notes" }, caPem: lab.caCertPem });
    expect(extraField.status).to.equal(400);
    expect(extraField.body).to.have.nested.property("error.message").that.includes('does not take "services"');
  });

  it("injects a 429 with Retry-After in the service's own error shape, then lets requests through once cleared", async () => {
    const [added] = await control.addFaults([{ service: "notes", method: "GET", path: "^/notes$", action: "status", status: 429, retryAfter: 7 }]);
    expect(added).to.include({ id: "f1", action: "status", status: 429, retryAfter: 7, fired: 0 });

    const throttled = await notes("GET", "/notes");
    expect(throttled.status).to.equal(429);
    expect(throttled.headers["retry-after"]).to.equal("7");
    expect(throttled.body).to.deep.equal({ notesError: { rule: "f1", status: 429 } });
    expect((await notes("GET", `/notes/${SEEDED_NOTE_ID}`)).status, "path regex does not match").to.equal(200);
    expect((await control.faults()).rules[0]).to.include({ id: "f1", fired: 1 });

    await control.clearFaults();
    expect((await control.faults()).rules).to.deep.equal([]);
    expect((await notes("GET", "/notes")).status).to.equal(200);
  });

  it("fires a counted 503 with a custom body and headers exactly count times", async () => {
    await control.addFaults([{ service: "notes", action: "status", status: 503, body: "maintenance", headers: { "x-lab": "yes" }, count: 2 }]);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await notes("GET", "/notes");
      statuses.push(response.status);
      if (response.status === 503) {
        expect(response.body).to.equal("maintenance");
        expect(response.headers["x-lab"]).to.equal("yes");
      }
    }
    expect(statuses).to.deep.equal([503, 503, 200, 200]);
  });

  it("drops the connection for a reset rule, and a latency rule still lets the request through", async () => {
    const [reset] = await control.addFaults([{ service: "notes", method: "DELETE", action: "reset", count: 1 }]);
    const dropped = await notes("DELETE", `/notes/${SEEDED_NOTE_ID}`).then(() => undefined, (e: NodeJS.ErrnoException) => e);
    expect(dropped?.code).to.be.oneOf(["ECONNRESET", "EPIPE"]);
    expect(((await control.state("notes")) as NotesState).notes, "the dropped request never reached the service").to.have.key(SEEDED_NOTE_ID);
    await control.removeFault(reset?.id as string);

    await control.addFaults([{ service: "notes", action: "latency", ms: 30 }]);
    expect((await notes("GET", "/notes")).status).to.equal(200);
    expect((await control.faults()).rules[0]).to.include({ action: "latency", fired: 1 });
  });

  it("repeats the same rate-driven faults for the same seed", async () => {
    const pattern = async (): Promise<number[]> => {
      await control.clearFaults();
      await control.addFaults([{ service: "notes", action: "status", status: 503, rate: 0.5 }], 2024);
      const statuses: number[] = [];
      for (let i = 0; i < 24; i++) statuses.push((await notes("GET", "/notes")).status);
      return statuses;
    };
    const first = await pattern();
    expect(first).to.include(503).and.to.include(200);
    expect(await pattern()).to.deep.equal(first);
    expect((await control.faults()).seed).to.equal(2024);
  });

  it("rejects invalid rules with a 400 naming the field, and adds nothing", async () => {
    const error = await control.addFaults([{ action: "reset" }, { service: "nope", action: "reset" }]).then(() => undefined, (e: unknown) => e);
    expect(error).to.include({ status: 400, code: "InvalidFaultRule" });
    expect((error as Error).message).to.include('rules[1].service must be one of "notes"');
    expect((await control.faults()).rules).to.deep.equal([]);
    const unknownId = await control.removeFault("f999").then(() => undefined, (e: unknown) => e);
    expect(unknownId).to.include({ status: 404, code: "UnknownFaultRule" });
  });

  it("a full POST /reset clears fault rules and returns every service to its seed", async () => {
    await notes("PUT", "/notes/x", { text: "x" });
    await control.addFaults([{ service: "notes", method: "PUT", action: "status", status: 500 }]);
    await control.reset();
    expect((await control.faults()).rules).to.deep.equal([]);
    expect(((await control.state("notes")) as NotesState).notes).to.have.keys(SEEDED_NOTE_ID);
    expect((await notes("PUT", "/notes/y", { text: "y" })).status).to.equal(201);
  });

  it("answers a service's unknown route with 404 and a wrong method with 405", async () => {
    expect((await notes("GET", "/nope")).status).to.equal(404);
    const wrong = await notes("POST", "/notes/a", {});
    expect(wrong.status).to.equal(405);
    expect(wrong.headers.allow).to.equal("GET, PUT, DELETE");
  });
});
