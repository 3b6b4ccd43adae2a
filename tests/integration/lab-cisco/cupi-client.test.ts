// The CUPI client against the lab's Unity Connection: the observe-then-act lifecycle of a
// voicemail user, conflicts as AlreadyExists, retries that are safe (503 with Retry-After,
// also for creates) and the ones it must not make (a reset connection during a create).
import { expect } from "chai";
import { CUPI_PARTITION_IDS, CUPI_TEMPLATES, LAB_CUPI_PASSWORD, LAB_CUPI_USERNAME } from "../../../lab/cisco/cupi";
import { CupiClient } from "../../../provider/backends/cupi/client";
import { cupiClientFromSettings } from "../../../provider/resources/cupi-session";
import { createUser, deleteUser, findUserByAlias, getUser, listUserTemplates, listUsersByAliasPrefix, updateUser } from "../../../provider/backends/cupi/users";
import { isAlreadyExistsError, isNotFoundError, isTransportError, type UcflowError } from "../../../provider/core/errors";
import { RetryPolicy } from "../../../provider/core/retry";
import { rejectionOf } from "../../unit/backends/replay";
import { startCupiLab, type CupiLab } from "./cupi-support";

describe("cupi client against the lab's Unity Connection", () => {
  let cupi: CupiLab;
  let client: CupiClient;

  before(async () => {
    cupi = await startCupiLab();
    client = new CupiClient({ baseUrl: `${cupi.url}/`, username: LAB_CUPI_USERNAME, password: LAB_CUPI_PASSWORD, retry: new RetryPolicy({ maxAttempts: 3, baseDelayMs: 10 }) });
  });

  beforeEach(async () => {
    await cupi.control.reset();
  });

  after(async () => {
    await cupi?.stop();
  });

  it("finds, creates from a template, updates and deletes a voicemail user", async () => {
    expect(await findUserByAlias(client, "diana.ellis")).to.equal(undefined);
    const created = await createUser(client, { templateAlias: CUPI_TEMPLATES.dallas, Alias: "diana.ellis", DtmfAccessId: "4001", FirstName: "Diana", LastName: "Ellis", EmailAddress: "diana.ellis@example.com" });
    expect(created).to.deep.include({ Alias: "diana.ellis", DtmfAccessId: "4001", DisplayName: "Diana Ellis", PartitionObjectId: CUPI_PARTITION_IDS.dallas, ListInDirectory: true, Inactive: false });
    expect(await findUserByAlias(client, "DIANA.ELLIS")).to.deep.equal(created);

    await updateUser(client, created.ObjectId, { DtmfAccessId: "4002", LastName: "Ellis-Park", ListInDirectory: false });
    expect(await getUser(client, created.ObjectId)).to.deep.include({ DtmfAccessId: "4002", LastName: "Ellis-Park", ListInDirectory: false });

    await deleteUser(client, created.ObjectId);
    expect(await findUserByAlias(client, "diana.ellis")).to.equal(undefined);
    expect(isNotFoundError(await rejectionOf(deleteUser(client, created.ObjectId)))).to.equal(true);
  });

  it("reports an extension taken in the partition and a taken alias as AlreadyExists", async () => {
    const extension = await rejectionOf<UcflowError>(createUser(client, { templateAlias: CUPI_TEMPLATES.dallas, Alias: "new.user", DtmfAccessId: "4000" }));
    expect(isAlreadyExistsError(extension)).to.equal(true);
    expect(extension.message).to.equal("cupi: creating user new.user (extension 4000, template Cu1-Dallas-VM): 400 DATA_EXCEPTION: DtmfAccessId 4000 is already in use in partition Cu1-Dallas-Partition (by dallas.lobby).");
    const alias = await rejectionOf<UcflowError>(createUser(client, { templateAlias: CUPI_TEMPLATES.denver, Alias: "operator", DtmfAccessId: "4300" }));
    expect(isAlreadyExistsError(alias)).to.equal(true);
  });

  it("repeats a create the server answered 503 (not processed), and not one whose connection was reset", async () => {
    await cupi.control.addFaults([{ service: "cupi", method: "POST", path: "^/vmrest/users$", action: "status", status: 503, retryAfter: 0, count: 2 }]);
    const user = await createUser(client, { templateAlias: CUPI_TEMPLATES.denver, Alias: "retried", DtmfAccessId: "4301" });
    expect(user.Alias).to.equal("retried");
    expect((await cupi.control.faults()).rules[0]).to.include({ fired: 2 });

    await cupi.control.clearFaults();
    await cupi.control.addFaults([{ service: "cupi", method: "POST", path: "^/vmrest/users$", action: "reset", count: 1 }]);
    const error = await rejectionOf<UcflowError>(createUser(client, { templateAlias: CUPI_TEMPLATES.denver, Alias: "reset", DtmfAccessId: "4302" }));
    expect(isTransportError(error)).to.equal(true);
    expect(await findUserByAlias(client, "reset"), "observe before acting again").to.equal(undefined);
  });

  it("waits out the write rate limit as Retry-After says", async () => {
    await cupi.control.seed("cupi", { throttling: { writes: { limit: 1, windowSeconds: 1 } } });
    await createUser(client, { templateAlias: CUPI_TEMPLATES.denver, Alias: "first", DtmfAccessId: "4311" });
    await createUser(client, { templateAlias: CUPI_TEMPLATES.denver, Alias: "second", DtmfAccessId: "4312" });
    const report = await cupi.control.throttling();
    expect(report.services.cupi?.buckets[0]?.throttled).to.be.at.least(1);
  });

  it("lists users by alias prefix across pages, and the templates", async () => {
    await cupi.control.seed("cupi", { users: [1, 2, 3].map((i) => ({ templateAlias: CUPI_TEMPLATES.denver, Alias: `cu1.p${i}`, DtmfAccessId: `440${i}` })) });
    expect((await listUsersByAliasPrefix(client, "cu1.", 2)).map((u) => u.Alias)).to.deep.equal(["cu1.p1", "cu1.p2", "cu1.p3"]);
    expect((await listUserTemplates(client)).map((t) => t.Alias)).to.deep.equal([CUPI_TEMPLATES.default, CUPI_TEMPLATES.dallas, CUPI_TEMPLATES.denver]);
  });

  it("is configured from ucflow:unityConnections (password from the environment), and a wrong password is a 401 that does not show it", async () => {
    const config = (name: string) => (name === "unityConnections" ? JSON.stringify({ "cuc-lab": { baseUrl: cupi.url, username: LAB_CUPI_USERNAME } }) : undefined);
    const configured = cupiClientFromSettings(config, "cuc-lab", { UCFLOW_UNITY_CONNECTION_CUC_LAB_PASSWORD: LAB_CUPI_PASSWORD });
    expect((await findUserByAlias(configured, "operator"))?.DtmfAccessId).to.equal("99990");
    const wrong = cupiClientFromSettings(config, "cuc-lab", { UCFLOW_UNITY_CONNECTION_CUC_LAB_PASSWORD: "Wrong-Password-42" });
    const error = await rejectionOf<UcflowError>(findUserByAlias(wrong, "operator"));
    expect([error.statusCode, error.code, error.retryable]).to.deep.equal([401, "AUTHENTICATION_FAILED", false]);
    expect(error.message).not.to.include("Wrong-Password-42");
    expect(error.message).to.include("check ucflow:unityConnections.cuc-lab.username and .password");
    // With the server's CA given, over node:https (the CA trusted for this server only).
    const withCa = (name: string) => (name === "unityConnections" ? JSON.stringify({ "cuc-lab": { baseUrl: cupi.url, username: LAB_CUPI_USERNAME, ca: cupi.lab.caCertPem } }) : undefined);
    const overHttps = cupiClientFromSettings(withCa, "cuc-lab", { UCFLOW_UNITY_CONNECTION_CUC_LAB_PASSWORD: LAB_CUPI_PASSWORD });
    expect((await findUserByAlias(overHttps, "operator"))?.DtmfAccessId).to.equal("99990");
  });
});
