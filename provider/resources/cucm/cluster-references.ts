// What the Unified CM kinds refer to on a cluster but do not manage, checked before any write so
// a wrong name fails with the setting to fix and what the cluster has: the gateway, SIP trunk or
// route list the route patterns send calls to, the site defaults a device pool names (and the
// subscribers' phones will), the customer's partitions a site's calling search spaces list.
import type { AxlClient } from "../../backends/axl/client";
import { getGateway, getRouteList, getRoutePartition, getSipTrunk, listGateways, listRouteLists, listSipTrunks, type RoutePatternDestination } from "../../backends/axl/dial-plan";
import { getCommonPhoneConfig, listCommonPhoneConfigs } from "../../backends/axl/devices";
import { getCallManagerGroup, getDateTimeGroup, getRegion, getSrst, listCallManagerGroups, listDateTimeGroups, listRegions, listSrsts } from "../../backends/axl/sites";
import { getPresenceGroup, listPresenceGroups } from "../../backends/axl/users";
import { ifFound } from "../../core/errors";
import { listNames, show } from "../../plan/messages";
import type { CucmSiteDefaults } from "./types";

/** The names a list answers, or undefined when the list itself fails (it only adds detail to a message). */
async function namesOr(list: Promise<readonly { readonly name?: string; readonly domainName?: string }[]>): Promise<string | undefined> {
  try {
    return listNames((await list).map((row) => row.name ?? row.domainName ?? "").filter((n) => n !== ""));
  } catch {
    return undefined;
  }
}

/**
 * Where route patterns send calls to reach `gateway`: a route list by that name, else a SIP
 * trunk, else a gateway (route patterns name both of those as `gatewayName`). Three reads at
 * most; when none exists, the error lists what the cluster has.
 */
export async function routeDestination(client: AxlClient, cluster: string, gateway: string): Promise<RoutePatternDestination> {
  const routeList = await ifFound(getRouteList(client, { name: gateway }));
  if (routeList !== undefined) return { routeListName: routeList.name };
  const trunk = await ifFound(getSipTrunk(client, { name: gateway }));
  if (trunk !== undefined) return { gatewayName: trunk.name };
  const device = await ifFound(getGateway(client, { domainName: gateway }));
  if (device !== undefined) return { gatewayName: device.domainName };
  const [lists, trunks, gateways] = await Promise.all([namesOr(listRouteLists(client)), namesOr(listSipTrunks(client)), namesOr(listGateways(client))]);
  const has = [lists && `route lists ${lists}`, trunks && `SIP trunks ${trunks}`, gateways && `gateways ${gateways}`].filter((s): s is string => Boolean(s));
  throw new Error(
    `dialPlan.gateway ${show(gateway)} is not a route list, SIP trunk or gateway on cluster ${cluster}; nothing was changed. ` +
      `${has.length > 0 ? `The cluster has ${has.join("; ")}. ` : ""}Give the name of the one outside calls leave through, or create it on the cluster first`,
  );
}

interface DefaultReference {
  readonly setting: keyof Required<CucmSiteDefaults>;
  readonly noun: string;
  readonly exists: (client: AxlClient, name: string) => Promise<unknown>;
  readonly names: (client: AxlClient) => Promise<readonly { readonly name?: string }[]>;
}

const DEFAULT_REFERENCES: readonly DefaultReference[] = [
  { setting: "callManagerGroup", noun: "Unified CM group", exists: (c, name) => getCallManagerGroup(c, { name }), names: (c) => listCallManagerGroups(c) },
  { setting: "dateTimeGroup", noun: "date/time group", exists: (c, name) => getDateTimeGroup(c, { name }), names: (c) => listDateTimeGroups(c) },
  { setting: "region", noun: "region", exists: (c, name) => getRegion(c, { name }), names: (c) => listRegions(c) },
  { setting: "srst", noun: "SRST reference", exists: (c, name) => getSrst(c, { name }), names: (c) => listSrsts(c) },
  { setting: "presenceGroup", noun: "presence group", exists: (c, name) => getPresenceGroup(c, { name }), names: (c) => listPresenceGroups(c) },
  { setting: "commonPhoneConfig", noun: "common phone profile", exists: (c, name) => getCommonPhoneConfig(c, { name }), names: (c) => listCommonPhoneConfigs(c) },
];

/** One sentence per site default that names nothing on the cluster (empty when all exist). */
export async function missingSiteDefaults(client: AxlClient, cluster: string, defaults: Required<CucmSiteDefaults>): Promise<string[]> {
  const missing = await Promise.all(
    DEFAULT_REFERENCES.map(async (reference) => {
      const name = defaults[reference.setting];
      if ((await ifFound(reference.exists(client, name))) !== undefined) return undefined;
      const has = await namesOr(reference.names(client));
      return `defaults.${reference.setting} ${show(name)} is not a ${reference.noun} on cluster ${cluster}${has ? ` (it has ${has})` : ""}`;
    }),
  );
  return missing.filter((m): m is string => m !== undefined);
}

/** The partitions of `names` the cluster lacks, as it answers (one get each). */
export async function missingPartitions(client: AxlClient, names: readonly string[]): Promise<string[]> {
  const found = await Promise.all(names.map(async (name) => ((await ifFound(getRoutePartition(client, { name }))) === undefined ? name : undefined)));
  return found.filter((n): n is string => n !== undefined);
}
