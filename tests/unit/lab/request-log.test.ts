// The request log's bookkeeping: seq order, the service and since filters, the bound (oldest
// entries dropped and counted), clear (seq numbers go on), and the default write rule.
import { expect } from "chai";
import { describeHttpRequest, RequestLog, type LoggedRequest } from "../../../lab/request-log";
import { operationChangesState } from "../../../lab/cisco/axl/operations/dispatch";

const entry = (service: string, method: string, path: string, status = 200): Omit<LoggedRequest, "seq"> => ({ at: "2026-01-01T00:00:00.000Z", service, method, path, status, write: describeHttpRequest(method).write });

describe("lab request log", () => {
  it("numbers entries from 1 in the order they are recorded and filters by service and since", () => {
    const log = new RequestLog();
    log.record(entry("graph", "GET", "/v1.0/users"));
    log.record(entry("axl", "POST", "/axl/"));
    log.record(entry("graph", "PATCH", "/v1.0/users/a", 204));
    expect(log.list().requests.map((e) => e.seq)).to.deep.equal([1, 2, 3]);
    expect(log.list({ service: "graph" }).requests.map((e) => e.path)).to.deep.equal(["/v1.0/users", "/v1.0/users/a"]);
    expect(log.list({ since: 1 }).requests.map((e) => e.seq)).to.deep.equal([2, 3]);
    expect(log.list({ since: 3 }).requests).to.deep.equal([]);
    expect(log.list({ since: 0, service: "axl" }).requests.map((e) => e.seq)).to.deep.equal([2]);
    expect(log.list().dropped).to.equal(0);
  });

  it("keeps only the last maxEntries and counts what it dropped", () => {
    const log = new RequestLog(3);
    for (let i = 1; i <= 10; i += 1) log.record(entry("cupi", "GET", `/vmrest/users/${i}`));
    const page = log.list();
    expect(page.requests.map((e) => e.seq)).to.deep.equal([8, 9, 10]);
    expect(page.dropped).to.equal(7);
    expect(log.list({ since: 2 }).requests.map((e) => e.seq)).to.deep.equal([8, 9, 10]);
    expect(log.list({ since: 9 }).requests.map((e) => e.seq)).to.deep.equal([10]);
  });

  it("clear empties the log and resets the dropped count, and seq numbers go on", () => {
    const log = new RequestLog(2);
    for (let i = 0; i < 3; i += 1) log.record(entry("teams", "GET", "/x"));
    expect(log.clear()).to.equal(2);
    expect(log.list()).to.deep.equal({ requests: [], dropped: 0 });
    expect(log.record(entry("teams", "GET", "/x")).seq).to.equal(4);
  });

  it("refuses a bound below 1", () => {
    expect(() => new RequestLog(0)).to.throw(/at least 1, got 0/);
    expect(() => new RequestLog(1.5)).to.throw(/whole number/);
  });

  it("calls POST, PUT, PATCH and DELETE writes by default, GET not", () => {
    expect(["GET", "POST", "PUT", "PATCH", "DELETE", "delete"].map((m) => describeHttpRequest(m).write)).to.deep.equal([false, true, true, true, true, true]);
  });

  it("tells AXL operations that change the cluster by name", () => {
    const writes = ["addPhone", "updateUser", "removeLine", "doDeviceReset", "resetPhone", "restartPhone", "applyPhone", "doDeviceLogin", "executeSQLUpdate", "wipePhone"];
    const reads = ["getPhone", "listUser", "getCCMVersion", "executeSQLQuery", "address", "update"];
    expect(writes.filter((name) => !operationChangesState(name))).to.deep.equal([]);
    expect(reads.filter((name) => operationChangesState(name))).to.deep.equal([]);
  });
});
