import { expect } from "chai";
import { applySitePins, planFlowThrough, type DirectoryUser, type FlowThroughEntry } from "../../../provider/plan";

const user = (id: string, city: string): DirectoryUser => ({ id, attributes: { city } });
const users = [user("a", "Dallas"), user("b", "Denver"), user("c", "Austin")];
const entries: FlowThroughEntry[] = [{ name: "by-city", filter: [{ attribute: "city", condition: "equals", value: "{{site.city}}" }], site: "{{site.code}}", profile: "Office" }];
const sites = [
  { code: "Cu2Si1", macros: { city: "Dallas" } },
  { code: "Cu2Si2", macros: { city: "Denver" } },
];
const plan = planFlowThrough(users, entries, sites, { profiles: ["Office", "Sales"] });

describe("plan/flow-through applySitePins", () => {
  it("keeps a pinned user at the pin's site and profile whatever the filters say, and places an unmatched one", () => {
    const pinned = applySitePins(plan, [{ user: "A", site: "cu2si2", profile: "Sales" }, { user: "c", site: "Cu2Si1", profile: "Office" }], users, ["Cu2Si1", "Cu2Si2"], ["Office", "Sales"]);
    expect(pinned.assignments).to.deep.equal([
      { userId: "a", site: "Cu2Si2", profile: "Sales", role: undefined, criteria: "pinned" },
      { userId: "b", site: "Cu2Si2", profile: "Office", role: undefined, criteria: "by-city" },
      { userId: "c", site: "Cu2Si1", profile: "Office", role: undefined, criteria: "pinned" },
    ]);
    expect(pinned.unmatched).to.deep.equal([]);
    expect(pinned.problems).to.deep.equal([]);
  });

  it("notes a pin whose user left the directory, and refuses unknown sites, profiles and repeated users", () => {
    expect(applySitePins(plan, [{ user: "gone", site: "Cu2Si1", profile: "Office" }], users, ["Cu2Si1", "Cu2Si2"], ["Office"]).notes).to.deep.equal([
      'pin "gone" (site Cu2Si1) places nobody: no user with that id is in the directory',
    ]);
    const bad = applySitePins(plan, [{ user: "a", site: "Cu2Si9", profile: "Office" }, { user: "a", site: "Cu2Si1", profile: "Gold" }], users, ["Cu2Si1", "Cu2Si2"], ["Office"]);
    expect(bad.problems).to.deep.equal([
      'pins[0].site: "Cu2Si9" is not a site; the sites are Cu2Si1, Cu2Si2',
      'pins[1].profile: "Gold" is not a subscriber profile; the profiles are Office',
      'pins[1].user: "a" is pinned more than once; keep one pin per user',
    ]);
  });
});
