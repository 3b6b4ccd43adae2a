// Licenses (reference §3): the tenant's subscriptions and per-user assignment.
import { ConfigurationError } from "../../core/errors";
import { type GraphClient, unexpectedResponse } from "./client";
import { type CallContext } from "./errors";
import { type GraphUser, type SubscribedSku } from "./types";
import { userPath } from "./users";

/** The tenant's subscriptions with their unit counts and service plans. No `$filter` (Graph has none here). */
export async function listSubscribedSkus(graph: GraphClient): Promise<SubscribedSku[]> {
  const context: CallContext = { operation: "listing subscribed SKUs" };
  const result = await graph.getAllPages({ method: "GET", path: "/subscribedSkus", context });
  return result.items.map((item) => {
    const sku = item as Partial<SubscribedSku> | null;
    if (typeof sku !== "object" || sku === null || typeof sku.skuId !== "string" || typeof sku.skuPartNumber !== "string") {
      throw unexpectedResponse(context, "expected subscribedSku objects with string `skuId` and `skuPartNumber`");
    }
    return {
      ...sku,
      consumedUnits: sku.consumedUnits ?? 0,
      prepaidUnits: sku.prepaidUnits ?? { enabled: 0 },
      servicePlans: sku.servicePlans ?? [],
    } as SubscribedSku;
  });
}

export interface LicenseToAdd {
  readonly skuId: string;
  /** Service plans to switch off; the full list replaces what was disabled before. @default - none */
  readonly disabledPlans?: readonly string[];
}

export interface LicenseChange {
  readonly addLicenses: readonly LicenseToAdd[];
  /** SKU ids. */
  readonly removeLicenses: readonly string[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Adds and removes licenses in one call. Both arrays are always sent (Graph requires them). The
 * user needs a usage location first (see setUsageLocation). Returns the updated user.
 */
export async function assignLicense(graph: GraphClient, user: string, change: LicenseChange): Promise<GraphUser> {
  const problems = [
    ...change.addLicenses.filter((l) => !GUID.test(l.skuId)).map((l) => `addLicenses skuId must be a GUID; got ${JSON.stringify(l.skuId)}`),
    ...change.addLicenses.flatMap((l) => (l.disabledPlans ?? []).filter((p) => !GUID.test(p)).map((p) => `disabledPlans must be service plan GUIDs; got ${JSON.stringify(p)}`)),
    ...change.removeLicenses.filter((id) => !GUID.test(id)).map((id) => `removeLicenses must be SKU GUIDs; got ${JSON.stringify(id)}`),
  ];
  if (problems.length > 0) throw new ConfigurationError("invalid license change", problems);
  const context: CallContext = { operation: "assigning license", preposition: "to", object: user };
  const response = await graph.send({
    method: "POST",
    path: `${userPath(user)}/assignLicense`,
    body: {
      addLicenses: change.addLicenses.map((l) => ({ skuId: l.skuId, disabledPlans: [...(l.disabledPlans ?? [])] })),
      removeLicenses: [...change.removeLicenses],
    },
    // The body states the wanted result, so sending it twice changes nothing more.
    idempotent: true,
    context,
  });
  const body = response.body as GraphUser | undefined;
  if (typeof body !== "object" || body === null || typeof body.id !== "string") throw unexpectedResponse(context, "expected the updated user", response.requestId);
  return body;
}
