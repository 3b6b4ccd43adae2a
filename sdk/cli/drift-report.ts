// What `ucflow drift` reads and says, as pure functions over the engine events `pulumi refresh
// --preview-only --json` streams with PULUMI_ENABLE_STREAMING_JSON_PREVIEW set (the single JSON
// document it prints otherwise gives each step's old state as its new one, so the read outputs
// are lost). ucflow's resources record one sentence per drifted field in their `drift` output
// when they are read; a resource the platform no longer has is one the refresh would drop.

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

/** The preview's engine events, folded: each resource's step, the errors, whether it finished. */
export interface RefreshPreview {
  readonly steps: readonly PreviewStep[];
  readonly errors: readonly string[];
  /** The summary event's result ("succeeded", "failed"), undefined when the stream has none. */
  readonly result: string | undefined;
}

/** Folds the event stream (one JSON object per line; other lines are ignored). */
export function parseRefreshPreview(stdout: string): RefreshPreview {
  const steps: PreviewStep[] = [];
  const errors: string[] = [];
  let result: string | undefined;
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    let event: Record<string, any>;
    try {
      event = JSON.parse(line);
    } catch {
      continue;
    }
    if (event.resOutputsEvent?.metadata) {
      const m = event.resOutputsEvent.metadata;
      steps.push({ op: m.op, urn: m.urn, ...(m.old ? { oldState: m.old } : {}), ...(m.new ? { newState: m.new } : {}) });
    } else if (event.diagnosticEvent?.severity === "error" && typeof event.diagnosticEvent.message === "string") {
      errors.push(event.diagnosticEvent.message.trim());
    } else if (event.summaryEvent) {
      result = typeof event.summaryEvent.result === "string" ? event.summaryEvent.result : "succeeded";
    }
  }
  return { steps, errors, result };
}

function isUcflowUrn(urn: string): boolean {
  // urn:pulumi:<stack>::<project>::<type chain>::<name>; ucflow's resources are dynamic resources
  // of ucflow types (...$pulumi-nodejs:dynamic/ucflow:SubscriberSet) or ucflow components.
  return /(^|[$:/])ucflow:[A-Za-z:]+::[^:]*$/.test(urn);
}

function nameOf(urn: string): { kind: string; name: string } {
  const parts = urn.split("::");
  const name = parts[parts.length - 1] ?? urn;
  const chain = parts[parts.length - 2] ?? "";
  const type = chain.split("$").pop() ?? chain;
  const kind = type.slice(type.lastIndexOf("/") + 1);
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
  lines.push("`pulumi up --refresh` puts these back as the definition says (a plain `pulumi up` does not see them until a refresh records them).");
  return `${lines.join("\n")}\n`;
}
