// `ucflow export --platform cucm` before it reads anything: which cluster of ucflow:clusters it
// reads, and the message when it cannot tell.
import { expect } from "chai";
import { PLATFORM_EXPORTERS } from "../../../sdk/cli/export-command";
import { isConfigurationError } from "../../../provider/core/errors";

const cluster = (host: string) => ({ host, username: "axl", password: "pw" });
const config = (clusters: unknown) => (name: string) => (name === "clusters" && clusters !== undefined ? JSON.stringify(clusters) : undefined);

async function refusal(run: Promise<unknown>): Promise<{ message: string; problems: readonly string[] }> {
  const error = await run.then(() => undefined, (e: unknown) => e);
  if (!isConfigurationError(error)) throw new Error(`expected a configuration error, got ${String(error)}`);
  return { message: error.message.split("\n")[0]!.replace(/:$/, ""), problems: error.problems };
}

describe("ucflow export --platform cucm (the cluster it reads)", () => {
  const exportCucm = PLATFORM_EXPORTERS.cucm!;

  it("needs a cluster in ucflow:clusters", async () => {
    expect(await refusal(exportCucm({ customerCode: "Cu1", config: config(undefined), env: {} }))).to.deep.equal({
      message: "no cluster to export",
      problems: ["ucflow:clusters has no cluster: configure the one to read (docs/credentials-cucm.md)"],
    });
  });

  it("needs --cluster when ucflow:clusters has several", async () => {
    const refused = await refusal(exportCucm({ customerCode: "Cu1", config: config({ east: cluster("east.example"), west: cluster("west.example") }), env: {} }));
    expect(refused.problems).to.deep.equal(["--cluster is required: ucflow:clusters has east, west"]);
  });

  it("names the setting when --cluster is not configured", async () => {
    const refused = await refusal(exportCucm({ customerCode: "Cu1", cluster: "north", config: config({ east: cluster("east.example") }), env: {} }));
    expect(refused.message).to.match(/no settings for Unified CM cluster north/);
    expect(refused.problems.join("\n")).to.include("ucflow:clusters.north is required");
  });
});
