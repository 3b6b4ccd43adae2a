// The names ucflow gives to what it creates on Unified CM, in one place: the planner, the
// customer-level and site kinds and the subscribers' adapter must agree on every one of them.
// The customer and site codes prefix everything (Cu1-..., Cu1Si1-...), as VOSS and HCS dial
// plans name them, so a customer's objects sort together and never collide with another's.

/** Call classes a class of service may allow, each with a partition of route patterns. */
export const CUCM_CALL_CLASSES = ["local", "national", "mobile", "international", "premium"] as const;
export type CucmCallClass = (typeof CUCM_CALL_CLASSES)[number];

/** What the device pools ucflow creates refer to when the cluster's `defaults` give nothing: Unified CM's factory names. */
export const CUCM_SITE_DEFAULTS = {
  callManagerGroup: "Default",
  dateTimeGroup: "CMLocal",
  region: "Default",
  srst: "Disable",
  presenceGroup: "Standard Presence group",
  commonPhoneConfig: "Standard Common Phone Profile",
} as const;
export type CucmSiteDefaultName = keyof typeof CUCM_SITE_DEFAULTS;

/** Names at customer level. */
export function cucmCustomerNames(customer: string) {
  return {
    /** Every directory number (line) of the customer, and the lines' +E.164 alternate numbers (their DIDs). */
    linePartition: `${customer}-DN-PT`,
    /** The translation patterns that globalise the called number of calls in from the PSTN. */
    inboundPartition: `${customer}-Inbound-PT`,
    /**
     * The calling search space of calls in from the PSTN: the operator sets it on the customer's
     * trunk or gateway (ucflow does not manage those), and the translation patterns route with it.
     */
    inboundCss: `${customer}-Inbound-CSS`,
    /** Route patterns of one call class. */
    callClassPartition: (callClass: CucmCallClass) => `${customer}-${capitalize(callClass)}-PT`,
  };
}

/** Names at site level. */
export function cucmSiteNames(site: string) {
  return {
    devicePool: `${site}-DP`,
    location: `${site}-Loc`,
    /** The site's own route patterns: emergency calls, which leave through the site's gateway. */
    localPartition: `${site}-Local-PT`,
    /** The devices' calling search space: the site's emergency calls only (the line's class of service adds the rest). */
    deviceCss: `${site}-Device-CSS`,
    /** The line calling search space of one class of service at this site. */
    classOfServiceCss: (classOfService: string) => `${site}-${classOfService}-CSS`,
  };
}

/** Names of one subscriber's devices. `userid` is the end user's id on the cluster. */
export function cucmSubscriberNames(customer: string, userid: string, subscriberId: string) {
  const compact = userid.toUpperCase().replace(/[^A-Z0-9]/g, "");
  return {
    /**
     * The desk phone: `BAT` and 12 hexadecimal digits (Cisco's Bulk Administration placeholder
     * for a phone whose MAC address is not known yet; auto-registration binds it to the real
     * phone later), derived from the customer and the subscriber's immutable id so it never changes.
     */
    deskPhone: `BAT${hex12(`${customer.toLowerCase()}|${subscriberId.toLowerCase()}`)}`,
    /**
     * Jabber for desktop, within Cisco's 15 characters: `CSF` and the userid when it is at most 12
     * letters and digits (`CSFJSMITH`); otherwise `CSF`, its first 4 letters or digits and 8
     * hexadecimal digits of the userid (`CSFADRI3F0A19C2`), so userids that differ only after
     * their 12th character or in punctuation (`a.bell`, `ab.ell`) get different devices.
     */
    jabber: /^[A-Za-z0-9]{1,12}$/.test(userid) ? `CSF${compact}` : `CSF${compact.slice(0, 4)}${hex12(userid.toLowerCase()).slice(-8)}`,
    /** The extension mobility device profile. */
    deviceProfile: `${userid}-EMP`,
    /** The single number reach remote destination profile. */
    remoteDestinationProfile: `${userid}-RDP`,
  };
}

/** The description mark of what ucflow creates: `[ucflow:Cu1]`, `[ucflow:Cu1/Cu1Si1]`, `[ucflow:Cu1:jdoe]`. */
export function cucmMark(customer: string, scope?: { readonly site?: string; readonly userid?: string }): string {
  if (scope?.site) return `[ucflow:${customer}/${scope.site}]`;
  if (scope?.userid) return `[ucflow:${customer}:${scope.userid}]`;
  return `[ucflow:${customer}]`;
}

/**
 * The customer and userid of a subscriber's mark at the end of a description
 * (`... [ucflow:Cu1:jdoe]`), undefined for any other description.
 */
export function parseCucmSubscriberMark(description: string | undefined): { readonly customer: string; readonly userid: string } | undefined {
  const found = /\[ucflow:([^:/\]]+):([A-Za-z0-9._@-]{1,128})\]$/.exec(description?.trimEnd() ?? "");
  return found ? { customer: found[1]!, userid: found[2]! } : undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** 12 upper-case hexadecimal digits of FNV-1a (64-bit) of `text`: stable on every machine. */
function hex12(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, "utf8")) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).toUpperCase().padStart(16, "0").slice(-12);
}
