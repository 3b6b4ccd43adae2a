// A Graph client wired exactly as in production except for the terminal transport, the clock
// and the id/jitter sources, which are made deterministic.
import { GraphClient, type GraphClientOptions } from "../../../../provider/backends/graph/client";
import { FakeClock } from "../../core/fake-clock";
import { CaptureLogger, GraphReplay, StubCredential } from "../replay";

/** Deliberately not JWT-shaped, so only header redaction can keep it out of logs. */
export const GRAPH_TOKEN = "graph-access-token-7c1f9e";

export function graphFixture(options: Partial<GraphClientOptions> = {}) {
  const transport = new GraphReplay();
  const clock = new FakeClock();
  const logger = new CaptureLogger();
  const credential = new StubCredential(GRAPH_TOKEN);
  let ids = 0;
  const graph = new GraphClient({ credential, transport, clock, logger, random: () => 0.5, newRequestId: () => `crid-${++ids}`, ...options });
  return { graph, transport, clock, logger, credential };
}

export const GRAPH = "https://graph.microsoft.com/v1.0";
