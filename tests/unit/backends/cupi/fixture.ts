// A CUPI client wired as in production except for the transport, the clock and the jitter,
// which are made deterministic.
import { CupiClient, type CupiClientOptions } from "../../../../provider/backends/cupi/client";
import { FakeClock } from "../../core/fake-clock";
import { CaptureLogger, PipelineReplay } from "../replay";

export const CUPI = "https://cuc1.example.com";
export const CUPI_USER = "ucflow-provisioning";
export const CUPI_PASSWORD = "cupi-password-5e0c";

export function cupiFixture(options: Partial<CupiClientOptions> = {}) {
  const transport = new PipelineReplay();
  const clock = new FakeClock();
  const logger = new CaptureLogger();
  const cupi = new CupiClient({ baseUrl: `${CUPI}/`, username: CUPI_USER, password: CUPI_PASSWORD, transport: transport.send, clock, logger, random: () => 0.5, ...options });
  return { cupi, transport, clock, logger };
}

/** A user as CUPI's JSON has it: every value text. */
export function cupiUserJson(alias: string, extension: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    URI: `/vmrest/users/id-${alias}`,
    ObjectId: `id-${alias}`,
    Alias: alias,
    DtmfAccessId: extension,
    DisplayName: alias,
    PartitionObjectId: "p-dallas",
    ListInDirectory: "true",
    Inactive: "false",
    IsVmEnrolled: "true",
    Undeletable: "false",
    TimeZone: "190",
    ...extra,
  };
}
