// Shared by the settings tests of the backends: a config lookup holding one structured value,
// and the problems of a ConfigurationError.
import { isConfigurationError } from "../../../provider/core/errors";

export const TEST_PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUVHJ1c3RlZENB\n-----END CERTIFICATE-----\n";

/** A lookup (names without `ucflow:`) answering `name` with `value` as JSON. */
export function configHolding(name: string, value: unknown): (key: string) => string | undefined {
  return (key) => (key === name ? JSON.stringify(value) : undefined);
}

/** The problems of the ConfigurationError `call` throws (fails the test when it throws nothing or something else). */
export function problemsOf(call: () => unknown): string[] {
  try {
    call();
  } catch (error) {
    if (isConfigurationError(error)) return [...error.problems];
    throw error;
  }
  throw new Error("expected a ConfigurationError");
}
