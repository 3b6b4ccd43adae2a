// `npm run demo`: starts the local lab, reads its directory (real OpenLDAP, paged through the
// sync account), and plans flow-through for a sample customer with ucflow's planning core:
// which user goes to which site with which profile and number. Nothing is provisioned yet: the
// Teams and Unified CM resources come with the next milestones (see README's status table).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Client } from "ldapts";
import { startLab } from "../lab";
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

async function main(): Promise<void> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "ucflow-demo-lab-"));
  console.log("ucflow demo: starting the local lab");
  const lab = await startLab({ stateDir, log: (line) => console.log(`  lab: ${line}`) });
  try {
    const ldap = lab.endpoints.ldap;
    if (!ldap) throw new Error("the lab started without OpenLDAP");
    console.log(`  control endpoint ${lab.endpoints.control}`);
    console.log(`  directory        ${ldap.url} (base ${ldap.baseDn}, bind ${ldap.bindDn})`);

    const users = await readDirectory(ldap.url, ldap.bindDn, ldap.bindPassword, ldap.baseDn);
    console.log(`\nread ${users.length} people from the directory (paged, 10 per page)`);

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

    console.log("\nflow-through plan (first matching criteria wins):");
    console.log(`  ${"user".padEnd(16)} ${"city".padEnd(8)} ${"site".padEnd(7)} ${"profile".padEnd(9)} ${"criteria".padEnd(14)} number`);
    for (const a of plan.assignments) {
      const user = byId.get(a.userId)!;
      const n = numberOf.get(a.userId);
      console.log(
        `  ${String(user.attributes.uid).padEnd(16)} ${String(user.attributes.city).padEnd(8)} ${a.site.padEnd(7)} ` +
          `${a.profile.padEnd(9)} ${a.criteria.padEnd(14)} ${n ? `${n.number} (${n.source})` : "-"}`,
      );
    }
    console.log(`\n${plan.assignments.length} subscribers planned; ${plan.unmatched.length} people match no criteria`);
  } finally {
    await lab.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
  console.log("lab stopped");
}

main().catch((error) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
