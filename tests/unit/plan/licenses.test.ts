import { expect } from "chai";
import { checkLicenseCapacity, SubscribedSku } from "../../../provider/plan";

const skus: SubscribedSku[] = [
  { skuPartNumber: "MCOEV", skuId: "e43b5b99-8dfb-405f-9987-dc307f34bcbd", enabled: 10, consumed: 8 },
  { skuPartNumber: "SPE_E5", skuId: "06ebc4ee-1bb5-47dd-8120-11324bc54e06", enabled: 100, consumed: 40 },
  { skuPartNumber: "MCOPSTN1", skuId: "0dab259f-bf13-4952-b7f8-7db8f131b28d", enabled: 5, consumed: 7 },
];

describe("plan/licenses checkLicenseCapacity", () => {
  it("counts a unit for each user that needs a SKU it does not hold, by part number or skuId", () => {
    const report = checkLicenseCapacity(skus, [
      { userId: "a", needs: ["MCOEV", "spe_e5"], holds: ["06EBC4EE-1BB5-47DD-8120-11324BC54E06"] },
      { userId: "b", needs: ["e43b5b99-8dfb-405f-9987-dc307f34bcbd", "MCOEV"], holds: [] },
    ]);
    expect(report).to.deep.equal({
      skus: [
        { skuPartNumber: "MCOEV", skuId: "e43b5b99-8dfb-405f-9987-dc307f34bcbd", enabled: 10, consumed: 8, free: 2, needed: 2, shortfall: 0 },
        { skuPartNumber: "SPE_E5", skuId: "06ebc4ee-1bb5-47dd-8120-11324bc54e06", enabled: 100, consumed: 40, free: 60, needed: 0, shortfall: 0 },
      ],
      problems: [],
    });
  });

  it("names the SKU, the units needed and the units free when short", () => {
    const plan = ["a", "b", "c"].map((userId) => ({ userId, needs: ["MCOEV", "MCOPSTN1"], holds: [] }));
    expect(checkLicenseCapacity(skus, plan).problems).to.deep.equal([
      "not enough MCOEV licenses: 3 users need a new unit but only 2 are free (10 enabled, 8 consumed); add at least 1 unit to the subscription or give fewer users MCOEV",
      "not enough MCOPSTN1 licenses: 3 users need a new unit but only 0 are free (5 enabled, 7 consumed); add at least 3 units to the subscription or give fewer users MCOPSTN1",
    ]);
  });

  it("reports SKUs the tenant does not subscribe to, once per SKU, and invalid inputs", () => {
    const report = checkLicenseCapacity([...skus, { skuPartNumber: "X", skuId: "x", enabled: -1, consumed: 1.5 }], [
      { userId: "a", needs: ["MCOEVV"], holds: [] },
      { userId: "b", needs: ["MCOEVV"], holds: [] },
      { userId: "b", needs: [], holds: [] },
    ]);
    expect(report.problems).to.deep.equal([
      "skus[3].enabled: must be a whole number of units, 0 or more; got -1",
      "skus[3].consumed: must be a whole number of units, 0 or more; got 1.5",
      'plan: user "b" is listed more than once; list each user once with all the SKUs it needs',
      'SKU "MCOEVV" is needed by 2 users but the tenant does not subscribe to it; the subscribed SKUs are MCOEV, MCOPSTN1, SPE_E5, X',
    ]);
  });
});
