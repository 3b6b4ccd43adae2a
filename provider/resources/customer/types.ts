import * as t from "io-ts";
import { CustomerCode, Guid, NonEmptyString } from "../codecs";
import { strictObject } from "../input-validation";

/** A customer: on Microsoft Teams, one tenant. Its code prefixes every name ucflow creates for it. */
export const CustomerInputs = strictObject(
  "Customer",
  { code: CustomerCode, name: NonEmptyString, tenantId: Guid },
  { description: t.string },
);
export type CustomerInputs = t.TypeOf<typeof CustomerInputs>;

/** A customer as ucflow records it: its inputs and the tenant's display name as Entra ID has it. */
export type CustomerState = CustomerInputs & {
  /** The tenant's display name, read from Microsoft Graph (`GET /organization`). */
  readonly tenantDisplayName: string;
};
