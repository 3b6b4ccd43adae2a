// npm soap 1.13.0's client against the simulator, on a tiny hand-written WSDL with Cisco's names
// (fixtures/axl-subset.wsdl): its request shape (soap: envelope, its own operation prefix,
// SOAPAction from the binding, children in schema order) is accepted, its parser reads the
// answers (attributes, $value of attributed elements, repeated elements as arrays), and AXL
// faults reach it as err.root.Envelope.Body.Fault.detail.axlError (reference §5.2, §3.4).
import { expect } from "chai";
import * as https from "node:https";
import * as path from "node:path";
import * as soap from "soap";
import { LAB_AXL_ADMIN } from "../../../lab/cisco";
import { type AxlLab, withAxlLab, UUID } from "./support";

const WSDL = path.resolve(__dirname, "../../../../tests/integration/lab-cisco/fixtures/axl-subset.wsdl");

type Method = (args: unknown, options?: Record<string, unknown>) => Promise<[Record<string, any>, string, unknown, string]>;

describe("lab AXL simulator with npm soap's client", () => {
  let env: AxlLab;
  let client: soap.Client & Record<string, Method>;
  let agent: https.Agent;
  withAxlLab((lab) => (env = lab));

  before(async () => {
    client = (await soap.createClientAsync(WSDL, { disableCache: true })) as soap.Client & Record<string, Method>;
    client.setEndpoint(env.axlUrl);
    client.setSecurity(new soap.BasicAuthSecurity(LAB_AXL_ADMIN.userid, LAB_AXL_ADMIN.password));
    agent = new https.Agent({ ca: env.lab.caCertPem, keepAlive: true });
  });

  after(() => agent.destroy());

  const call = (name: string, args: unknown): ReturnType<Method> => (client[`${name}Async`] as Method)(args, { httpsAgent: agent });

  it("sends node-soap's envelope, which the simulator serves, and reads the answers", async () => {
    const [version] = await call("getCCMVersion", {});
    expect(version.return.componentVersion.version).to.equal("15.0.1.12900-1");
    const request = client.lastRequest ?? "";
    expect(request).to.match(/<soap:Envelope /).and.match(/<(\w+):getCCMVersion [^>]*xmlns:\1="http:\/\/www\.cisco\.com\/AXL\/API\/15\.0"/);
    expect(client.lastRequestHeaders?.SOAPAction ?? client.lastRequestHeaders?.soapAction).to.equal('"CUCM:DB ver=15.0 getCCMVersion"');

    // Object order differs from schema order (usage before pattern); node-soap reorders.
    const [added] = await call("addLine", { line: { usage: "Device", routePartitionName: "Cu1-DirNum-PT", pattern: "4200", description: "node-soap" } });
    expect(added.return).to.match(UUID);

    const [read] = await call("getLine", { pattern: "4200", routePartitionName: "Cu1-DirNum-PT", returnedTags: { pattern: "", description: "", routePartitionName: "" } });
    expect(read.return.line.attributes.uuid).to.equal(added.return);
    expect(read.return.line.pattern).to.equal("4200");
    expect(read.return.line.routePartitionName.$value).to.equal("Cu1-DirNum-PT");
    expect(read.return.line.routePartitionName.attributes.uuid).to.match(UUID);

    const [list] = await call("listLine", { searchCriteria: { pattern: "400%" }, returnedTags: { pattern: "", description: "" }, first: 2 });
    expect(list.return.line.map((line: { pattern: string }) => line.pattern)).to.deep.equal(["4000", "4001"]);

    const [devices] = await call("getLine", { pattern: "4001", routePartitionName: "Cu1-DirNum-PT", returnedTags: { associatedDevices: "" } });
    expect(devices.return.line.associatedDevices.device).to.deep.equal(["CSFMGARCIA", "SEP00AABB000002"]);

    const [removed] = await call("removeLine", { uuid: added.return });
    expect(removed.return).to.equal(added.return);
  });

  it("hands AXL faults to node-soap with axlcode and axlmessage", async () => {
    let caught: { root?: any; message: string } | undefined;
    try {
      await call("getLine", { pattern: "4999", routePartitionName: "Cu1-DirNum-PT" });
    } catch (error) {
      caught = error as { root?: any; message: string };
    }
    expect(caught, "getLine of a missing line must fail").to.not.equal(undefined);
    const fault = caught?.root?.Envelope?.Body?.Fault;
    expect(fault.faultcode).to.equal("soapenv:Server");
    expect(String(fault.detail.axlError.axlcode)).to.equal("5007");
    expect(fault.detail.axlError.axlmessage).to.equal("Item not valid: The specified Line was not found");
    expect(caught?.message).to.include("Item not valid: The specified Line was not found");

    let duplicate: { root?: any } | undefined;
    await call("addLine", { line: { pattern: "4000", routePartitionName: "Cu1-DirNum-PT" } }).catch((error: { root?: any }) => (duplicate = error));
    expect(String(duplicate?.root?.Envelope?.Body?.Fault?.detail?.axlError?.axlcode)).to.equal("4052");
  });
});
