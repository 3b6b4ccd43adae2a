// Which numbers each call class reaches: the NumberPattern of the class's voice route, a regular
// expression over the E.164 number Teams routes (after the dial plan normalized it). Pure.
//
// Defaults, by country calling code <cc>:
//
//   class          +1 (NANP)                          +44 (UK)                    any other <cc>
//   local          none: give numberPatterns.local    none                        none
//   national       ^\+1(?!900|976)[2-9]\d{9}$         ^\+44(?![79])\d{9,10}$      ^\+<cc>\d+$
//   mobile         none (see below)                   ^\+447\d{9}$                none
//   international  ^\+(?!1)\d+$                       ^\+(?!44)\d+$               ^\+(?!<cc>)\d+$
//   premium        ^\+1(900|976)\d{7}$                ^\+449\d{9}$                none
//
// - A local calling area cannot be derived from a country code, so "local" always needs
//   numberPatterns.local (e.g. ^\+1312\d{7}$ for Chicago).
// - Teams tries the policy's usages in order and routes the call over the first route that
//   matches, so an allowed class must not match the numbers of a class that is not allowed:
//   national excludes premium-rate numbers (and, in the UK, mobiles, which are a class of their
//   own), and international excludes the home country (E.164 country codes are prefix-free, so
//   the lookahead is exact; for +1 it excludes every NANP country, which count as national).
// - In the NANP mobile numbers share area codes with fixed lines: there is no truthful mobile
//   pattern, so "mobile" for +1 needs numberPatterns.mobile (or allow "national" instead).
// - For calling codes without an entry, national matches every number of the country,
//   premium-rate included; give numberPatterns.national to leave those out.
// Country codes and these patterns use only syntax .NET and JavaScript read alike.
import type { CallClass, ClassOfServiceInputs } from "./types";

/** The call classes in the order their usages are listed and their routes are prioritised. */
export const CALL_CLASSES: readonly CallClass[] = ["local", "national", "mobile", "international", "premium"];

const COUNTRY_DEFAULTS: Readonly<Record<string, Partial<Record<CallClass, string>>>> = {
  "1": { national: "^\\+1(?!900|976)[2-9]\\d{9}$", premium: "^\\+1(900|976)\\d{7}$" },
  "44": { national: "^\\+44(?![79])\\d{9,10}$", mobile: "^\\+447\\d{9}$", premium: "^\\+449\\d{9}$" },
};

export type DefaultPattern = { readonly pattern: string } | { readonly none: string };

/** The default NumberPattern of a class for a country calling code, or why there is none. */
export function defaultNumberPattern(countryCallingCode: string, callClass: CallClass): DefaultPattern {
  const cc = countryCallingCode;
  const known = COUNTRY_DEFAULTS[cc]?.[callClass];
  if (known !== undefined) return { pattern: known };
  switch (callClass) {
    case "national":
      return { pattern: `^\\+${cc}\\d+$` };
    case "international":
      return { pattern: `^\\+(?!${cc})\\d+$` };
    case "local":
      return { none: 'a local calling area cannot be derived from a country calling code; give numberPatterns.local, e.g. ^\\+1312\\d{7}$ for Chicago' };
    case "mobile":
      if (cc === "1") {
        return { none: 'in the North American Numbering Plan (+1) mobile numbers share area codes with fixed lines, so there is no default mobile pattern; allow "national" instead, or give numberPatterns.mobile' };
      }
      return { none: `ucflow has no default mobile pattern for +${cc} (it has one for +44); give numberPatterns.mobile` };
    case "premium":
      return { none: `ucflow has no default premium-rate pattern for +${cc} (it has them for +1 and +44); give numberPatterns.premium` };
  }
}

/** The NumberPattern of a class: the override, else the default; undefined when there is neither. */
export function numberPatternFor(inputs: { readonly countryCallingCode: string } & Pick<ClassOfServiceInputs, "numberPatterns">, callClass: CallClass): string | undefined {
  const override = inputs.numberPatterns?.[callClass];
  if (override !== undefined) return override;
  const fallback = defaultNumberPattern(inputs.countryCallingCode, callClass);
  return "pattern" in fallback ? fallback.pattern : undefined;
}
