// Every read the AXL client can send (the realistic get and list requests of the schema
// cross-check's cases, which validate against Cisco's XSD) against the simulator: each is
// answered, or refused only as "not found", never as a request the simulator cannot serve
// (a returned tag it lacks, an unknown element), so the lab keeps up with the client.
import { expect } from "chai";
import { LAB_AXL_ADMIN } from "../../../lab/cisco";
import { AxlClient } from "../../../provider/backends/axl/client";
import { addCss, addRoutePartition, getCss, listCsses } from "../../../provider/backends/axl/dial-plan";
import { PAYLOAD_CASES } from "../../unit/backends/axl/payloads";
import { type AxlLab, withAxlLab } from "./support";

const READS = PAYLOAD_CASES.filter((c) => c.kind === "realistic" && /^(get|list)/.test(c.operation));

describe("lab AXL simulator serves every read the client sends", () => {
  let env: AxlLab;
  withAxlLab((lab) => (env = lab));

  it(`answers all ${READS.length} get and list requests, or says the object is not there`, async () => {
    const client = new AxlClient({ host: env.baseUrl, username: LAB_AXL_ADMIN.userid, password: LAB_AXL_ADMIN.password, ca: env.lab.caCertPem });
    const refused: string[] = [];
    for (const read of READS) {
      try {
        await read.run(client);
      } catch (error) {
        const code = (error as { axlcode?: number }).axlcode;
        // 5007: no such object (the cases name objects the seed may not have).
        if (code !== 5007) refused.push(`${read.operation}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    expect(READS.length).to.be.greaterThan(40);
    expect(refused).to.deep.equal([]);
  });

  it("answers a calling search space's clause: its partitions in member order, by get and list", async () => {
    const client = new AxlClient({ host: env.baseUrl, username: LAB_AXL_ADMIN.userid, password: LAB_AXL_ADMIN.password, ca: env.lab.caCertPem });
    await addRoutePartition(client, { name: "Clause-B-PT" });
    await addRoutePartition(client, { name: "Clause-A-PT" });
    await addCss(client, { name: "Clause-CSS", members: [{ routePartitionName: "Clause-B-PT", index: 2 }, { routePartitionName: "Clause-A-PT", index: 1 }] });
    expect((await getCss(client, { name: "Clause-CSS" })).clause).to.equal("Clause-A-PT:Clause-B-PT");
    const listed = await listCsses(client, { name: "Clause-%" });
    expect(listed.map((c) => c.clause)).to.deep.equal(["Clause-A-PT:Clause-B-PT"]);
  });
});
