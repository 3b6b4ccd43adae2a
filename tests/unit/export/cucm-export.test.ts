// cucmExportDefinition without a cluster: small snapshots built here, each showing one rule of
// the mapping, and the definitions decoded as the root program decodes them.
import { expect } from "chai";
import { decodeCustomerDefinition } from "../../../sdk/definition/customer-definition";
import { cucmExportDefinition, type CucmExportOptions } from "../../../sdk/export/cucm-export";
import { isCustomerName, type CucmExportSnapshot } from "../../../sdk/export/cucm-snapshot";

const uuid = (n: number) => `{00000000-0000-0000-0000-${String(n).padStart(12, "0")}}`;

interface Person {
  readonly userid: string;
  readonly extension: string;
  readonly pool: string;
  readonly product?: string;
  readonly css?: string;
  readonly groups?: readonly string[];
}

/** A cluster with customer Cu7's dial plan, and each person with a line and (with a product) a desk phone in their device pool. */
function cluster(people: readonly Person[], change: (s: Record<string, any>) => void = () => undefined): CucmExportSnapshot {
  const snapshot: Record<string, any> = {
    cluster: "ClusterA",
    lines: [
      ...people.map((p) => ({ pattern: p.extension, routePartitionName: "Cu7-DN-PT", shareLineAppearanceCssName: p.css ?? "Cu7-National-CSS" })),
      { pattern: "5000", routePartitionName: "Other-PT" },
    ],
    users: [
      ...people.map((p, i) => ({
        uuid: uuid(i + 1),
        userid: p.userid,
        lastName: p.userid,
        telephoneNumber: `+1212555${p.extension}`,
        primaryExtension: { pattern: p.extension, routePartitionName: "Cu7-DN-PT" },
        associatedGroups: (p.groups ?? ["Standard CCM End Users"]).map((name) => ({ name })),
      })),
      { uuid: uuid(999), userid: "someone.else", lastName: "Else", primaryExtension: { pattern: "5000", routePartitionName: "Other-PT" } },
    ],
    phones: people.flatMap((p, i) => (p.product ? [{ uuid: uuid(100 + i), name: `SEP0000000000${i}`, product: p.product, class: "Phone", protocol: "SIP", phoneTemplateName: `Standard ${p.product.slice(6)} SIP`, devicePoolName: p.pool, callingSearchSpaceName: `${p.pool.slice(0, 6)}-Phones-CSS`, ownerUserName: p.userid }] : [])),
    usersWithoutExtension: ["visitor"],
    deviceProfiles: [],
    remoteDestinationProfiles: people.flatMap((p, i) => (p.product ? [] : [{ uuid: uuid(200 + i), name: `${p.userid}-RDP`, userId: p.userid, devicePoolName: p.pool }])),
    devicePools: [
      { uuid: uuid(300), name: "Cu7Si1-DP", locationName: "Cu7Si1-Loc", dateTimeSettingName: "NY-DTG", callManagerGroupName: "Default", regionName: "Default", srstName: "Disable" },
      { uuid: uuid(301), name: "Cu7Si2-DP", locationName: "Cu7Si2-Loc", dateTimeSettingName: "NY-DTG", callManagerGroupName: "Default", regionName: "Default", srstName: "Disable" },
      { uuid: uuid(302), name: "Default", dateTimeSettingName: "CMLocal", callManagerGroupName: "Default", regionName: "Default" },
    ],
    dateTimeGroups: [{ uuid: uuid(400), name: "NY-DTG", timeZone: "America/New_York" }],
    csses: [
      { name: "Cu7-National-CSS", members: ["Cu7-DN-PT", "Cu7-National-PT"] },
      { name: "Cu7-World-CSS", members: ["Cu7-DN-PT", "Cu7-National-PT", "Cu7-Intl-PT"] },
    ],
    routePatterns: [
      { uuid: uuid(500), pattern: "9.1[2-9]XX[2-9]XXXXXX", routePartitionName: "Cu7-National-PT", destination: { routeListName: "Cu7-RL" } },
      { uuid: uuid(501), pattern: "9.011!", routePartitionName: "Cu7-Intl-PT", destination: { routeListName: "Cu7-RL" } },
      { uuid: uuid(502), pattern: "9.011!#", routePartitionName: "Cu7-Intl-PT", destination: { routeListName: "Cu7-RL" } },
      { uuid: uuid(503), pattern: "911", routePartitionName: "Cu7-National-PT", destination: { routeListName: "Cu7-RL" } },
      { uuid: uuid(504), pattern: "9.[2-9]XXXXXX", routePartitionName: "Other-PT", destination: { routeListName: "Other-RL" } },
    ],
    voiceMailProfiles: [{ uuid: uuid(600), name: "NoVoiceMail", isDefault: true }],
    serviceProfiles: [],
  };
  change(snapshot);
  return snapshot as CucmExportSnapshot;
}

const OPTIONS: CucmExportOptions = { customerCode: "Cu7", customerName: "Woodgrove" };

function exported(snapshot: CucmExportSnapshot, options: CucmExportOptions = OPTIONS): { definition: Record<string, any>; notes: readonly string[] } {
  const result = cucmExportDefinition(snapshot, options);
  if (!result.ok) throw new Error(result.problems.join("\n"));
  const decoded = decodeCustomerDefinition(result.definition, "export.yaml");
  expect(decoded.ok ? [] : decoded.problems.map((p) => `${p.path}: ${p.reason}`), "the export decodes").to.deep.equal([]);
  return { definition: result.definition as Record<string, any>, notes: result.notes };
}

/** userid -> [site, profile, role] as the entries and their filters say. */
function placements(definition: Record<string, any>): Record<string, [string, string, string | null]> {
  const filters = new Map<string, any>(definition.filters.map((f: any) => [f.name, f]));
  return Object.fromEntries(
    definition.flowThrough.entries.flatMap((e: any) => filters.get(e.filter).rows.flatMap((r: any) => r.value.map((userid: string) => [userid, [e.site, e.profile, e.role ?? null]]))),
  );
}

describe("cucmExportDefinition", () => {
  it("tells the customer's names by its code followed by a separator or a site code", () => {
    expect(["Cu7-DN-PT", "cu7si1-DP", "Cu7_x", "Cu7Si12-Loc"].map((n) => isCustomerName(n, "Cu7"))).to.deep.equal([true, true, true, true]);
    expect(["Cu70-DN-PT", "Cu7", "XCu7-DN-PT", "Cu7Sales", undefined].map((n) => isCustomerName(n, "Cu7"))).to.deep.equal([false, false, false, false, false]);
  });

  it("maps the customer's dial plan, leaving out another customer's route patterns and the country's defaults", () => {
    const { definition } = exported(cluster([{ userid: "ann", extension: "2001", pool: "Cu7Si1-DP", product: "Cisco 8845" }]));
    expect(definition.clusters).to.deep.equal([
      { name: "ClusterA", dialPlan: { extensionLength: 4, countryCallingCode: "1", outsideAccessCode: "9", gateway: "Cu7-RL" }, defaults: { dateTimeGroup: "NY-DTG" }, existingDialPlan: { linePartition: "Cu7-DN-PT" } },
    ]);
    expect(definition.sites[0].cucm).to.deep.equal({
      cluster: "ClusterA",
      classOfService: "Cu7-National",
      existing: { devicePool: "Cu7Si1-DP", location: "Cu7Si1-Loc", deviceCss: "Cu7Si1-Phones-CSS", lineCss: { "Cu7-National": "Cu7-National-CSS" } },
    });
    expect(definition.classesOfService).to.deep.equal([{ name: "Cu7-National", countryCallingCode: "1", allows: ["national"] }]);
    expect(definition.customer).to.deep.equal({ code: "Cu7", name: "Woodgrove", adoption: { existing: "adopt" } });
  });

  it("gives route patterns and emergency numbers that are not the country's defaults", () => {
    const snapshot = cluster([{ userid: "ann", extension: "2001", pool: "Cu7Si1-DP", product: "Cisco 8845" }], (s) => {
      s.routePatterns[0] = { ...s.routePatterns[0], pattern: "9.[2-9]XX[2-9]XXXXXX", description: "national 10 digit" };
      s.routePatterns[3] = { ...s.routePatterns[3], pattern: "933" };
    });
    const { definition } = exported(snapshot);
    expect(definition.clusters[0].dialPlan).to.deep.include({ routePatterns: { national: ["[2-9]XX[2-9]XXXXXX"] }, emergencyNumbers: ["933"] });
  });

  it("makes a class of service of each line calling search space; a profile names one only when it is not its site's", () => {
    const { definition } = exported(
      cluster([
        { userid: "ann", extension: "2001", pool: "Cu7Si1-DP", product: "Cisco 8845" },
        { userid: "bob", extension: "2002", pool: "Cu7Si1-DP", product: "Cisco 8845" },
        { userid: "cy", extension: "2003", pool: "Cu7Si1-DP", product: "Cisco 8845", css: "Cu7-World-CSS" },
      ]),
    );
    expect(definition.classesOfService).to.deep.equal([
      { name: "Cu7-National", countryCallingCode: "1", allows: ["national"] },
      { name: "Cu7-World", countryCallingCode: "1", allows: ["national", "international"] },
    ]);
    expect(definition.sites[0].cucm.existing.lineCss).to.deep.equal({ "Cu7-National": "Cu7-National-CSS", "Cu7-World": "Cu7-World-CSS" });
    expect(placements(definition)).to.deep.equal({ ann: ["Cu7Si1", "8845", null], bob: ["Cu7Si1", "8845", null], cy: ["Cu7Si1", "8845-Cu7-World", null] });
    expect(definition.profiles.find((p: any) => p.name === "8845-Cu7-World").classOfService).to.equal("Cu7-World");
  });

  it("puts each user at the site of their devices' device pool, in ranges that never take another site's extensions", () => {
    const { definition } = exported(
      cluster([
        { userid: "ann", extension: "2001", pool: "Cu7Si1-DP", product: "Cisco 8845" },
        { userid: "bob", extension: "2002", pool: "Cu7Si1-DP", product: "Cisco 8845" },
        { userid: "cy", extension: "2003", pool: "Cu7Si2-DP" },
        { userid: "di", extension: "2010", pool: "Cu7Si1-DP", product: "Cisco 7841" },
      ]),
    );
    expect(definition.sites.map((s: any) => [s.code, s.name, s.timeZone, s.adoption])).to.deep.equal([
      ["Cu7Si1", "New York", "America/New_York", { existing: "adopt" }],
      ["Cu7Si2", "New York", "America/New_York", { existing: "adopt" }],
    ]);
    expect(definition.numberInventory.ranges).to.deep.equal([
      { start: "2001", end: "2002", site: "Cu7Si1" },
      { start: "2003", end: "2003", site: "Cu7Si2" },
      { start: "2010", end: "2010", site: "Cu7Si1" },
    ]);
    expect(placements(definition)).to.deep.equal({ ann: ["Cu7Si1", "8845", null], bob: ["Cu7Si1", "8845", null], cy: ["Cu7Si2", "SNR", null], di: ["Cu7Si1", "7841", null] });
    // Cu7Si2 has no phone, so no device calling search space to adopt: ucflow makes its own objects there.
    expect(definition.sites.map((s: any) => s.cucm.existing?.devicePool ?? null)).to.deep.equal(["Cu7Si1-DP", null]);
  });

  it("gives a role to each set of access control groups but the default, and splits long userid lists over rows of 15", () => {
    const people: Person[] = Array.from({ length: 17 }, (_, i) => ({ userid: `u${String(i).padStart(2, "0")}`, extension: String(3000 + i), pool: "Cu7Si1-DP", product: "Cisco 8845" }));
    people.push({ userid: "boss", extension: "3100", pool: "Cu7Si1-DP", product: "Cisco 8845", groups: ["Standard CTI Enabled", "Standard CCM End Users"] });
    const { definition } = exported(cluster(people));
    expect(definition.roles).to.deep.equal([{ name: "Cu7-Role1", cucm: { accessControlGroups: ["Standard CCM End Users", "Standard CTI Enabled"] } }]);
    const everyone = definition.filters.find((f: any) => f.name === "Cu7Si1-8845");
    expect(everyone.rows.map((r: any) => [r.value.length, r.join ?? null])).to.deep.equal([[15, "or"], [2, null]]);
    expect(placements(definition).boss).to.deep.equal(["Cu7Si1", "8845", "Cu7-Role1"]);
    expect(Object.keys(placements(definition))).to.have.length(18);
    expect(definition.subscriberSets).to.deep.equal({ count: 1 });
  });

  it("leaves out users whose line is not an extension of the customer's length, and users without a line", () => {
    const snapshot = cluster([
      { userid: "ann", extension: "2001", pool: "Cu7Si1-DP", product: "Cisco 8845" },
      { userid: "bob", extension: "2002", pool: "Cu7Si1-DP", product: "Cisco 8845" },
      { userid: "cy", extension: "\\+12125552003", pool: "Cu7Si1-DP", product: "Cisco 8845" },
      { userid: "di", extension: "20040", pool: "Cu7Si1-DP", product: "Cisco 8845" },
    ]);
    const result = cucmExportDefinition(snapshot, OPTIONS);
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.leftOut).to.deep.equal([
      { user: "cy", reason: "has line \\+12125552003, which is not a 4-digit extension like the customer's other lines (ucflow gives a customer's lines one extension length on a cluster)" },
      { user: "di", reason: "has line 20040, which is not a 4-digit extension like the customer's other lines (ucflow gives a customer's lines one extension length on a cluster)" },
      { user: "visitor", reason: "has no primary extension, so no line to manage as a subscriber (and may not be this customer's)" },
    ]);
    expect(Object.keys(placements(exported(snapshot).definition))).to.deep.equal(["ann", "bob"]);
  });

  it("says why there is nothing to export, or what it needs to be told", () => {
    const none = cucmExportDefinition(cluster([]), OPTIONS);
    expect(none).to.deep.equal({ ok: false, problems: ["cluster ClusterA has no end user whose primary extension is in a partition of customer Cu7 (a partition named Cu7-...); check the customer code"] });
    const noRoute = cucmExportDefinition(cluster([{ userid: "ann", extension: "2001", pool: "Cu7Si1-DP" }], (s) => (s.routePatterns = [])), OPTIONS);
    expect(noRoute.ok ? [] : noRoute.problems).to.deep.equal([
      "customer Cu7 has no route pattern with a route list or gateway in its partitions on cluster ClusterA, so the export cannot tell where outside calls leave",
    ]);
    const voicemail = cluster([{ userid: "ann", extension: "2001", pool: "Cu7Si1-DP" }], (s) => {
      s.voiceMailProfiles.push({ uuid: uuid(601), name: "Cu7-VM" });
      s.lines[0].voiceMailProfileName = "Cu7-VM";
    });
    const withoutServer = cucmExportDefinition(voicemail, OPTIONS);
    expect(withoutServer.ok ? [] : withoutServer.problems).to.deep.equal([
      "customer Cu7's lines have voicemail (profile Cu7-VM), so the definition needs the Unity Connection its mailboxes are on: give its name in ucflow:unityConnections (unityConnection)",
    ]);
    expect(exported(voicemail, { ...OPTIONS, unityConnection: "UCxnA" }).definition.clusters[0].voicemail).to.deep.equal({ profile: "Cu7-VM", unityConnection: "UCxnA" });
  });

  it("keeps internal calls off voicemail when the lines do, as most of them have it, and names those that differ", () => {
    const people = [{ userid: "ann", extension: "2001", pool: "Cu7Si1-DP" }, { userid: "bob", extension: "2002", pool: "Cu7Si1-DP" }, { userid: "cy", extension: "2003", pool: "Cu7Si1-DP" }];
    const snapshot = cluster(people, (s) => {
      s.voiceMailProfiles.push({ uuid: uuid(601), name: "Cu7-VM" });
      for (const [i, internal] of [false, false, true].entries()) Object.assign(s.lines[i], { voiceMailProfileName: "Cu7-VM", forwardsInternalToVoicemail: internal });
    });
    const result = exported(snapshot, { ...OPTIONS, unityConnection: "UCxnA" });
    expect(result.definition.clusters[0].voicemail).to.deep.equal({ profile: "Cu7-VM", unityConnection: "UCxnA", forwardInternalCalls: false });
    expect(result.notes).to.include("cy: internal calls are forwarded to voicemail on their lines, unlike most; ucflow will make them like the others (voicemail.forwardInternalCalls)");
  });

  it("is deterministic: the same snapshot in another order gives the same definition", () => {
    const people: Person[] = [
      { userid: "ann", extension: "2001", pool: "Cu7Si1-DP", product: "Cisco 8845" },
      { userid: "cy", extension: "2003", pool: "Cu7Si2-DP" },
      { userid: "bob", extension: "2002", pool: "Cu7Si1-DP", product: "Cisco 7841", css: "Cu7-World-CSS" },
    ];
    const forward = exported(cluster(people)).definition;
    const reversed = cluster([...people].reverse(), (s) => {
      for (const list of ["lines", "users", "phones", "remoteDestinationProfiles", "devicePools", "csses", "routePatterns"]) s[list].reverse();
    });
    expect(exported(reversed).definition).to.deep.equal(forward);
  });
});
