// Reading the JSON a test posts to the control endpoint's /seed: small checkers that throw a
// 400 naming the field and what was given.
import { LabHttpError } from "../../http/lab-http";

export function seedError(service: string, message: string): LabHttpError {
  return new LabHttpError(400, "InvalidSeed", `seed data for ${service}: ${message}`);
}

export class SeedReader {
  constructor(readonly service: string) {}

  fail(message: string): never {
    throw seedError(this.service, message);
  }

  object(value: unknown, where: string, allowed?: readonly string[]): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) this.fail(`${where} must be a JSON object, got ${describeValue(value)}`);
    const record = value as Record<string, unknown>;
    if (allowed) {
      for (const key of Object.keys(record)) {
        if (!allowed.includes(key)) this.fail(`${where} has an unknown field "${key}" (allowed: ${allowed.join(", ")})`);
      }
    }
    return record;
  }

  list(value: unknown, where: string): unknown[] {
    if (!Array.isArray(value)) this.fail(`${where} must be a list, got ${describeValue(value)}`);
    return value as unknown[];
  }

  string(value: unknown, where: string): string {
    if (typeof value !== "string" || value === "") this.fail(`${where} must be a non-empty string, got ${describeValue(value)}`);
    return value as string;
  }

  optionalString(value: unknown, where: string): string | undefined {
    return value === undefined ? undefined : this.string(value, where);
  }

  integer(value: unknown, where: string, min: number, max: number): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) this.fail(`${where} must be a whole number from ${min} to ${max}, got ${describeValue(value)}`);
    return value as number;
  }

  boolean(value: unknown, where: string): boolean {
    if (typeof value !== "boolean") this.fail(`${where} must be true or false, got ${describeValue(value)}`);
    return value as boolean;
  }

  strings(value: unknown, where: string): string[] {
    return this.list(value, where).map((item, index) => this.string(item, `${where}[${index}]`));
  }
}

export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return JSON.stringify(value);
}
