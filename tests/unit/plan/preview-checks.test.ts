// The checks that make a wrong definition fail at preview rather than provision half a site:
// filter rows on attributes the directory lacks, entries that place nobody, SBCs the tenant
// lacks, reserved numbers outside every range, control characters, unknown countries and zones.
import { expect } from "chai";
import { entriesMatchingNobody, unknownAttributeProblems, unknownGatewayProblems, validateNumberInventory } from "../../../provider/plan";
import { Country, isCountryCallingCode, TimeZone } from "../../../provider/resources/codecs";
import { controlCharacterProblems, decodeInputs, strictObject } from "../../../provider/resources/input-validation";
import { NonEmptyString } from "../../../provider/resources/codecs";
import { oversizedConfigMessage } from "../../../scripts/language-host/main";

describe("preview checks", () => {
  it("refuses a filter row on an attribute the directory does not have, suggesting the near one", () => {
    const filters = [{ name: "in-city", rows: [{ attribute: "ctiy", condition: "equals" as const, value: "Chicago" }] }, { name: "ok", rows: [{ attribute: "department", condition: "equals" as const, value: "Sales" }] }];
    expect(unknownAttributeProblems(filters, ["city", "department", "mail"])).to.deep.equal([
      'filters[0].rows[0].attribute (filter in-city): "ctiy" is not an attribute of the directory\'s users (did you mean city?); the attributes are city, department, mail',
    ]);
    expect(unknownAttributeProblems(filters.slice(1), ["department"])).to.deep.equal([]);
  });

  it("names each flow-through entry that places nobody", () => {
    const entries = [{ name: "sales", filter: "sales-in-city" }, { name: "everyone", filter: "in-city" }];
    expect(entriesMatchingNobody(entries, [{ criteria: "everyone" }, { criteria: "pinned" }])).to.deep.equal([
      "flow-through entry sales places nobody: its filter sales-in-city matches no user of the directory that an earlier entry or a pin has not placed; check the filter's values",
    ]);
    expect(entriesMatchingNobody(entries, [{ criteria: "sales" }, { criteria: "everyone" }])).to.deep.equal([]);
  });

  it("refuses a Direct Routing SBC the tenant does not have, ignoring case", () => {
    const classes = [{ name: "Cu1-National", pstnGateways: ["SBC1.contoso.com", "sbc9.contoso.com"] }];
    expect(unknownGatewayProblems(classes, ["sbc1.contoso.com", "sbc2.contoso.com"])).to.deep.equal([
      'classesOfService[0].pstnGateways[1] (class of service Cu1-National): the tenant has no Direct Routing SBC "sbc9.contoso.com"; it has sbc1.contoso.com, sbc2.contoso.com. Correct the FQDN, or pair the SBC with the tenant first (New-CsOnlinePSTNGateway)',
    ]);
  });

  it("refuses a reserved number outside every range, but not one inside", () => {
    const ranges = [{ start: "+13125550100", end: "+13125550149" }];
    expect(validateNumberInventory({ ranges, reserved: ["+13125550101"] })).to.deep.equal([]);
    expect(validateNumberInventory({ ranges, reserved: ["+13125559999"] })).to.deep.equal([
      'reserved[0]: "+13125559999" is in none of the ranges, so reserving it keeps nothing from being handed out; correct the number, or leave it out',
    ]);
  });

  it("finds control characters anywhere in the inputs, by path, allowing line breaks only in a description", () => {
    const inputs = { name: "Chi\u0007cago", address: { street: "1 Main St\u0000" }, description: "two\nlines", rows: [{ value: "a\u009bb" }] };
    expect(controlCharacterProblems(inputs).map((p) => `${p.property}: ${p.reason.slice(0, 37)}`)).to.deep.equal([
      "name: holds the control character U+0007 at",
      "address.street: holds the control character U+0000 at",
      "rows[0].value: holds the control character U+009B at",
    ]);
    const Named = strictObject("Named", { name: NonEmptyString });
    expect(decodeInputs(Named, { name: "Den\u001bver" }).ok).to.equal(false);
    expect(decodeInputs(Named, { name: "Den\u001bver" }, { controlCharacters: "allow" }).ok).to.equal(true);
  });

  it("takes only countries, country calling codes and time zones that exist", () => {
    for (const [codec, good, bad] of [
      [Country, ["US", "GB", "DE", "JP"], ["XX", "ZZ", "us", "USA"]],
      [TimeZone, ["America/Chicago", "Europe/London", "UTC", "Asia/Calcutta"], ["Mars/Olympus_Mons", "Chicago", "America/Chicago\n"]],
    ] as [{ readonly name: string; decode(u: unknown): { readonly _tag: string } }, readonly string[], readonly string[]][]) {
      for (const value of good) expect(codec.decode(value)._tag, `${codec.name} ${value}`).to.equal("Right");
      for (const value of bad) expect(codec.decode(value)._tag, `${codec.name} ${JSON.stringify(value)}`).to.equal("Left");
    }
  });

  it("takes only country calling codes of countries", () => {
    for (const code of ["1", "44", "49", "353"]) expect(isCountryCallingCode(code), code).to.equal(true);
    for (const code of ["999", "0", "+1", "01", "800"]) expect(isCountryCallingCode(code), code).to.equal(false);
  });

  it("says why a stack config too large for the program's environment cannot run, and the fix", () => {
    expect(oversizedConfigMessage("{}", [["p:customer", "{}"]])).to.equal(undefined);
    const big = "x".repeat(140 * 1024);
    const message = oversizedConfigMessage(JSON.stringify({ "p:config:customer": big }), [["p:customer", big], ["ucflow:tenantId", "t"]]);
    expect(message).to.match(/^the stack config is 141 KiB, .* Linux limits to 128 KiB; the largest values are p:customer \(140 KiB\), ucflow:tenantId \(1 KiB\)\. .*pulumi config set customerFile/);
  });
});
