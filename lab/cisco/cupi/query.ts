// CUPI's search syntax: `query=(column is value)`, `(column startswith value)`, and
// `(column isnull)` / `(column isnotnull)`; one condition per query, on an indexed column
// ("Cisco Unity Connection Provisioning Interface (CUPI) API -- Searching and Sorting").
// Columns are case-insensitive; so are text comparisons (the lab's choice: Connection's
// database collation is not documented).

export interface UserQuery {
  /** Lower case. */
  readonly column: string;
  readonly operator: "is" | "startswith" | "isnull" | "isnotnull";
  readonly value: string;
}

export function parseUserQuery(text: string): UserQuery | { readonly problem: string } {
  const match = /^\(\s*([A-Za-z]+)\s+(is|startswith)\s+(.*?)\s*\)$/i.exec(text) ?? /^\(\s*([A-Za-z]+)\s+(isnull|isnotnull)\s*\)$/i.exec(text);
  if (!match) {
    return { problem: `query must be (column is value), (column startswith value), (column isnull) or (column isnotnull), e.g. (alias is jdoe); got ${JSON.stringify(text)}.` };
  }
  const operator = (match[2] as string).toLowerCase() as UserQuery["operator"];
  const value = match[3] ?? "";
  if ((operator === "is" || operator === "startswith") && value === "") return { problem: `query ${JSON.stringify(text)} has no value after ${operator}.` };
  return { column: (match[1] as string).toLowerCase(), operator, value };
}

export function queryMatches(query: UserQuery, actual: string | undefined): boolean {
  const present = actual !== undefined && actual !== "";
  switch (query.operator) {
    case "isnull":
      return !present;
    case "isnotnull":
      return present;
    case "is":
      return present && actual.toLowerCase() === query.value.toLowerCase();
    case "startswith":
      return present && actual.toLowerCase().startsWith(query.value.toLowerCase());
  }
}
