// Teams administration through Graph with the real client: number assignments (202 + Location,
// an operation that goes notStarted -> running -> succeeded or failed), policy grants with
// getPolicyId, and userConfigurations reflecting numbers, Enterprise Voice and grants.
import { type Client, GraphError, ResponseType } from "@microsoft/microsoft-graph-client";
import { expect } from "chai";
import { accessToken, call, graphClient, rejection, secretCredential, TEAMS_SCOPE, type MicrosoftLab, withMicrosoftLab } from "./support";

const TNM = "/admin/teams/telephoneNumberManagement";

interface NumberAssignment {
  id: string;
  telephoneNumber: string;
  numberType: string;
  assignmentStatus: string;
  assignmentTargetId: string | null;
  activationState: string;
  city: string | null;
}

interface Operation {
  id: string;
  status: string;
  numbers: { resourceLocation: string; status: string; statusDetail: string | null }[];
}

interface UserConfiguration {
  id: string;
  userPrincipalName: string;
  isEnterpriseVoiceEnabled: boolean;
  featureTypes: string[];
  telephoneNumbers: { telephoneNumber: string; assignmentCategory: string }[];
  effectivePolicyAssignments: { policyType: string; policyAssignment: { displayName: string; assignmentType: string; policyId: string } }[];
}

describe("lab graph simulator: Teams administration", () => {
  let env: MicrosoftLab;
  let client: Client;

  withMicrosoftLab((lab) => {
    env = lab;
    client = graphClient(env);
  });

  /**
   * The Graph client puts $filter into the URL as written; a "+" there reads as a space on the
   * server (as on Graph), so the "+" of E.164 numbers is sent as %2B.
   */
  const encodePlus = (filter: string): string => filter.replace(/\+/g, "%2B");
  const configurations = async (filter: string): Promise<UserConfiguration[]> => ((await client.api("/admin/teams/userConfigurations").filter(encodePlus(filter)).top(999).get()) as { value: UserConfiguration[] }).value;
  /** A user with Teams Phone and no number yet. */
  const phoneUser = async (): Promise<UserConfiguration> => {
    const found = (await configurations("isEnterpriseVoiceEnabled eq false and featureTypes/any(f:f eq 'PhoneSystem')"))[0];
    if (!found) throw new Error("the seed has no licensed user without a number");
    return found;
  };
  const numbers = async (filter: string): Promise<NumberAssignment[]> => ((await client.api(`${TNM}/numberAssignments`).filter(encodePlus(filter)).get()) as { value: NumberAssignment[] }).value;
  const start = async (action: "assignNumber" | "unassignNumber", body: Record<string, unknown>): Promise<string> => {
    const response = (await client.api(`${TNM}/numberAssignments/${action}`).responseType(ResponseType.RAW).post(body)) as Response;
    expect(response.status).to.equal(202);
    const location = response.headers.get("location");
    expect(location).to.match(new RegExp(`/v1\\.0${TNM}/operations\\('[0-9a-f-]{36}'\\)$`));
    return location as string;
  };
  /** Polls until the operation ends; returns every status seen. */
  const poll = async (location: string): Promise<{ statuses: string[]; last: Operation }> => {
    const statuses: string[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const operation = (await client.api(location).get()) as Operation;
      statuses.push(operation.status);
      if (operation.status === "succeeded" || operation.status === "failed") return { statuses, last: operation };
    }
    throw new Error(`the operation did not end: ${statuses.join(" -> ")}`);
  };

  describe("number assignments", () => {
    it("lists numbers with $filter (including capabilities/any), $top and $skip, and refuses filters on city", async () => {
      const free = await numbers("numberType eq 'directRouting' and assignmentStatus eq 'unassigned' and capabilities/any(c:c eq 'userAssignment')");
      expect(free.length).to.be.greaterThan(50);
      expect(free.every((number) => number.assignmentStatus === "unassigned" && number.telephoneNumber.startsWith("+"))).to.equal(true);
      const chicago = await numbers("startsWith(telephoneNumber,'+1312555')");
      expect(chicago).to.have.length(50);
      expect(chicago.filter((number) => number.assignmentStatus === "userAssigned").length).to.equal(4);
      const page = ((await client.api(`${TNM}/numberAssignments`).top(10).skip(45).filter(encodePlus("startsWith(telephoneNumber,'+1312555')")).get()) as { value: NumberAssignment[]; "@odata.nextLink"?: string }).value;
      expect(page.map((number) => number.telephoneNumber)).to.deep.equal(chicago.slice(45).map((number) => number.telephoneNumber));
      const byCity = (await rejection(numbers("city eq 'Chicago'"))) as unknown as GraphError;
      expect(byCity.statusCode).to.equal(400);
      // An unencoded "+" is a space by the time the server reads the query: no match.
      expect(((await client.api(`${TNM}/numberAssignments`).filter("telephoneNumber eq '+13125550100'").get()) as { value: unknown[] }).value).to.deep.equal([]);
    });

    it("assigns a number through an operation that goes notStarted -> running -> succeeded, enabling Enterprise Voice", async () => {
      const user = await phoneUser();
      const [number] = await numbers("telephoneNumber eq '+13125550149'");
      expect(number?.assignmentStatus).to.equal("unassigned");
      const location = await start("assignNumber", { telephoneNumber: "+13125550149", assignmentTargetId: user.id, numberType: "directRouting", assignmentCategory: "primary" });
      const pending = (await numbers("telephoneNumber eq '+13125550149'"))[0];
      expect(pending?.activationState).to.equal("assignmentPending");
      const { statuses, last } = await poll(location);
      expect(statuses).to.deep.equal(["notStarted", "running", "succeeded"]);
      expect(last.numbers[0]?.resourceLocation).to.contain(`${TNM}/numberAssignments/`);
      const assigned = (await numbers("telephoneNumber eq '+13125550149'"))[0];
      expect(assigned).to.include({ assignmentStatus: "userAssigned", assignmentTargetId: user.id, activationState: "activated" });
      const configuration = (await client.api(`/admin/teams/userConfigurations/${user.id}`).get()) as UserConfiguration;
      expect(configuration.isEnterpriseVoiceEnabled).to.equal(true);
      expect(configuration.telephoneNumbers).to.deep.equal([{ telephoneNumber: "+13125550149", assignmentCategory: "primary" }]);

      const release = await poll(await start("unassignNumber", { telephoneNumber: "+13125550149", numberType: "directRouting" }));
      expect(release.last.status).to.equal("succeeded");
      expect((await numbers("telephoneNumber eq '+13125550149'"))[0]?.assignmentStatus).to.equal("unassigned");
      expect(((await client.api(`/admin/teams/userConfigurations/${user.id}`).get()) as UserConfiguration).telephoneNumbers).to.deep.equal([]);
    });

    it("fails the operation for a number held by another user, an unknown number and an unlicensed user", async () => {
      const user = await phoneUser();
      const taken = (await numbers("telephoneNumber eq '+13125550100'"))[0];
      expect(taken?.assignmentTargetId).to.not.equal(null);
      const conflict = await poll(await start("assignNumber", { telephoneNumber: "+13125550100", assignmentTargetId: user.id, numberType: "directRouting" }));
      expect(conflict.statuses).to.deep.equal(["notStarted", "running", "failed"]);
      expect(conflict.last.numbers[0]?.statusDetail).to.equal("Telephone Number '+13125550100' has already been assigned to another user");
      expect((await numbers("telephoneNumber eq '+13125550100'"))[0]?.assignmentTargetId).to.equal(taken?.assignmentTargetId);

      const unknown = await poll(await start("assignNumber", { telephoneNumber: "19995550000", assignmentTargetId: user.id, numberType: "directRouting" }));
      expect(unknown.last.status).to.equal("failed");
      expect(unknown.last.numbers[0]?.statusDetail).to.contain("was not found");

      const [unlicensed] = await configurations("accountType eq 'ineligibleUser'");
      const license = await poll(await start("assignNumber", { telephoneNumber: "+13125550148", assignmentTargetId: unlicensed?.id, numberType: "directRouting" }));
      expect(license.last.numbers[0]?.statusDetail).to.contain("lacks appropriate licenses to assign a 'DirectRouting' number");

      const invalid = (await rejection(client.api(`${TNM}/numberAssignments/assignNumber`).post({ telephoneNumber: "+13125550148", numberType: "landline", assignmentTargetId: user.id }))) as unknown as GraphError;
      expect(invalid.statusCode).to.equal(400);
    });

    it("settles the operation with the configured number of polls", async () => {
      await env.control.seed("graph", { lro: { notStartedPolls: 0, runningPolls: 3 } });
      const user = await phoneUser();
      const { statuses } = await poll(await start("assignNumber", { telephoneNumber: "+16175550229", assignmentTargetId: user.id, numberType: "directRouting" }));
      expect(statuses).to.deep.equal(["running", "running", "running", "succeeded"]);
    });

    it("sends Retry-After on the 202 and on polls that are not final only when the lab is told to", async () => {
      const user = await phoneUser();
      const free = (await numbers("numberType eq 'directRouting' and assignmentStatus eq 'unassigned'")).map((number) => number.telephoneNumber);
      const retryAfters = async (telephoneNumber: string): Promise<(string | null)[]> => {
        const started = (await client.api(`${TNM}/numberAssignments/assignNumber`).responseType(ResponseType.RAW).post({ telephoneNumber, assignmentTargetId: user.id, numberType: "directRouting" })) as Response;
        const seen = [started.headers.get("retry-after")];
        for (let attempt = 0; attempt < 10; attempt++) {
          const polled = (await client.api(started.headers.get("location") as string).responseType(ResponseType.RAW).get()) as Response;
          seen.push(polled.headers.get("retry-after"));
          const { status } = (await polled.json()) as Operation;
          expect(status).to.not.equal("failed");
          if (status === "succeeded") return seen;
        }
        throw new Error("the operation did not end");
      };
      // Graph documents no Retry-After for these operations: by default the lab sends none.
      expect(await retryAfters(free[0] as string)).to.deep.equal([null, null, null, null]);
      await env.control.seed("graph", { lro: { notStartedPolls: 1, runningPolls: 0, retryAfterSeconds: 2 } });
      expect(await retryAfters(free[1] as string)).to.deep.equal(["2", "2", null]);
      await env.control.seed("graph", { lro: { retryAfterSeconds: null } });
      expect(await retryAfters(free[2] as string)).to.deep.equal([null, null, null]);
      const refused = await rejection(env.control.seed("graph", { lro: { retryAfterSeconds: -1 } }));
      expect(refused.message).to.contain("lro.retryAfterSeconds");
    });

    it("finds a user's numbers with assignmentTargetId eq, and one number with telephoneNumber eq", async () => {
      const [held] = await numbers("telephoneNumber eq '+13125550100'");
      const holder = held?.assignmentTargetId as string;
      expect(holder).to.match(/^[0-9a-f-]{36}$/);
      const theirs = await numbers(`assignmentTargetId eq '${holder.toUpperCase()}'`);
      expect(theirs.map((number) => number.telephoneNumber)).to.deep.equal(["+13125550100"]);
      expect(await numbers(`assignmentTargetId eq '${holder}' and numberType eq 'callingPlan'`)).to.deep.equal([]);
      const either = await numbers("telephoneNumber eq '+13125550100' or telephoneNumber eq '+16175550200'");
      expect(either.map((number) => number.telephoneNumber)).to.deep.equal(["+13125550100", "+16175550200"]);
      expect(await numbers("telephoneNumber eq '+19995550000'")).to.deep.equal([]);
      // An assignment made now is found by its user at once.
      const user = await phoneUser();
      await poll(await start("assignNumber", { telephoneNumber: "+13125550147", assignmentTargetId: user.id, numberType: "directRouting" }));
      expect((await numbers(`assignmentTargetId eq '${user.id}'`)).map((number) => number.telephoneNumber)).to.deep.equal(["+13125550147"]);
    });

    it("updates a number's emergency location with updateNumber (200), clears it with \"\", and refuses what it does not know", async () => {
      const locations = ((await env.control.state("teams")) as { emergencyLocations: { LocationId: string; CivicAddressId: string; City: string }[] }).emergencyLocations;
      const boston = locations.find((location) => location.City === "Boston");
      const response = (await client.api(`${TNM}/numberAssignments/updateNumber`).responseType(ResponseType.RAW).post({ telephoneNumber: "+13125550148", locationId: boston?.LocationId })) as Response;
      expect(response.status).to.equal(200);
      const updated = (await response.json()) as NumberAssignment & { locationId: string | null; civicAddressId: string | null };
      expect(updated).to.include({ telephoneNumber: "+13125550148", locationId: boston?.LocationId, civicAddressId: boston?.CivicAddressId });
      expect((await numbers("telephoneNumber eq '+13125550148'"))[0]).to.include({ locationId: boston?.LocationId });
      // null keeps it; "" clears it.
      const kept = (await client.api(`${TNM}/numberAssignments/updateNumber`).post({ telephoneNumber: "+13125550148", locationId: null, networkSiteId: "site-1" })) as { locationId: string | null; networkSiteId: string | null };
      expect(kept).to.include({ locationId: boston?.LocationId, networkSiteId: "site-1" });
      const cleared = (await client.api(`${TNM}/numberAssignments/updateNumber`).post({ telephoneNumber: "13125550148", locationId: "", reverseNumberLookupOptions: ["skipInternalVoip"] })) as { locationId: string | null; civicAddressId: string | null; reverseNumberLookupOptions: string[] };
      expect(cleared).to.deep.include({ locationId: null, civicAddressId: null, reverseNumberLookupOptions: ["skipInternalVoip"] });

      const refusals: [Record<string, unknown>, number][] = [
        [{ telephoneNumber: "+13125550148", locationId: "00000000-0000-4000-8000-000000000000" }, 400],
        [{ telephoneNumber: "+19995550000", locationId: "" }, 404],
        [{ telephoneNumber: "+13125550148", city: "Boston" }, 400],
        [{ telephoneNumber: "+13125550148", reverseNumberLookupOptions: ["everything"] }, 400],
        [{ locationId: "" }, 400],
      ];
      for (const [body, status] of refusals) {
        const error = (await rejection(client.api(`${TNM}/numberAssignments/updateNumber`).post(body))) as unknown as GraphError;
        expect(error.statusCode, JSON.stringify(body)).to.equal(status);
      }
    });

    it("keeps an emergency location that a number uses from being deleted through the Teams admin API", async () => {
      const locations = ((await env.control.state("teams")) as { emergencyLocations: { LocationId: string; City: string }[] }).emergencyLocations;
      const austin = locations.find((location) => location.City === "Austin")?.LocationId as string;
      await client.api(`${TNM}/numberAssignments/updateNumber`).post({ telephoneNumber: "+16175550229", locationId: austin });
      const teamsToken = await accessToken(secretCredential(env), TEAMS_SCOPE);
      const refused = await call(env, `${env.teamsUrl}/Skype.Ncs/locations/${austin}`, { method: "DELETE", token: teamsToken });
      expect(refused.status).to.equal(409);
      expect(refused.body).to.have.nested.property("error.message").that.includes("+16175550229");
    });
  });

  describe("policy assignment", () => {
    it("resolves Tag: names with getPolicyId, assigns and unassigns, visible in userConfigurations", async () => {
      const user = await phoneUser();
      const ids = (await client.api("/admin/teams/policy/getPolicyId(type='OnlineVoiceRoutingPolicy',name='US-Unrestricted')").get()) as { value: { name: string; policyId: string }[] };
      expect(ids.value).to.have.length(1);
      expect(ids.value[0]?.name).to.equal("Tag:US-Unrestricted");
      const policyId = ids.value[0]?.policyId ?? "";
      expect(policyId).to.match(/^[A-Za-z0-9_-]{20,}$/);
      const none = await client.api("/admin/teams/policy/userAssignments/assign").responseType(ResponseType.RAW).post({
        value: [{ "@odata.type": "#microsoft.graph.teamsAdministration.teamsPolicyUserAssignment", userId: user.id, policyType: "OnlineVoiceRoutingPolicy", policyId }],
      }) as Response;
      expect(none.status).to.equal(204);
      const configuration = (await client.api(`/admin/teams/userConfigurations/${user.id}`).get()) as UserConfiguration;
      expect(configuration.effectivePolicyAssignments).to.deep.include({ policyType: "OnlineVoiceRoutingPolicy", policyAssignment: { displayName: "US-Unrestricted", assignmentType: "direct", policyId, groupId: null } });

      await client.api("/admin/teams/policy/userAssignments/unassign").post({ value: [{ userId: user.id, policyType: "OnlineVoiceRoutingPolicy" }] });
      const after = (await client.api(`/admin/teams/userConfigurations/${user.id}`).version("beta").get()) as UserConfiguration;
      expect(after.effectivePolicyAssignments.map((item) => item.policyType)).to.not.include("OnlineVoiceRoutingPolicy");
    });

    it("refuses unknown policies and users", async () => {
      const user = await phoneUser();
      const missing = (await rejection(client.api("/admin/teams/policy/getPolicyId(type='TenantDialPlan',name='Nowhere')").get())) as unknown as GraphError;
      expect(missing.statusCode).to.equal(404);
      const badPolicy = (await rejection(client.api("/admin/teams/policy/userAssignments/assign").post({ value: [{ userId: user.id, policyType: "TenantDialPlan", policyId: "not-a-policy" }] }))) as unknown as GraphError;
      expect(badPolicy.statusCode).to.equal(400);
      const dialPlan = ((await client.api("/admin/teams/policy/getPolicyId(type='TenantDialPlan',name='US-Chicago')").get()) as { value: { policyId: string }[] }).value[0]?.policyId;
      const wrongType = (await rejection(client.api("/admin/teams/policy/userAssignments/assign").post({ value: [{ userId: user.id, policyType: "TeamsCallingPolicy", policyId: dialPlan }] }))) as unknown as GraphError;
      expect(wrongType.message).to.contain("is a TenantDialPlan");
      const nobody = (await rejection(client.api("/admin/teams/policy/userAssignments/assign").post({ value: [{ userId: "00000000-0000-4000-8000-000000000000", policyType: "TenantDialPlan", policyId: dialPlan }] }))) as unknown as GraphError;
      expect(nobody.statusCode).to.equal(404);
    });

    it("shows a new grant only after the configured number of reads (eventual consistency knob)", async () => {
      await env.control.seed("graph", { consistency: { grantReadLag: 2 } });
      const user = await phoneUser();
      const policyId = ((await client.api("/admin/teams/policy/getPolicyId(type='TeamsCallingPolicy',name='AllowCalling')").get()) as { value: { policyId: string }[] }).value[0]?.policyId;
      await client.api("/admin/teams/policy/userAssignments/assign").post({ value: [{ userId: user.id, policyType: "TeamsCallingPolicy", policyId }] });
      const seen: boolean[] = [];
      for (let read = 0; read < 3; read++) {
        const configuration = (await client.api(`/admin/teams/userConfigurations/${user.id}`).get()) as UserConfiguration;
        seen.push(configuration.effectivePolicyAssignments.some((item) => item.policyType === "TeamsCallingPolicy"));
      }
      expect(seen).to.deep.equal([false, false, true]);
    });
  });

  it("lists userConfigurations with paging and filters on numbers", async () => {
    const first = (await client.api("/admin/teams/userConfigurations").top(25).get()) as { value: UserConfiguration[]; "@odata.nextLink"?: string };
    expect(first.value).to.have.length(25);
    expect(first["@odata.nextLink"]).to.contain("$skiptoken=");
    const holder = await configurations("telephoneNumbers/any(t:t/telephoneNumber eq '+13125550100')");
    expect(holder).to.have.length(1);
    expect(holder[0]?.isEnterpriseVoiceEnabled).to.equal(true);
    expect(holder[0]?.effectivePolicyAssignments.map((item) => item.policyType).sort()).to.deep.equal(["OnlineVoiceRoutingPolicy", "TenantDialPlan"]);
  });
});
