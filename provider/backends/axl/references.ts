// Credential policies of end users: reference objects a customer definition names and ucflow
// never changes, read (get, list) so a preview can refuse a name the cluster lacks. (Route
// lists, SIP trunks and gateways are in dial-plan.ts, SRST references in sites.ts.)
import { type CodecOf } from "./codec";
import { byNameOrUuid, type Identified, type NameOrUuid, referenceOperations } from "./operations";

export interface CredentialPolicyRecord extends Identified {
  readonly name: string;
}

const credentialPolicyCodec: CodecOf<CredentialPolicyRecord> = { uuid: "text", name: "text" };

const credentialPolicies = referenceOperations<NameOrUuid, CredentialPolicyRecord, { readonly name?: string }>({
  object: "CredentialPolicy",
  noun: "credential policy",
  plural: "credential policies",
  codec: credentialPolicyCodec,
  key: byNameOrUuid,
});
export const getCredentialPolicy = credentialPolicies.get;
export const listCredentialPolicies = credentialPolicies.list;
