import { expect } from "chai";
import { createEmergencyLocation, deleteEmergencyLocation, listEmergencyLocations } from "../../../../provider/backends/teams/emergency-locations";
import { grantPolicy } from "../../../../provider/backends/teams/policy-grants";
import { addPstnUsages, getPstnUsages, removePstnUsages } from "../../../../provider/backends/teams/pstn-usages";
import { type EmergencyAddress } from "../../../../provider/backends/teams/types";
import { type ConfigurationError } from "../../../../provider/core/errors";
import { rejectionOf, socketFailure } from "../replay";
import { TEAMS, teamsFixture } from "./fixture";

const USAGES_URL = `${TEAMS}/Skype.Policy/configurations/OnlinePstnUsages`;
const usages = (...names: string[]) => ({ status: 200, body: [{ Identity: "Global", Usage: names }] });

const address: EmergencyAddress = {
  Description: "Cu1 Zurich HQ",
  CompanyName: "Customer 1",
  HouseNumber: "5",
  StreetName: "Bahnhofstrasse",
  City: "Zurich",
  PostalCode: "8001",
  CountryOrRegion: "CH",
};

describe("teams tenant objects", () => {
  describe("PSTN usages", () => {
    it("reads the Global usage list", async () => {
      const { teams, transport } = teamsFixture();
      transport.reply(usages("Local", "National"));
      expect(await getPstnUsages(teams)).to.deep.equal(["Local", "National"]);
    });

    it("adds missing names at the end with one PUT of the whole list", async () => {
      const { teams, transport } = teamsFixture();
      transport.reply(usages("Local"), { status: 204 });
      expect(await addPstnUsages(teams, ["Cu1-National", "Local", "Cu1-National"])).to.deep.equal(["Local", "Cu1-National"]);
      expect(transport.requests.map((r) => [r.method, r.url, r.body])).to.deep.equal([
        ["GET", USAGES_URL, undefined],
        ["PUT", `${USAGES_URL}/configuration/Global`, { Usage: ["Local", "Cu1-National"] }],
      ]);
    });

    it("writes nothing when nothing changes", async () => {
      const { teams, transport } = teamsFixture();
      transport.reply(usages("Local"), usages("Local"));
      await addPstnUsages(teams, ["Local"]);
      await removePstnUsages(teams, ["Cu9-Absent"]);
      expect(transport.requests.map((r) => r.method)).to.deep.equal(["GET", "GET"]);
    });

    it("serialises concurrent edits so neither is lost", async () => {
      const { teams, transport } = teamsFixture();
      transport.reply(usages("Local"), { status: 204 }, usages("Local", "A"), { status: 204 });
      const [a, b] = await Promise.all([addPstnUsages(teams, ["A"]), addPstnUsages(teams, ["B"])]);
      expect([a, b]).to.deep.equal([
        ["Local", "A"],
        ["Local", "A", "B"],
      ]);
      expect(transport.requests.map((r) => r.method)).to.deep.equal(["GET", "PUT", "GET", "PUT"]);
      expect(transport.requests[3].body).to.deep.equal({ Usage: ["Local", "A", "B"] });
    });

    it("removes names", async () => {
      const { teams, transport } = teamsFixture();
      transport.reply(usages("Local", "Cu1-National"), { status: 204 });
      expect(await removePstnUsages(teams, ["Cu1-National"])).to.deep.equal(["Local"]);
      expect(transport.requests[1].body).to.deep.equal({ Usage: ["Local"] });
    });
  });

  describe("emergency locations", () => {
    it("creates a location from a civic address and returns its LocationId", async () => {
      const { teams, transport } = teamsFixture();
      transport.reply({ status: 201, body: { ...address, LocationId: "loc-1", CivicAddressId: "civ-1" } });
      expect(await createEmergencyLocation(teams, address)).to.deep.equal({ ...address, LocationId: "loc-1", CivicAddressId: "civ-1" });
      expect(transport.requests[0]).to.deep.include({ method: "POST", url: `${TEAMS}/Skype.Ncs/locations`, body: address });
    });

    it("after a reset connection on a create, lists: the location with this Description and address is the result", async () => {
      const { teams, transport } = teamsFixture();
      const other = { ...address, Description: "Cu1 Zurich annex", LocationId: "loc-0" };
      transport.reply({ status: 0, error: socketFailure("ECONNRESET", "socket hang up") }, { status: 200, body: [other, { ...address, LocationId: "loc-1" }] });
      expect(await createEmergencyLocation(teams, address)).to.deep.equal({ ...address, LocationId: "loc-1" });
      expect(transport.requests.map((r) => r.method)).to.deep.equal(["POST", "GET"]);
    });

    it("after a 504 on a create with no such location listed, creates again, once", async () => {
      const { teams, transport } = teamsFixture();
      transport.reply({ status: 504, body: "Gateway Timeout" }, { status: 200, body: [] }, { status: 201, body: { ...address, LocationId: "loc-2" } });
      expect((await createEmergencyLocation(teams, address)).LocationId).to.equal("loc-2");
      expect(transport.requests.map((r) => r.method)).to.deep.equal(["POST", "GET", "POST"]);
    });

    it("checks the address before sending", async () => {
      const { teams, transport } = teamsFixture();
      const error = await rejectionOf<ConfigurationError>(createEmergencyLocation(teams, { ...address, City: " ", CountryOrRegion: "Switzerland" }));
      expect(error.problems).to.deep.equal(["City is required", 'CountryOrRegion must be an ISO 3166-1 alpha-2 code in capitals, such as "US"; got "Switzerland"']);
      expect(transport.requests).to.deep.equal([]);
    });

    it("lists and deletes locations", async () => {
      const { teams, transport } = teamsFixture();
      transport.reply({ status: 200, body: { value: [{ ...address, LocationId: "loc-1" }] } }, { status: 204 });
      expect(await listEmergencyLocations(teams)).to.deep.equal([{ ...address, LocationId: "loc-1" }]);
      await deleteEmergencyLocation(teams, "loc-1");
      expect(transport.requests.map((r) => [r.method, r.url])).to.deep.equal([
        ["GET", `${TEAMS}/Skype.Ncs/locations`],
        ["DELETE", `${TEAMS}/Skype.Ncs/locations/loc-1`],
      ]);
    });
  });

  describe("policy grants", () => {
    it("grants by name without the Tag: prefix, and removes with null", async () => {
      const { teams, transport } = teamsFixture();
      transport.reply({ status: 204 }, { status: 204 });
      await grantPolicy(teams, "alice@contoso.com", "TenantDialPlan", "Tag:Cu1-Dial");
      await grantPolicy(teams, "8f1c", "OnlineVoiceRoutingPolicy", null);
      expect(transport.requests.map((r) => [r.method, r.url, r.body])).to.deep.equal([
        ["PATCH", `${TEAMS}/Skype.Policy/users/alice@contoso.com/policies/TenantDialPlan`, { PolicyName: "Cu1-Dial" }],
        ["PATCH", `${TEAMS}/Skype.Policy/users/8f1c/policies/OnlineVoiceRoutingPolicy`, { PolicyName: null }],
      ]);
    });

    it("repeats a grant after a 503 and reports failures with the user and policy", async () => {
      const { teams, transport, clock } = teamsFixture();
      transport.reply({ status: 503, headers: { "retry-after": "4" } }, { status: 400, body: { Message: "Policy 'Cu1-Dial' not found." } });
      const error = await rejectionOf(grantPolicy(teams, "8f1c", "TenantDialPlan", "Cu1-Dial"));
      expect(clock.sleeps).to.deep.equal([4000]);
      expect(error.message).to.equal("teams: granting TenantDialPlan Cu1-Dial to user 8f1c: 400: Policy 'Cu1-Dial' not found. (request-id corr-1)");
    });
  });
});
