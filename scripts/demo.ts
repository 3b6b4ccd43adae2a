// `npm run demo`: starts the local lab, then
//  1. reads its directory (real OpenLDAP, paged through the sync account) and plans flow-through
//     for a sample customer with ucflow's planning core: who goes to which site, with which
//     profile and number;
//  2. provisions a Microsoft Teams customer (the root program examples/customer with examples/teams-customer/contoso.json) into the
//     lab's tenant through the real Pulumi CLI: preview, up, a no-change preview, destroy.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Client } from "ldapts";
import { startLab, type LabHandle } from "../lab";
import { LAB_TENANT_ID, LAB_UCFLOW_CLIENT_ID, LAB_UCFLOW_CLIENT_SECRET } from "../lab/microsoft";
import { changesOf, EngineProject } from "../tests/engine/harness";
import {
  allocateNumbers,
  planFlowThrough,
  type DirectoryUser,
  type FlowThroughEntry,
  type FlowThroughSite,
  type NumberInventory,
} from "../provider/plan";

const SITES: (FlowThroughSite & { city: string })[] = [
  { code: "Cu1Si1", city: "Chicago", macros: { city: "Chicago" } },
  { code: "Cu1Si2", city: "Boston", macros: { city: "Boston" } },
  { code: "Cu1Si3", city: "London", macros: { city: "London" } },
  { code: "Cu1Si4", city: "Paris", macros: { city: "Paris" } },
];

const INVENTORY: NumberInventory = {
  ranges: [
    { start: "+13125550100", end: "+13125550199", site: "Cu1Si1" },
    { start: "+16175550100", end: "+16175550199", site: "Cu1Si2" },
    { start: "+442079460000", end: "+442079460099", site: "Cu1Si3" },
    { start: "+33199000000", end: "+33199000099", site: "Cu1Si4" },
  ],
  reserved: ["+13125550100", "+16175550100", "+442079460000", "+33199000000"],
  cooling: [],
};

/** First match wins: engineers by department, everyone else in a site's city by the catch-all. */
const CRITERIA: FlowThroughEntry[] = [
  {
    name: "engineers",
    filter: [
      { attribute: "city", condition: "equals", value: "{{site.city}}", join: "and" },
      { attribute: "department", condition: "equals", value: "Engineering" },
    ],
    site: "{{site.code}}",
    profile: "Engineer",
  },
  {
    name: "everyone-else",
    filter: [{ attribute: "city", condition: "equals", value: "{{site.city}}" }],
    site: "{{site.code}}",
    profile: "Standard",
  },
];

async function readDirectory(url: string, bindDn: string, password: string, baseDn: string): Promise<DirectoryUser[]> {
  const client = new Client({ url, timeout: 10_000 });
  const users: DirectoryUser[] = [];
  try {
    await client.bind(bindDn, password);
    const pages = client.searchPaginated(baseDn, {
      filter: "(objectClass=inetOrgPerson)",
      attributes: ["entryUUID", "uid", "displayName", "mail", "l", "departmentNumber", "telephoneNumber"],
      paged: { pageSize: 10 },
    });
    for await (const page of pages) {
      for (const entry of page.searchEntries) {
        const text = (name: string) => (entry[name] === undefined ? undefined : String(entry[name]));
        users.push({
          id: String(entry.entryUUID),
          attributes: {
            uid: text("uid"),
            displayName: text("displayName"),
            mail: text("mail"),
            city: text("l"),
            department: text("departmentNumber"),
            telephoneNumber: text("telephoneNumber"),
          },
        });
      }
    }
  } finally {
    await client.unbind();
  }
  return users;
}

async function planFromDirectory(lab: LabHandle): Promise<void> {
  const ldap = lab.endpoints.ldap;
  if (!ldap) throw new Error("the lab started without OpenLDAP");
  console.log(`\n== 1. flow-through plan for the LDAP directory (${ldap.url}, base ${ldap.baseDn})`);
  const users = await readDirectory(ldap.url, ldap.bindDn, ldap.bindPassword, ldap.baseDn);
  console.log(`read ${users.length} people from the directory (paged, 10 per page)`);

  const plan = planFlowThrough(users, CRITERIA, SITES, { profiles: ["Engineer", "Standard"] });
  if (plan.problems.length > 0) throw new Error(`flow-through has problems:\n  ${plan.problems.join("\n  ")}`);

  const byId = new Map(users.map((u) => [u.id, u]));
  const numbers = allocateNumbers({
    inventory: INVENTORY,
    requests: plan.assignments.map((a) => {
      const current = byId.get(a.userId)?.attributes.telephoneNumber;
      return { subscriberId: a.userId, site: a.site, ...(typeof current === "string" ? { current } : {}) };
    }),
    now: new Date(),
    sites: SITES.map((s) => s.code),
  });
  if (numbers.problems.length > 0) throw new Error(`number allocation has problems:\n  ${numbers.problems.join("\n  ")}`);
  const numberOf = new Map(numbers.allocations.map((n) => [n.subscriberId, n]));

  console.log(`  ${"user".padEnd(16)} ${"city".padEnd(8)} ${"site".padEnd(7)} ${"profile".padEnd(9)} ${"criteria".padEnd(14)} number`);
  for (const a of plan.assignments) {
    const user = byId.get(a.userId)!;
    const n = numberOf.get(a.userId);
    console.log(
      `  ${String(user.attributes.uid).padEnd(16)} ${String(user.attributes.city).padEnd(8)} ${a.site.padEnd(7)} ` +
        `${a.profile.padEnd(9)} ${a.criteria.padEnd(14)} ${n ? `${n.number} (${n.source})` : "-"}`,
    );
  }
  console.log(`${plan.assignments.length} subscribers planned; ${plan.unmatched.length} people match no criteria`);
}

/** The root program (examples/customer), compiled. */
const PROGRAM = path.resolve(__dirname, "../examples/customer/index.js");

async function provisionTeamsCustomer(lab: LabHandle): Promise<void> {
  console.log(`\n== 2. a Microsoft Teams customer into the lab's tenant, through the Pulumi CLI (examples/customer with examples/teams-customer/contoso.json)`);
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
    console.log("destroy: the tenant is back to its seed");
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
    await planFromDirectory(lab);
    await provisionTeamsCustomer(lab);
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
