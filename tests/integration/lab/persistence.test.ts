// Service state lives in the state directory: written off the request path (soon, on POST /flush
// and on stop), it survives a restart; a damaged file stops the lab with a clear message, and one
// state directory serves one lab at a time.
import { expect } from "chai";
import { readFile, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { LabControlClient, requestJson, startLab, type LabHandle } from "../../../lab";
import { notesService, SEEDED_NOTE_ID, type NotesState } from "./fixtures/notes-service";
import { temporaryStateDir, waitFor } from "./fixtures/lab-test-support";

const quiet = { services: [notesService], ldap: false, log: () => undefined } as const;

describe("lab state persistence", () => {
  let state: { dir: string; remove: () => Promise<void> };
  let lab: LabHandle | undefined;

  beforeEach(async () => {
    state = await temporaryStateDir();
  });

  afterEach(async () => {
    await lab?.stop();
    lab = undefined;
    await state.remove();
  });

  const savedNotes = async (): Promise<NotesState["notes"]> => (JSON.parse(await readFile(path.join(state.dir, "services", "notes.json"), "utf8")) as { state: NotesState }).state.notes;

  it("starts from the seed, writes what is pending when it stops, and has it after a restart", async () => {
    lab = await startLab({ stateDir: state.dir, ...quiet });
    expect(await savedNotes(), "the seed is saved at the first start").to.have.keys(SEEDED_NOTE_ID);
    const first = lab;
    const put = await requestJson(`${first.endpoints.services.notes}/notes/kept`, { method: "PUT", body: { text: "survives" }, caPem: first.caCertPem });
    expect(put.status).to.equal(201);

    // Stopped at once: the change may not have been written yet, so stop() writes it.
    await first.stop();
    expect((await savedNotes()).kept).to.deep.equal({ text: "survives" });
    lab = await startLab({ stateDir: state.dir, ...quiet });
    const again = await requestJson(`${lab.endpoints.services.notes}/notes/kept`, { caPem: lab.caCertPem });
    expect(again.status).to.equal(200);
    expect(again.body).to.deep.equal({ id: "kept", text: "survives" });
    const control = new LabControlClient(lab.endpoints.control, lab.caCertPem);
    expect(((await control.state("notes")) as NotesState).notes).to.have.keys(SEEDED_NOTE_ID, "kept");
  });

  it("writes changes off the request path on its own, and at once on POST /flush", async () => {
    lab = await startLab({ stateDir: state.dir, ...quiet });
    const notesUrl = lab.endpoints.services.notes as string;
    const control = new LabControlClient(lab.endpoints.control, lab.caCertPem);
    expect((await requestJson(`${notesUrl}/notes/later`, { method: "PUT", body: { text: "in time" }, caPem: lab.caCertPem })).status).to.equal(201);
    await waitFor("the background write of the change", async () => (await savedNotes()).later?.text === "in time");

    expect((await requestJson(`${notesUrl}/notes/now`, { method: "PUT", body: { text: "flushed" }, caPem: lab.caCertPem })).status).to.equal(201);
    expect(await control.flush()).to.deep.equal(["notes"]);
    expect((await savedNotes()).now).to.deep.equal({ text: "flushed" });
    expect(await control.flush("notes")).to.deep.equal(["notes"]);
  });

  it("keeps a reset after a restart too", async () => {
    lab = await startLab({ stateDir: state.dir, ...quiet });
    await requestJson(`${lab.endpoints.services.notes}/notes/gone`, { method: "PUT", body: { text: "x" }, caPem: lab.caCertPem });
    await new LabControlClient(lab.endpoints.control, lab.caCertPem).reset("notes");
    await lab.stop();
    lab = await startLab({ stateDir: state.dir, ...quiet });
    expect((await requestJson(`${lab.endpoints.services.notes}/notes/gone`, { caPem: lab.caCertPem })).status).to.equal(404);
  });

  it("refuses to start on a damaged state file, naming it, and releases the state directory", async () => {
    lab = await startLab({ stateDir: state.dir, ...quiet });
    await lab.stop();
    lab = undefined;
    const file = path.join(state.dir, "services", "notes.json");
    await writeFile(file, JSON.stringify({ format: 1, service: "notes", state: { notes: { a: { txt: 1 } } } }));
    const failure = await startLab({ stateDir: state.dir, ...quiet }).then((l) => l, (e: Error) => e);
    if (!(failure instanceof Error)) {
      lab = failure;
      expect.fail("the lab started on a damaged state file");
    }
    expect(failure.message).to.include(file).and.to.include("note a has no text");

    await writeFile(file, "{");
    const notJson = await startLab({ stateDir: state.dir, ...quiet }).then((l) => l, (e: Error) => e);
    if (!(notJson instanceof Error)) {
      lab = notJson;
      expect.fail("the lab started on a state file that is not JSON");
    }
    expect(notJson.message).to.include("is not JSON");
  });

  it("refuses a second lab on the same state directory while the first runs", async () => {
    lab = await startLab({ stateDir: state.dir, ...quiet });
    const second = await startLab({ stateDir: state.dir, ...quiet }).then((l) => l, (e: Error) => e);
    if (!(second instanceof Error)) {
      await second.stop();
      expect.fail("a second lab started on a state directory in use");
    }
    expect(second.message).to.include("is in use");
    // The first lab is untouched.
    expect((await requestJson(`${lab.endpoints.control}/health`, { caPem: lab.caCertPem })).status).to.equal(200);
  });

  it("writes lab.json and env.sh while running and removes them on stop", async () => {
    lab = await startLab({ stateDir: state.dir, ...quiet });
    const record = JSON.parse(await readFile(path.join(state.dir, "lab.json"), "utf8")) as { pid: number; control: string };
    expect(record).to.include({ pid: process.pid, control: lab.endpoints.control });
    expect(await readFile(path.join(state.dir, "env.sh"), "utf8")).to.include(`export UCFLOW_LAB_CONTROL_URL='${lab.endpoints.control}'`);
    await lab.stop();
    lab = undefined;
    const missing = async (file: string): Promise<boolean> => readFile(path.join(state.dir, file)).then(() => false, () => true);
    expect(await missing("lab.json")).to.equal(true);
    expect(await missing("env.sh")).to.equal(true);
  });
});
