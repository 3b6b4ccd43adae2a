import { expect } from "chai";
import { CUCM_DESCRIPTION_LIMIT, describe as describeObject, missingCallClassPatterns, planClusterDialPlan, planCucmSite } from "../../../provider/plan";

const nanp = { customer: "Cu2", countryCallingCode: "1", gateway: "SBC-Dallas" };
const uk = { customer: "Cu3", countryCallingCode: "44", outsideAccessCode: "9", gateway: "SBC-London" };

describe("plan: Unified CM cluster dial plan", () => {
  it("gives the customer a line partition and a partition of route patterns per call class the country has", () => {
    const plan = planClusterDialPlan(nanp);
    expect(plan.partitions.map((p) => p.name)).to.deep.equal(["Cu2-DN-PT", "Cu2-Inbound-PT", "Cu2-Local-PT", "Cu2-National-PT", "Cu2-International-PT", "Cu2-Premium-PT"]);
    const routes = plan.routePatterns.filter((r) => !r.block);
    expect(routes.map((r) => `${r.partition} ${r.pattern}`)).to.deep.equal([
      "Cu2-Local-PT 9.[2-9]XXXXXX",
      "Cu2-National-PT 9.1[2-9]XX[2-9]XXXXXX",
      "Cu2-International-PT 9.011!",
      "Cu2-International-PT 9.011!#",
      "Cu2-Premium-PT 9.1900[2-9]XXXXXX",
      "Cu2-Premium-PT 9.1976[2-9]XXXXXX",
    ]);
    expect(routes.every((r) => r.gateway === "SBC-Dallas" && r.discardPreDot && !r.emergency)).to.equal(true);
  });

  it("blocks NANP premium-rate numbers in the national partition with patterns as close as the premium routes", () => {
    const plan = planClusterDialPlan(nanp);
    const blocked = plan.routePatterns.filter((r) => r.block);
    expect(blocked.map((r) => `${r.partition} ${r.pattern}`)).to.deep.equal(["Cu2-National-PT 9.1900[2-9]XXXXXX", "Cu2-National-PT 9.1976[2-9]XXXXXX"]);
    expect(blocked.every((r) => r.gateway === undefined)).to.equal(true);
    const premium = plan.routePatterns.filter((r) => r.partition === "Cu2-Premium-PT").map((r) => r.pattern);
    expect(blocked.map((r) => r.pattern)).to.deep.equal(premium);
  });

  it("has UK mobiles as a class of their own and uses the access code given", () => {
    const plan = planClusterDialPlan({ ...uk, outsideAccessCode: "8" });
    expect(plan.routePatterns.filter((r) => r.partition === "Cu3-Mobile-PT").map((r) => r.pattern)).to.deep.equal(["8.07XXXXXXXXX"]);
    expect(plan.routePatterns.some((r) => r.block)).to.equal(false);
  });

  it("replaces a class's patterns with the dial plan's own and says why a class has none", () => {
    const plan = planClusterDialPlan({ ...nanp, routePatterns: { local: ["[2-9]XX[2-9]XXXXXX"], mobile: ["1[2-9]XX[2-9]XXXXXX"] } });
    expect(plan.routePatterns.filter((r) => r.partition === "Cu2-Local-PT").map((r) => r.pattern)).to.deep.equal(["9.[2-9]XX[2-9]XXXXXX"]);
    expect(plan.partitions.map((p) => p.name)).to.include("Cu2-Mobile-PT");
    expect(missingCallClassPatterns(nanp, "mobile")).to.match(/share area codes.*routePatterns\.mobile/);
    expect(missingCallClassPatterns({ ...nanp, countryCallingCode: "49" }, "national")).to.match(/no national route patterns for country calling code 49.*routePatterns\.national/);
    expect(missingCallClassPatterns(nanp, "national")).to.equal(undefined);
  });

  it("globalises the NANP called number of calls in, 10 digits or 1 and 10, to +E.164, routed with the inbound CSS that finds the lines", () => {
    const plan = planClusterDialPlan(nanp);
    expect(plan.css).to.deep.equal([{ name: "Cu2-Inbound-CSS", description: "PSTN in: the trunk's inbound CSS [ucflow:Cu2]", members: ["Cu2-Inbound-PT", "Cu2-DN-PT"] }]);
    expect(plan.translationPatterns).to.deep.equal([
      { pattern: "[2-9]XX[2-9]XXXXXX", partition: "Cu2-Inbound-PT", description: "PSTN in: 10 digits to +E.164 [ucflow:Cu2]", css: "Cu2-Inbound-CSS", discardPreDot: false, prefixDigits: "+1" },
      { pattern: "1[2-9]XX[2-9]XXXXXX", partition: "Cu2-Inbound-PT", description: "PSTN in: 1 + 10 digits to +E.164 [ucflow:Cu2]", css: "Cu2-Inbound-CSS", discardPreDot: false, prefixDigits: "+" },
    ]);
    // The outside access code and route pattern overrides are for calls out: calls in are the same.
    expect(planClusterDialPlan({ ...nanp, outsideAccessCode: "8", routePatterns: { local: ["[2-9]XX[2-9]XXXXXX"] } }).translationPatterns).to.deep.equal(plan.translationPatterns);
  });

  it("globalises the UK national significant number, with 0 (discarded) or 44 before it, to +44; another country gets the partition and CSS only", () => {
    const plan = planClusterDialPlan(uk);
    expect(plan.translationPatterns.map((t) => [t.pattern, t.discardPreDot, t.prefixDigits, t.partition, t.css])).to.deep.equal([
      ["[1-9]XXXXXXXXX", false, "+44", "Cu3-Inbound-PT", "Cu3-Inbound-CSS"],
      ["0.[1-9]XXXXXXXXX", true, "+44", "Cu3-Inbound-PT", "Cu3-Inbound-CSS"],
      ["44[1-9]XXXXXXXXX", false, "+", "Cu3-Inbound-PT", "Cu3-Inbound-CSS"],
    ]);
    const other = planClusterDialPlan({ ...nanp, countryCallingCode: "49" });
    expect(other.translationPatterns).to.deep.equal([]);
    expect(other.partitions.map((p) => p.name)).to.deep.equal(["Cu2-DN-PT", "Cu2-Inbound-PT"]);
    expect(other.css.map((c) => c.members)).to.deep.equal([["Cu2-Inbound-PT", "Cu2-DN-PT"]]);
  });

  it("marks every description, within Unified CM's 50 characters", () => {
    for (const plan of [planClusterDialPlan(nanp), planClusterDialPlan({ ...uk, customer: "Cu2" })]) {
      for (const p of [...plan.partitions, ...plan.routePatterns, ...plan.css, ...plan.translationPatterns]) {
        expect(p.description.endsWith("[ucflow:Cu2]"), p.description).to.equal(true);
        expect(p.description.length).to.be.at.most(CUCM_DESCRIPTION_LIMIT);
      }
    }
    expect(describeObject("x".repeat(80), "[ucflow:Cu2/Cu2Si1]")).to.have.length(CUCM_DESCRIPTION_LIMIT);
  });
});

describe("plan: Unified CM site", () => {
  const site = (allows: ("local" | "national" | "mobile" | "international" | "premium")[][], dialPlan = nanp) =>
    planCucmSite({ customer: "Cu2", site: "Cu2Si1", dialPlan, classesOfService: allows.map((a, i) => ({ name: `CoS${i}`, allows: a })) });

  it("routes the site's emergency numbers, with and without the access code, through its own partition", () => {
    const plan = site([]);
    expect(plan.routePatterns.map((r) => [r.partition, r.pattern, r.emergency, r.discardPreDot])).to.deep.equal([
      ["Cu2Si1-Local-PT", "911", true, false],
      ["Cu2Si1-Local-PT", "9.911", true, true],
    ]);
    expect(site([], { ...uk, customer: "Cu2" }).routePatterns.map((r) => r.pattern)).to.deep.equal(["999", "9.999", "112", "9.112"]);
    expect(plan.deviceCss.members).to.deep.equal(["Cu2Si1-Local-PT"]);
    expect([plan.devicePool, plan.location]).to.deep.equal(["Cu2Si1-DP", "Cu2Si1-Loc"]);
  });

  it("lists in a line calling search space the lines, the site and the allowed classes, premium before national", () => {
    const plan = site([["national"], ["national", "premium", "international"], ["mobile", "national"]]);
    expect(plan.lineCss.map((c) => [c.name, c.members])).to.deep.equal([
      ["Cu2Si1-CoS0-CSS", ["Cu2-DN-PT", "Cu2Si1-Local-PT", "Cu2-National-PT"]],
      ["Cu2Si1-CoS1-CSS", ["Cu2-DN-PT", "Cu2Si1-Local-PT", "Cu2-Premium-PT", "Cu2-International-PT", "Cu2-National-PT"]],
      // NANP has no mobile partition: the class adds nothing (the definition check refuses it before this).
      ["Cu2Si1-CoS2-CSS", ["Cu2-DN-PT", "Cu2Si1-Local-PT", "Cu2-National-PT"]],
    ]);
    expect(plan.lineCss.every((c) => c.description.endsWith("[ucflow:Cu2/Cu2Si1]"))).to.equal(true);
  });
});
