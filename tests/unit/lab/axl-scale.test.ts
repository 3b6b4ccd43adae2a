// The AXL simulator at provisioning scale: with 10,000 users, lines and phones, get, add,
// update, rename and remove must look at as few objects as with the seeded cluster's handful
// (lookups go through indexes by uuid and natural key, and references through a reverse index);
// only list walks a kind. No timing: every stored object is wrapped in a proxy that counts the
// objects a request reads.
import { expect } from "chai";
import {
  applyAxlSeed,
  ClusterIndex,
  deterministicUuids,
  newAxlUuid,
  readOperation,
  resolveOperation,
  seedCluster1,
  type AxlClusterState,
  type OperationContext,
  type StoredObject,
} from "../../../lab/cisco";

const BULK = 10_000;

/** Cluster1, plus `count` users each with a line and a phone. */
function cluster(count: number): AxlClusterState {
  const state = seedCluster1((seeded) => new ClusterIndex(seeded));
  if (count === 0) return state;
  const objects: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const id = String(i).padStart(5, "0");
    objects.push({ kind: "user", userid: `bulk${id}`, lastName: `Bulk ${id}`, department: "Bulk" });
    objects.push({ kind: "line", pattern: `5${id}`, routePartitionName: "Cu1-DirNum-PT", description: `Bulk ${id}` });
    objects.push({ kind: "phone", name: `SEP00BB000${id}`, product: "Cisco 8845", class: "Phone", protocol: "SIP", devicePoolName: "Cu1Si1-DevicePool", ownerUserName: `bulk${id}`, lines: [{ index: 1, dirn: { pattern: `5${id}`, routePartitionName: "Cu1-DirNum-PT" }, associatedEndusers: [{ userId: `bulk${id}` }] }] });
  }
  applyAxlSeed(state, new ClusterIndex(state), { objects }, deterministicUuids("bulk"));
  return state;
}

/** Wraps every stored object in a proxy counting the distinct objects read, then indexes the result. */
function instrument(state: AxlClusterState): { index: ClusterIndex; touched: () => number; clear: () => void } {
  const seen = new Set<string>();
  for (const records of Object.values(state.objects)) {
    for (const [uuid, object] of Object.entries(records as Record<string, StoredObject>)) {
      (records as Record<string, StoredObject>)[uuid] = new Proxy(object, {
        get(target, key, receiver) {
          seen.add(target.uuid);
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
    }
  }
  const index = new ClusterIndex(state);
  seen.clear();
  return { index, touched: () => seen.size, clear: () => seen.clear() };
}

const envelope = (operation: string, inner: string): string =>
  `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.cisco.com/AXL/API/15.0"><soapenv:Body><ns:${operation}>${inner}</ns:${operation}></soapenv:Body></soapenv:Envelope>`;

const REQUESTS: readonly (readonly [string, string])[] = [
  ["getPhone", "<name>SEP00AABB000001</name>"],
  ["getLine", "<pattern>4001</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName>"],
  ["getUser", "<userid>mgarcia</userid>"],
  ["addLine", "<line><pattern>4444</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName></line>"],
  ["addPhone", "<phone><name>SEP00CC00000001</name><product>Cisco 8845</product><class>Phone</class><protocol>SIP</protocol><devicePoolName>Cu1Si1-DevicePool</devicePoolName><ownerUserName>lchen</ownerUserName><lines><line><index>1</index><dirn><pattern>4444</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName></dirn></line></lines></phone>"],
  ["updateUser", "<userid>lchen</userid><department>Moved</department><associatedDevices><device>SEP00CC00000001</device></associatedDevices>"],
  ["updatePhone", "<name>SEP00CC00000001</name><description>renamed</description><newName>SEP00CC00000002</newName>"],
  ["updateLine", "<pattern>4444</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName><newPattern>4445</newPattern>"],
  ["removePhone", "<name>SEP00CC00000002</name>"],
  ["removeLine", "<pattern>4445</pattern><routePartitionName>Cu1-DirNum-PT</routePartitionName>"],
  ["updateRoutePartition", "<name>Cu1-Translation-PT</name><description>touches its own referrers only</description>"],
];

/** Objects each request reads. */
function measure(state: AxlClusterState): Record<string, number> {
  const { index, touched, clear } = instrument(state);
  const measured: Record<string, number> = {};
  for (const [operation, inner] of REQUESTS) {
    const request = readOperation(envelope(operation, inner));
    const resolved = resolveOperation(operation, "15.0");
    if (!resolved) throw new Error(`no operation ${operation}`);
    const context: OperationContext = { state, index, version: "15.0", operation, caller: "test", now: Date.now, newUuid: newAxlUuid };
    clear();
    resolved.run(request, context);
    measured[operation] = touched();
  }
  clear();
  const list = resolveOperation("listUser", "15.0");
  list?.run(readOperation(envelope("listUser", "<searchCriteria><userid>%</userid></searchCriteria><returnedTags><userid/></returnedTags><first>10</first>")), { state, index, version: "15.0", operation: "listUser", caller: "test", now: Date.now, newUuid: newAxlUuid });
  measured.listUser = touched();
  return measured;
}

describe("lab AXL simulator at scale (10,000 users, lines and phones)", function () {
  // Building 30,000 objects through the seed's checks takes a few seconds on a shared machine.
  this.timeout(120_000);

  it("reads as few objects per get/add/update/remove with 10,000 subscribers as with the seed, and list walks the kind", () => {
    const small = measure(cluster(0));
    const large = measure(cluster(BULK));
    const { listUser: smallList, ...smallRest } = small;
    const { listUser: largeList, ...largeRest } = large;
    expect(largeRest).to.deep.equal(smallRest);
    for (const [operation, count] of Object.entries(largeRest)) expect(count, operation).to.be.at.most(12);
    expect(smallList).to.equal(5);
    expect(largeList).to.equal(BULK + 5);
  });
});
