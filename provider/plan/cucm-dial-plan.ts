// The dial plan ucflow builds on a Unified CM cluster for a customer, as plain data: the
// partitions and route patterns of the customer (one partition per call class), and per site the
// site's partition (its emergency patterns), its device pool and location, the devices' calling
// search space and one line calling search space per class of service. The cluster dial plan and
// site kinds reconcile exactly these objects; nothing here talks to a cluster.
//
// Default route patterns, with outside access code A (default 9):
//
//   class          1 (NANP)                                  44 (UK)
//   emergency      911, A.911 (site partition)               999, 112, A.999, A.112
//   local          A.[2-9]XXXXXX (seven digits)              A.[2-9]XXXXX, A.[2-9]XXXXXX, A.[2-9]XXXXXXX
//   national       A.1[2-9]XX[2-9]XXXXXX, premium blocked    A.0[1-3]XXXXXXXX, A.0[1-3]XXXXXXXXX, A.08XXXXXXXXX
//   mobile         none (mobiles share area codes)           A.07XXXXXXXXX
//   international  A.011!, A.011!#                           A.00!, A.00!#
//   premium        A.1900[2-9]XXXXXX, A.1976[2-9]XXXXXX      A.09XXXXXXXXX
//
// - Unified CM routes a call to the closest match among the partitions of the calling search
//   space, and among equally close matches to the one whose partition comes first. In the NANP a
//   premium-rate number is also a national number, so the national partition blocks the premium
//   prefixes with patterns as specific as the premium ones, and a calling search space that
//   allows premium lists the premium partition before the national one.
// - Digits before the dot (the access code) are discarded on the way to the gateway (PreDot).
// - Other countries, or other patterns: the cluster's `dialPlan.routePatterns` replaces a class's
//   patterns (e.g. 10-digit local dialling in a NANP area that requires it).
//
// Calls in from the PSTN, as Cisco's globalised dial plan has them: every line carries its DID as
// its +E.164 alternate number in the line partition, and the translation patterns of the inbound
// partition globalise the called number the trunk delivers to +E.164, then route it with the
// inbound calling search space (inbound partition, line partition), which finds the line:
//
//   country   delivered                    pattern               discard   prefix   e.g.
//   1         10 digits                    [2-9]XX[2-9]XXXXXX    -         +1       2145550101 -> +12145550101
//   1         1 and 10 digits              1[2-9]XX[2-9]XXXXXX   -         +        12145550101 -> +12145550101
//   44        national significant number  [1-9]XXXXXXXXX        -         +44      2079460123 -> +442079460123
//   44        0 and the NSN                0.[1-9]XXXXXXXXX      PreDot    +44      02079460123 -> +442079460123
//   44        44 and the NSN               44[1-9]XXXXXXXXX      -         +        442079460123 -> +442079460123
//
// A number delivered as +E.164 needs no translation: the line partition has it. Which format a
// carrier delivers is the carrier's (and the trunk's) choice; these cover the usual ones. A UK
// NSN of 9 digits (a few 01 areas) is not covered, nor are other countries' formats.
import { cucmCustomerNames, cucmMark, cucmSiteNames, type CucmCallClass, CUCM_CALL_CLASSES } from "./cucm-names";

/** The customer's dial plan on one cluster, as the definition gives it. */
export interface ClusterDialPlanDefinition {
  readonly customer: string;
  readonly countryCallingCode: string;
  /** @default "9" */
  readonly outsideAccessCode?: string;
  /** The gateway, trunk or route list (on the cluster) outside calls leave through. */
  readonly gateway: string;
  /** Emergency numbers, dialled with and without the access code. @default the country's */
  readonly emergencyNumbers?: readonly string[];
  /** Patterns (without the access code) replacing a class's defaults. */
  readonly routePatterns?: Partial<Readonly<Record<CucmCallClass, readonly string[]>>>;
}

export interface PlannedPartition {
  readonly name: string;
  readonly description: string;
}

export interface PlannedRoutePattern {
  readonly pattern: string;
  readonly partition: string;
  readonly description: string;
  /** Where the call goes: a gateway, trunk or route list by name; absent when the pattern blocks. */
  readonly gateway?: string;
  /** The pattern rejects the call (a premium number dialled as a national one). */
  readonly block: boolean;
  /** Digits before the dot are not sent to the gateway. */
  readonly discardPreDot: boolean;
  readonly emergency: boolean;
}

export interface PlannedCss {
  readonly name: string;
  readonly description: string;
  /** Partitions in search order. */
  readonly members: readonly string[];
}

/** A translation pattern: the called number, digits before the dot discarded, then prefixed, routed again with `css`. */
export interface PlannedTranslationPattern {
  readonly pattern: string;
  readonly partition: string;
  readonly description: string;
  /** The calling search space the translated number is routed with. */
  readonly css: string;
  /** Digits before the dot are discarded (PreDot) before the prefix is added. */
  readonly discardPreDot: boolean;
  readonly prefixDigits: string;
}

export interface PlannedClusterDialPlan {
  /** The line partition, the inbound partition, then one per call class. */
  readonly partitions: readonly PlannedPartition[];
  readonly routePatterns: readonly PlannedRoutePattern[];
  /** The inbound calling search space. */
  readonly css: readonly PlannedCss[];
  /** The inbound translation patterns (none for a country ucflow has no formats of). */
  readonly translationPatterns: readonly PlannedTranslationPattern[];
}

interface ClassPatterns {
  readonly route: readonly string[];
  /** Patterns the class's partition blocks (reached only through another class). */
  readonly block?: readonly string[];
}

const COUNTRY_PATTERNS: Readonly<Record<string, Partial<Record<CucmCallClass, ClassPatterns>>>> = {
  "1": {
    local: { route: ["[2-9]XXXXXX"] },
    national: { route: ["1[2-9]XX[2-9]XXXXXX"], block: ["1900[2-9]XXXXXX", "1976[2-9]XXXXXX"] },
    international: { route: ["011!", "011!#"] },
    premium: { route: ["1900[2-9]XXXXXX", "1976[2-9]XXXXXX"] },
  },
  "44": {
    local: { route: ["[2-9]XXXXX", "[2-9]XXXXXX", "[2-9]XXXXXXX"] },
    national: { route: ["0[1-3]XXXXXXXX", "0[1-3]XXXXXXXXX", "08XXXXXXXXX"] },
    mobile: { route: ["07XXXXXXXXX"] },
    international: { route: ["00!", "00!#"] },
    premium: { route: ["09XXXXXXXXX"] },
  },
};

interface InboundFormat {
  readonly pattern: string;
  readonly prefix: string;
  readonly text: string;
}

/** The called-number formats carriers deliver, by country, and the prefix that makes each +E.164 (a dot: PreDot first). */
const COUNTRY_INBOUND: Readonly<Record<string, readonly InboundFormat[]>> = {
  "1": [
    { pattern: "[2-9]XX[2-9]XXXXXX", prefix: "+1", text: "PSTN in: 10 digits to +E.164" },
    { pattern: "1[2-9]XX[2-9]XXXXXX", prefix: "+", text: "PSTN in: 1 + 10 digits to +E.164" },
  ],
  "44": [
    { pattern: "[1-9]XXXXXXXXX", prefix: "+44", text: "PSTN in: NSN to +E.164" },
    { pattern: "0.[1-9]XXXXXXXXX", prefix: "+44", text: "PSTN in: 0 + NSN to +E.164" },
    { pattern: "44[1-9]XXXXXXXXX", prefix: "+", text: "PSTN in: 44 + NSN to +E.164" },
  ],
};

const COUNTRY_EMERGENCY: Readonly<Record<string, readonly string[]>> = { "1": ["911"], "44": ["999", "112"] };

/** The country's emergency numbers, or undefined when ucflow does not know them. */
export function defaultEmergencyNumbers(countryCallingCode: string): readonly string[] | undefined {
  return COUNTRY_EMERGENCY[countryCallingCode];
}

/** The country's route patterns (without the access code) of each call class ucflow has them for; {} for a country it has none of. */
export function defaultCallClassPatterns(countryCallingCode: string): Partial<Readonly<Record<CucmCallClass, readonly string[]>>> {
  const classes = COUNTRY_PATTERNS[countryCallingCode] ?? {};
  return Object.fromEntries(Object.entries(classes).map(([callClass, patterns]) => [callClass, patterns.route]));
}

/** Why a class has no patterns on the cluster, or undefined when it has some. */
export function missingCallClassPatterns(plan: ClusterDialPlanDefinition, callClass: CucmCallClass): string | undefined {
  if (classPatterns(plan, callClass) !== undefined) return undefined;
  const cc = plan.countryCallingCode;
  if (cc === "1" && callClass === "mobile") {
    return 'in the North American Numbering Plan mobile numbers share area codes with fixed lines, so there is no mobile route pattern; allow "national" instead, or give dialPlan.routePatterns.mobile';
  }
  return `ucflow has no ${callClass} route patterns for country calling code ${cc} (it has them for 1 and 44); give dialPlan.routePatterns.${callClass}`;
}

function classPatterns(plan: ClusterDialPlanDefinition, callClass: CucmCallClass): ClassPatterns | undefined {
  const override = plan.routePatterns?.[callClass];
  if (override !== undefined) return { route: override };
  return COUNTRY_PATTERNS[plan.countryCallingCode]?.[callClass];
}

/** The customer-level objects on the cluster: the line partition and each call class's partition and patterns. */
export function planClusterDialPlan(plan: ClusterDialPlanDefinition): PlannedClusterDialPlan {
  const names = cucmCustomerNames(plan.customer);
  const mark = cucmMark(plan.customer);
  const access = plan.outsideAccessCode ?? "9";
  const partitions: PlannedPartition[] = [
    { name: names.linePartition, description: describe("Directory numbers", mark) },
    { name: names.inboundPartition, description: describe("PSTN in: translations to +E.164", mark) },
  ];
  const routePatterns: PlannedRoutePattern[] = [];
  for (const callClass of CUCM_CALL_CLASSES) {
    const patterns = classPatterns(plan, callClass);
    if (patterns === undefined) continue;
    const partition = names.callClassPartition(callClass);
    partitions.push({ name: partition, description: describe(`${callClass} calls`, mark) });
    for (const digits of patterns.route) {
      routePatterns.push({ pattern: `${access}.${digits}`, partition, description: describe(`${callClass} call`, mark), gateway: plan.gateway, block: false, discardPreDot: true, emergency: false });
    }
    for (const digits of patterns.block ?? []) {
      routePatterns.push({ pattern: `${access}.${digits}`, partition, description: describe(`blocked: not ${callClass}`, mark), block: true, discardPreDot: true, emergency: false });
    }
  }
  const css: PlannedCss[] = [{ name: names.inboundCss, description: describe("PSTN in: the trunk's inbound CSS", mark), members: [names.inboundPartition, names.linePartition] }];
  const translationPatterns = (COUNTRY_INBOUND[plan.countryCallingCode] ?? []).map((format) => ({
    pattern: format.pattern,
    partition: names.inboundPartition,
    description: describe(format.text, mark),
    css: names.inboundCss,
    discardPreDot: format.pattern.includes("."),
    prefixDigits: format.prefix,
  }));
  return { partitions, routePatterns, css, translationPatterns };
}

/** A site on the cluster, as the definition gives it. */
export interface CucmSiteDefinition {
  readonly customer: string;
  readonly site: string;
  readonly dialPlan: ClusterDialPlanDefinition;
  /** The classes of service the site's subscribers use, with the call classes each allows. */
  readonly classesOfService: readonly { readonly name: string; readonly allows: readonly CucmCallClass[] }[];
}

export interface PlannedCucmSite {
  readonly devicePool: string;
  readonly location: string;
  readonly partition: PlannedPartition;
  /** The site's emergency patterns, in its partition. */
  readonly routePatterns: readonly PlannedRoutePattern[];
  readonly deviceCss: PlannedCss;
  /** One line calling search space per class of service, by class of service. */
  readonly lineCss: readonly (PlannedCss & { readonly classOfService: string })[];
}

/**
 * Search order of the call-class partitions in a line calling search space: a class that another
 * class's partition blocks comes before it (premium before national), so the route wins the tie.
 */
const CSS_CLASS_ORDER: readonly CucmCallClass[] = ["premium", "international", "mobile", "national", "local"];

export function planCucmSite(site: CucmSiteDefinition): PlannedCucmSite {
  const customer = cucmCustomerNames(site.customer);
  const names = cucmSiteNames(site.site);
  const mark = cucmMark(site.customer, { site: site.site });
  const access = site.dialPlan.outsideAccessCode ?? "9";
  const emergency = site.dialPlan.emergencyNumbers ?? defaultEmergencyNumbers(site.dialPlan.countryCallingCode) ?? [];
  const routePatterns = emergency.flatMap((number) =>
    [number, `${access}.${number}`].map((pattern) => ({
      pattern,
      partition: names.localPartition,
      description: describe("emergency call", mark),
      gateway: site.dialPlan.gateway,
      block: false,
      discardPreDot: pattern.includes("."),
      emergency: true,
    })),
  );
  const available = new Set(CUCM_CALL_CLASSES.filter((c) => classPatterns(site.dialPlan, c) !== undefined));
  return {
    devicePool: names.devicePool,
    location: names.location,
    partition: { name: names.localPartition, description: describe("site calls", mark) },
    routePatterns,
    deviceCss: { name: names.deviceCss, description: describe("devices: emergency only", mark), members: [names.localPartition] },
    lineCss: site.classesOfService.map((cos) => ({
      classOfService: cos.name,
      name: names.classOfServiceCss(cos.name),
      description: describe(`class of service ${cos.name}`, mark),
      members: [
        customer.linePartition,
        names.localPartition,
        ...CSS_CLASS_ORDER.filter((c) => cos.allows.includes(c) && available.has(c)).map((c) => customer.callClassPartition(c)),
      ],
    })),
  };
}

/**
 * Unified CM keeps at most 50 characters of a partition's, calling search space's or pattern's
 * description; the mark at the end is what recognises ucflow's objects, so the text gives way.
 */
export const CUCM_DESCRIPTION_LIMIT = 50;

export function describe(text: string, mark: string): string {
  const room = CUCM_DESCRIPTION_LIMIT - mark.length - 1;
  return room <= 0 ? mark.slice(0, CUCM_DESCRIPTION_LIMIT) : `${text.slice(0, room)} ${mark}`;
}
