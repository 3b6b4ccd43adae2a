import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { type EngineEvent, type PreviewDigest, type PreviewStep, GITHUB_COMMENT_LIMIT, previewMarkdown } from "../../../sdk/cli/preview-markdown";
import { parsePreviewDigest, previewErrors } from "../../../sdk/cli/preview-command";

// A real `pulumi preview --json` of the Contoso stack on the lab after a scripted PR: a Seattle
// site added (its users come under management), one user moved from Chicago to Boston, and
// the Sales profile's voice routing policy changed (written by
// tests/engine/preview-markdown.test.ts with UCFLOW_WRITE_PREVIEW_FIXTURE=1). Its comment is
// kept as a golden file, rewritten with UCFLOW_WRITE_GOLDEN=1 (read the diff before committing).
const FIXTURE = path.resolve(__dirname, "../../../../tests/unit/cli/fixtures/teams-preview.json");
const GOLDEN = path.resolve(__dirname, "../../../../tests/unit/cli/fixtures/teams-preview.md");
const fixture = (): PreviewDigest => JSON.parse(fs.readFileSync(FIXTURE, "utf8"));

const SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const urn = (kind: string, name: string) => `urn:pulumi:cu9::ucflow::ucflow:index:Customer$pulumi-nodejs:dynamic/ucflow:${kind}::${name}`;

function teams(upn: string, site: string, extra: Record<string, unknown> = {}) {
  return {
    userPrincipalName: upn,
    site,
    profile: "Voice",
    criteria: "everyone",
    usageLocation: "US",
    licenses: [{ sku: "SPE_E5", skuId: "06ebc4ee-1bb5-47dd-8120-11324bc54e06", disabledPlans: [] }],
    enterpriseVoice: true,
    policies: { OnlineVoiceRoutingPolicy: "Cu9-National" },
    number: { telephoneNumber: "+13125550100", numberType: "directRouting" },
    ...extra,
  };
}

function cucm(userid: string, site: string, extra: Record<string, unknown> = {}) {
  return {
    userid,
    lastName: "Doe",
    site,
    profile: "Desk",
    criteria: "everyone",
    extension: "2001",
    did: "+442071230001",
    classOfService: "National",
    services: { jabber: true, voicemail: false, extensionMobility: false, singleNumberReach: false, imAndPresence: false, conferencing: false, phone: { product: "Cisco 8845", protocol: "SIP", buttonTemplate: "Standard 8845 SIP" } },
    ...extra,
  };
}

function setStep(op: string, name: string, platform: string, before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): PreviewStep {
  const side = (subscribers: Record<string, unknown> | undefined) => (subscribers ? { inputs: { customer: "Cu9", platform, set: 0, sets: 1, subscribers } } : undefined);
  return { op, urn: urn("SubscriberSet", name), oldState: side(before), newState: side(after) };
}

/** A hand-built preview: Teams adds, a removal and an update; a Unified CM renumbering; a new site; a deleted dial plan. */
function handBuilt(): PreviewDigest {
  return {
    changeSummary: { create: 1, update: 2, delete: 1, replace: 1, same: 7 },
    diagnostics: [
      { message: "warning: using pulumi-language-nodejs from $PATH at /x\n", severity: "warning" },
      { urn: urn("Customer", "Cu9"), message: "warning: 3 subscribers would be removed (of 40)\n", severity: "warning" },
    ],
    steps: [
      setStep("update", "Cu9-teams-0", "teams", {
        "id-b": teams("bob@cu9.example", "Cu9Si1"),
        "id-c": teams("carol@cu9.example", "Cu9Si1"),
        "id-z": teams("zed@cu9.example", "Cu9Si2"),
      }, {
        "id-a": teams("alice@cu9.example", "Cu9Si2", { number: { telephoneNumber: "+16175550201", numberType: "directRouting" } }),
        "id-c": teams("carol@cu9.example", "Cu9Si1", { policies: { OnlineVoiceRoutingPolicy: "Cu9-International" } }),
        "id-z": teams("zed@cu9.example", "Cu9Si2"),
      }),
      setStep("update", "Cu9-cucm-0", "cucm", { "u-1": cucm("jdoe", "Cu9Si3") }, { "u-1": cucm("jdoe", "Cu9Si3", { extension: "2002", did: "+442071230002" }) }),
      { op: "create", urn: urn("Site", "Cu9Si4"), newState: { inputs: { code: "Cu9Si4", name: "Leeds", address: { city: "Leeds", country: "GB" } } } },
      { op: "delete", urn: urn("DialPlan", "Cu9Si0-Old"), oldState: { inputs: { name: "Cu9Si0-Old", scope: "site" } } },
      { op: "replace", urn: urn("NumberInventory", "Cu9-numbers"), oldState: { inputs: { ranges: ["a"] } }, newState: { inputs: { ranges: ["b"] } } },
      { op: "same", urn: urn("ClassOfService", "Cu9-National"), oldState: { inputs: { name: "Cu9-National" } }, newState: { inputs: { name: "Cu9-National" } } },
    ],
  };
}

/** A deterministic shuffle (a linear congruential generator), so a failure can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function reorderKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v) => reorderKeys(v, seed));
  if (value && typeof value === "object") return Object.fromEntries(shuffled(Object.entries(value), seed).map(([k, v]) => [k, reorderKeys(v, seed + 1)]));
  return value;
}

describe("cli: preview --markdown", () => {
  describe("on a real preview (the lab)", () => {
    const text = previewMarkdown({ stack: "contoso", events: fixture() });

    it("reads as the golden file", () => {
      if (process.env.UCFLOW_WRITE_GOLDEN === "1") fs.writeFileSync(GOLDEN, text);
      expect(text).to.equal(fs.readFileSync(GOLDEN, "utf8"));
    });

    it("heads the stack and counts the engine's changes", () => {
      expect(text.startsWith("## Stack `contoso`\n")).to.equal(true);
      expect(text).to.include("**2 to add, 7 to update, 0 to delete, 0 to replace** (16 unchanged).");
      expect(text).to.include("### Subscribers: 5 added, 1 moved, 8 updated, 0 removed");
    });

    it("counts subscriber changes per site and platform, a move at both ends", () => {
      expect(text).to.include("| Cu1Si1 | Teams | 0 | 0 | 1 | 4 | 0 |");
      expect(text).to.include("| Cu1Si2 | Teams | 0 | 1 | 0 | 2 | 0 |");
      expect(text).to.include("| Cu1Si3 | Teams | 0 | 0 | 0 | 2 | 0 |");
      expect(text).to.include("| Cu1Si4 | Teams | 5 | 0 | 0 | 0 | 0 |");
    });

    it("says per subscriber what changes, old → new, and names no unchanged subscriber", () => {
      expect(text).to.include(
        "- **move** `lidia.holloway@contoso.com` (Teams, Cu1Si1 → Cu1Si2, Voice): site: Cu1Si1 → Cu1Si2; number: +13125550105 directRouting → +16175550213 directRouting; TenantDialPlan: Cu1Si1-Chicago → Cu1Si2-Boston\n",
      );
      expect(text).to.include("- **update** `adele.vance@contoso.com` (Teams, Cu1Si1, Sales): OnlineVoiceRoutingPolicy: Cu1-International → Cu1-National\n");
      for (const unchanged of ["isaiah.langer", "emily.braun", "bianca.pisani", "emily.tanaka", "carlos.langer", "carlos.slattery", "grady.lorenz", "kenji.wilber"]) {
        expect(text, unchanged).to.not.include(unchanged);
      }
      expect(text.match(/^- \*\*(update|move)\*\* `/gm)).to.have.length(9);
      // The new site's users, with everything they get.
      expect(text).to.include(
        "- **add** `hana.wilke@contoso.com` (Teams, Cu1Si4, Sales): number: +12065550402 directRouting; licences: SPE_E5; OnlineVoiceRoutingPolicy: Cu1-National; TeamsCallingPolicy: Cu1-International; TenantDialPlan: Cu1Si4-Seattle; enterprise voice: true; usage location: US; criteria: sales\n",
      );
      expect(text.match(/^- \*\*add\*\* `[^`]+` \(Teams, Cu1Si4, /gm)).to.have.length(5);
    });

    it("orders subscribers by site, then name", () => {
      const names = [...text.matchAll(/^- \*\*\w+\*\* `([^`]+)` \(Teams, (?:\w+ → )?(\w+),/gm)].map((m) => `${m[2]} ${m[1]}`);
      expect(names).to.deep.equal([...names].sort());
      expect(names[0]).to.equal("Cu1Si1 adele.vance@contoso.com");
    });

    it("shows the plan's notes and other objects' field changes, not the CLI's own notices", () => {
      expect(text).to.include("- ⚠️ warning (Cu1): lidia.holloway@contoso.com loses +13125550105");
      expect(text).to.not.include("pulumi-language-nodejs");
      expect(text).to.include("- **update** SubscriberProfile `Cu1-profile-Sales`: quickAddGroup.policies.OnlineVoiceRoutingPolicy: Cu1-International → Cu1-National");
      expect(text).to.include("- **create** Site `Cu1-site-Cu1Si4`: address.city: Seattle;");
      // Lists say what they gain and lose.
      expect(text).to.include('- **update** NumberInventory `Cu1-numbers`: ranges: added {"end":"+12065550404","site":"Cu1Si4","start":"+12065550400"}\n');
      expect(text).to.match(/^- \*\*update\*\* FlowThroughCriteria `Cu1-flow-through`: subscribers: added [0-9a-f-]{36}, [0-9a-f-]{36}, [0-9a-f-]{36} and 2 more$/m);
    });

    it("reads the same from the engine's event stream as from the digest", () => {
      const digest = fixture();
      const events: EngineEvent[] = [
        ...digest.steps!.map((s) => ({ resourcePreEvent: { metadata: { op: s.op, urn: s.urn, old: s.oldState, new: s.newState } } })),
        ...digest.diagnostics!.map((d) => ({ diagnosticEvent: d })),
        { summaryEvent: { resourceChanges: digest.changeSummary! } },
      ];
      expect(previewMarkdown({ stack: "contoso", events })).to.equal(text);
    });
  });

  describe("on a hand-built preview", () => {
    const text = previewMarkdown({ stack: "cu9", events: handBuilt() });

    it("lists adds with what the subscriber gets and removals with what they lose", () => {
      expect(text).to.include("**1 to add, 2 to update, 1 to delete, 1 to replace** (7 unchanged).");
      expect(text).to.include("### Subscribers: 1 added, 0 moved, 2 updated, 1 removed");
      expect(text).to.include(
        "- **add** `alice@cu9.example` (Teams, Cu9Si2, Voice): number: +16175550201 directRouting; licences: SPE_E5; OnlineVoiceRoutingPolicy: Cu9-National; enterprise voice: true; usage location: US; criteria: everyone\n",
      );
      expect(text).to.include("- **remove** `bob@cu9.example` (Teams, Cu9Si1, Voice): loses number: +13125550100 directRouting; licences: SPE_E5;");
      expect(text).to.include("- **update** `carol@cu9.example` (Teams, Cu9Si1, Voice): OnlineVoiceRoutingPolicy: Cu9-National → Cu9-International\n");
      expect(text).to.not.include("zed@cu9.example");
    });

    it("names Unified CM subscribers by userid with extension and DID", () => {
      expect(text).to.include("| Cu9Si3 | Unified CM | 0 | 0 | 0 | 1 | 0 |");
      expect(text).to.include("- **update** `jdoe` (Unified CM, Cu9Si3, Desk): extension: 2001 → 2002; did: +442071230001 → +442071230002\n");
    });

    it("lists other objects by kind and name: created with their fields, deleted, replaced", () => {
      expect(text).to.include("- **create** Site `Cu9Si4`: address.city: Leeds; address.country: GB; code: Cu9Si4; name: Leeds\n");
      expect(text).to.include("- **delete** DialPlan `Cu9Si0-Old`\n");
      expect(text).to.include("- **replace** NumberInventory `Cu9-numbers`: ranges: added b; removed a\n");
      expect(text).to.not.include("Cu9-National`");
    });

    it("leads with a refusal when a guard fails the preview, with the guard's reason and not the engine's wrapping", () => {
      // The delete guard's failure as the engine reported it on the lab (ids cut to two).
      const message =
        "error: pulumi-nodejs:dynamic/ucflow:FlowThroughCriteria resource 'Cu1-flow-through': property subscribers value {[{04bfe73e-1142-4d3f-8bbf-57dbee041dd2} {20bdc7ae-7082-421e-b675-6c4002d0295b}]} has a problem: ucflow would deprovision 36 of 44 subscribers (81.82%), more than maxPercent allows (25%), so nothing was changed. If the plan is right, run `pulumi config set ucflow:allowMassDeprovision true`, run again, then remove the setting; otherwise check the filters and flow-through criteria these subscribers no longer match.\n";
      const refused = previewMarkdown({ stack: "cu9", events: { steps: [], diagnostics: [{ urn: urn("FlowThroughCriteria", "Cu1-flow-through"), severity: "error", message }] } });
      expect(refused).to.include("**The preview was refused:**");
      expect(refused).to.include(
        "- ⛔ **refused** (Cu1-flow-through): subscribers: ucflow would deprovision 36 of 44 subscribers (81.82%), more than maxPercent allows (25%), so nothing was changed. If the plan is right, run 'pulumi config set ucflow:allowMassDeprovision true', run again,",
      );
      expect(refused).to.not.include("04bfe73e");
    });

    it("notices a change however deep in a long value", () => {
      const ranges = (last: string) => Array.from({ length: 20 }, (_, i) => ({ start: `+1312555${String(i * 10).padStart(4, "0")}`, end: i === 19 ? last : "+13125550009" }));
      const step = { op: "update", urn: urn("NumberInventory", "Cu9-numbers"), oldState: { inputs: { ranges: ranges("+13125550199") } }, newState: { inputs: { ranges: ranges("+13125550198") } } };
      const text = previewMarkdown({ stack: "s", events: { steps: [step] } });
      expect(text).to.match(/^- \*\*update\*\* NumberInventory `Cu9-numbers`: ranges: \[.*\.\.\. \(changed\)$/m);
    });

    it("tells apart a person who is a subscriber on both platforms under the same id", () => {
      const text = previewMarkdown({
        stack: "s",
        events: {
          steps: [
            setStep("update", "Cu9-teams-0", "teams", { same: teams("pat@cu9.example", "Cu9Si1") }, { same: teams("pat@cu9.example", "Cu9Si1", { profile: "Sales" }) }),
            setStep("update", "Cu9-cucm-0", "cucm", { same: cucm("pat", "Cu9Si1") }, { same: cucm("pat", "Cu9Si1", { extension: "2009" }) }),
          ],
        },
      });
      expect(text).to.include("- **update** `pat` (Unified CM, Cu9Si1, Desk): extension: 2001 → 2009\n");
      expect(text).to.include("- **update** `pat@cu9.example` (Teams, Cu9Si1, Sales): profile: Voice → Sales\n");
    });

    it("keeps text from reading as HTML", () => {
      const text = previewMarkdown({ stack: "s", events: { steps: [{ op: "update", urn: urn("Site", "S1"), oldState: { inputs: { name: "a" } }, newState: { inputs: { name: "<b>x</b> & y" } } }] } });
      expect(text).to.include("- **update** Site `S1`: name: a → &lt;b&gt;x&lt;/b&gt; &amp; y\n");
    });
  });

  describe("secrets", () => {
    it("masks values Pulumi marks secret and fields named like secrets, wherever they are", () => {
      const digest = handBuilt();
      const steps = [
        ...digest.steps!,
        setStep("update", "Cu9-teams-1", "teams", { "id-s": teams("sam@cu9.example", "Cu9Si1", { voicemailPin: { ...SIG, plaintext: "4242-planted-pin" } }) }, {
          "id-s": teams("sam@cu9.example", "Cu9Si1", { voicemailPin: { ...SIG, plaintext: "4343-planted-pin" }, apiKey: "planted-api-key" }),
        }),
        {
          op: "update",
          urn: urn("Customer", "Cu9"),
          oldState: { inputs: { name: "Cu9", clientSecret: "planted-client-secret-1", axl: { password: "planted-axl-password" } } },
          newState: { inputs: { name: "Cu9", clientSecret: "planted-client-secret-2", axl: { password: { ...SIG, plaintext: "planted-axl-password-2" } }, token: { ...SIG, value: "planted-token" } } },
        },
      ];
      const text = previewMarkdown({ stack: "cu9", events: { ...digest, steps } });
      expect(text).to.not.match(/planted/);
      expect(text).to.include("- **update** `sam@cu9.example` (Teams, Cu9Si1, Voice): apiKey: (none) → [secret]; voicemailPin: [secret] (changed)\n");
      // A changed secret is said to change, never shown; an unchanged one is not mentioned.
      expect(text).to.include("- **update** Customer `Cu9`: axl.password: [secret] (changed); clientSecret: [secret] (changed); token: (none) → [secret]\n");
    });
  });

  describe("determinism", () => {
    it("gives the same text whatever the order of the steps and of the keys", () => {
      for (const [name, digest] of [["fixture", fixture()], ["hand-built", handBuilt()]] as const) {
        const expected = previewMarkdown({ stack: "s", events: digest });
        for (const seed of [1, 7, 42, 1234]) {
          const reordered = { ...digest, steps: shuffled(digest.steps!, seed).map((s) => reorderKeys(s, seed) as PreviewStep), diagnostics: shuffled(digest.diagnostics!, seed) };
          expect(previewMarkdown({ stack: "s", events: reordered }), `${name}, seed ${seed}`).to.equal(expected);
        }
      }
    });
  });

  describe("folding", () => {
    function bigPreview(count: number): PreviewDigest {
      const subscribers = Object.fromEntries(
        Array.from({ length: count }, (_, i) => [`id-${String(i).padStart(5, "0")}`, teams(`user${String(i).padStart(5, "0")}@cu9.example`, `Cu9Si${i % 7}`, { number: { telephoneNumber: `+1312555${String(i).padStart(4, "0")}`, numberType: "directRouting" } })]),
      );
      return { changeSummary: { create: 1, same: 3 }, diagnostics: [], steps: [setStep("create", "Cu9-teams-0", "teams", undefined, subscribers)] };
    }

    it("keeps a 10,000-subscriber preview under GitHub's comment limit, in <details>, saying how many were folded and how to see them", () => {
      const text = previewMarkdown({ stack: "cu9", events: bigPreview(10_000) });
      expect(text.length).to.be.at.most(GITHUB_COMMENT_LIMIT);
      expect(text).to.include("<details><summary>Subscriber changes (10000)</summary>");
      const shown = text.match(/^- \*\*add\*\* /gm)!.length;
      const folded = Number(/> \*\*(\d+) subscriber changes folded\*\* to stay under 65,536 characters\. See every change with `pulumi preview --diff --stack cu9`\./.exec(text)?.[1]);
      expect(shown).to.be.greaterThan(100);
      expect(shown + folded).to.equal(10_000);
      // The summary is whole: every site's row.
      for (let s = 0; s < 7; s++) expect(text).to.match(new RegExp(`^\\| Cu9Si${s} \\| Teams \\| \\d+ \\|`, "m"));
    });

    it("folds the lab preview into a small limit, and never exceeds it however small", () => {
      const full = previewMarkdown({ stack: "contoso", events: fixture() });
      for (const maxChars of [full.length, full.length - 1, 3000, 1500, 400, 60, 1]) {
        const text = previewMarkdown({ stack: "contoso", events: fixture(), options: { maxChars } });
        expect(text.length, `maxChars ${maxChars}`).to.be.at.most(maxChars);
      }
      const small = previewMarkdown({ stack: "contoso", events: fixture(), options: { maxChars: 1500 } });
      expect(small).to.include("<details><summary>Subscriber changes (14)</summary>");
      expect(small).to.match(/> \*\*\d+ subscriber changes? (and \d+ other changes? )?folded\*\*/);
      expect(small).to.include("**2 to add, 7 to update, 0 to delete, 0 to replace**");
      expect(previewMarkdown({ stack: "contoso", events: fixture(), options: { maxChars: full.length } })).to.equal(full);
    });

    it("refuses a limit that is not a positive whole number", () => {
      expect(() => previewMarkdown({ stack: "s", events: fixture(), options: { maxChars: 0 } })).to.throw(/maxChars must be a positive whole number of characters, got 0/);
    });
  });

  describe("the command's parsing", () => {
    it("reads the digest, and the engine's errors when the preview failed", () => {
      const stdout = JSON.stringify({ steps: [], diagnostics: [{ severity: "error", message: "error: boom\n" }] });
      const digest = parsePreviewDigest(stdout);
      expect(digest?.steps).to.deep.equal([]);
      expect(previewErrors({ exitCode: 255, stdout, stderr: "" }, digest)).to.equal("error: boom");
      expect(parsePreviewDigest("error: no stack named 'x' found")).to.equal(undefined);
      expect(previewErrors({ exitCode: 255, stdout: "", stderr: "error: no stack named 'x' found\n" }, undefined)).to.equal("error: no stack named 'x' found");
    });
  });
  it("marks the creates and adds of an adopting customer or site as 'or adopt', and says what that means", () => {
    const adoptingSet: PreviewStep = {
      op: "create",
      urn: urn("SubscriberSet", "Cu9-subscribers-00"),
      newState: { inputs: { customer: "Cu9", platform: "teams", set: 0, sets: 1, adoption: { Cu9Si1: { existing: "adopt" } }, subscribers: { u1: teams("ann@contoso.com", "Cu9Si1"), u2: teams("bob@contoso.com", "Cu9Si2") } } },
    };
    const text = previewMarkdown({
      stack: "cu9",
      events: {
        steps: [
          adoptingSet,
          { op: "create", urn: urn("DialPlan", "Cu9Si1-Chicago"), newState: { inputs: { name: "Cu9Si1-Chicago", scope: "site", adoption: { existing: "adopt" } } } },
          { op: "create", urn: urn("DialPlan", "Cu9Si2-Boston"), newState: { inputs: { name: "Cu9Si2-Boston", scope: "site" } } },
        ],
        diagnostics: [],
      },
    });
    expect(text).to.include("- **add or adopt** `ann@contoso.com` (Teams, Cu9Si1, Voice)");
    expect(text).to.include("- **add** `bob@contoso.com` (Teams, Cu9Si2, Voice)");
    expect(text).to.include("- **create or adopt** DialPlan `Cu9Si1-Chicago`");
    expect(text).to.include("- **create** DialPlan `Cu9Si2-Boston`");
    expect(text).to.include("> **Adoption is on.**");
    expect(previewMarkdown({ stack: "cu9", events: { steps: [{ ...adoptingSet, newState: { inputs: { ...(adoptingSet.newState as { inputs: Record<string, unknown> }).inputs, adoption: {} } } }], diagnostics: [] } })).to.not.include("Adoption is on");
  });
});
