// The AXL simulator's pure decisions: which schema serves a request (SOAPAction, namespace,
// 1.0, 599), SQL LIKE matching of searchCriteria, the write queue and read cap, sessions.
import { expect } from "chai";
import { AxlFault, AxlSessions, AxlThrottle, decideSchemaVersion, defaultAxlSettings, LAB_AXL_ADMIN, LAB_AXL_NO_ACCESS, LAB_AXL_READ_ONLY, likeMatcher, namespaceVersion, parseSoapAction } from "../../../lab/cisco";

const NS = (version: string): string => `http://www.cisco.com/AXL/API/${version}`;
const ACCEPTED = ["12.5", "14.0", "15.0"] as const;

describe("AXL simulator: schema version decision", () => {
  it("parses SOAPAction with or without quotes, and treats an empty one as absent", () => {
    expect(parseSoapAction('"CUCM:DB ver=15.0 addPhone"')).to.deep.equal({ version: "15.0", operation: "addPhone" });
    expect(parseSoapAction("CUCM:DB ver=12.5 getUser")).to.deep.equal({ version: "12.5", operation: "getUser" });
    expect(parseSoapAction('""')).to.equal(undefined);
    expect(parseSoapAction(undefined)).to.equal(undefined);
    expect(parseSoapAction("urn:addPhone")).to.equal("malformed");
    expect(namespaceVersion(NS("14.0"))).to.equal("14.0");
    expect(namespaceVersion("http://www.cisco.com/AXLAPIService/")).to.equal(undefined);
  });

  it("serves the version SOAPAction and namespace agree on, the namespace's without SOAPAction, the oldest for 1.0", () => {
    expect(decideSchemaVersion('"CUCM:DB ver=14.0 getUser"', NS("14.0"), "getUser", ACCEPTED)).to.deep.equal({ kind: "served", version: "14.0" });
    expect(decideSchemaVersion(undefined, NS("12.5"), "getUser", ACCEPTED)).to.deep.equal({ kind: "served", version: "12.5" });
    expect(decideSchemaVersion(undefined, NS("1.0"), "getCCMVersion", ACCEPTED)).to.deep.equal({ kind: "served", version: "12.5" });
    expect(decideSchemaVersion(undefined, NS("1.0"), "getCCMVersion", ["15.0", "12.0", "14.0"])).to.deep.equal({ kind: "served", version: "12.0" });
  });

  it("answers 599 with the accepted list for a version the cluster does not serve", () => {
    expect(decideSchemaVersion('"CUCM:DB ver=11.5 getUser"', NS("11.5"), "getUser", ACCEPTED)).to.deep.equal({ kind: "unsupported", body: "Incorrect axl version. Supported axl versions: 12.5,14.0,15.0" });
    expect(decideSchemaVersion(undefined, NS("16.0"), "getUser", ACCEPTED).kind).to.equal("unsupported");
  });

  it("refuses disagreeing SOAPAction and body, and a body outside the AXL namespace", () => {
    const refused = (action: string | undefined, uri: string, operation = "getUser"): string => {
      try {
        decideSchemaVersion(action, uri, operation, ACCEPTED);
      } catch (error) {
        expect(error).to.be.instanceOf(AxlFault);
        return (error as AxlFault).message;
      }
      throw new Error("expected a fault");
    };
    expect(refused('"CUCM:DB ver=15.0 getUser"', NS("14.0"))).to.include("both must name the same version");
    expect(refused('"CUCM:DB ver=15.0 getPhone"', NS("15.0"))).to.include("names operation getPhone");
    expect(refused(undefined, "urn:other")).to.include("not http://www.cisco.com/AXL/API/<version>");
    expect(refused("getUser", NS("15.0"))).to.include("is not of the form");
  });
});

describe("AXL simulator: searchCriteria LIKE", () => {
  it("matches % as any run, _ as one character, ignoring case, and escapes with backslash", () => {
    expect(likeMatcher("SEP%")("SEP00AABB000001")).to.equal(true);
    expect(likeMatcher("SEP%")("CSFJSMITH")).to.equal(false);
    expect(likeMatcher("400_")("4001")).to.equal(true);
    expect(likeMatcher("400_")("40012")).to.equal(false);
    expect(likeMatcher("%")("")).to.equal(true);
    expect(likeMatcher("jsmith")("JSmith")).to.equal(true);
    expect(likeMatcher("a.b")("axb")).to.equal(false);
    expect(likeMatcher("\\+1%")("+13125554000")).to.equal(true);
    expect(likeMatcher("100\\%")("100%")).to.equal(true);
    expect(likeMatcher("100\\%")("1000")).to.equal(false);
    expect(likeMatcher("[2-9]X")("[2-9]X")).to.equal(true);
  });
});

describe("AXL simulator: throttles", () => {
  it("refuses writes while the change-notification queue is above its threshold, and drains it over time", () => {
    let now = 0;
    const settings = { ...defaultAxlSettings().throttling, changeNotifications: { threshold: 4, drainPerSecond: 2 } };
    const throttle = new AxlThrottle(settings, () => now);
    for (const cost of [2, 1, 1]) {
      expect(throttle.writeAllowed(settings, cost)).to.equal(true);
      throttle.chargeWrite(settings, cost);
    }
    expect(throttle.writeAllowed(settings, 1)).to.equal(false);
    now += 500;
    expect(throttle.writeAllowed(settings, 1)).to.equal(true);
    expect(throttle.writeAllowed(settings, 2)).to.equal(false);
    const report = throttle.report(settings).buckets.find((bucket) => bucket.name === "writes.changeNotifications");
    expect(report).to.deep.include({ consumed: 4, throttled: 2, capacity: 4, refillPerSecond: 2 });
    expect(throttle.writeAllowed({ ...settings, enabled: false }, 100)).to.equal(true);
  });

  it("caps reads in progress by count and by the bytes of their answers", () => {
    const settings = { ...defaultAxlSettings().throttling, maxConcurrentReads: 2, maxConcurrentResponseBytes: 1000 };
    const throttle = new AxlThrottle(settings);
    const first = throttle.beginRead(settings);
    const second = throttle.beginRead(settings);
    expect(first.ok && second.ok).to.equal(true);
    expect(throttle.beginRead(settings).ok).to.equal(false);
    if (!first.ok || !second.ok) return;
    expect(first.reserve(800)).to.equal(true);
    expect(second.reserve(300)).to.equal(false);
    first.release();
    first.release(); // twice is once
    expect(throttle.readsInFlight).to.equal(1);
    expect(second.reserve(300)).to.equal(true);
    second.release();
    expect(throttle.report(settings).buckets.find((bucket) => bucket.name === "reads.concurrent")).to.deep.include({ consumed: 2, throttled: 2, available: 2 });
  });
});

describe("AXL simulator: sessions", () => {
  const users = [LAB_AXL_ADMIN, LAB_AXL_READ_ONLY, LAB_AXL_NO_ACCESS];
  const basic = (userid: string, password: string): string => `Basic ${Buffer.from(`${userid}:${password}`).toString("base64")}`;

  it("tells full, read-only and no access apart, and refuses wrong or malformed credentials", () => {
    const sessions = new AxlSessions();
    expect(sessions.authenticate({ authorization: basic(LAB_AXL_ADMIN.userid, LAB_AXL_ADMIN.password) }, users, 60)).to.include({ kind: "authenticated", access: "full" });
    expect(sessions.authenticate({ authorization: basic(LAB_AXL_READ_ONLY.userid, LAB_AXL_READ_ONLY.password) }, users, 60)).to.include({ access: "read-only" });
    expect(sessions.authenticate({ authorization: basic(LAB_AXL_NO_ACCESS.userid, LAB_AXL_NO_ACCESS.password) }, users, 60)).to.include({ access: "none" });
    expect(sessions.authenticate({ authorization: basic(LAB_AXL_ADMIN.userid, "wrong") }, users, 60).kind).to.equal("unauthorized");
    expect(sessions.authenticate({ authorization: "Bearer abc" }, users, 60).kind).to.equal("unauthorized");
    expect(sessions.authenticate({}, users, 60).kind).to.equal("unauthorized");
  });

  it("reuses a session cookie until it has been idle longer than the limit", () => {
    let now = 0;
    const sessions = new AxlSessions(() => now);
    const login = sessions.authenticate({ authorization: basic(LAB_AXL_ADMIN.userid, LAB_AXL_ADMIN.password) }, users, 60);
    const cookie = login.kind === "authenticated" ? (login.setCookie ?? "").split(";")[0] : "";
    expect(cookie).to.match(/^JSESSIONIDSSO=[0-9A-F]{32}$/);
    now += 59_000;
    expect(sessions.authenticate({ cookie: `other=1; ${cookie}` }, users, 60)).to.include({ kind: "authenticated", userid: "axladmin" });
    now += 60_001;
    expect(sessions.authenticate({ cookie }, users, 60).kind).to.equal("session-expired");
    // A user removed from the cluster loses their sessions.
    const again = sessions.authenticate({ authorization: basic(LAB_AXL_ADMIN.userid, LAB_AXL_ADMIN.password) }, users, 60);
    const second = again.kind === "authenticated" ? (again.setCookie ?? "").split(";")[0] : "";
    expect(sessions.authenticate({ cookie: second }, [LAB_AXL_READ_ONLY], 60).kind).to.equal("session-expired");
  });
});
