// LabOptions.numberOperations: a lab whose Teams number operations settle on the first poll and
// advertise a Retry-After, kept across POST /reset; bad settings refused when the lab starts.
import { expect } from "chai";
import { mkdtemp, rm } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { LabControlClient, startLab, type LabHandle, type LabOptions } from "../../../lab";
import { createMicrosoftServices } from "../../../lab/microsoft";
import type { GraphState } from "../../../lab/microsoft";
import { accessToken, call, GRAPH_SCOPE, rejection, secretCredential, type MicrosoftLab } from "./support";

const TNM = "/v1.0/admin/teams/telephoneNumberManagement";

describe("lab graph simulator: number operation settings of the lab", () => {
  const dirs: string[] = [];
  const start = async (options: Partial<LabOptions>): Promise<LabHandle> => {
    const tlsDir = process.env.UCFLOW_TEST_TLS_DIR;
    if (!tlsDir) throw new Error("needs UCFLOW_TEST_TLS_DIR (the test runner sets it)");
    const stateDir = await mkdtemp(path.join(os.tmpdir(), "ucflow-lab-lro-"));
    dirs.push(stateDir);
    return startLab({ stateDir, tlsDir, services: createMicrosoftServices().all, ldap: false, log: () => undefined, ...options });
  };

  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("settles as the lab's options say, before and after a reset", async () => {
    const lab = await start({ numberOperations: { notStartedPolls: 0, runningPolls: 0, retryAfterSeconds: 1 } });
    try {
      const control = new LabControlClient(lab.endpoints.control, lab.caCertPem);
      const env = { graphUrl: lab.endpoints.services.graph, entraUrl: lab.endpoints.services.entra } as MicrosoftLab;
      const token = await accessToken(secretCredential(env), GRAPH_SCOPE);
      const lro = async () => ((await control.state("graph")) as GraphState).settings.lro;
      expect(await lro()).to.deep.equal({ notStartedPolls: 0, runningPolls: 0, settleAfterSeconds: 60, retryAfterSeconds: 1 });

      const users = await call(env, `${env.graphUrl}/v1.0/admin/teams/userConfigurations?$filter=${encodeURIComponent("isEnterpriseVoiceEnabled eq false and featureTypes/any(f:f eq 'PhoneSystem')")}`, { token });
      const userId = (users.body as { value: { id: string }[] }).value[0]?.id;
      const free = await call(env, `${env.graphUrl}${TNM}/numberAssignments?$filter=${encodeURIComponent("numberType eq 'directRouting' and assignmentStatus eq 'unassigned'")}`, { token });
      const telephoneNumber = (free.body as { value: { telephoneNumber: string }[] }).value[0]?.telephoneNumber;
      const started = await call(env, `${env.graphUrl}${TNM}/numberAssignments/assignNumber`, { method: "POST", token, body: { telephoneNumber, assignmentTargetId: userId, numberType: "directRouting" } });
      expect(started.status).to.equal(202);
      expect(started.headers["retry-after"]).to.equal("1");
      const polled = await call(env, started.headers.location as string, { token });
      expect((polled.body as { status: string }).status, JSON.stringify(polled.body)).to.equal("succeeded");

      await control.seed("graph", { lro: { runningPolls: 4 } });
      await control.reset();
      expect(await lro()).to.deep.equal({ notStartedPolls: 0, runningPolls: 0, settleAfterSeconds: 60, retryAfterSeconds: 1 });
      await control.reset("graph");
      expect((await lro()).retryAfterSeconds).to.equal(1);
    } finally {
      await lab.stop();
    }
  });

  it("refuses settings out of range, and settings for a lab without graph", async () => {
    const outOfRange = await rejection(start({ numberOperations: { runningPolls: 1000 } }));
    expect(outOfRange.message).to.contain("the lab's options for graph were refused").and.contain("lro.runningPolls");
    const withoutGraph = await rejection(start({ services: ["cupi"], numberOperations: { runningPolls: 1 } }));
    expect(withoutGraph.message).to.contain("numberOperations are settings of the graph simulator, which is not started (services: cupi)");
  });
});
