// Customer with clusters, against the lab's Cluster1 with clients built from ucflow:clusters as
// the provider builds them: every create, update and refresh proves each cluster's settings and
// credentials work in a version ucflow speaks, records its versions, and names the cluster and
// setting to fix when not. Teams is not asked when the customer has no tenantId.
import { expect } from "chai";
import { customerDefinition } from "../../../../provider/resources/customer/provider";
import { axlClientFromSettings, type AxlClientSource } from "../../../../provider/resources/cucm-session";
import { kindProvider } from "../../../../provider/resources/kind-provider";
import type { TenantClientSource } from "../../../../provider/resources/tenant-kind";
import { LAB_AXL_ADMIN } from "../../../../lab/cisco";
import { failure, withCucmLab } from "./support";

const noTenant: TenantClientSource = () => {
  throw new Error("the customer has no tenantId: Microsoft must not be asked");
};
const inputs = { code: "Cu2", name: "Fabrikam", clusters: ["Cluster1"] };

describe("Customer with Unified CM clusters, on the lab's Cluster1", function () {
  this.timeout(60_000);
  const lab = withCucmLab();

  /** Clients from a ucflow:clusters value, as the provider process reads it. */
  const fromSettings = (clusters: Record<string, Record<string, string>>): AxlClientSource => {
    const lookup = (name: string) => (name === "clusters" ? JSON.stringify(clusters) : undefined);
    return (cluster) => axlClientFromSettings(lookup, cluster, {});
  };
  const cluster1 = (extra: Record<string, string> = {}) => ({ host: lab.env().baseUrl, username: LAB_AXL_ADMIN.userid, password: LAB_AXL_ADMIN.password, ca: lab.env().lab.caCertPem, ...extra });
  const provider = (clients: AxlClientSource) => kindProvider(customerDefinition(noTenant, clients));

  it("records each cluster's CUCM version and the AXL version ucflow speaks, detected or pinned", async () => {
    const detected = await provider(fromSettings({ Cluster1: cluster1() })).create!(inputs);
    expect(detected).to.deep.equal({ id: "Cu2", outs: { ...inputs, tenantDisplayName: "", clusterVersions: { Cluster1: { cucmVersion: "15.0.1.12900-1", axlVersion: "15.0" } } } });
    const pinned = await provider(fromSettings({ Cluster1: cluster1({ version: "14.0" }) })).create!(inputs);
    expect((pinned.outs as { clusterVersions: unknown }).clusterVersions).to.deep.equal({ Cluster1: { cucmVersion: "15.0.1.12900-1", axlVersion: "14.0" } });
  });

  it("refresh and update check the clusters again; delete asks nothing", async () => {
    const clients = fromSettings({ Cluster1: cluster1() });
    const p = provider(clients);
    const { outs } = await p.create!(inputs);
    expect((await p.read!("Cu2", outs)).props).to.deep.equal(outs);
    const news = { ...inputs, name: "Fabrikam Inc" };
    expect((await p.update!("Cu2", outs, news)).outs).to.deep.equal({ ...news, tenantDisplayName: "", clusterVersions: { Cluster1: { cucmVersion: "15.0.1.12900-1", axlVersion: "15.0" } } });
    await provider(() => {
      throw new Error("delete must not reach a cluster");
    }).delete!("Cu2", outs);
  });

  it("names the cluster and the settings to fix: a wrong password, a cluster without settings", async () => {
    const clients = fromSettings({ Cluster1: cluster1({ password: "Not-the-password-1" }) });
    const wrong = await failure(provider(clients).create!(inputs));
    expect(wrong.message).to.equal(
      `customer Cu2: cluster Cluster1: axl: reading the CUCM version at ${lab.env().axlUrl}: 401 Unauthorized: CUCM rejected the username or password of AXL user "axladmin" at ${lab.env().axlUrl}; ` +
        "check ucflow:clusters.Cluster1.username and ucflow:clusters.Cluster1.password",
    );
    expect(wrong.message).not.to.include("Not-the-password-1");
    const missing = await failure(provider(fromSettings({ Cluster1: cluster1() })).create!({ ...inputs, clusters: ["Cluster1", "Cluster9"] }));
    expect(missing.message).to.match(/^customer Cu2: cluster Cluster9: no settings for Unified CM cluster Cluster9:\n  - ucflow:clusters\.Cluster9 is required/);
  });

  it("refuses a cluster running a version ucflow does not speak, naming the version setting", async () => {
    await lab.env().control.seed("axl", { cluster: { version: "11.5.1.17900-52" } });
    const error = await failure(provider(fromSettings({ Cluster1: cluster1() })).create!(inputs));
    expect(error.message).to.include("customer Cu2: cluster Cluster1: unsupported CUCM version at");
    expect(error.message).to.include("the cluster runs CUCM 11.5.1.17900-52 (AXL schema 11.5); ucflow speaks AXL schema 12.5, 14.0, 15.0");
    expect(error.message).to.include("set ucflow:clusters.Cluster1.version to one of them");
  });
});
