// list<Kind> (reference §3.1, §3.2): searchCriteria (required, at least one element, SQL LIKE
// values), returnedTags (required), skip honoured only with first, an empty <return/> when
// nothing matches, and the 8 MB answer limit ("Query request too large ... Suggestive Row
// Fetch: less than M rows"). The only operation that walks a kind's objects.
import { faults } from "../protocol/axl-fault";
import { displayName } from "../model/cluster-index";
import { inVersion } from "../model/request-codec";
import { checkProjection, projectionOf, renderObject } from "../model/render";
import type { AxlValue, FkValue, KindSpec, StoredObject } from "../schema/field-spec";
import { childNamed } from "../xml/xml-tree";
import type { XmlElement } from "../xml/xml-tree";
import type { OperationContext } from "./operation-context";
import { likeMatcher } from "./sql-like";

/** The text a criterion is matched against: a value, or the name a reference shows. */
function criterionValue(value: AxlValue | undefined): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "object" && !Array.isArray(value) && "name" in value) return String((value as FkValue).name);
  return "";
}

function unsignedInteger(element: XmlElement | undefined, path: string): number | undefined {
  if (!element || element.nil || element.text.trim() === "") return undefined;
  if (!/^\d+$/.test(element.text.trim())) throw faults.invalid(`${path} must be a whole number of at least 0, got "${element.text}"`);
  return Number(element.text.trim());
}

/** The rows of a list answer (XML of each object), after criteria, order and paging. */
export function listObjects(spec: KindSpec, request: XmlElement, context: OperationContext): string {
  const path = context.operation;
  const criteriaElement = childNamed(request, "searchCriteria");
  if (!criteriaElement || criteriaElement.children.length === 0) {
    throw faults.invalid(`${path}/searchCriteria: at least one element under searchCriteria has to be given (one of ${spec.searchCriteria.join(", ")})`);
  }
  const criteria: { field: string; matches: (value: string) => boolean }[] = [];
  for (const child of criteriaElement.children) {
    const field = spec.fields.find((candidate) => candidate.name === child.local);
    if (!spec.searchCriteria.includes(child.local) || !field || !inVersion(field, context.version)) {
      throw faults.invalid(`${path}/searchCriteria/${child.local} is not a search criterion of ${path} in schema ${context.version} (it takes ${spec.searchCriteria.join(", ")})`);
    }
    if (child.children.length > 0) throw faults.invalid(`${path}/searchCriteria/${child.local} must hold a value`);
    criteria.push({ field: child.local, matches: likeMatcher(child.nil ? "" : child.text) });
  }
  const tags = childNamed(request, "returnedTags");
  if (!tags) throw faults.invalid(`${path}/returnedTags is required: name the elements to return (an empty element returns it)`);
  const projection = projectionOf(tags);
  checkProjection(spec.fields, projection, `${path}/returnedTags`);
  const skip = unsignedInteger(childNamed(request, "skip"), `${path}/skip`) ?? 0;
  const first = unsignedInteger(childNamed(request, "first"), `${path}/first`);

  const matched: StoredObject[] = [];
  for (const object of Object.values(context.index.objectsOf(spec.kind))) {
    if (criteria.every((criterion) => criterion.matches(criterionValue(object.fields[criterion.field])))) matched.push(object);
  }
  // A stable order for paging: by the natural key, then uuid (the lab's choice).
  const keyed = matched.map((object) => ({ object, key: displayName(spec, object.fields).toLowerCase() }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.object.uuid < b.object.uuid ? -1 : 1));
  // Reference §3.1: skip is used only when first is given.
  const page = first === undefined ? keyed : keyed.slice(skip, skip + first);
  let bytes = 0;
  const rows: string[] = [];
  for (const { object } of page) {
    const row = renderObject(spec, object, projection, "list", context.index);
    bytes += Buffer.byteLength(row, "utf8");
    rows.push(row);
  }
  const { enabled, maxResponseBytes } = context.state.settings.throttling;
  if (enabled && bytes > maxResponseBytes) {
    const suggested = Math.max(1, Math.floor((rows.length * maxResponseBytes) / bytes));
    throw faults.queryTooLarge(rows.length, suggested);
  }
  return rows.join("");
}
