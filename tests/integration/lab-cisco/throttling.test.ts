// AXL's throttles and the lab's fault rules on /axl/ (reference §3.2, §3.3; docs/lab-cisco.md):
// writes refused with a non-SOAP HTTP 503 while the change-notification queue is over its
// threshold (and accepted again once it drained), reads in progress capped with "Maximum AXL
// Memory Allocation Consumed" (-1), the AXL buckets in GET /throttling, and fault rules matched
// on the HTTP request (^/axl/$) or on one operation (^/axl/<operation>$).
import { expect } from "chai";
import type { ServiceThrottlingReport } from "../../../lab";
import { axl, faultOf, returnOf, textAt, type AxlLab, withAxlLab } from "./support";
import { waitFor } from "../lab/fixtures/lab-test-support";

const clock = { ms: Date.parse("2025-03-01T12:00:00Z") };

describe("lab AXL simulator: throttling and fault rules", () => {
  let env: AxlLab;
  withAxlLab((lab) => (env = lab), { now: () => clock.ms });

  const partition = (name: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> =>
    axl(env, "addRoutePartition", `<routePartition><name>${name}</name></routePartition>`);
  const report = async (): Promise<ServiceThrottlingReport> => (await env.control.throttling()).services.axl as ServiceThrottlingReport;
  const bucket = async (name: string) => (await report()).buckets.find((candidate) => candidate.name === name);

  afterEach(async () => {
    await env.control.clearFaults();
    await env.control.resetThrottling();
  });

  it("answers writes with HTTP 503 (not SOAP) while the change-notification queue is full, and takes them again once it drained", async () => {
    await env.control.seed("axl", { settings: { throttling: { changeNotifications: { threshold: 3, drainPerSecond: 0.5 } } } });
    await env.control.resetThrottling();
    // A device write queues 2 notifications, any other write 1.
    const phone = await axl(env, "addPhone", "<phone><name>SEP0011223344A0</name><product>Cisco 8845</product><class>Phone</class><protocol>SIP</protocol><devicePoolName>Default</devicePoolName></phone>");
    expect(phone.status).to.equal(200);
    expect((await partition("T-1")).status).to.equal(200);
    const refused = await partition("T-2");
    expect(refused.status).to.equal(503);
    expect(String(refused.headers["content-type"])).to.match(/^text\/html/);
    expect(refused.body).to.include("HTTP Status 503 – Service Unavailable").and.not.include("Envelope");
    expect(refused.headers["retry-after"]).to.equal(undefined);
    // Reads are not throttled by the write queue.
    expect((await axl(env, "getRoutePartition", "<name>T-1</name>")).status).to.equal(200);
    expect(await bucket("writes.changeNotifications")).to.deep.include({ capacity: 3, refillPerSecond: 0.5, consumed: 3, throttled: 1, scope: "Cluster" });
    // The refused write changed nothing; two seconds later the queue has room for it.
    expect(faultOf(await axl(env, "getRoutePartition", "<name>T-2</name>")).axlcode).to.equal(5007);
    clock.ms += 2_000;
    expect((await partition("T-2")).status).to.equal(200);
    await env.control.seed("axl", { settings: { throttling: { enabled: false } } });
    for (const name of ["T-3", "T-4", "T-5"]) expect((await partition(name)).status).to.equal(200);
  });

  it("refuses a read beyond the reads in progress with Maximum AXL Memory Allocation Consumed (-1)", async () => {
    await env.control.seed("axl", { settings: { throttling: { maxConcurrentReads: 2, readDelayMs: 600_000 } } });
    const slow = [axl(env, "getPhone", "<name>SEP00AABB000001</name>"), axl(env, "listUser", "<searchCriteria><userid>%</userid></searchCriteria><returnedTags><userid/></returnedTags>")];
    await waitFor("two AXL reads in progress", async () => (await bucket("reads.concurrent"))?.available === 0);
    const third = faultOf(await axl(env, "getCCMVersion", ""));
    expect(third).to.include({ axlcode: -1, faultcode: "soapenv:Server", request: "getCCMVersion", axlmessage: "Maximum AXL Memory Allocation Consumed. Please retry once requests in progress have completed" });
    // Writes are not reads: they still go through.
    expect((await partition("W-1")).status).to.equal(200);
    // Turning the delay off releases the reads in progress.
    await env.control.seed("axl", { settings: { throttling: { readDelayMs: 0 } } });
    const [phone, users] = await Promise.all(slow);
    expect(textAt(returnOf(phone as never, "getPhone"), "phone", "name")).to.equal("SEP00AABB000001");
    expect(returnOf(users as never, "listUser").children.length).to.equal(5);
    expect(await bucket("reads.concurrent")).to.deep.include({ capacity: 2, refillPerSecond: 0, consumed: 2, throttled: 1, available: 2 });
    expect((await report()).peakConcurrentRequests).to.be.at.least(2);
  });

  it("applies fault rules to the HTTP request on ^/axl/$ in CUCM's shapes", async () => {
    await env.control.addFaults([{ service: "axl", path: "^/axl/$", action: "status", status: 503, count: 1 }]);
    const throttled = await axl(env, "getCCMVersion", "");
    expect(throttled.status).to.equal(503);
    expect(throttled.body).to.include("HTTP Status 503");
    expect((await axl(env, "getCCMVersion", "")).status).to.equal(200);
    await env.control.addFaults([{ service: "axl", path: "^/axl/$", action: "status", status: 500, count: 1 }]);
    const serverError = await axl(env, "getCCMVersion", "");
    expect(serverError.status).to.equal(500);
    expect(serverError.body).to.include("<faultcode>soapenv:Server</faultcode>").and.include("lab fault rule");
  });

  it("applies fault rules to one operation through the pseudo-path /axl/<operation>", async () => {
    const [addPhoneRule] = await env.control.addFaults([{ service: "axl", path: "^/axl/addPhone$", action: "status", status: 503, count: 2 }]);
    const phone = "<phone><name>SEP0011223344B0</name><product>Cisco 8845</product><class>Phone</class><protocol>SIP</protocol><devicePoolName>Default</devicePoolName></phone>";
    expect((await axl(env, "addPhone", phone)).status).to.equal(503);
    // Other operations are not hit.
    expect((await partition("F-1")).status).to.equal(200);
    expect((await axl(env, "getPhone", "<name>SEP00AABB000001</name>")).status).to.equal(200);
    expect((await axl(env, "addPhone", phone)).status).to.equal(503);
    expect((await axl(env, "addPhone", phone)).status).to.equal(200);
    expect((await env.control.faults()).rules.find((rule) => rule.id === addPhoneRule?.id)?.fired).to.equal(2);

    const body = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>custom</faultstring><detail><axlError><axlcode>-1</axlcode><axlmessage>custom</axlmessage><request>getUser</request></axlError></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>";
    await env.control.addFaults([{ service: "axl", path: "^/axl/getUser$", action: "status", status: 500, body, headers: { "content-type": "text/xml;charset=UTF-8" }, count: 1 }]);
    expect(faultOf(await axl(env, "getUser", "<userid>jsmith</userid>"))).to.include({ axlcode: -1, axlmessage: "custom" });

    // A reset on one operation: it runs, and the connection drops before the answer.
    await env.control.addFaults([{ service: "axl", path: "^/axl/addRoutePartition$", action: "reset", count: 1 }]);
    const unanswered = await partition("F-2").then(() => "answered", (error: Error) => error.message);
    expect(unanswered).to.match(/socket hang up|ECONNRESET/);
    expect((await axl(env, "getRoutePartition", "<name>F-2</name>")).status, "the partition was added").to.equal(200);
    await env.control.addFaults([{ service: "axl", path: "^/axl/$", action: "reset", count: 1 }]);
    const dropped = await axl(env, "getUser", "<userid>jsmith</userid>").then(() => "answered", (error: Error) => error.message);
    expect(dropped).to.match(/socket hang up|ECONNRESET/);
  });
});
