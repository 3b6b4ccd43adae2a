// Reference objects a customer definition names on a cluster and ucflow never changes: the
// route lists, SIP trunks and gateways route patterns send calls to, SRST references of device
// pools, and credential policies of end users. Read (get, list) so a preview can refuse a name
// the cluster lacks.
import { type CodecOf } from "./codec";
import { byNameOrUuid, type Identified, type NameOrUuid, referenceOperations } from "./operations";
import { axlUuid } from "./values";

export interface SrstRecord extends Identified {
  readonly name: string;
  readonly ipAddress?: string;
}

export interface RouteListRecord extends Identified {
  readonly name: string;
  readonly description?: string;
}

export interface SipTrunkRecord extends Identified {
  readonly name: string;
  readonly description?: string;
}

/** A gateway, known by its domain name (an H.323 gateway's address, an MGCP gateway's host name). */
export interface GatewayRecord extends Identified {
  readonly domainName: string;
  readonly description?: string;
  readonly product?: string;
  readonly protocol?: string;
}

export interface CredentialPolicyRecord extends Identified {
  readonly name: string;
}

const srstCodec: CodecOf<SrstRecord> = { uuid: "text", name: "text", ipAddress: "text" };
const describedCodec: CodecOf<RouteListRecord> = { uuid: "text", name: "text", description: "text" };
const gatewayCodec: CodecOf<GatewayRecord> = { uuid: "text", domainName: "text", description: "text", product: "text", protocol: "text" };
const credentialPolicyCodec: CodecOf<CredentialPolicyRecord> = { uuid: "text", name: "text" };

const srsts = referenceOperations<NameOrUuid, SrstRecord, { readonly name?: string; readonly ipAddress?: string }>({ object: "Srst", noun: "SRST reference", plural: "SRST references", codec: srstCodec, key: byNameOrUuid });
export const getSrst = srsts.get;
export const listSrsts = srsts.list;

const routeLists = referenceOperations<NameOrUuid, RouteListRecord, { readonly name?: string; readonly description?: string }>({ object: "RouteList", noun: "route list", plural: "route lists", codec: describedCodec, key: byNameOrUuid });
export const getRouteList = routeLists.get;
export const listRouteLists = routeLists.list;

const sipTrunks = referenceOperations<NameOrUuid, SipTrunkRecord, { readonly name?: string; readonly description?: string }>({ object: "SipTrunk", noun: "SIP trunk", plural: "SIP trunks", codec: describedCodec, key: byNameOrUuid });
export const getSipTrunk = sipTrunks.get;
export const listSipTrunks = sipTrunks.list;

/** A gateway by its domain name or uuid. */
export type GatewayKey = { readonly domainName: string; readonly uuid?: never } | { readonly uuid: string; readonly domainName?: never };

const gateways = referenceOperations<GatewayKey, GatewayRecord, { readonly domainName?: string; readonly description?: string; readonly product?: string; readonly protocol?: string }>({
  object: "Gateway",
  noun: "gateway",
  plural: "gateways",
  codec: gatewayCodec,
  key: (key) => (key.uuid !== undefined ? { args: { uuid: axlUuid(key.uuid) }, label: axlUuid(key.uuid) } : { args: { domainName: key.domainName }, label: key.domainName }),
});
export const getGateway = gateways.get;
export const listGateways = gateways.list;

const credentialPolicies = referenceOperations<NameOrUuid, CredentialPolicyRecord, { readonly name?: string }>({
  object: "CredentialPolicy",
  noun: "credential policy",
  plural: "credential policies",
  codec: credentialPolicyCodec,
  key: byNameOrUuid,
});
export const getCredentialPolicy = credentialPolicies.get;
export const listCredentialPolicies = credentialPolicies.list;
