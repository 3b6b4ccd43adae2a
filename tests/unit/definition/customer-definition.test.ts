// The customer definition codec: the Contoso example decodes as it is, and a corpus of wrong
// definitions each fails with exactly the problems a UC engineer should read.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { atDefinitionPath, CustomerDefinition, decodeCustomerDefinition, describeDefinitionProblem, siteMacros } from "../../../sdk/definition/customer-definition";

const CONTOSO = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../../examples/teams-customer/contoso.json"), "utf8"));
const POLICY_TYPES = "TeamsCallingPolicy, OnlineVoiceRoutingPolicy, TenantDialPlan, TeamsEmergencyCallingPolicy, CallingLineIdentity, OnlineVoicemailPolicy";
const TOP_LEVEL = "customer, sites, numberInventory, profiles, filters, flowThrough, dialPlans, classesOfService, subscriberSets, clusters, directory, roles";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Definition = any;

/** The problems of Contoso changed by `change` (which may return a whole other value), one line each. */
function problemsOf(change: (d: Definition) => unknown, root = "customer"): string[] {
  const definition = structuredClone(CONTOSO);
  const returned = change(definition);
  const decoded = decodeCustomerDefinition(returned === undefined ? definition : returned, root);
  if (decoded.ok) throw new Error("expected the definition to have problems, but it decoded");
  return decoded.problems.map(describeDefinitionProblem);
}

describe("customer definition", () => {
  it("decodes the Contoso example as it is", () => {
    const decoded = decodeCustomerDefinition(CONTOSO, "customer");
    expect(decoded).to.deep.equal({ ok: true, value: CONTOSO });
    expect(CustomerDefinition.is(CONTOSO)).to.equal(true);
  });

  it("takes site macros and a subscriber set count", () => {
    const definition = structuredClone(CONTOSO);
    definition.sites[0].macros = { region: "Midwest", city: "Chicagoland" };
    definition.subscriberSets = { count: 64 };
    const decoded = decodeCustomerDefinition(definition, "customer");
    expect(decoded.ok).to.equal(true);
    expect(siteMacros(definition.sites[0])).to.deep.equal({ city: "Chicagoland", name: "Chicago", region: "Midwest" });
    expect(siteMacros(definition.sites[1])).to.deep.equal({ city: "Boston", name: "Boston" });
  });

  it("reports every problem of one definition at once, shape and references alike", () => {
    const problems = problemsOf((d) => {
      d.filter = d.filters;
      delete d.sites[1].address;
      d.numberInventory.reserved = ["+0415"];
      d.profiles[0].quickAddGroup.policies.TeamsCallingPolicyy = "AllowCalling";
      d.flowThrough.entries[0].profile = "sales";
      d.sites[2].code = "cu1si1";
    });
    expect(problems).to.deep.equal([
      `customer.filter: is not a property of CustomerDefinition (did you mean filters?); the properties are ${TOP_LEVEL}`,
      "customer.sites[1].address (site Cu1Si2): is required: give an Address object with street, city, postalCode, country (optional: state)",
      'customer.numberInventory.reserved[0]: must be an E.164 number (+ then 8 to 15 digits, e.g. +14155550100) or an extension (1 to 15 digits, e.g. 4001); got "+0415"',
      `customer.profiles[0].quickAddGroup.policies.TeamsCallingPolicyy (profile Voice): is not a Teams policy type a profile can grant (did you mean TeamsCallingPolicy?); the policy types are ${POLICY_TYPES}`,
      'customer.sites[2].code (site cu1si1): "cu1si1" is already the code of sites[0]; give each site its own code (compared ignoring case)',
      'customer.flowThrough.entries[0].profile (flow-through entry sales): "sales" is not the name of a subscriber profile in this definition; the profiles are Voice, Sales, Messaging (names are case-sensitive: did you mean "Sales"?)',
      `customer.dialPlans[2].site (dial plan Cu1Si3-Austin): "Cu1Si3" is not the code of any of the definition's sites; the sites are Cu1Si1, Cu1Si2, cu1si1`,
    ]);
  });

  it("starts paths with a file name when read from a file", () => {
    expect(problemsOf((d) => void (d.customer.code = "1x"), "customers/contoso.yaml")).to.deep.equal([
      'customers/contoso.yaml: customer.code: must be a customer code: a letter then up to 15 letters or digits, e.g. Cu1; got "1x"',
    ]);
  });

  it("refuses an oversized list", () => {
    const problems = problemsOf((d) => void (d.sites = Array.from({ length: 5001 }, (_, i) => ({ ...CONTOSO.sites[0], code: `S${i}` }))));
    expect(problems[0]).to.equal("customer.sites: must have at most 5000 entries; got 5001");
  });

  // The corpus: one mistake each (a few make two problems, as they should).
  const corpus: readonly { readonly what: string; readonly change: (d: Definition) => unknown; readonly problems: readonly string[] }[] = [
    {
      what: "an object where a list belongs",
      change: (d) => void (d.sites = d.sites[0]),
      problems: [
        'customer.sites: must be a list (of Site); got one object {"code":"Cu1Si1","name":"Chicago","dialPlan":"Cu1Si1-Chicago","address":{"str...; write a list, even of one entry: [ {...} ] in JSON, or "- " before the entry in YAML',
      ],
    },
    {
      what: "an object where a nested list belongs",
      change: (d) => void (d.dialPlans[0].normalizationRules = d.dialPlans[0].normalizationRules[0]),
      problems: [
        'customer.dialPlans[0].normalizationRules (dial plan Cu1Si1-Chicago): must be a list (of NormalizationRule); got one object {"name":"Cu1Si1-Ext4","pattern":"^(\\\\d{4})$","translation":"+1312555$1","isIn...; write a list, even of one entry: [ {...} ] in JSON, or "- " before the entry in YAML',
      ],
    },
    {
      what: "a site without an address",
      change: (d) => void delete d.sites[2].address,
      problems: ["customer.sites[2].address (site Cu1Si3): is required: give an Address object with street, city, postalCode, country (optional: state)"],
    },
    {
      what: "a misspelt top-level key",
      change: (d) => {
        d.flowthrough = d.flowThrough;
        delete d.flowThrough;
      },
      problems: [
        `customer.flowthrough: is not a property of CustomerDefinition (did you mean flowThrough?); the properties are ${TOP_LEVEL}`,
        "customer.flowThrough: is required: give a FlowThrough object with entries (optional: deleteThreshold, pins, defaultRole)",
      ],
    },
    {
      what: "a missing section",
      change: (d) => void delete d.profiles,
      problems: ["customer.profiles: is required: a list (of SubscriberProfile)"],
    },
    {
      what: "a range from an E.164 number to an extension",
      change: (d) => void (d.numberInventory.ranges[1].end = "6175550229"),
      problems: ['customer.numberInventory.ranges[1]: start "+16175550200" is an E.164 number but end "6175550229" is an internal extension; a range holds numbers of one kind'],
    },
    {
      what: "a number given as a number",
      change: (d) => void (d.numberInventory.reserved = [13125550100]),
      problems: ["customer.numberInventory.reserved[0]: must be an E.164 number (+ then 8 to 15 digits, e.g. +14155550100) or an extension (1 to 15 digits, e.g. 4001); got 13125550100"],
    },
    {
      what: "a text where true or false belongs",
      change: (d) => void (d.profiles[0].enterpriseVoice = "true"),
      problems: ['customer.profiles[0].enterpriseVoice (profile Voice): must be true or false; got "true"'],
    },
    {
      what: "a choice in the wrong case",
      change: (d) => void (d.dialPlans[0].scope = "Site"),
      problems: ['customer.dialPlans[0].scope (dial plan Cu1Si1-Chicago): must be one of "customer", "site"; got "Site"'],
    },
    {
      what: "a tenant domain where the tenant id belongs",
      change: (d) => void (d.customer.tenantId = "contoso.onmicrosoft.com"),
      problems: ['customer.customer.tenantId: must be a GUID, e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47; got "contoso.onmicrosoft.com"'],
    },
    {
      what: "the whole definition as a list",
      change: (d) => [d],
      problems: [
        'customer: must be a CustomerDefinition object with customer, sites, numberInventory, profiles, filters, flowThrough (optional: dialPlans, classesOfService, subscriberSets, clusters, directory, roles); got [{"customer":{"code":"Cu1","name":"Contoso","tenantId":"8f3c2a71-5b4e-4d0a-9c...',
      ],
    },
    {
      what: "customer repeated in a site (the definition's customer.code fills it)",
      change: (d) => void (d.sites[0].customer = "Cu1"),
      problems: ["customer.sites[0].customer (site Cu1Si1): is not a property of Site; the properties are code, name, address, dialPlan, usageLocation, timeZone, macros, cucm, adoption"],
    },
    {
      what: "what the program computes, written in the definition",
      change: (d) => {
        d.flowThrough.subscribers = [];
        d.flowThrough.allowMassDeprovision = true;
      },
      problems: [
        "customer.flowThrough.subscribers: is not a property of FlowThrough; the properties are entries, deleteThreshold, pins, defaultRole",
        "customer.flowThrough.allowMassDeprovision: is not a property of FlowThrough; the properties are entries, deleteThreshold, pins, defaultRole",
      ],
    },
    {
      what: "a misspelt delete threshold",
      change: (d) => void (d.flowThrough.deleteThreshold = { maxPercentage: 25 }),
      problems: ["customer.flowThrough.deleteThreshold.maxPercentage: is not a property of DeleteThreshold; the properties are maxCount, maxPercent"],
    },
    {
      what: "a delete threshold over 100%",
      change: (d) => void (d.flowThrough.deleteThreshold = { maxPercent: 200 }),
      problems: ["customer.flowThrough.deleteThreshold.maxPercent: must be a percentage from 0 to 100; got 200"],
    },
    {
      what: "a policy type in the wrong case",
      change: (d) => void (d.profiles[0].quickAddGroup.policies = { teamsCallingPolicy: "AllowCalling" }),
      problems: [
        `customer.profiles[0].quickAddGroup.policies.teamsCallingPolicy (profile Voice): is not a Teams policy type a profile can grant (did you mean TeamsCallingPolicy?); the policy types are ${POLICY_TYPES}`,
      ],
    },
    {
      what: "a policy name with Teams' Tag: prefix",
      change: (d) => void (d.profiles[0].quickAddGroup.policies.TeamsCallingPolicy = "Tag:Cu1-National"),
      problems: [
        'customer.profiles[0].quickAddGroup.policies.TeamsCallingPolicy (profile Voice): must be 1 to 49 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit; got "Tag:Cu1-National"',
      ],
    },
    {
      what: "a profile without licenses",
      change: (d) => void delete d.profiles[1].quickAddGroup.licenses,
      problems: ['customer.profiles[1].quickAddGroup.licenses (profile Sales): is required: on Teams a subscriber needs a license, e.g. [{"sku": "SPE_E5"}]'],
    },
    {
      what: "an unknown filter condition",
      change: (d) => void (d.filters[0].rows[0].condition = "is"),
      problems: ['customer.filters[0].rows[0].condition (filter in-site-city): must be one of "equals", "contains", "startsWith", "endsWith", "regex", "in"; got "is"'],
    },
    {
      what: "two profiles with the same name",
      change: (d) => void (d.profiles[2].name = "voice"),
      problems: [
        'customer.profiles[2].name (profile voice): "voice" is already the name of profiles[0]; give each profile its own name (compared ignoring case)',
        'customer.flowThrough.entries[1].profile (flow-through entry back-office): "Messaging" is not the name of a subscriber profile in this definition; the profiles are Voice, Sales, voice',
      ],
    },
    {
      what: "two flow-through entries with the same name",
      change: (d) => void (d.flowThrough.entries[2].name = "Sales"),
      problems: ['customer.flowThrough.entries[2].name (flow-through entry Sales): "Sales" is already the name of flowThrough.entries[0]; give each flow-through entry its own name (compared ignoring case)'],
    },
    {
      what: "a flow-through entry naming an undefined filter",
      change: (d) => void (d.flowThrough.entries[1].filter = "back-office"),
      problems: [
        'customer.flowThrough.entries[1].filter (flow-through entry back-office): "back-office" is not the name of a model filter criteria in this definition; the filters are in-site-city, sales-in-site-city, back-office-in-site-city',
      ],
    },
    {
      what: "a flow-through entry naming an undefined site",
      change: (d) => void (d.flowThrough.entries[0].site = "Cu1Si9"),
      problems: [`customer.flowThrough.entries[0].site (flow-through entry sales): "Cu1Si9" is not the code of any of the definition's sites; the sites are Cu1Si1, Cu1Si2, Cu1Si3 (or use a macro such as {{site.code}})`],
    },
    {
      what: "a malformed site macro",
      change: (d) => void (d.flowThrough.entries[0].site = "{{site.code}"),
      problems: ['customer.flowThrough.entries[0].site (flow-through entry sales): "{{site.code}" has a malformed macro; write a site code, or macros such as {{site.code}} or {{user.extensionAttribute5}}'],
    },
    {
      what: "a filter macro no site defines",
      change: (d) => void (d.filters[0].rows[0].value = "{{site.region}}"),
      problems: ["Cu1Si1", "Cu1Si2", "Cu1Si3"].map(
        (site) =>
          `customer.flowThrough.entries[2] (flow-through entry everyone): filter for site ${site} rows[0].value: unknown macro {{site.region}}; the macros defined here are {{customer.code}}, {{site.city}}, {{site.code}}, {{site.name}}`,
      ),
    },
    {
      what: "a site dial plan for a site that does not exist",
      change: (d) => void (d.dialPlans[2].site = "Cu1Si4"),
      problems: [`customer.dialPlans[2].site (dial plan Cu1Si3-Austin): "Cu1Si4" is not the code of any of the definition's sites; the sites are Cu1Si1, Cu1Si2, Cu1Si3`],
    },
    {
      what: "a site using another site's dial plan",
      change: (d) => void (d.sites[0].dialPlan = "Cu1Si2-Boston"),
      problems: [
        'customer.sites[0].dialPlan (site Cu1Si1): "Cu1Si2-Boston" is the dial plan of site Cu1Si2 (its scope is "site"); give site Cu1Si1 its own dial plan, or make "Cu1Si2-Boston" a customer dial plan (scope "customer", no site)',
      ],
    },
    {
      what: "a number range for a site that does not exist",
      change: (d) => void (d.numberInventory.ranges[2].site = "Cu1Si7"),
      problems: ['customer.numberInventory.ranges[2].site: "Cu1Si7" is not a site; the sites are Cu1Si1, Cu1Si2, Cu1Si3'],
    },
    {
      what: "overlapping number ranges",
      change: (d) => void (d.numberInventory.ranges[1] = { start: "+13125550120", end: "+13125550160", site: "Cu1Si2" }),
      problems: ["customer.numberInventory.ranges[1]: ranges[1] (+13125550120 to +13125550160) overlaps ranges[0] (+13125550100 to +13125550149) from +13125550120 to +13125550149; a number may be in one range only"],
    },
    {
      what: "a street without a house number (the Site kind's own rule)",
      change: (d) => void (d.sites[1].address.street = "Summer St"),
      problems: ['customer.sites[1].address.street (site Cu1Si2): "Summer St" has no house number at its start or end, and Teams emergency addresses need one; write it as "233 S Wacker Dr" or "Bahnhofstrasse 5"'],
    },
    {
      what: "a class of service with no SBC (the ClassOfService kind's own rule)",
      change: (d) => void (d.classesOfService[0].pstnGateways = []),
      problems: ["customer.classesOfService[0].pstnGateways (class of service Cu1-National): is empty, so the voice routes could reach no SBC; give the FQDNs of the Direct Routing SBCs, e.g. sbc1.contoso.com"],
    },
    {
      what: "site macros that cannot be used",
      change: (d) => void (d.sites[0].macros = { "my-region": "Midwest", code: "CHI", floors: 5 }),
      problems: [
        "customer.sites[0].macros.my-region (site Cu1Si1): is not a macro name: names are letters, digits and _, starting with a letter or _, so that {{site.<name>}} can use them",
        "customer.sites[0].macros.code (site Cu1Si1): cannot be set: {{site.code}} is always the site's code",
        "customer.sites[0].macros.floors (site Cu1Si1): must be a string (the text {{site.floors}} stands for); got 5",
      ],
    },
    {
      what: "a subscriber set count out of range",
      change: (d) => void (d.subscriberSets = { count: 0 }),
      problems: ["customer.subscriberSets.count: must be a whole number from 1 to 1000; got 0. Leave it out for 20"],
    },
    {
      what: "a misspelt subscriber set count",
      change: (d) => void (d.subscriberSets = { sets: 5 }),
      problems: ["customer.subscriberSets.sets: is not a property of SubscriberSets; the properties are count"],
    },
  ];

  describe("roles", () => {
    const withRoles = (d: Definition) => {
      d.roles = [
        { name: "Standard", teams: { groups: ["Teams Phone Users", "6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b"] } },
        { name: "Sales", teams: { groups: ["Sales Voice"] }, cucm: { accessControlGroups: ["Standard CCM End Users", "Standard CTI Enabled"] } },
      ];
      d.flowThrough.defaultRole = "Standard";
      d.flowThrough.entries[0].role = "Sales";
      d.profiles[2].role = "Standard";
      d.flowThrough.pins = [{ user: "00000000-0000-0000-0000-000000000001", site: "Cu1Si1", profile: "Voice", role: "Sales" }];
    };

    it("decodes roles named by entries, pins, profiles and the default", () => {
      const definition = structuredClone(CONTOSO);
      withRoles(definition);
      const decoded = decodeCustomerDefinition(definition, "customer");
      expect(decoded).to.deep.equal({ ok: true, value: definition });
    });

    it("reports every role problem at once, with its path", () => {
      const problems = problemsOf((d) => {
        withRoles(d);
        d.roles.push({ name: "standard", cucm: { accessControlGroups: [] } }, { name: "Nothing" }, { name: "Blank", teams: { groups: ["Teams Phone Users", " "] } });
        d.flowThrough.entries[1].role = "Gold";
        d.flowThrough.pins[0].role = "sales";
        d.profiles[0].role = "Silver";
        d.flowThrough.defaultRole = "Bronze";
      });
      expect(problems).to.deep.equal([
        'customer.roles[4].teams.groups[1] (role Blank): must be a non-empty text of at most 256 characters; got " "',
        'customer.roles[2].name (role standard): "standard" is already the name of roles[0]; give each role its own name (compared ignoring case)',
        "customer.roles[3] (role Nothing): role Nothing grants nothing: give it teams.groups (Entra security groups) or cucm.accessControlGroups (Unified CM access control groups), or both",
        'customer.flowThrough.entries[1].role (flow-through entry back-office): "Gold" is not the name of a role in this definition; the roles are Standard, Sales, standard, Nothing, Blank',
        'customer.flowThrough.pins[0].role: "sales" is not the name of a role in this definition; the roles are Standard, Sales, standard, Nothing, Blank (names are case-sensitive: did you mean "Sales"?)',
        'customer.profiles[0].role (profile Voice): "Silver" is not the name of a role in this definition; the roles are Standard, Sales, standard, Nothing, Blank',
        'customer.flowThrough.defaultRole: "Bronze" is not the name of a role in this definition; the roles are Standard, Sales, standard, Nothing, Blank',
      ]);
    });

    it("refuses a role named where the definition has no roles", () => {
      expect(problemsOf((d) => void (d.flowThrough.entries[0].role = "Sales"))).to.deep.equal([
        'customer.flowThrough.entries[0].role (flow-through entry sales): names role "Sales", but the definition has no roles; add it under roles',
      ]);
    });

    it("refuses more than 50 groups in a role", () => {
      const problems = problemsOf((d) => void (d.roles = [{ name: "Big", teams: { groups: Array.from({ length: 51 }, (_, i) => `Group ${i}`) } }]));
      expect(problems).to.deep.equal(["customer.roles[0].teams.groups (role Big): must have at most 50 entries; got 51"]);
    });
  });

  it(`has a corpus of ${corpus.length} wrong definitions`, () => {
    expect(corpus.length).to.be.at.least(15);
  });

  for (const { what, change, problems } of corpus) {
    it(`refuses ${what}`, () => {
      expect(problemsOf(change)).to.deep.equal(problems);
    });
  }
});

describe("atDefinitionPath: a problem found against the platforms, under the root the user wrote", () => {
  const problem = 'profiles[0].quickAddGroup.licenses[0].sku (profile Voice): the tenant does not subscribe to "SPE_E7"';

  it("puts the path under a config key, a file or a program's variable, as the decoder does", () => {
    expect(atDefinitionPath("customer", problem)).to.equal(`customer.${problem}`);
    expect(atDefinitionPath("customers/contoso.yaml", problem)).to.equal(`customers/contoso.yaml: ${problem}`);
    expect(atDefinitionPath("args", "clusters[0].dialPlan.gateway: cluster Cluster1 has no route list")).to.equal("args.clusters[0].dialPlan.gateway: cluster Cluster1 has no route list");
    expect(atDefinitionPath("customer", "customer.tenantId: the configured Microsoft credential signs in to another tenant")).to.equal(
      "customer.customer.tenantId: the configured Microsoft credential signs in to another tenant",
    );
  });

  it("leaves a message about no path in the definition as it is", () => {
    for (const message of [
      "users 1 and 2 would both be Unified CM user jdoe; userids must be unique",
      "user 42 (jdoe@contoso.com): \"j doe\" is not a Unified CM userid",
      "customer Cu1 cannot be planned",
      "sitesmith: not a path",
      "profiles are not checked",
    ]) {
      expect(atDefinitionPath("customer", message)).to.equal(message);
    }
  });

  it("takes every top-level property of the definition as the start of a path", () => {
    for (const property of CustomerDefinition.propertyNames) {
      expect(atDefinitionPath("customer", `${property}: x`)).to.equal(`customer.${property}: x`);
    }
  });
});
