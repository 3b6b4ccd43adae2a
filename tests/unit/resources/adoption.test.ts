import { expect } from "chai";
import { isRight } from "fp-ts/Either";
import { AdoptionInput, adoptionPolicy, creationDecision, NO_ADOPTION, removalDecision } from "../../../provider/resources/adoption";

describe("adoption", () => {
  const adopt = adoptionPolicy({ existing: "adopt" });

  it("is off unless asked for: an existing object that is not ucflow's is refused", () => {
    expect(adoptionPolicy(undefined)).to.deep.equal(NO_ADOPTION);
    expect(creationDecision({ found: true, ours: false }, NO_ADOPTION)).to.deep.equal({ action: "refuse" });
  });

  it("creates what is missing and takes back what carries ucflow's mark, in either mode", () => {
    for (const policy of [NO_ADOPTION, adopt]) {
      expect(creationDecision({ found: false }, policy)).to.deep.equal({ action: "create" });
      expect(creationDecision({ found: true, ours: true }, policy)).to.deep.equal({ action: "take-own" });
    }
  });

  it("adopts an existing object when asked, and retains it on delete unless told to remove it", () => {
    expect(creationDecision({ found: true, ours: false }, adopt)).to.deep.equal({ action: "adopt" });
    expect(removalDecision({ adopted: true }, adopt)).to.equal("retain");
    expect(removalDecision({ adopted: true }, adoptionPolicy({ existing: "adopt", onDelete: "remove" }))).to.equal("remove");
    expect(removalDecision({}, adopt)).to.equal("remove");
  });

  it("rejects an unknown mode, naming the allowed ones", () => {
    const result = AdoptionInput.decode({ existing: "overbuild" });
    expect(isRight(result)).to.equal(false);
    expect(isRight(AdoptionInput.decode({ exist: "adopt" }))).to.equal(false);
  });
});
