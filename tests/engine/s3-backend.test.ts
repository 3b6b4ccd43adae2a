// State on object storage: the Contoso Teams customer on the real Pulumi CLI with its state in
// an S3 bucket of a real S3 server (SeaweedFS on loopback, keys checked), logged in as
// `s3://bucket?endpoint=...&use_path_style=true&region=...`: preview, up, a preview with no
// changes, destroy. The checkpoint is read back from the bucket; nothing of it is on local disk.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { LAB_UCFLOW_CLIENT_SECRET } from "../../lab/microsoft";
import { changesOf } from "./harness";
import { s3BackendUrl, startSeaweedS3, type S3Server } from "./seaweedfs";
import { CONTOSO_DEFINITION_FILE, startTeamsLab, type TeamsLab } from "./teams-lab";

const BUCKET = "ucflow-state";
const PROJECT = "s3-backend";

/** Files under `dir` (not following symlinks: node_modules is the repository's) whose text holds `needle`. */
function filesHolding(dir: string, needle: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesHolding(full, needle));
    else if (entry.isFile() && fs.readFileSync(full).includes(needle)) found.push(full);
  }
  return found;
}

describe("State on an S3 backend (real Pulumi CLI, SeaweedFS, the lab)", function () {
  this.timeout(900_000);
  let s3: S3Server;
  let teamsLab: TeamsLab;
  const definition = JSON.parse(fs.readFileSync(CONTOSO_DEFINITION_FILE, "utf8"));
  const checkpointKey = `.pulumi/stacks/${PROJECT}/test.json`;
  const checkpoint = async (): Promise<{ checkpoint: { latest?: { resources?: { urn: string; type: string }[] } } }> =>
    JSON.parse(await s3.client.getObject(BUCKET, checkpointKey));

  before(async () => {
    s3 = await startSeaweedS3();
    await s3.client.createBucket(BUCKET);
    teamsLab = await startTeamsLab({ name: PROJECT, definition, backendUrl: s3BackendUrl(s3, BUCKET), env: s3.awsEnvironment() });
  });

  after(async () => {
    await teamsLab?.dispose();
    await s3?.stop();
  });

  it("the server checks keys: an unsigned request for the bucket is refused", async () => {
    const anonymous = await s3.client.request("GET", `/${BUCKET}?list-type=2`, { signed: false });
    expect(anonymous.status, anonymous.body).to.equal(403);
  });

  it("the CLI is logged in to the bucket, and stack init wrote the backend's metadata and the stack there", async () => {
    const whoami = await teamsLab.project.pulumi(["whoami", "--verbose"]);
    expect(whoami.stdout).to.match(new RegExp(`Backend URL: s3://${BUCKET}\\?`));
    const keys = await s3.client.listKeys(BUCKET);
    expect(keys).to.include(".pulumi/meta.yaml");
    expect(keys).to.include(checkpointKey);
  });

  it("preview, then up: the checkpoint in the bucket holds the customer's resources", async () => {
    const preview = await teamsLab.project.preview();
    expect(changesOf(preview.changeSummary).create).to.be.greaterThan(0);
    const up = await teamsLab.project.up();
    expect(changesOf(up.changeSummary)).to.deep.equal({ create: preview.changeSummary.create });
    const resources = (await checkpoint()).checkpoint.latest?.resources ?? [];
    expect(resources.map((r) => r.type)).to.include.members(["pulumi:pulumi:Stack", "pulumi-nodejs:dynamic/ucflow:SubscriberSet"]);
    expect(resources.length).to.equal(up.changeSummary.create! + 1); // and the default provider
    // The update's history is kept beside it, and no lock outlives the update.
    const keys = await s3.client.listKeys(BUCKET);
    console.log(`      bucket ${BUCKET}: ${keys.join(", ")}`);
    expect(keys.some((k) => k.startsWith(`.pulumi/history/${PROJECT}/test/`))).to.equal(true);
    expect(keys.filter((k) => k.startsWith(".pulumi/locks/"))).to.deep.equal([]);
  });

  it("no credential is in the bucket, and no state on local disk", async () => {
    for (const key of await s3.client.listKeys(BUCKET)) {
      expect(await s3.client.getObject(BUCKET, key), key).to.not.contain(LAB_UCFLOW_CLIENT_SECRET);
    }
    const urn = (await checkpoint()).checkpoint.latest!.resources![0]!.urn;
    expect(filesHolding(teamsLab.project.dir, urn)).to.deep.equal([]);
    expect(fs.existsSync(path.join(teamsLab.project.dir, "backend"))).to.equal(false);
  });

  it("a second preview shows no changes", async () => {
    const preview = await teamsLab.project.preview({ expectNoChanges: true });
    expect(changesOf(preview.changeSummary)).to.deep.equal({});
  });

  it("destroy empties the checkpoint in the bucket", async () => {
    await teamsLab.project.destroy();
    expect((await checkpoint()).checkpoint.latest?.resources ?? []).to.deep.equal([]);
  });
});
