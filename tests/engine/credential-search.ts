// Looks for known credential values in captured text (CLI output, engine events, logs, state
// files, the lab's request log), in every form a leak could take: as is, JSON-escaped,
// URL-encoded, base64 at any byte alignment (inside a Basic header, a PEM, a JWT), and for a PEM
// key each line of its body, so a key leaked in part or re-wrapped is still found.
import * as fs from "node:fs";
import * as path from "node:path";

export interface KnownCredential {
  /** What it is, for the failure message ("AXL password"). */
  readonly name: string;
  readonly value: string;
  /** More texts that carry it, e.g. `user:password` as a Basic header encodes it. */
  readonly carriers?: readonly string[];
}

export interface CredentialFinding {
  readonly credential: string;
  /** Which form was found ("as is", "base64", "PEM body line 3", ...). */
  readonly form: string;
  /** Which capture held it. */
  readonly source: string;
  /** A little of the text around it, with the value itself masked. */
  readonly context: string;
}

// Shorter forms would match ordinary text by chance.
const MIN_FORM_LENGTH = 12;

/**
 * Base64 of `bytes` as it reads inside a longer base64 text, whatever the bytes before it: for
 * each of the three alignments, the characters that depend on `bytes` alone.
 */
function base64Cores(bytes: Buffer, alphabet: "base64" | "base64url"): string[] {
  const cores: string[] = [];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString(alphabet).replace(/=+$/, "");
    // The first group mixes in the padding bytes; the last may mix in whatever follows.
    const start = offset === 0 ? 0 : 4;
    const whole = Math.floor((offset + bytes.length) / 3) * 4;
    cores.push(encoded.slice(start, whole));
  }
  return cores;
}

/** Every form of one text to look for, by name. */
function formsOfText(text: string, label: string): [string, string][] {
  const bytes = Buffer.from(text, "utf8");
  const forms: [string, string][] = [
    [`${label} as is`, text],
    [`${label} JSON-escaped`, JSON.stringify(text).slice(1, -1)],
    [`${label} URL-encoded`, encodeURIComponent(text)],
    [`${label} form-encoded`, new URLSearchParams({ v: text }).toString().slice(2)],
    ...base64Cores(bytes, "base64").map((core, i): [string, string] => [`${label} base64 (alignment ${i})`, core]),
    ...base64Cores(bytes, "base64url").map((core, i): [string, string] => [`${label} base64url (alignment ${i})`, core]),
  ];
  return forms;
}

/** The forms of a credential: its value's and its carriers', and each line of a PEM body. */
export function credentialForms(credential: KnownCredential): [string, string][] {
  const forms = formsOfText(credential.value, "value");
  for (const [i, carrier] of (credential.carriers ?? []).entries()) forms.push(...formsOfText(carrier, `carrier ${i + 1}`));
  const pemBody = credential.value.match(/-----BEGIN [A-Z0-9 ]+-----\r?\n([\s\S]*?)-----END/);
  if (pemBody) {
    const lines = pemBody[1]!.split(/\r?\n/).filter((line) => line.length > 0 && !line.includes(":"));
    lines.forEach((line, i) => forms.push([`PEM body line ${i + 1}`, line]));
    forms.push(["PEM body unwrapped", lines.join("")]);
  }
  const seen = new Set<string>();
  return forms.filter(([, form]) => form.length >= MIN_FORM_LENGTH && !seen.has(form) && (seen.add(form), true));
}

/** Every form of every credential found in every capture. */
export function findCredentials(captures: Readonly<Record<string, string>>, credentials: readonly KnownCredential[]): CredentialFinding[] {
  const findings: CredentialFinding[] = [];
  for (const credential of credentials) {
    const forms = credentialForms(credential);
    for (const [source, text] of Object.entries(captures)) {
      for (const [form, value] of forms) {
        const at = text.indexOf(value);
        if (at < 0) continue;
        const context = `${text.slice(Math.max(0, at - 60), at)}<${credential.name}>${text.slice(at + value.length, at + value.length + 60)}`;
        findings.push({ credential: credential.name, form, source, context });
        break; // one finding per credential and capture is enough to name the leak
      }
    }
  }
  return findings;
}

/** Findings as a failure message lists them. */
export function describeFindings(findings: readonly CredentialFinding[]): string {
  return findings.map((f) => `- ${f.credential} (${f.form}) in ${f.source}: ${JSON.stringify(f.context)}`).join("\n");
}

/**
 * Every regular file under `dir` as text, keyed by its path relative to `dir`, skipping the
 * directories named in `skip` (e.g. a node_modules link). Symbolic links are not followed.
 */
export function filesUnder(dir: string, skip: ReadonlySet<string> = new Set()): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory() && !skip.has(entry.name)) walk(full);
      else if (entry.isFile()) files[path.relative(dir, full)] = fs.readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return files;
}
