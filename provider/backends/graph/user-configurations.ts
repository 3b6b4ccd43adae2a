// A user's Teams voice state as Graph reports it (reference §4.3): read-only.
import { type GraphClient, unexpectedResponse } from "./client";
import { type CallContext } from "./errors";
import { type TeamsUserConfiguration } from "./types";

/** The user's Enterprise Voice flag, numbers and effective policies. NotFoundError if Teams does not know the user (yet). */
export async function getUserConfiguration(graph: GraphClient, userId: string): Promise<TeamsUserConfiguration> {
  const context: CallContext = { operation: "reading Teams configuration", preposition: "of", object: userId };
  graph.requireTeamsAdministration(context);
  const response = await graph.send({ method: "GET", path: `/admin/teams/userConfigurations/${encodeURIComponent(userId).replace(/%40/g, "@")}`, context });
  const body = response.body as TeamsUserConfiguration | undefined;
  if (typeof body !== "object" || body === null || typeof body.id !== "string") throw unexpectedResponse(context, "expected a teamsUserConfiguration with a string `id`", response.requestId);
  return body;
}
