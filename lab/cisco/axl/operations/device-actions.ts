// What AXL does to devices beyond their configuration: doDeviceReset, resetPhone, restartPhone
// and applyPhone (recorded in the cluster's deviceEvents, as the simulator has no phones to
// restart), and extension mobility's doDeviceLogin / doDeviceLogout (the phone's loginUserId and
// currentProfileName, answered by getPhone and listPhone).
import { faults } from "../protocol/axl-fault";
import { DEVICE_EVENTS_KEPT, type DeviceEvent } from "../model/cluster-state";
import type { AxlRecord, FkValue, KindName, StoredObject } from "../schema/field-spec";
import { kindSpec } from "../schema/kinds";
import { childNamed, type XmlElement } from "../xml/xml-tree";
import { locate } from "./crud";
import { notFoundFault, requestUuid, type OperationContext } from "./operation-context";

const RESETTABLE: readonly KindName[] = ["phone", "remoteDestinationProfile", "sipTrunk", "gateway"];
const RESET_TYPES = ["Reset", "Restart", "Apply Configuration", "Generate PRT", "Extended Config Pull"];

function text(element: XmlElement | undefined): string | undefined {
  return element && !element.nil && element.text !== "" ? element.text : undefined;
}

function record(context: OperationContext, object: StoredObject, detail?: Record<string, string>): void {
  const event: DeviceEvent = {
    at: new Date(context.now()).toISOString(),
    operation: context.operation,
    device: String(object.fields.name ?? object.fields.domainName),
    deviceUuid: object.uuid,
    by: context.caller,
    ...(detail ? { detail } : {}),
  };
  const events = context.state.deviceEvents;
  events.push(event);
  if (events.length > DEVICE_EVENTS_KEPT) events.splice(0, events.length - DEVICE_EVENTS_KEPT);
}

/** A device named by an XFkType element (name, or uuid attribute). */
function device(request: XmlElement, context: OperationContext, kinds: readonly KindName[]): StoredObject {
  const element = childNamed(request, "deviceName");
  const name = text(element);
  const uuid = element?.attributes.uuid || undefined;
  if (name === undefined && uuid === undefined) throw faults.invalid(`${context.operation}/deviceName is required`);
  for (const kind of kinds) {
    const found = uuid !== undefined ? context.index.byUuid(requestUuid(uuid, `${context.operation}/deviceName@uuid`)) : undefined;
    if (found && found.kind === kind) return found.object;
    const byName = name !== undefined ? context.index.findByName(kind, name) : undefined;
    if (byName) return byName;
  }
  throw notFoundFault("phone", name);
}

export function doDeviceReset(request: XmlElement, context: OperationContext): string {
  const target = device(request, context, RESETTABLE);
  const hard = text(childNamed(request, "isHardReset"));
  const type = text(childNamed(request, "deviceResetType"));
  if ((hard === undefined) === (type === undefined)) throw faults.invalid(`${context.operation} needs exactly one of isHardReset and deviceResetType`);
  if (hard !== undefined && !["true", "false", "t", "f", "1", "0"].includes(hard)) throw faults.invalid(`${context.operation}/isHardReset must be true or false, got "${hard}"`);
  if (type !== undefined && !RESET_TYPES.includes(type)) throw faults.invalid(`${context.operation}/deviceResetType must be one of ${RESET_TYPES.join(", ")}, got "${type}"`);
  const resetType = type ?? (["true", "t", "1"].includes(hard ?? "") ? "Reset" : "Restart");
  record(context, target, { resetType, isMGCP: request.attributes.isMGCP ?? "false" });
  return target.uuid;
}

/** resetPhone, restartPhone, applyPhone: by name or uuid. */
export function phoneAction(request: XmlElement, context: OperationContext): string {
  const spec = kindSpec("phone");
  const target = locate(spec, request, context);
  if (!target) throw notFoundFault("phone", text(childNamed(request, "name")));
  record(context, target);
  return target.uuid;
}

function phoneForLogin(request: XmlElement, context: OperationContext): StoredObject {
  return device(request, context, ["phone"]);
}

export function doDeviceLogin(request: XmlElement, context: OperationContext): string {
  const phone = phoneForLogin(request, context);
  const profileName = text(childNamed(request, "profileName"));
  const userId = text(childNamed(request, "userId"));
  const duration = text(childNamed(request, "loginDuration")) ?? "0";
  if (profileName === undefined || userId === undefined) throw faults.invalid(`${context.operation} needs profileName and userId`);
  if (!/^\d+$/.test(duration)) throw faults.invalid(`${context.operation}/loginDuration must be a whole number of seconds (0: no limit), got "${duration}"`);
  if (phone.fields.enableExtensionMobility !== "true") throw faults.invalid(`Extension mobility is not enabled on device ${String(phone.fields.name)} (enableExtensionMobility)`);
  if (phone.fields.loginUserId) throw faults.invalid(`Another user (${String(phone.fields.loginUserId)}) is logged in to device ${String(phone.fields.name)}`);
  const profile = context.index.findByName("deviceProfile", profileName);
  if (!profile) throw notFoundFault("deviceProfile", profileName);
  const user = context.index.findByName("user", userId);
  if (!user) throw notFoundFault("user", userId);
  const profiles = (user.fields.phoneProfiles as FkValue[] | undefined) ?? [];
  if (!profiles.some((candidate) => candidate.uuid === profile.uuid)) throw faults.invalid(`Device profile ${profileName} is not one of the phone profiles of user ${String(user.fields.userid)}`);
  const before: AxlRecord = phone.fields;
  phone.fields = {
    ...before,
    loginUserId: String(user.fields.userid),
    currentProfileName: { name: String(profile.fields.name), uuid: profile.uuid },
    loginTime: String(Math.floor(context.now() / 1000)),
    loginDuration: duration,
  };
  context.index.reindex(kindSpec("phone"), phone, before);
  record(context, phone, { userId: String(user.fields.userid), profileName });
  return phone.uuid;
}

export function doDeviceLogout(request: XmlElement, context: OperationContext): string {
  const phone = phoneForLogin(request, context);
  if (!phone.fields.loginUserId) throw faults.invalid(`No user is logged in to device ${String(phone.fields.name)}`);
  const before: AxlRecord = phone.fields;
  const { loginUserId, currentProfileName: _profile, loginTime: _time, loginDuration: _duration, ...rest } = before;
  void _profile;
  void _time;
  void _duration;
  phone.fields = rest;
  context.index.reindex(kindSpec("phone"), phone, before);
  record(context, phone, { userId: String(loginUserId) });
  return phone.uuid;
}
