// Adoption (overbuild) of an existing Teams estate on the real Pulumi CLI against the lab. The
// estate is made by a first stack of the example customer whose state is then forgotten, and
// made to look hand-made: ucflow's marks are taken off every Description and its record off
// every user, through the platform's own APIs. A new stack of the same customer with adoption on
// (customer.adoption and every site's adoption) then brings it under management: `up` makes no
// write at all on Graph or Teams (asserted from the lab's request log), records every dial plan,
// class of service, site and subscriber as adopted, a following preview shows no changes, and
// `destroy` leaves the estate as it was.
import * as fs from "node:fs";
import { ClientSecretCredential } from "@azure/identity";
import { expect } from "chai";
import { LAB_TENANT_ID, LAB_UCFLOW_CLIENT_ID, LAB_UCFLOW_CLIENT_SECRET, type GraphState, type TeamsState } from "../../lab/microsoft";
import { GraphClient } from "../../provider/backends/graph/client";
import { deleteUserExtension } from "../../provider/backends/graph/extensions";
import { TeamsAdminClient } from "../../provider/backends/teams/client";
import { setConfiguration } from "../../provider/backends/teams/configurations";
import { EMERGENCY_LOCATIONS_PATH } from "../../provider/backends/teams/emergency-locations";
import { descriptionOwner, unmarkedDescription } from "../../provider/backends/teams/ownership";
import { FOOTPRINT_EXTENSION } from "../../provider/resources/subscriber-set/footprint-record";
import { changesOf, compiledProgram, EngineProject } from "./harness";
import { setMicrosoftLabConfig } from "./microsoft-lab-config";
import { CONTOSO_DEFINITION_FILE, footprint, footprintRecordOf, startTeamsLab, type TeamsLab } from "./teams-lab";

type Resource = { type: string; urn: string; outputs?: Record<string, unknown> };

/** What the estate is made of, for comparing before and after: configurations, locations, each user's voice footprint and record. */
function estate({ graph, teams }: { graph: GraphState; teams: TeamsState }) {
  return {
    configurations: Object.fromEntries(Object.entries(teams.configurations).map(([type, items]) => [type, [...items].sort((a, b) => a.Identity.localeCompare(b.Identity))])),
    locations: [...teams.emergencyLocations].sort((a, b) => a.LocationId.localeCompare(b.LocationId)),
    users: Object.fromEntries(graph.users.map((u) => [u.properties.userPrincipalName, { ...footprint(graph, teams, u.properties.id), record: footprintRecordOf(graph, u.properties.id) ?? null }])),
  };
}

describe("Adopting an existing Teams estate (real Pulumi CLI, the lab)", function () {
  this.timeout(900_000);
  let teamsLab: TeamsLab;
  let adopting: EngineProject | undefined;
  let handMade: ReturnType<typeof estate>;
  const definition = JSON.parse(fs.readFileSync(CONTOSO_DEFINITION_FILE, "utf8"));
  const state = () => teamsLab.state();
  const writes = async () => (await teamsLab.control.requests()).filter((r) => r.write && (r.service === "graph" || r.service === "teams"));

  before(async () => {
    // The estate: the example customer provisioned by a stack whose state is then forgotten.
    teamsLab = await startTeamsLab({ name: "teams-adoption-estate", definition, config: { "ucflow:settleSeconds": "0" } });
    await teamsLab.project.up();
    await teamsLab.project.pulumi(["stack", "rm", "--yes", "--force", teamsLab.project.stack]);

    // Made to look hand-made, through the platform's APIs as an administrator would: no ucflow mark, no ucflow record.
    const credential = new ClientSecretCredential(LAB_TENANT_ID, LAB_UCFLOW_CLIENT_ID, LAB_UCFLOW_CLIENT_SECRET, { authorityHost: teamsLab.lab.endpoints.services.entra!, disableInstanceDiscovery: true });
    const teams = new TeamsAdminClient({ credential, baseUrl: `${teamsLab.lab.endpoints.services.teams}/` });
    const graph = new GraphClient({ credential, baseUrl: `${teamsLab.lab.endpoints.services.graph}/` });
    const made = await state();
    for (const [type, items] of Object.entries(made.teams.configurations)) {
      for (const item of items.filter((i) => descriptionOwner(i.Description) !== undefined)) {
        await setConfiguration(teams, type as "TenantDialPlan", item.Identity, { Description: unmarkedDescription(item.Description) } as never);
      }
    }
    for (const location of made.teams.emergencyLocations.filter((l) => descriptionOwner(l.Description) !== undefined)) {
      await teams.send({ method: "PUT", path: `${EMERGENCY_LOCATIONS_PATH}/${location.LocationId}`, body: { Description: unmarkedDescription(location.Description) }, context: { operation: "unmarking" } });
    }
    for (const user of made.graph.users.filter((u) => footprintRecordOf(made.graph, u.properties.id) !== undefined)) {
      await deleteUserExtension(graph, user.properties.id, FOOTPRINT_EXTENSION);
    }
    expect((await writes()).length, "the request log sees writes (this unmarking's)").to.be.greaterThan(10);
    handMade = estate(await state());
    const marked = [...Object.values(handMade.configurations).flat(), ...handMade.locations].filter((o) => descriptionOwner(o.Description) !== undefined);
    expect(marked, "nothing in the estate carries ucflow's mark").to.deep.equal([]);
    expect(Object.values(handMade.users).filter((u) => u.record !== null), "no user carries ucflow's record").to.deep.equal([]);
    expect(Object.values(handMade.users).filter((u) => u.numbers.length > 0).length, "the estate has users with numbers").to.be.greaterThan(10);

    // The stack that adopts it: the same customer, adoption on for the customer and every site.
    adopting = await EngineProject.create({ name: "teams-adoption", main: compiledProgram("../../examples/customer/index.js"), env: { NODE_EXTRA_CA_CERTS: teamsLab.lab.caCertPath } });
    await setMicrosoftLabConfig(adopting, teamsLab.lab);
    await adopting.setConfig("ucflow:settleSeconds", "0");
    const adoption = { existing: "adopt" };
    await adopting.setConfig("customer", {
      ...definition,
      customer: { ...definition.customer, adoption },
      sites: definition.sites.map((s: Record<string, unknown>) => ({ ...s, adoption })),
    });
  });

  after(async () => {
    await adopting?.dispose();
    await teamsLab?.dispose();
  });

  it("a preview before up shows every object as a create, and refuses nothing", async () => {
    const preview = await adopting!.preview();
    expect(changesOf(preview.changeSummary).create).to.be.greaterThan(5);
  });

  it("up adopts the estate without a single write on Graph or Teams, and records every object as adopted", async () => {
    await teamsLab.control.clearRequests();
    const up = await adopting!.up();
    expect(changesOf(up.changeSummary).create).to.be.greaterThan(5);
    const served = await teamsLab.control.requests();
    expect(served.filter((r) => r.service === "graph").length, "up read the users and their configurations").to.be.greaterThan(20);
    expect(served.filter((r) => r.service === "teams").length, "up read the Teams objects").to.be.greaterThan(5);
    expect(await writes(), "no create, update or delete reached the platform").to.deep.equal([]);
    expect(estate(await state())).to.deep.equal(handMade);

    const resources = ((await adopting!.exportState()).deployment.resources ?? []) as Resource[];
    const of = (kind: string) => resources.filter((r) => r.type === `pulumi-nodejs:dynamic/ucflow:${kind}`);
    expect(of("DialPlan").map((r) => r.outputs?.adopted)).to.deep.equal([true, true, true]);
    expect(of("ClassOfService").map((r) => r.outputs?.adopted)).to.deep.equal([true, true]);
    expect(of("ClassOfService").flatMap((r) => r.outputs?.adoptedObjects as string[])).to.include.members(["voice routing policy Tag:Cu1-National", "voice route Cu1-International-international"]);
    expect(of("Site").map((r) => r.outputs?.adopted)).to.deep.equal([true, true, true]);
    const given = of("SubscriberSet").flatMap((r) => Object.values((r.outputs?.given ?? {}) as Record<string, { adopted?: boolean }>));
    expect(given.length, "every matched user is a subscriber").to.be.greaterThan(20);
    expect(given.filter((g) => g.adopted !== true), "every subscriber was adopted").to.deep.equal([]);
  });

  it("a following preview shows no changes", async () => {
    await adopting!.preview({ expectNoChanges: true });
  });

  it("destroy leaves the adopted objects and users as they were", async () => {
    await teamsLab.control.clearRequests();
    await adopting!.destroy();
    expect(await writes(), "destroy wrote nothing to the platform").to.deep.equal([]);
    expect(estate(await state())).to.deep.equal(handMade);
  });
});
