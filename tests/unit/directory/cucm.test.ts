// The pure halves of the Unified CM source: list rows to the planner's snapshot and to
// directory users, the attribute mapping's checks, and errors that name the cluster.
import { expect } from "chai";
import { AxlFault } from "../../../provider/backends/axl/errors";
import { ConfigurationError, isUcflowError, UcflowError } from "../../../provider/core/errors";
import { clusterSnapshotOf, CUCM_END_USER_ATTRIBUTES, cucmAttributeProblems, endUsersOf, onClusterError, type CucmEndUserRecord } from "../../../sdk/directory/cucm";

const user = (userid: string, uuid: string, extra: Partial<CucmEndUserRecord> = {}): CucmEndUserRecord => ({ userid, uuid, lastName: userid.toUpperCase(), ...extra });

describe("Unified CM source (pure)", () => {
  describe("clusterSnapshotOf", () => {
    it("gives every line by pattern with its partitions, and the user whose primary extension it is", () => {
      const snapshot = clusterSnapshotOf(
        [
          { pattern: "4000", routePartitionName: "Cu1-DirNum-PT" },
          { pattern: "4001", routePartitionName: "Cu1-DirNum-PT" },
          { pattern: "4001", routePartitionName: "Cu2-DN-PT" },
          { pattern: "8000" },
        ],
        [
          user("JSmith", "{AAAA0000-0000-0000-0000-000000000001}", { primaryExtension: { pattern: "4000", routePartitionName: "cu1-dirnum-pt" }, telephoneNumber: "+13125554000" }),
          user("mgarcia", "{AAAA0000-0000-0000-0000-000000000002}", { primaryExtension: { pattern: "4001", routePartitionName: "Cu2-DN-PT" } }),
          user("lchen", "{AAAA0000-0000-0000-0000-000000000003}"),
        ],
      );
      expect([...snapshot.lines]).to.deep.equal([
        ["4000", [{ partition: "Cu1-DirNum-PT", userid: "JSmith" }]],
        ["4001", [{ partition: "Cu1-DirNum-PT" }, { partition: "Cu2-DN-PT", userid: "mgarcia" }]],
        ["8000", [{ partition: "" }]],
      ]);
      expect([...snapshot.users]).to.deep.equal([
        ["jsmith", { primaryExtension: "4000", telephoneNumber: "+13125554000" }],
        ["lchen", {}],
        ["mgarcia", { primaryExtension: "4001" }],
      ]);
      expect(snapshot).to.not.have.property("catalog");
    });

    it("keeps a catalog when given one", () => {
      const catalog = { routeLists: ["RL"], sipTrunks: [], gateways: [], voicemailProfiles: [], phoneButtonTemplates: [], phoneSecurityProfiles: [], sipProfiles: [], serviceProfiles: [], ipPhoneServices: [], callManagerGroups: [], dateTimeGroups: [], regions: [], srsts: [], presenceGroups: [], commonPhoneConfigs: [], userGroups: [] };
      expect(clusterSnapshotOf([], [], catalog).catalog).to.equal(catalog);
    });

    it("says which subscriber a line's mark names (a line a killed run made before its user pointed at it)", () => {
      const snapshot = clusterSnapshotOf(
        [
          { pattern: "4000", routePartitionName: "Cu2-DN-PT", description: "Ava Davis (ucflow added user, mailbox) [ucflow:Cu2:adavis]" },
          { pattern: "4001", routePartitionName: "Cu2-DN-PT", description: "Cu2 inbound [ucflow:Cu2]" },
          { pattern: "4002", routePartitionName: "Cu2-DN-PT", description: "[ucflow:Cu2:adavis] moved" },
        ],
        [],
      );
      expect([...snapshot.lines]).to.deep.equal([
        ["4000", [{ partition: "Cu2-DN-PT", markedFor: { customer: "Cu2", userid: "adavis" } }]],
        ["4001", [{ partition: "Cu2-DN-PT" }]],
        ["4002", [{ partition: "Cu2-DN-PT" }]],
      ]);
    });

    it("does not give a user a line in another partition than their primary extension's", () => {
      const snapshot = clusterSnapshotOf([{ pattern: "4000", routePartitionName: "Other-PT" }], [user("jsmith", "{A}", { primaryExtension: { pattern: "4000", routePartitionName: "Cu1-DirNum-PT" } })]);
      expect(snapshot.lines.get("4000")).to.deep.equal([{ partition: "Other-PT" }]);
    });
  });

  describe("endUsersOf", () => {
    it("keys users by their uuid (lower case, no braces), sorted, with the attributes the LDAP source names the same way", () => {
      const users = endUsersOf([
        user("mgarcia", "{BBBB0000-0000-0000-0000-000000000002}", { firstName: "Maria", mailid: "mgarcia@contoso.com", department: "Engineering", mobileNumber: "+13125550101", primaryExtension: { pattern: "4001", routePartitionName: "Cu1-DirNum-PT" } }),
        user("jsmith", "{AAAA0000-0000-0000-0000-000000000001}", { department: "", title: "Seller" }),
      ]);
      expect(users).to.deep.equal([
        { id: "aaaa0000-0000-0000-0000-000000000001", attributes: { userId: "jsmith", lastName: "JSMITH", title: "Seller" } },
        {
          id: "bbbb0000-0000-0000-0000-000000000002",
          attributes: { userId: "mgarcia", firstName: "Maria", lastName: "MGARCIA", mail: "mgarcia@contoso.com", department: "Engineering", mobile: "+13125550101", primaryExtension: "4001" },
        },
      ]);
    });

    it("reads attributes as a custom mapping says", () => {
      const [only] = endUsersOf([user("jsmith", "{A}", { mailid: "john@contoso.com", userIdentity: "john@contoso.com" })], { uid: "userid", upn: "userIdentity" });
      expect(only.attributes).to.deep.equal({ uid: "jsmith", upn: "john@contoso.com" });
    });
  });

  it("refuses an attribute mapping to fields listUser does not return, naming each", () => {
    expect(cucmAttributeProblems(CUCM_END_USER_ATTRIBUTES)).to.deep.equal([]);
    const problems = cucmAttributeProblems({ displayName: "displayName", userId: "userid", devices: "associatedDevices" });
    expect(problems).to.have.length(2);
    expect(problems[0]).to.match(/^attributes\.displayName: listUser returns no field "displayName"; it returns firstName, middleName, lastName, userid, /);
    expect(problems[1]).to.match(/^attributes\.devices: listUser returns no field "associatedDevices"/);
  });

  describe("onClusterError", () => {
    it("names the cluster in an AXL error, keeping its code and detail", () => {
      const fault = new AxlFault({ operation: "listing users" }, { fault: { axlcode: -1, axlmessage: "Query request too large", faultstring: "Query request too large" }, axlOperation: "listUser", statusCode: 500 });
      const error = onClusterError("Cluster1", fault) as UcflowError;
      expect(isUcflowError(error)).to.equal(true);
      expect(error.message).to.equal("axl: listing users on Unified CM cluster Cluster1: -1: Query request too large");
      expect(error.code).to.equal("-1");
      expect(error.cause).to.equal(fault);
      // Wrapped once only.
      expect(onClusterError("Cluster1", error)).to.equal(error);
    });

    it("names the cluster in a configuration error, keeping its problems", () => {
      const error = onClusterError("Cluster1", new ConfigurationError("unsupported CUCM version at https://cucm:8443/axl/", ["set ucflow:clusters.Cluster1.version"])) as ConfigurationError;
      expect(error.message).to.equal("unsupported CUCM version at https://cucm:8443/axl/ (reading Unified CM cluster Cluster1):\n  - set ucflow:clusters.Cluster1.version");
    });
  });
});
