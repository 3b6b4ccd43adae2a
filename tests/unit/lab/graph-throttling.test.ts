// Graph's throttling model, pure: which workload a path belongs to, the documented resource
// unit costs and modifiers, tenant sizes, and a GraphThrottle on a fake clock refusing with the
// right Retry-After and scope headers, then letting requests through as the bucket refills.
import { expect } from "chai";
import { defaultGraphThrottling, GraphThrottle, graphWorkload, identityResourceUnits, identityWrites, tenantSize } from "../../../lab/microsoft";

const request = (method: string, path: string, query = "") => ({ method, path, query: new URLSearchParams(query) });

describe("lab Graph throttling model (pure)", () => {
  it("puts users, their licenses, groups and memberships, subscribedSkus and organization under identity, extensions and /admin/teams under their own", () => {
    expect(["/users", "/users/", "/users/$count", "/users/delta", "/users/a@b.c", "/users/x/assignLicense", "/users/x/licenseDetails", "/subscribedSkus", "/subscribedSkus/x", "/organization"].map(graphWorkload)).to.deep.equal(new Array(10).fill("identity"));
    expect(graphWorkload("/users/x/extensions")).to.equal("extensions");
    expect(graphWorkload("/users/x/extensions/com.x")).to.equal("extensions");
    expect(graphWorkload("/admin/teams/telephoneNumberManagement/numberAssignments")).to.equal("teamsAdministration");
    expect(graphWorkload("/admin/teams/userConfigurations/x")).to.equal("teamsAdministration");
    expect(graphWorkload("/$batch")).to.equal(undefined);
    expect(["/groups", "/groups/g", "/groups/g/members/$ref", "/users/x/memberOf"].map(graphWorkload)).to.deep.equal(new Array(4).fill("identity"));
    expect(graphWorkload("/applications")).to.equal(undefined);
  });

  it("charges the documented base costs and modifiers, never under 1", () => {
    expect(identityResourceUnits(request("GET", "/users"))).to.equal(2);
    expect(identityResourceUnits(request("GET", "/users", "$select=id"))).to.equal(1);
    expect(identityResourceUnits(request("GET", "/users", "$select=id&$top=5"))).to.equal(1);
    expect(identityResourceUnits(request("GET", "/users", "$top=20"))).to.equal(2);
    expect(identityResourceUnits(request("GET", "/users", "$expand=extensions"))).to.equal(3);
    expect(identityResourceUnits(request("GET", "/subscribedSkus"))).to.equal(3);
    expect(identityResourceUnits(request("GET", "/users/x/licenseDetails"))).to.equal(2);
    expect(identityResourceUnits(request("GET", "/users/x"))).to.equal(1);
    expect(identityResourceUnits(request("PATCH", "/users/x"))).to.equal(1);
    expect(identityWrites(request("PATCH", "/users/x"))).to.equal(1);
    expect(identityWrites(request("POST", "/users/x/assignLicense"))).to.equal(1);
    expect(identityWrites(request("GET", "/users/x"))).to.equal(0);
  });

  it("sizes tenants as the docs do: S under 50 users, M 50 to 500, L above 500", () => {
    expect([0, 49, 50, 500, 501, 10_000].map(tenantSize)).to.deep.equal(["small", "small", "medium", "medium", "large", "large"]);
  });

  it("refuses with Retry-After until the bucket refills, on a fake clock", () => {
    let now = 0;
    const throttle = new GraphThrottle(() => now);
    const settings = { ...defaultGraphThrottling(), identity: { ...defaultGraphThrottling().identity, applicationWrites: { limit: 2, windowSeconds: 10 } } };
    const caller = { appId: "app", tenantId: "tenant", users: 64 };
    const patch = () => throttle.admit(settings, request("PATCH", "/users/x"), caller);
    expect(patch()).to.deep.equal({ "x-ms-resource-unit": "1" });
    patch();
    const refused = (() => {
      try {
        patch();
      } catch (error) {
        return error as { status: number; headers: Record<string, string> };
      }
      throw new Error("not refused");
    })();
    expect(refused.status).to.equal(429);
    expect(refused.headers).to.deep.include({ "retry-after": "5", "x-ms-throttle-scope": "Tenant_Application/Write/app/tenant", "x-ms-throttle-information": "WriteLimitExceeded" });
    now = 4_999;
    expect(() => patch()).to.throw();
    now = 10_000;
    expect(patch()).to.have.property("x-ms-resource-unit", "1");
    const report = throttle.limiter.report(true).buckets.find((bucket) => bucket.name === "identity.applicationWrites");
    expect(report).to.include({ consumed: 3, throttled: 2, scope: "Tenant_Application", appId: "app" });
  });
});
