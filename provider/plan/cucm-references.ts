// References from a customer definition to objects that only a Unified CM cluster can resolve:
// the dial plan's gateway, the voicemail profile, the site defaults of the device pools, and the
// profiles' phone button templates, security and SIP profiles, service profiles and the
// extension mobility service. Each must exist on the cluster, so a typo fails the preview
// instead of the first add. Pure: the cluster's names come in as a catalog (readCucmCluster).
// Unified CM compares these names ignoring case, and so does this check.
import { CUCM_SITE_DEFAULTS, type CucmSiteDefaultName } from "./cucm-names";
import { listNames, show } from "./messages";

/** The names on one cluster a definition may refer to, per kind of object. */
export interface ClusterCatalog {
  readonly routeLists: readonly string[];
  readonly sipTrunks: readonly string[];
  readonly gateways: readonly string[];
  readonly voicemailProfiles: readonly string[];
  readonly phoneButtonTemplates: readonly string[];
  readonly phoneSecurityProfiles: readonly string[];
  readonly sipProfiles: readonly string[];
  readonly serviceProfiles: readonly string[];
  readonly ipPhoneServices: readonly string[];
  readonly callManagerGroups: readonly string[];
  readonly dateTimeGroups: readonly string[];
  readonly regions: readonly string[];
  readonly srsts: readonly string[];
  readonly presenceGroups: readonly string[];
  readonly commonPhoneConfigs: readonly string[];
  /** Access control groups (AXL listUserGroup), which roles name. */
  readonly userGroups: readonly string[];
  /** What adoption under the estate's names (existingDialPlan, cucm.existing) names; absent: not checked. */
  readonly routePartitions?: readonly string[];
  readonly callingSearchSpaces?: readonly string[];
  readonly devicePools?: readonly string[];
  readonly locations?: readonly string[];
}

/** The extension mobility IP phone service, by its name on a cluster as installed. */
export const EXTENSION_MOBILITY_SERVICE = "Extension Mobility";
/** The SIP profile a desk phone gets when its template names none. */
export const DEFAULT_SIP_PROFILE = "Standard SIP Profile";

/** The security profile a phone gets when its template names none: the product's standard non-secure one. */
export function defaultSecurityProfile(product: string, protocol: "SIP" | "SCCP"): string {
  return `${product} - Standard ${protocol} Non-Secure Profile`;
}

/** The parts of a definition that name objects on clusters. */
export interface CucmReferencingDefinition {
  readonly clusters?: readonly {
    readonly name: string;
    readonly dialPlan: { readonly gateway: string };
    readonly voicemail?: { readonly profile: string };
    readonly defaults?: Partial<Readonly<Record<CucmSiteDefaultName, string>>>;
    readonly existingDialPlan?: { readonly linePartition: string };
  }[];
  readonly sites: readonly {
    readonly code: string;
    readonly cucm?: { readonly cluster: string; readonly existing?: { readonly devicePool: string; readonly location: string; readonly deviceCss: string; readonly lineCss: Readonly<Record<string, string>> } };
  }[];
  readonly profiles: readonly {
    readonly name: string;
    readonly extensionMobility?: boolean;
    readonly quickAddGroup: {
      readonly phone?: { readonly product: string; readonly protocol: "SIP" | "SCCP"; readonly buttonTemplate: string; readonly securityProfile?: string; readonly sipProfile?: string };
      readonly serviceProfile?: string;
    };
  }[];
}

const DEFAULT_LISTS: Readonly<Record<CucmSiteDefaultName, keyof ClusterCatalog>> = {
  callManagerGroup: "callManagerGroups",
  dateTimeGroup: "dateTimeGroups",
  region: "regions",
  srst: "srsts",
  presenceGroup: "presenceGroups",
  commonPhoneConfig: "commonPhoneConfigs",
};

/**
 * Every name the definition gives that a cluster its sites use lacks, one sentence each, starting
 * with its path in the definition (and the profile or site it is in: `profiles[0].quickAddGroup.
 * phone.buttonTemplate (profile Voice): ...`). A cluster without a catalog (not read) is not checked.
 */
export function checkCucmReferences(definition: CucmReferencingDefinition, catalogs: Readonly<Record<string, ClusterCatalog | undefined>>): string[] {
  const problems: string[] = [];
  const used = new Set(definition.sites.flatMap((s) => (s.cucm ? [s.cucm.cluster] : [])));
  (definition.clusters ?? []).forEach((cluster, i) => {
    const catalog = catalogs[cluster.name];
    if (catalog === undefined || !used.has(cluster.name)) return;
    const at = `clusters[${i}]`;
    // Every model the cluster knows has its standard security profiles ("<product> - Standard SIP Non-Secure Profile").
    const products = [...new Set(catalog.phoneSecurityProfiles.flatMap((name) => /^(.+?) - Standard (SIP|SCCP) /.exec(name)?.[1] ?? []))];
    const missing = (path: string, name: string, lists: readonly (keyof ClusterCatalog)[], noun: string, fix: string) => {
      if (lists.some((list) => has(catalog[list] ?? [], name))) return;
      const known = lists.flatMap((list) => catalog[list] ?? []);
      problems.push(`${path}: cluster ${cluster.name} has no ${noun} ${show(name)}${known.length > 0 ? `; it has ${listNames(known)}` : ""}; ${fix}`);
    };
    missing(`${at}.dialPlan.gateway`, cluster.dialPlan.gateway, ["routeLists", "sipTrunks", "gateways"], "route list, SIP trunk or gateway", "name the one outside calls leave through");
    if (cluster.voicemail) missing(`${at}.voicemail.profile`, cluster.voicemail.profile, ["voicemailProfiles"], "voicemail profile", "name the profile whose pilot reaches Unity Connection");
    for (const [field, list] of Object.entries(DEFAULT_LISTS) as [CucmSiteDefaultName, keyof ClusterCatalog][]) {
      const given = cluster.defaults?.[field];
      missing(`${at}.defaults.${field}`, given ?? CUCM_SITE_DEFAULTS[field], [list], nounOf(field), given === undefined ? `it is the default; set defaults.${field} to one the cluster has` : "name one the cluster has");
    }
    const existing = (path: string, name: string, list: "routePartitions" | "callingSearchSpaces" | "devicePools" | "locations", noun: string) => {
      if (catalog[list] !== undefined) missing(path, name, [list], noun, "name the one the estate has (adoption takes the cluster's objects as they are named)");
    };
    if (cluster.existingDialPlan) existing(`${at}.existingDialPlan.linePartition`, cluster.existingDialPlan.linePartition, "routePartitions", "route partition");
    definition.sites.forEach((site, s) => {
      const named = site.cucm?.cluster === cluster.name ? site.cucm.existing : undefined;
      if (named === undefined) return;
      const where = `sites[${s}].cucm.existing`;
      const of = `(site ${site.code})`;
      existing(`${where}.devicePool ${of}`, named.devicePool, "devicePools", "device pool");
      existing(`${where}.location ${of}`, named.location, "locations", "location");
      existing(`${where}.deviceCss ${of}`, named.deviceCss, "callingSearchSpaces", "calling search space");
      for (const [cos, css] of Object.entries(named.lineCss)) existing(`${where}.lineCss.${cos} ${of}`, css, "callingSearchSpaces", "calling search space");
    });
    definition.profiles.forEach((profile, p) => {
      const where = `profiles[${p}]`;
      const of = `(profile ${profile.name})`;
      const phone = profile.quickAddGroup.phone;
      if (phone) {
        missing(`${where}.quickAddGroup.phone.buttonTemplate ${of}`, phone.buttonTemplate, ["phoneButtonTemplates"], "phone button template", "name one the cluster has for the product");
        const security = phone.securityProfile ?? defaultSecurityProfile(phone.product, phone.protocol);
        if (phone.securityProfile === undefined && products.length > 0 && !has(products, phone.product)) {
          problems.push(
            `${where}.quickAddGroup.phone.product ${of}: cluster ${cluster.name} has no phone model ${show(phone.product)} (no phone security profile ${show(security)}); ` +
              `it has ${listNames(products)}; name the model as Unified CM does (e.g. "Cisco 8845"), or give securityProfile if the model's profiles have other names`,
          );
        } else missing(`${where}.quickAddGroup.phone.securityProfile ${of}`, security, ["phoneSecurityProfiles"], "phone security profile", phone.securityProfile === undefined ? "it is the product's default; give securityProfile" : "name one the cluster has");
        if (phone.protocol === "SIP") {
          missing(`${where}.quickAddGroup.phone.sipProfile ${of}`, phone.sipProfile ?? DEFAULT_SIP_PROFILE, ["sipProfiles"], "SIP profile", phone.sipProfile === undefined ? "it is the default; give sipProfile" : "name one the cluster has");
        }
      }
      if (profile.quickAddGroup.serviceProfile !== undefined) {
        missing(`${where}.quickAddGroup.serviceProfile ${of}`, profile.quickAddGroup.serviceProfile, ["serviceProfiles"], "service profile", "name one the cluster has");
      }
      if (profile.extensionMobility && phone) {
        missing(`${where}.extensionMobility ${of}`, EXTENSION_MOBILITY_SERVICE, ["ipPhoneServices"], "IP phone service", "activate Extension Mobility on the cluster (Cisco Extension Mobility service and its IP phone service)");
      }
    });
  });
  return problems;
}

/**
 * Adoption under the estate's names, as a whole: a cluster whose dial plan is its own
 * (existingDialPlan) has none of ucflow's partitions, so each of the customer's sites on it names
 * its own calling search spaces (cucm.existing), and names to adopt need adoption to adopt.
 */
export function checkCucmExistingNames(definition: {
  readonly customer: { readonly adoption?: { readonly existing?: string } };
  readonly clusters?: readonly { readonly name: string; readonly existingDialPlan?: object }[];
  readonly sites: readonly { readonly code: string; readonly cucm?: { readonly cluster: string; readonly existing?: object }; readonly adoption?: { readonly existing?: string } }[];
}): string[] {
  const problems: string[] = [];
  (definition.clusters ?? []).forEach((cluster, i) => {
    if (cluster.existingDialPlan === undefined) return;
    if (definition.customer.adoption?.existing !== "adopt") {
      problems.push(`clusters[${i}].existingDialPlan: names the customer's dial plan on cluster ${cluster.name} for ucflow to adopt, but customer.adoption does not adopt: give customer.adoption: {existing: adopt}`);
    }
    definition.sites.forEach((site, s) => {
      if (site.cucm?.cluster === cluster.name && site.cucm.existing === undefined) {
        problems.push(`sites[${s}] (site ${site.code}): cluster ${cluster.name} keeps its own dial plan (existingDialPlan), which has none of ucflow's partitions; name the site's own objects in cucm.existing (devicePool, location, deviceCss, lineCss)`);
      }
    });
  });
  definition.sites.forEach((site, s) => {
    if (site.cucm?.existing !== undefined && site.adoption?.existing !== "adopt") {
      problems.push(`sites[${s}].cucm.existing (site ${site.code}): names the site's objects for ucflow to adopt, but the site's adoption does not adopt: give the site adoption: {existing: adopt}`);
    }
  });
  return problems;
}

function has(names: readonly string[], name: string): boolean {
  const wanted = name.toLowerCase();
  return names.some((n) => n.toLowerCase() === wanted);
}

function nounOf(field: CucmSiteDefaultName): string {
  return { callManagerGroup: "Unified CM group", dateTimeGroup: "date/time group", region: "region", srst: "SRST reference", presenceGroup: "presence group", commonPhoneConfig: "common phone profile" }[field];
}
