// Fields answered but never stored: worked out from other objects when an answer is rendered.
import { escapeXml } from "../xml/xml-tree";
import type { AxlRecord, ClusterView, FkValue, StoredObject } from "./field-spec";

const DEVICE_KINDS = new Set(["phone", "deviceProfile", "remoteDestinationProfile"]);

/** getLine's associatedDevices: the devices with an appearance of the line, by name. */
export function renderAssociatedDevices(_record: AxlRecord, object: StoredObject, view: ClusterView): string {
  const names: string[] = [];
  for (const referrer of view.referrers(object.uuid).keys()) {
    const found = view.byUuid(referrer);
    if (found && DEVICE_KINDS.has(found.kind)) names.push(String(found.object.fields.name));
  }
  return names.sort().map((name) => `<device>${escapeXml(name)}</device>`).join("");
}

/** The roles of an access control group a user belongs to (associatedGroups/userGroup/userRoles). */
export function renderUserRoles(record: AxlRecord, _object: StoredObject, view: ClusterView): string {
  const group = record.name as FkValue | null;
  const roles = group ? view.byUuid(group.uuid)?.object.fields.userRoles : undefined;
  // The group holds userRole{roleName} (RUserGroup); a user's groups answer the names alone (RUser).
  return Array.isArray(roles) ? roles.map((role) => `<userRole>${escapeXml(String((role as AxlRecord).roleName ?? ""))}</userRole>`).join("") : "";
}

/** A calling search space's clause: its partitions' names in member order, joined by ":". */
export function renderCssClause(record: AxlRecord, object: StoredObject, view: ClusterView): string {
  const members = (Array.isArray(record.members) ? record.members : Array.isArray(object.fields.members) ? object.fields.members : []) as AxlRecord[];
  const names = [...members]
    .sort((a, b) => Number(a.index) - Number(b.index))
    .map((m) => {
      const partition = m.routePartitionName as FkValue | null;
      return partition ? (partition.name ?? String(view.byUuid(partition.uuid)?.object.fields.name ?? "")) : "";
    })
    .filter((name) => name !== "");
  return escapeXml(names.join(":"));
}
