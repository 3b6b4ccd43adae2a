import { expect } from "chai";
import { findDrift, formatDriftReport, parseRefreshPreview } from "../../../sdk/cli/drift-report";

const SET = "urn:pulumi:test::fabrikam::ucflow:index:Customer$pulumi-nodejs:dynamic/ucflow:SubscriberSet::Cu2Si1-subscribers";
const SITE = "urn:pulumi:test::fabrikam::ucflow:index:Customer$pulumi-nodejs:dynamic/ucflow:CucmSite::Cu2Si2";
const STACK = "urn:pulumi:test::fabrikam::pulumi:pulumi:Stack::fabrikam-test";
const OTHER = "urn:pulumi:test::fabrikam::aws:s3/bucket:Bucket::logs";

interface Step {
  op: string;
  urn: string;
  oldState?: unknown;
  newState?: unknown;
}

/** The event stream the engine prints for a refresh preview (PULUMI_ENABLE_STREAMING_JSON_PREVIEW). */
function preview(steps: Step[], diagnostics: { severity: string; message: string }[] = [], result = "succeeded"): string {
  let sequence = 0;
  const event = (body: object) => JSON.stringify({ sequence: sequence++, timestamp: 1, ...body });
  return [
    event({ preludeEvent: { config: {} } }),
    ...steps.map((s) => event({ resourcePreEvent: { metadata: { op: "refresh", urn: s.urn, old: s.oldState, new: s.oldState } } })),
    ...diagnostics.map((d) => event({ diagnosticEvent: { ...d, color: "never" } })),
    ...steps.map((s) => event({ resOutputsEvent: { metadata: { op: s.op, urn: s.urn, ...(s.oldState ? { old: s.oldState } : {}), ...(s.newState ? { new: s.newState } : {}) } } })),
    event({ summaryEvent: { resourceChanges: {}, isPreview: true, result } }),
    "",
  ].join("\n");
}

describe("ucflow drift report", () => {
  it("reports each ucflow resource's drift sentences, in URN order, and ignores others' resources", () => {
    const text = preview([
      { op: "update", urn: SITE, oldState: { outputs: {} }, newState: { outputs: { drift: ["device pool Cu2Si2-DP uses region Default instead of Cu2Si2-Region"] } } },
      { op: "refresh", urn: SET, oldState: { outputs: {} }, newState: { outputs: { drift: ["line 2001 of ethan.flores uses Cu2Si1-Cu2-International-CSS instead of Cu2Si1-Cu2-National-CSS", 7] } } },
      { op: "same", urn: STACK, oldState: { outputs: {} }, newState: { outputs: {} } },
      { op: "refresh", urn: OTHER, oldState: { outputs: {} }, newState: { outputs: { drift: ["not ours"] } } },
    ]);
    const findings = findDrift(parseRefreshPreview(text));
    expect(findings).to.deep.equal([
      { urn: SITE, kind: "ucflow:CucmSite", name: "Cu2Si2", sentences: ["device pool Cu2Si2-DP uses region Default instead of Cu2Si2-Region"] },
      { urn: SET, kind: "ucflow:SubscriberSet", name: "Cu2Si1-subscribers", sentences: ["line 2001 of ethan.flores uses Cu2Si1-Cu2-International-CSS instead of Cu2Si1-Cu2-National-CSS"] },
    ].sort((a, b) => (a.urn < b.urn ? -1 : 1)));
    expect(formatDriftReport(findings, "test")).to.equal(
      [
        "Drift in stack test: 2 resources, 2 changes made outside ucflow.",
        "",
        ...findings.flatMap((f) => [`${f.kind} ${f.name}`, ...f.sentences.map((s) => `  - ${s}`), ""]),
        "`pulumi up --refresh` puts these back as the definition says (a plain `pulumi up` does not see them until a refresh records them).",
        "",
      ].join("\n"),
    );
  });

  it("reports a ucflow resource the platform no longer has", () => {
    const findings = findDrift(parseRefreshPreview(preview([{ op: "delete", urn: SITE, oldState: { outputs: {} } }])));
    expect(findings).to.have.length(1);
    expect(findings[0]!.sentences[0]).to.match(/^ucflow:CucmSite Cu2Si2 no longer exists on the platform/);
  });

  it("finds nothing when no resource has drift", () => {
    const findings = findDrift(parseRefreshPreview(preview([{ op: "refresh", urn: SET, oldState: { outputs: {} }, newState: { outputs: { drift: [] } } }, { op: "same", urn: STACK, oldState: {}, newState: {} }])));
    expect(findings).to.deep.equal([]);
    expect(formatDriftReport(findings, "prod")).to.equal("No drift: stack prod matches what ucflow last applied.\n");
  });

  it("reads the engine's errors and result; output without a summary event has no result", () => {
    const failed = parseRefreshPreview(preview([], [{ severity: "error", message: "  boom \n" }, { severity: "warning", message: "meh" }], "failed"));
    expect(failed.errors).to.deep.equal(["boom"]);
    expect(failed.result).to.equal("failed");
    expect(parseRefreshPreview("error: no stack selected\n{not json")).to.deep.equal({ steps: [], errors: [], result: undefined });
  });

  it("reads the drift sentences from the outputs as read, not from the state before the read", () => {
    const stale = findDrift(parseRefreshPreview(preview([{ op: "update", urn: SET, oldState: { outputs: { drift: ["an old sentence"] } }, newState: { outputs: {} } }])));
    expect(stale).to.deep.equal([]);
  });
});
