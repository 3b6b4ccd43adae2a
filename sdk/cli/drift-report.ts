// What `ucflow drift` reads and says, as pure functions over the text `pulumi refresh
// --preview-only --json` prints: ucflow's resources record one sentence per drifted field in
// their `drift` output when they are read, and a resource the platform no longer has is one
// the refresh would drop from the state.

/** One resource that differs from what ucflow last applied. */
export interface DriftFinding {
  readonly urn: string;
  /** `ucflow:SubscriberSet` (the type's last segment, without the dynamic-provider prefix). */
  readonly kind: string;
  readonly name: string;
  /** Sentences naming the object, the field and who is affected, as the resource wrote them. */
  readonly sentences: readonly string[];
}

interface PreviewStep {
  readonly op?: string;
  readonly urn?: string;
  readonly oldState?: { readonly type?: string; readonly outputs?: Record<string, unknown> };
  readonly newState?: { readonly type?: string; readonly outputs?: Record<string, unknown> };
}

/** The preview's JSON document: its steps, and the errors the engine reported. */
export interface RefreshPreview {
  readonly steps: readonly PreviewStep[];
  readonly errors: readonly string[];
}

/** Parses the document `pulumi refresh --preview-only --json` prints; throws on anything else. */
export function parseRefreshPreview(stdout: string): RefreshPreview {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    throw new Error(`pulumi refresh --preview-only --json printed no JSON document: ${JSON.stringify(stdout.trim().slice(0, 300))}`);
  }
  if (doc === null || typeof doc !== "object") throw new Error("pulumi refresh --preview-only --json printed JSON that is not a preview document");
  const { steps, diagnostics } = doc as { steps?: unknown; diagnostics?: unknown };
  const errors = Array.isArray(diagnostics)
    ? diagnostics.filter((d) => d && d.severity === "error" && typeof d.message === "string").map((d) => String(d.message).trim())
    : [];
  return { steps: Array.isArray(steps) ? (steps as PreviewStep[]) : [], errors };
}

function isUcflowUrn(urn: string): boolean {
  // urn:pulumi:<stack>::<project>::<type chain>::<name>; ucflow's resources are dynamic resources
  // of ucflow types (pulumi-nodejs:dynamic:Resource$ucflow:SubscriberSet) or ucflow components.
  return /(^|[$:])ucflow:[A-Za-z]+::/.test(urn) || urn.includes("$ucflow:");
}

function nameOf(urn: string): { kind: string; name: string } {
  const parts = urn.split("::");
  const name = parts[parts.length - 1] ?? urn;
  const chain = parts[parts.length - 2] ?? "";
  const kind = chain.split("$").pop() ?? chain;
  return { kind, name };
}

function driftSentences(outputs: Record<string, unknown> | undefined): string[] {
  const drift = outputs?.drift;
  return Array.isArray(drift) ? drift.filter((s): s is string => typeof s === "string") : [];
}

/** ucflow's resources that drifted, in URN order; the rest of the stack is not ucflow's to report. */
export function findDrift(preview: RefreshPreview): DriftFinding[] {
  const findings: DriftFinding[] = [];
  for (const step of preview.steps) {
    const urn = step.urn;
    if (typeof urn !== "string" || !isUcflowUrn(urn)) continue;
    const { kind, name } = nameOf(urn);
    if (step.oldState && !step.newState) {
      findings.push({ urn, kind, name, sentences: [`${kind} ${name} no longer exists on the platform; the refresh would drop it from the state and the next up would create it again`] });
      continue;
    }
    const sentences = driftSentences(step.newState?.outputs);
    if (sentences.length > 0) findings.push({ urn, kind, name, sentences });
  }
  return findings.sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}

/** The report `ucflow drift` prints: resource, then each sentence. */
export function formatDriftReport(findings: readonly DriftFinding[], stack: string): string {
  if (findings.length === 0) return `No drift: stack ${stack} matches what ucflow last applied.\n`;
  const sentences = findings.reduce((n, f) => n + f.sentences.length, 0);
  const lines = [`Drift in stack ${stack}: ${findings.length} resource${findings.length === 1 ? "" : "s"}, ${sentences} change${sentences === 1 ? "" : "s"} made outside ucflow.`, ""];
  for (const finding of findings) {
    lines.push(`${finding.kind} ${finding.name}`);
    for (const sentence of finding.sentences) lines.push(`  - ${sentence}`);
    lines.push("");
  }
  lines.push("`pulumi up` puts these back as the definition says; `pulumi refresh` records them first.");
  return `${lines.join("\n")}\n`;
}
