// ucflow's mark on the Teams objects it creates, and the rule for PSTN usages, which have none.
import { expect } from "chai";
import {
  descriptionOwner,
  isMarkedFor,
  markedDescription,
  notOwnedReason,
  ownerMark,
  pstnUsageOwnership,
  unmarkedDescription,
} from "../../../../provider/backends/teams/ownership";

const CU1 = { customer: "Cu1" };
const SITE = { customer: "Cu1", site: "Cu1Si1" };

describe("Teams ownership marks", () => {
  it("ends a Description with the customer's (or site's) mark, after the user's text", () => {
    expect(ownerMark(CU1)).to.equal("[ucflow:Cu1]");
    expect(ownerMark(SITE)).to.equal("[ucflow:Cu1/Cu1Si1]");
    expect(markedDescription("Chicago site dial plan", CU1)).to.equal("Chicago site dial plan [ucflow:Cu1]");
    expect(markedDescription(undefined, CU1)).to.equal("[ucflow:Cu1]");
    expect(markedDescription("", CU1)).to.equal("[ucflow:Cu1]");
    expect(markedDescription("Cu1Si1 Chicago", SITE)).to.equal("Cu1Si1 Chicago [ucflow:Cu1/Cu1Si1]");
  });

  it("marks once: a text that already carries a mark gets the new one instead", () => {
    expect(markedDescription("Chicago [ucflow:Cu2]", CU1)).to.equal("Chicago [ucflow:Cu1]");
  });

  it("reads the mark back, and the text without it", () => {
    expect(descriptionOwner("Chicago [ucflow:Cu1]")).to.deep.equal(CU1);
    expect(descriptionOwner("[ucflow:Cu1/Cu1Si1]  ")).to.deep.equal(SITE);
    expect(descriptionOwner("Chicago")).to.equal(undefined);
    expect(descriptionOwner("[ucflow:Cu1] Chicago")).to.equal(undefined);
    expect(descriptionOwner("Chicago[ucflow:Cu1]")).to.equal(undefined);
    expect(descriptionOwner(null)).to.equal(undefined);
    expect(unmarkedDescription("Chicago [ucflow:Cu1]")).to.equal("Chicago");
    expect(unmarkedDescription("[ucflow:Cu1]")).to.equal("");
    expect(unmarkedDescription("Chicago")).to.equal("Chicago");
    expect(unmarkedDescription(undefined)).to.equal("");
  });

  it("is the customer's only for the same customer and site, compared exactly", () => {
    expect(isMarkedFor("x [ucflow:Cu1]", CU1)).to.equal(true);
    expect(isMarkedFor("x [ucflow:cu1]", CU1)).to.equal(false);
    expect(isMarkedFor("x [ucflow:Cu1/Cu1Si1]", CU1)).to.equal(false);
    expect(isMarkedFor("x [ucflow:Cu1]", SITE)).to.equal(false);
    expect(isMarkedFor("x [ucflow:Cu1/Cu1Si2]", SITE)).to.equal(false);
    expect(notOwnedReason("x [ucflow:Cu1]", CU1)).to.equal(undefined);
    expect(notOwnedReason("x", CU1)).to.equal("its Description does not end in [ucflow:Cu1]");
    expect(notOwnedReason("x [ucflow:Cu2]", CU1)).to.equal("it is marked [ucflow:Cu2], not [ucflow:Cu1]");
  });

  it("takes a PSTN usage as the customer's when everything that lists it is, or nothing does", () => {
    const ours = { what: "voice route Cu1-Std-national", description: "r [ucflow:Cu1]", usages: ["Cu1-Std-national"] };
    const foreign = { what: "voice route Legacy", usages: ["US-Local", "CU1-STD-NATIONAL"] };
    const otherCustomer = { what: "voice routing policy Tag:X", description: "[ucflow:Cu2]", usages: ["Cu1-Std-national"] };
    expect(pstnUsageOwnership("Cu1-Std-national", [], CU1)).to.deep.equal([]);
    expect(pstnUsageOwnership("Cu1-Std-national", [ours], CU1)).to.deep.equal([]);
    expect(pstnUsageOwnership("Cu1-Std-national", [ours, foreign, otherCustomer], CU1)).to.deep.equal([foreign, otherCustomer]);
    expect(pstnUsageOwnership("Cu1-Std-international", [ours, foreign], CU1)).to.deep.equal([]);
  });
});
