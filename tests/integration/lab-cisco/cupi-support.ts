// Shared set-up of the Unity Connection lab tests: a lab with the cupi simulator on the shared
// test CA (trusted by fetch through NODE_EXTRA_CA_CERTS), and raw CUPI calls.
import { mkdtemp, rm } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { LabControlClient, startLab, type LabHandle, type LabServiceDefinition } from "../../../lab";
import { createCupiService, LAB_CUPI_PASSWORD, LAB_CUPI_USERNAME } from "../../../lab/cisco/cupi";

export interface CupiLab {
  readonly lab: LabHandle;
  readonly control: LabControlClient;
  readonly url: string;
  readonly stateDir: string;
  stop(options?: { keepState?: boolean }): Promise<void>;
}

export async function startCupiLab(stateDir?: string): Promise<CupiLab> {
  const tlsDir = process.env.UCFLOW_TEST_TLS_DIR;
  if (!tlsDir || !process.env.NODE_EXTRA_CA_CERTS) throw new Error("the Unity Connection lab tests need UCFLOW_TEST_TLS_DIR and NODE_EXTRA_CA_CERTS set before mocha starts; the test runner sets both");
  const dir = stateDir ?? (await mkdtemp(path.join(os.tmpdir(), "ucflow-lab-cupi-")));
  const lab = await startLab({ stateDir: dir, tlsDir, services: [createCupiService() as unknown as LabServiceDefinition<unknown>], ldap: false, log: () => undefined });
  return {
    lab,
    control: new LabControlClient(lab.endpoints.control, lab.caCertPem),
    url: lab.endpoints.services.cupi as string,
    stateDir: dir,
    stop: async (options = {}) => {
      await lab.stop();
      if (!options.keepState) await rm(dir, { recursive: true, force: true });
    },
  };
}

export const LAB_BASIC = `Basic ${Buffer.from(`${LAB_CUPI_USERNAME}:${LAB_CUPI_PASSWORD}`).toString("base64")}`;

export interface RawAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, when it is. */
  readonly json: any;
}

/** One CUPI call as curl would make it: JSON unless `accept` says otherwise. */
export async function cupiCall(url: string, method: string, pathAndQuery: string, options: { body?: unknown; xml?: string; accept?: string; authorization?: string | null } = {}): Promise<RawAnswer> {
  const headers: Record<string, string> = { accept: options.accept ?? "application/json" };
  if (options.authorization !== null) headers.authorization = options.authorization ?? LAB_BASIC;
  let body: string | undefined;
  if (options.xml !== undefined) {
    headers["content-type"] = "application/xml";
    body = options.xml;
  } else if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  const response = await fetch(`${url}${pathAndQuery}`, { method, headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
