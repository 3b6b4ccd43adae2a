// A Teams admin client wired as in production except for the transport, the clock and the
// id/jitter sources, which are made deterministic.
import { TeamsAdminClient, type TeamsAdminClientOptions } from "../../../../provider/backends/teams/client";
import { FakeClock } from "../../core/fake-clock";
import { CaptureLogger, PipelineReplay, StubCredential } from "../replay";

/** Deliberately not JWT-shaped, so only header redaction can keep it out of logs. */
export const TEAMS_TOKEN = "teams-admin-token-3b9d";
export const TEAMS = "https://api.interfaces.records.teams.microsoft.com";

export function teamsFixture(options: Partial<TeamsAdminClientOptions> = {}) {
  const transport = new PipelineReplay();
  const clock = new FakeClock();
  const logger = new CaptureLogger();
  const credential = new StubCredential(TEAMS_TOKEN);
  let ids = 0;
  const teams = new TeamsAdminClient({ credential, transport: transport.send, clock, logger, random: () => 0.5, newCorrelationId: () => `corr-${++ids}`, ...options });
  return { teams, transport, clock, logger, credential };
}
