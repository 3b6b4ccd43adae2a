import * as t from "io-ts";
import { boundedArray, CustomerCode, NonEmptyString, ObjectName } from "../codecs";
import { AdoptionInput } from "../adoption";
import { strictObject } from "../input-validation";

export const CallClass = t.keyof({ local: null, national: null, mobile: null, international: null, premium: null });
export type CallClass = t.TypeOf<typeof CallClass>;

/**
 * What users of this class may call. On Teams: one PSTN usage and one voice route per allowed
 * call class, an online voice routing policy listing those usages, and a calling policy, all
 * named `<name>` or `<name>-<class>`. Internal and emergency calls are always allowed.
 */
export const ClassOfServiceInputs = strictObject(
  "ClassOfService",
  {
    customer: CustomerCode,
    name: ObjectName,
    /** E.164 country calling code of the customer's home country, e.g. "1" or "44". */
    countryCallingCode: t.string,
    allows: boundedArray(CallClass, 5, "CallClasses"),
  },
  {
    /** Teams: the Direct Routing SBCs (FQDNs) the voice routes use, in order of preference; required on Teams. */
    pstnGateways: boundedArray(NonEmptyString, 20, "PstnGateways"),
    /** Overrides of the number pattern per call class: regular expressions over E.164 numbers. */
    numberPatterns: t.partial({ local: t.string, national: t.string, mobile: t.string, international: t.string, premium: t.string }),
    allowPrivateCalling: t.boolean,
    allowCallForwardingToPhone: t.boolean,
    /** Usages, voice routes and policies under the class's names that exist and are not ucflow's: refused, or adopted (the customer's `adoption`). @default refused */
    adoption: AdoptionInput,
  },
);
export type ClassOfServiceInputs = t.TypeOf<typeof ClassOfServiceInputs>;

/**
 * A class of service as ucflow records it: its inputs, and after a refresh `drift`, sentences
 * about its Teams objects that the inputs cannot show (a calling policy removed by hand, a voice
 * route moved to another usage). A recorded drift makes the next `up` converge the objects.
 */
export type ClassOfServiceState = ClassOfServiceInputs & {
  readonly drift?: readonly string[];
  /** ucflow adopted some of the class's objects (they existed, not ucflow's). */
  readonly adopted?: boolean;
  /** The objects adopted, as "voice route Cu1-Std-national", "PSTN usage Cu1-Std-national", "voice routing policy Tag:Cu1-Std", "calling policy Tag:Cu1-Std": delete leaves them unless `adoption.onDelete` is remove. */
  readonly adoptedObjects?: readonly string[];
};
