// Tenant configuration objects of the Teams admin API (reference §5.3):
//   GET    /Skype.Policy/configurations/{Type}                          list
//   POST   /Skype.Policy/configurations/{Type}                          create (body with Identity)
//   PUT    /Skype.Policy/configurations/{Type}/configuration/{Identity}  set (body without Identity)
//   DELETE /Skype.Policy/configurations/{Type}/configuration/{Identity}  delete
// Community clients disagree on create (go-teams POSTs, CIPP PUTs); ucflow POSTs, so a create
// of an existing instance fails with AlreadyExistsError instead of silently overwriting it.
import { UcflowError } from "../../core/errors";
import { writeObserved } from "../../core/unanswered-writes";
import { pathSegment, type TeamsAdminClient, type TeamsCallContext } from "./client";
import { type GrantedPolicy, type OnlinePstnUsages, type OnlineVoiceRoute, type OnlineVoiceRoutingPolicy, type TeamsCallingPolicy, type TenantDialPlan } from "./types";

export const CONFIGURATIONS_PATH = "/Skype.Policy/configurations";

/** The configuration types ucflow manages or reads, and their shapes. */
export interface ConfigurationTypes {
  readonly TenantDialPlan: TenantDialPlan;
  readonly OnlineVoiceRoutingPolicy: OnlineVoiceRoutingPolicy;
  readonly OnlinePstnUsages: OnlinePstnUsages;
  readonly OnlineVoiceRoute: OnlineVoiceRoute;
  readonly TeamsCallingPolicy: TeamsCallingPolicy;
  // Policy types profiles grant by name but ucflow does not create: only listed, for their names.
  readonly TeamsEmergencyCallingPolicy: GrantedPolicy;
  readonly CallingLineIdentity: GrantedPolicy;
  readonly OnlineVoicemailPolicy: GrantedPolicy;
  // Direct Routing SBCs: listed for their FQDNs (the Identity), which voice routes name.
  readonly OnlinePSTNGateway: GrantedPolicy;
}

export type ConfigurationType = keyof ConfigurationTypes;

/** What `set` sends: everything but the Identity, which is in the URL. */
export type ConfigurationSettings<K extends ConfigurationType> = Omit<ConfigurationTypes[K], "Identity">;

/** Every instance of `type`. */
export async function listConfigurations<K extends ConfigurationType>(teams: TeamsAdminClient, type: K): Promise<ConfigurationTypes[K][]> {
  const context: TeamsCallContext = { operation: "listing", object: type };
  const response = await teams.send({ method: "GET", path: `${CONFIGURATIONS_PATH}/${type}`, context });
  const items = Array.isArray(response.body) ? response.body : (response.body as { value?: unknown } | undefined)?.value;
  if (!Array.isArray(items) || items.some((item) => typeof item !== "object" || item === null || typeof (item as { Identity?: unknown }).Identity !== "string")) {
    throw new UcflowError({ backend: "teams", ...context }, { code: "UnexpectedResponse", detail: "expected an array of objects with a string `Identity`", requestId: response.correlationId });
  }
  return items as ConfigurationTypes[K][];
}

/** The instance whose Identity is `identity` (case-insensitive, as Teams compares), or undefined. */
export async function getConfiguration<K extends ConfigurationType>(teams: TeamsAdminClient, type: K, identity: string): Promise<ConfigurationTypes[K] | undefined> {
  const wanted = identity.toLowerCase();
  return (await listConfigurations(teams, type)).find((item) => item.Identity.toLowerCase() === wanted);
}

/**
 * Creates an instance; AlreadyExistsError (409) if its Identity is taken. Returns what the
 * service stored. A create whose answer is lost is not sent again blindly: the Identity is
 * looked up, and the instance found is the result (its Identity is the natural key); when none
 * is there the create is sent again.
 */
export async function createConfiguration<K extends ConfigurationType>(teams: TeamsAdminClient, type: K, configuration: ConfigurationTypes[K]): Promise<ConfigurationTypes[K]> {
  return writeObserved<ConfigurationTypes[K]>({
    write: async () => {
      const response = await teams.send({
        method: "POST",
        path: `${CONFIGURATIONS_PATH}/${type}`,
        body: configuration,
        context: { operation: "creating", object: `${type} ${configuration.Identity}` },
      });
      const stored = response.body as ConfigurationTypes[K] | undefined;
      return typeof stored === "object" && stored !== null && typeof stored.Identity === "string" ? stored : configuration;
    },
    observe: async () => {
      const found = await getConfiguration(teams, type, configuration.Identity);
      return found === undefined ? { applied: false } : { applied: true, result: found };
    },
  });
}

/** Replaces an instance's settings. NotFoundError if it does not exist. */
export async function setConfiguration<K extends ConfigurationType>(teams: TeamsAdminClient, type: K, identity: string, settings: ConfigurationSettings<K>): Promise<void> {
  const { Identity: _ignored, ...body } = settings as ConfigurationSettings<K> & { Identity?: unknown };
  await teams.send({
    method: "PUT",
    path: `${CONFIGURATIONS_PATH}/${type}/configuration/${pathSegment(identity)}`,
    body,
    context: { operation: "updating", object: `${type} ${identity}` },
  });
}

/** Deletes an instance. NotFoundError if it is already gone. */
export async function deleteConfiguration(teams: TeamsAdminClient, type: ConfigurationType, identity: string): Promise<void> {
  await teams.send({
    method: "DELETE",
    path: `${CONFIGURATIONS_PATH}/${type}/configuration/${pathSegment(identity)}`,
    context: { operation: "deleting", object: `${type} ${identity}` },
  });
}
