// LabHandle.restart(): every server closes and comes back on the same ports, each simulator from
// its saved state and slapd on its own database, as a platform outage and return would look. A
// write whose handler was running when the lab stopped is applied and kept, its answer lost.
import { expect } from "chai";
import { Client } from "ldapts";
import { defineService, jsonResponse, LabControlClient, requestJson, startLab, type LabHandle } from "../../../lab";
import { notesService, SEEDED_NOTE_ID, type NotesState } from "./fixtures/notes-service";
import { temporaryStateDir, waitFor } from "./fixtures/lab-test-support";

/** A write that takes as long as the test says: it waits for `release`, then changes the state. */
function slowNotes() {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let entered = false;
  const service = defineService<NotesState>({
    ...notesService,
    name: "slow-notes",
    routes: [
      ...notesService.routes,
      {
        method: "POST", path: "/slow/:id",
        handle: async (req, state) => {
          entered = true;
          await released;
          const id = req.params.id ?? "";
          await state.update((current) => {
            current.notes[id] = { text: "written after the lab began to stop" };
          });
          return jsonResponse(201, { id });
        },
      },
    ],
  });
  return { service, release, entered: () => entered };
}

describe("lab restart (LabHandle.restart)", function () {
  this.timeout(60_000);
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

  it("comes back on the same ports with the saved state; connections are refused while it is down", async () => {
    lab = await startLab({ stateDir: state.dir, services: [notesService], ldap: false, log: () => undefined });
    const running = lab;
    const notes = running.endpoints.services.notes!;
    const control = new LabControlClient(running.endpoints.control, running.caCertPem);
    await control.addFaults([{ service: "notes", method: "DELETE", action: "status", status: 503 }]);
    expect((await requestJson(`${notes}/notes/kept`, { method: "PUT", body: { text: "survives" }, caPem: running.caCertPem })).status).to.equal(201);
    const endpoints = structuredClone(running.endpoints);

    const refused: string[] = [];
    await running.restart({
      whileDown: async () => {
        for (const url of [`${notes}/notes`, `${running.endpoints.control}/health`]) {
          const error = await requestJson(url, { caPem: running.caCertPem }).then(() => undefined, (e: NodeJS.ErrnoException) => e);
          refused.push(error?.code ?? "answered");
        }
      },
    });
    expect(refused, "the simulator and the control endpoint while down").to.deep.equal(["ECONNREFUSED", "ECONNREFUSED"]);
    expect(running.endpoints).to.deep.equal(endpoints);
    const again = await requestJson(`${notes}/notes/kept`, { caPem: running.caCertPem });
    expect(again.body).to.deep.equal({ id: "kept", text: "survives" });
    expect(((await control.state("notes")) as NotesState).notes).to.have.keys(SEEDED_NOTE_ID, "kept");
    // The fault rules are the lab's, not the platform's: they are still there.
    expect((await requestJson(`${notes}/notes/kept`, { method: "DELETE", caPem: running.caCertPem })).status).to.equal(503);
  });

  it("keeps a write whose handler was running when the lab stopped, and loses its answer", async () => {
    const slow = slowNotes();
    lab = await startLab({ stateDir: state.dir, services: [slow.service], ldap: false, log: () => undefined });
    const running = lab;
    const url = running.endpoints.services["slow-notes"]!;
    const answer = requestJson(`${url}/slow/in-flight`, { method: "POST", body: {}, caPem: running.caCertPem }).then(
      (response) => `answered ${response.status}`,
      (error: NodeJS.ErrnoException) => error.code ?? error.message,
    );
    await waitFor("the slow write to reach its handler", slow.entered);
    const restarting = running.restart();
    // The connection drops first; only then does the handler go on and write.
    expect(await answer, "what the client saw").to.equal("ECONNRESET");
    slow.release();
    await restarting;
    const control = new LabControlClient(running.endpoints.control, running.caCertPem);
    expect(((await control.state("slow-notes")) as NotesState).notes["in-flight"], "applied and saved").to.deep.equal({ text: "written after the lab began to stop" });
    const requests = await control.requests({ service: "slow-notes" });
    expect(requests.map((r) => [r.method, r.path, r.status]), "logged as dropped").to.deep.equal([["POST", "/slow/in-flight", 0]]);
  });

  it("restarts slapd on its ports with its database: a change made before is still there", async () => {
    lab = await startLab({ stateDir: state.dir, services: [], log: () => undefined });
    const ldap = lab.endpoints.ldap!;
    const pidBefore = lab.slapdPid;
    const person = `uid=alice.adams,ou=People,${ldap.baseDn}`;
    const control = new LabControlClient(lab.endpoints.control, lab.caCertPem);
    const department = async () => ((await control.state("ldap")) as { entries: { dn: string; departmentNumber?: string }[] }).entries.find((e) => e.dn === person)?.departmentNumber;
    await control.seed("ldap", `dn: ${person}\nchangetype: modify\nreplace: departmentNumber\ndepartmentNumber: Restarted\n`);
    expect(await department()).to.equal("Restarted");
    await lab.restart();
    expect(lab.slapdPid).to.not.equal(pidBefore);
    expect(lab.endpoints.ldap).to.deep.equal(ldap);
    expect(await department()).to.equal("Restarted");
    // The sync account still binds with its password.
    const sync = new Client({ url: ldap.url, timeout: 10_000, connectTimeout: 5_000 });
    await sync.bind(ldap.bindDn, ldap.bindPassword);
    await sync.unbind();
  });

  it("refuses to restart a stopped lab", async () => {
    lab = await startLab({ stateDir: state.dir, services: [notesService], ldap: false, log: () => undefined });
    await lab.stop();
    const error = await lab.restart().then(() => undefined, (e: Error) => e);
    expect(error?.message).to.include("the lab is stopped");
  });
});
