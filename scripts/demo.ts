// `npm run demo`: starts the local lab (OpenLDAP, and simulators of Entra ID, Graph, the Teams
// admin API, Unified CM's AXL and Unity Connection's CUPI), then runs the root program
// (examples/customer) through the real Pulumi CLI for two customers, each preview, up, a
// no-change preview and destroy:
//  1. a Microsoft Teams customer (examples/teams-customer/contoso.json) into the lab's tenant;
//  2. a Unified CM customer (examples/cucm-customer/fabrikam.yaml): its people read from the
//     lab's OpenLDAP, provisioned on the lab's cluster Cluster1 with mailboxes on Unity Connection.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { startLab, type LabHandle } from "../lab";
import { LAB_TENANT_ID, LAB_UCFLOW_CLIENT_ID, LAB_UCFLOW_CLIENT_SECRET } from "../lab/microsoft";
import { LabControlClient } from "../lab/control/control-client";
import type { AxlClusterState } from "../lab/cisco";
import type { CupiState } from "../lab/cisco/cupi";
import type { GraphState } from "../lab/microsoft";
import { setClusterLabConfig, setLdapLabConfig, setUnityConnectionLabConfig } from "../tests/engine/cisco-lab-config";
import { everyObject } from "../tests/engine/cucm-lab";
import { changesOf, EngineProject } from "../tests/engine/harness";

/** The root program (examples/customer), compiled. */
const PROGRAM = path.resolve(__dirname, "../examples/customer/index.js");

async function provisionTeamsCustomer(lab: LabHandle): Promise<void> {
  console.log(`\n== 1. a Microsoft Teams customer into the lab's tenant, through the Pulumi CLI (examples/customer with examples/teams-customer/contoso.json)`);
  const project = await EngineProject.create({
    name: "teams-customer",
    main: PROGRAM,
    stack: "contoso",
    env: { NODE_EXTRA_CA_CERTS: lab.caCertPath },
  });
  try {
    const services = lab.endpoints.services;
    await project.setConfig("ucflow:tenantId", LAB_TENANT_ID);
    await project.setConfig("ucflow:clientId", LAB_UCFLOW_CLIENT_ID);
    await project.setConfig("ucflow:clientSecret", LAB_UCFLOW_CLIENT_SECRET, { secret: true });
    await project.setConfig("ucflow:authorityHost", services.entra!);
    await project.setConfig("ucflow:graphBaseUrl", `${services.graph}/`);
    await project.setConfig("ucflow:teamsAdminBaseUrl", `${services.teams}/`);
    await project.setConfig("customer", JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../examples/teams-customer/contoso.json"), "utf8")));

    const control = new LabControlClient(lab.endpoints.control, lab.caCertPem);
    const tenant = async () => {
      const graph = (await control.state("graph")) as GraphState;
      return JSON.stringify({
        licenses: graph.users.map((u) => [u.properties.id, u.properties.assignedLicenses.map((l) => l.skuId).sort()]),
        numbers: graph.numbers.map((n) => [n.telephoneNumber, n.assignmentTargetId ?? null]),
      });
    };
    const seed = await tenant();
    const preview = await project.preview();
    console.log(`preview: ${JSON.stringify(changesOf(preview.changeSummary))}`);
    const up = await project.up();
    console.log(`up: ${JSON.stringify(changesOf(up.changeSummary))}`);

    const state = await project.exportState();
    const sets = (state.deployment.resources ?? []).filter((r) => r.type.endsWith(":SubscriberSet"));
    const subscribers = sets.flatMap((r) => Object.values((r.outputs?.subscribers ?? {}) as Record<string, Record<string, any>>));
    console.log(`${subscribers.length} subscribers in ${sets.length} subscriber sets:`);
    console.log(`  ${"subscriber".padEnd(32)} ${"site".padEnd(7)} ${"profile".padEnd(10)} ${"number".padEnd(13)} policies`);
    for (const s of subscribers.sort((a, b) => String(a.site).localeCompare(String(b.site)) || String(a.userPrincipalName).localeCompare(String(b.userPrincipalName)))) {
      const policies = Object.entries(s.policies ?? {}).map(([type, name]) => `${type}=${name}`).join(" ");
      console.log(`  ${String(s.userPrincipalName).padEnd(32)} ${String(s.site).padEnd(7)} ${String(s.profile).padEnd(10)} ${String(s.number?.telephoneNumber ?? "-").padEnd(13)} ${policies}`);
    }
    await project.preview({ expectNoChanges: true });
    console.log(`second preview: no changes (${subscribers.length} subscribers, state ${Math.round(state.text.length / 1024)} KiB)`);
    await project.destroy();
    if ((await tenant()) !== seed) throw new Error("after destroy the tenant's licenses or numbers differ from its seed");
    console.log("destroy: every user's licenses and numbers are as seeded");
  } finally {
    await project.dispose();
  }
}

async function provisionCucmCustomer(lab: LabHandle): Promise<void> {
  console.log(`\n== 2. a Unified CM customer from the lab's LDAP directory onto cluster Cluster1, through the Pulumi CLI (examples/customer with examples/cucm-customer/fabrikam.yaml)`);
  const project = await EngineProject.create({ name: "cucm-customer", main: PROGRAM, stack: "fabrikam", env: { NODE_EXTRA_CA_CERTS: lab.caCertPath } });
  try {
    await setLdapLabConfig(project, lab);
    await setClusterLabConfig(project, lab);
    await setUnityConnectionLabConfig(project, lab);
    await project.setConfig("customer", parse(fs.readFileSync(path.resolve(__dirname, "../../examples/cucm-customer/fabrikam.yaml"), "utf8")));

    const control = new LabControlClient(lab.endpoints.control, lab.caCertPem);
    const cisco = async () => ({
      objects: everyObject((await control.state("axl")) as AxlClusterState),
      mailboxes: ((await control.state("cupi")) as CupiState).users.map((u) => u.Alias).sort(),
    });
    const seed = await cisco();
    const preview = await project.preview();
    console.log(`preview: ${JSON.stringify(changesOf(preview.changeSummary))}`);
    const up = await project.up();
    console.log(`up: ${JSON.stringify(changesOf(up.changeSummary))}`);
    const provisioned = await cisco();
    console.log(`on Cluster1: ${provisioned.objects.size - seed.objects.size} objects more than its seed; on Unity Connection: ${provisioned.mailboxes.length - seed.mailboxes.length} mailboxes more`);

    const state = await project.exportState();
    const sets = (state.deployment.resources ?? []).filter((r) => r.type.endsWith(":SubscriberSet"));
    const subscribers = sets.flatMap((r) => Object.values((r.outputs?.subscribers ?? {}) as Record<string, Record<string, any>>));
    console.log(`${subscribers.length} subscribers in ${sets.length} subscriber sets:`);
    console.log(`  ${"userid".padEnd(20)} ${"site".padEnd(7)} ${"profile".padEnd(12)} ${"ext".padEnd(5)} ${"DID".padEnd(13)} ${"class of service".padEnd(18)} services`);
    for (const s of subscribers.sort((a, b) => String(a.site).localeCompare(String(b.site)) || String(a.userid).localeCompare(String(b.userid)))) {
      const services = Object.entries(s.services ?? {})
        .filter(([, on]) => on !== false)
        .map(([name, value]) => (name === "phone" ? (value as { product: string }).product : typeof value === "string" ? `${name}=${value}` : name))
        .join(" ");
      console.log(`  ${String(s.userid).padEnd(20)} ${String(s.site).padEnd(7)} ${String(s.profile).padEnd(12)} ${String(s.extension).padEnd(5)} ${String(s.did ?? "-").padEnd(13)} ${String(s.classOfService).padEnd(18)} ${services}`);
    }
    await project.preview({ expectNoChanges: true });
    console.log(`second preview: no changes (${subscribers.length} subscribers)`);
    await project.destroy();
    const after = await cisco();
    const same = after.objects.size === seed.objects.size && [...seed.objects].every(([key, fields]) => after.objects.get(key) === fields) && JSON.stringify(after.mailboxes) === JSON.stringify(seed.mailboxes);
    if (!same) throw new Error("after destroy the cluster or Unity Connection differs from its seed");
    console.log(`destroy: the cluster's ${seed.objects.size} objects and Unity Connection's ${seed.mailboxes.length} mailboxes are exactly as seeded`);
  } finally {
    await project.dispose();
  }
}

async function main(): Promise<void> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "ucflow-demo-lab-"));
  console.log("ucflow demo: starting the local lab");
  const lab = await startLab({ stateDir, log: (line) => console.log(`  lab: ${line}`) });
  try {
    console.log(`  control endpoint ${lab.endpoints.control}`);
    for (const [name, url] of Object.entries(lab.endpoints.services)) console.log(`  ${name.padEnd(16)} ${url}`);
    await provisionTeamsCustomer(lab);
    await provisionCucmCustomer(lab);
  } finally {
    await lab.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
  console.log("\nlab stopped; demo done");
}

main().catch((error) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
