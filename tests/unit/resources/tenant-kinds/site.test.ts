// Site: an emergency location for its address, marked as the site's; its LocationId is what
// subscribers use. A marked location at the address that a killed run left is adopted.
import { expect } from "chai";
import { kindProvider } from "../../../../provider/resources/kind-provider";
import { addressFromLocation, emergencyAddressOf, splitStreet } from "../../../../provider/resources/site/address";
import { provider as packagedProvider, siteDefinition } from "../../../../provider/resources/site/provider";
import { calls, failure, noContent, notFound, TEAMS, tenantFixture } from "./fixture";

const LOCATIONS = `${TEAMS}/Skype.Ncs/locations`;
const LOCATION_ID = "5b0ad6a4-1f6e-4c2b-9f83-0d7e2c91a4b5";
const address = { street: "233 S Wacker Dr", city: "Chicago", state: "IL", postalCode: "60606", country: "US" };
const inputs = { customer: "Cu1", code: "Cu1Si1", name: "Chicago HQ", address, dialPlan: "Cu1-Chicago", timeZone: "America/Chicago" };
const state = { ...inputs, locationId: LOCATION_ID };
const sent = {
  Description: "Cu1Si1 Chicago HQ [ucflow:Cu1/Cu1Si1]",
  CompanyName: "Cu1",
  HouseNumber: "233",
  StreetName: "S Wacker Dr",
  City: "Chicago",
  StateOrProvince: "IL",
  PostalCode: "60606",
  CountryOrRegion: "US",
};
/** A location as the lab stores it: every field, null when unset. */
const stored = (extra: object = {}) => ({
  LocationId: LOCATION_ID,
  CivicAddressId: "c1",
  HouseNumberSuffix: null,
  PreDirectional: null,
  StreetSuffix: null,
  PostDirectional: null,
  Latitude: null,
  Longitude: null,
  Elin: null,
  ...sent,
  ...extra,
});
const otherLocation = { LocationId: "0f0e0d0c-0000-4000-8000-000000000001", CivicAddressId: "c0", Description: "Contoso Boston", CompanyName: "Contoso", HouseNumber: "100", StreetName: "Summer", City: "Boston", PostalCode: "02110", CountryOrRegion: "US" };

function setup() {
  const fixture = tenantFixture();
  return { ...fixture, provider: kindProvider(siteDefinition(fixture.clients)) };
}

describe("Site", () => {
  describe("address", () => {
    it("splits the street at its house number, first or last", () => {
      expect(splitStreet("233 S Wacker Dr")).to.deep.equal({ houseNumber: "233", streetName: "S Wacker Dr", numberFirst: true });
      expect(splitStreet("12B, Baker St")).to.deep.equal({ houseNumber: "12B", streetName: "Baker St", numberFirst: true });
      expect(splitStreet("Bahnhofstrasse 5")).to.deep.equal({ houseNumber: "5", streetName: "Bahnhofstrasse", numberFirst: false });
      expect(splitStreet("Rue de Rivoli, 3-5")).to.deep.equal({ houseNumber: "3-5", streetName: "Rue de Rivoli", numberFirst: false });
      expect(splitStreet("Main Street")).to.equal(undefined);
      expect(splitStreet("42")).to.equal(undefined);
    });

    it("rebuilds the street from a location edited by hand, in the order the site wrote it", () => {
      const site = { customer: "Cu1", code: "Cu1Si2", name: "Zurich" } as Parameters<typeof addressFromLocation>[2];
      const desired = { street: "Bahnhofstrasse 5", city: "Zurich", postalCode: "8001", country: "CH" } as Parameters<typeof addressFromLocation>[1];
      const location = { LocationId: "l", ...emergencyAddressOf({ ...site, address: desired }), HouseNumber: "7", HouseNumberSuffix: "a" };
      expect(addressFromLocation(location, desired, site)).to.deep.equal({ ...desired, street: "Bahnhofstrasse 7a" });
    });
  });

  describe("check", () => {
    it("accepts a valid site", async () => {
      expect((await setup().provider.check!({}, inputs)).failures).to.deep.equal([]);
    });

    it("needs a house number and a postal code, and reports codec problems at their paths", async () => {
      const { provider } = setup();
      expect((await provider.check!({}, { ...inputs, address: { ...address, street: "Wacker Drive", postalCode: " " } })).failures).to.deep.equal([
        {
          property: "address.street",
          reason: '"Wacker Drive" has no house number at its start or end, and Teams emergency addresses need one; write it as "233 S Wacker Dr" or "Bahnhofstrasse 5"',
        },
        { property: "address.postalCode", reason: "is empty; Teams emergency addresses need a postal code" },
      ]);
      const codec = await provider.check!({}, { ...inputs, address: { ...address, country: "USA", zip: "60606" } });
      expect(codec.failures!.map((f) => f.property)).to.deep.equal(["address.zip", "address.country"]);
      const country = await provider.check!({}, { ...inputs, address: { ...address, country: "USA" } });
      expect(country.failures).to.deep.equal([{ property: "address.country", reason: 'must be a two-letter ISO 3166 country code in capitals, e.g. US; got "USA"' }]);
    });
  });

  describe("create, read, update, delete", () => {
    it("looks for a location of its own first, then creates the emergency location and records its LocationId", async () => {
      const { provider, teams } = setup();
      // Same address, but not ucflow's for this site: someone else's, or another site's in the same building.
      const unmarked = stored({ LocationId: "0f0e0d0c-0000-4000-8000-000000000002", Description: "Chicago HQ" });
      const otherSite = stored({ LocationId: "0f0e0d0c-0000-4000-8000-000000000003", Description: "Cu1Si4 Chicago HQ 2 [ucflow:Cu1/Cu1Si4]" });
      const otherCustomer = stored({ LocationId: "0f0e0d0c-0000-4000-8000-000000000004", Description: "Cu1Si1 Chicago HQ [ucflow:Cu2/Cu1Si1]" });
      teams.reply({ status: 200, body: [otherLocation, unmarked, otherSite, otherCustomer] }, { status: 201, body: stored() });
      expect(await provider.create(inputs)).to.deep.equal({ id: LOCATION_ID, outs: state });
      expect(calls(teams.requests)).to.deep.equal([
        ["GET", LOCATIONS, undefined],
        ["POST", LOCATIONS, sent],
      ]);
    });

    it("adopts the site's own location at its address that a killed run created, the lowest LocationId of several", async () => {
      const { provider, teams } = setup();
      const leftover = (id: string, extra: object = {}) => stored({ LocationId: id, ...extra });
      teams.reply({
        status: 200,
        body: [
          leftover("c0000000-0000-4000-8000-000000000009"),
          // The site's old address, kept while the site moves: not the one to adopt.
          leftover("a0000000-0000-4000-8000-000000000001", { HouseNumber: "1", StreetName: "N State St" }),
          leftover("B0000000-0000-4000-8000-000000000002", { Description: "Cu1Si1 Chicago [ucflow:Cu1/Cu1Si1]", City: "CHICAGO " }),
        ],
      });
      expect(await provider.create(inputs)).to.deep.equal({ id: "B0000000-0000-4000-8000-000000000002", outs: { ...inputs, locationId: "B0000000-0000-4000-8000-000000000002" } });
      expect(calls(teams.requests)).to.deep.equal([["GET", LOCATIONS, undefined]]);
    });

    describe("with the site's adoption: { existing: adopt }", () => {
      const adopting = { ...inputs, adoption: { existing: "adopt" } };
      const byHand = (id: string, extra: object = {}) => stored({ LocationId: id, Description: "Chicago HQ", CompanyName: "Contoso", ...extra });

      it("adopts an unmarked location at its address, the lowest LocationId of several, without a write, and records it as adopted", async () => {
        const { provider, teams } = setup();
        const marked = stored({ LocationId: "00000000-0000-4000-8000-000000000001", Description: "Cu1Si4 Chicago HQ 2 [ucflow:Cu1/Cu1Si4]" });
        teams.reply({ status: 200, body: [otherLocation, byHand("d0000000-0000-4000-8000-000000000002"), marked, byHand("C0000000-0000-4000-8000-000000000003")] });
        expect(await provider.create(adopting)).to.deep.equal({
          id: "C0000000-0000-4000-8000-000000000003",
          outs: { ...adopting, locationId: "C0000000-0000-4000-8000-000000000003", adopted: true },
        });
        expect(calls(teams.requests)).to.deep.equal([["GET", LOCATIONS, undefined]]);
      });

      it("adopts a location whose street Teams holds in more parts (PreDirectional, StreetSuffix) as the same address", async () => {
        const { provider, teams } = setup();
        const split = byHand("e0000000-0000-4000-8000-000000000004", { HouseNumber: "233", PreDirectional: "S", StreetName: "Wacker", StreetSuffix: "Dr" });
        const elsewhere = byHand("a0000000-0000-4000-8000-000000000005", { HouseNumber: "233", PreDirectional: "N", StreetName: "Wacker", StreetSuffix: "Dr" });
        teams.reply({ status: 200, body: [elsewhere, split] });
        expect((await provider.create(adopting)).outs).to.deep.equal({ ...adopting, locationId: "e0000000-0000-4000-8000-000000000004", adopted: true });
        expect(calls(teams.requests)).to.deep.equal([["GET", LOCATIONS, undefined]]);
      });

      it("still takes back its own location first, and creates one when none is at its address", async () => {
        const own = setup();
        own.teams.reply({ status: 200, body: [byHand("a0000000-0000-4000-8000-000000000001"), stored()] });
        expect((await own.provider.create(adopting)).outs).to.deep.equal({ ...adopting, locationId: LOCATION_ID });
        const none = setup();
        none.teams.reply({ status: 200, body: [otherLocation] }, { status: 201, body: stored() });
        expect((await none.provider.create(adopting)).outs).to.deep.equal({ ...adopting, locationId: LOCATION_ID });
        expect(none.teams.requests.map((r) => r.method)).to.deep.equal(["GET", "POST"]);
      });

      it("reads an adopted location's own Description as no change, and keeps the record on update", async () => {
        const { provider, teams } = setup();
        const adopted = { ...adopting, locationId: LOCATION_ID, adopted: true };
        teams.reply({ status: 200, body: [byHand(LOCATION_ID)] });
        expect((await provider.read!(LOCATION_ID, adopted)).props).to.deep.equal(adopted);
        expect((await provider.update!(LOCATION_ID, adopted, { ...adopting, name: "Chicago" })).outs).to.deep.equal({ ...adopted, name: "Chicago" });
      });

      it("leaves an adopted location on delete unless onDelete is remove", async () => {
        const { provider, teams } = setup();
        teams.reply(noContent);
        await provider.delete!(LOCATION_ID, { ...adopting, locationId: LOCATION_ID, adopted: true });
        expect(teams.requests).to.have.length(0);
        await provider.delete!(LOCATION_ID, { ...adopting, adoption: { existing: "adopt", onDelete: "remove" }, locationId: LOCATION_ID, adopted: true });
        expect(calls(teams.requests)).to.deep.equal([["DELETE", `${LOCATIONS}/${LOCATION_ID}`, undefined]]);
      });
    });

    it("says which site a failure was about", async () => {
      const { provider, teams } = setup();
      teams.reply({ status: 200, body: [] }, { status: 400, body: { error: { code: "InvalidAddress", message: "The address could not be validated." } } });
      expect((await failure(provider.create(inputs))).message).to.equal(
        'site Cu1Si1: teams: creating emergency location "Cu1Si1 Chicago HQ [ucflow:Cu1/Cu1Si1]": 400 InvalidAddress: The address could not be validated. (request-id corr-2)',
      );
    });

    it("reads the location back unchanged, then with an address edited by hand as drift", async () => {
      const { provider, teams } = setup();
      teams.reply({ status: 200, body: [otherLocation, stored()] }, { status: 200, body: { value: [stored({ HouseNumber: "235", City: "Chicago Heights", StateOrProvince: null })] } });
      expect(await provider.read!(LOCATION_ID, state)).to.deep.equal({ id: LOCATION_ID, props: state, inputs });
      const drifted = await provider.read!(LOCATION_ID, state);
      expect(drifted.inputs).to.deep.equal({ ...inputs, address: { street: "235 S Wacker Dr", city: "Chicago Heights", postalCode: "60606", country: "US" } });
      expect(await packagedProvider.diff!(LOCATION_ID, drifted.props!, inputs)).to.deep.equal({ changes: true, replaces: ["address"], deleteBeforeReplace: false });
      expect(calls(teams.requests)).to.deep.equal([
        ["GET", LOCATIONS, undefined],
        ["GET", LOCATIONS, undefined],
      ]);
    });

    it("reports a location removed out of band as gone", async () => {
      const { provider, teams } = setup();
      teams.reply({ status: 200, body: [otherLocation] });
      expect(await provider.read!(LOCATION_ID, state)).to.deep.equal({});
    });

    it("replaces create-before-delete on a new address, code or customer; other changes are recorded only", async () => {
      const { provider, teams } = setup();
      const moved = { ...inputs, address: { ...address, street: "1 N State St" } };
      expect(await packagedProvider.diff!(LOCATION_ID, state, moved)).to.deep.equal({ changes: true, replaces: ["address"], deleteBeforeReplace: false });
      expect(await packagedProvider.diff!(LOCATION_ID, state, { ...inputs, code: "Cu1Si9" })).to.deep.equal({ changes: true, replaces: ["code"], deleteBeforeReplace: false });
      const renamed = { ...inputs, name: "Chicago Loop", dialPlan: "Cu1-Chicago2" };
      expect(await packagedProvider.diff!(LOCATION_ID, state, renamed)).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
      expect(await provider.update!(LOCATION_ID, state, renamed)).to.deep.equal({ outs: { ...renamed, locationId: LOCATION_ID } });
      expect(teams.requests).to.deep.equal([]);
    });

    it("deletes the location; one already gone (404) is done", async () => {
      const { provider, teams } = setup();
      teams.reply(noContent, notFound);
      await provider.delete!(LOCATION_ID, state);
      await provider.delete!(LOCATION_ID, state);
      expect(calls(teams.requests)).to.deep.equal([
        ["DELETE", `${LOCATIONS}/${LOCATION_ID}`, undefined],
        ["DELETE", `${LOCATIONS}/${LOCATION_ID}`, undefined],
      ]);
    });
  });
});
