// The device products the lab accepts (values of AXL's XProduct enumeration), with what CUCM
// gives a device of that product when add leaves it out: its phone button template and security
// profile, both seeded under these names. Device name rules: hardware phones are SEP + 12 hex
// digits (MAC), or BAT + 12 (a dummy MAC); Jabber devices carry their product's prefix (CSF, TCT, BOT, TAB).

export interface ProductSpec {
  readonly product: string;
  /** Name rule of devices of this product. */
  readonly name: RegExp;
  readonly defaultTemplate: string;
  readonly defaultSecurityProfile: string;
  /** A device profile (extension mobility) can be of this product. */
  readonly deviceProfile: boolean;
}

/** SEP + the MAC address, or BAT + 12 hex digits: Bulk Administration's dummy MAC for a phone not bound to its hardware yet. */
const SEP = /^(SEP|BAT)[0-9A-Fa-f]{12}$/;

function deskPhone(model: string): ProductSpec {
  return { product: `Cisco ${model}`, name: SEP, defaultTemplate: `Standard ${model} SIP`, defaultSecurityProfile: `Cisco ${model} - Standard SIP Non-Secure Profile`, deviceProfile: true };
}

function jabber(product: string, prefix: string, template: string): ProductSpec {
  // Jabber device names: the prefix and up to 12 more upper-case letters or digits (15 in all).
  return { product, name: new RegExp(`^${prefix}[A-Z0-9]{1,12}$`), defaultTemplate: template, defaultSecurityProfile: `${product} - Standard SIP Non-Secure Profile`, deviceProfile: false };
}

export const PRODUCTS: readonly ProductSpec[] = [
  ...["7821", "7841", "7861", "8811", "8841", "8845", "8851", "8861", "8865"].map(deskPhone),
  // CSF names are free-form up to 15 characters (by convention CSF + userid).
  { product: "Cisco Unified Client Services Framework", name: /^[A-Za-z0-9._-]{1,15}$/, defaultTemplate: "Standard Client Services Framework", defaultSecurityProfile: "Cisco Unified Client Services Framework - Standard SIP Non-Secure Profile", deviceProfile: false },
  jabber("Cisco Dual Mode for iPhone", "TCT", "Standard Dual Mode for iPhone"),
  jabber("Cisco Dual Mode for Android", "BOT", "Standard Dual Mode for Android"),
  jabber("Cisco Jabber for Tablet", "TAB", "Standard Jabber for Tablet"),
];

export const PHONE_PRODUCTS: readonly string[] = PRODUCTS.map((product) => product.product);
export const DEVICE_PROFILE_PRODUCTS: readonly string[] = PRODUCTS.filter((product) => product.deviceProfile).map((product) => product.product);

export function productSpec(product: string): ProductSpec | undefined {
  return PRODUCTS.find((candidate) => candidate.product === product);
}

/** "Cisco 8845" -> "Standard 8845 SIP": templates to seed. */
export const PRODUCT_TEMPLATES: readonly string[] = [...new Set(PRODUCTS.map((product) => product.defaultTemplate))];
export const PRODUCT_SECURITY_PROFILES: readonly string[] = PRODUCTS.map((product) => product.defaultSecurityProfile);
