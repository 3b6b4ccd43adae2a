// list<Kind> as AXL serves it (reference §3.1, §3.2): searchCriteria required with at least one
// element, SQL LIKE with % and _, returnedTags required and projected (the list type's fields
// only), skip honoured with first, an empty <return/>, and the 8 MB answer limit made small
// by a knob so that a few hundred rows reach it.
import { expect } from "chai";
import { axl, child, children, faultOf, returnOf, textAt, UUID, type AxlLab, withAxlLab } from "./support";

const listLines = (criteria: string, extra = "", tags = "<pattern/><description/>"): string => `<searchCriteria>${criteria}</searchCriteria><returnedTags>${tags}</returnedTags>${extra}`;

describe("lab AXL simulator: list operations", () => {
  let env: AxlLab;
  withAxlLab((lab) => (env = lab));

  const patterns = async (criteria: string, extra = ""): Promise<string[]> =>
    children(returnOf(await axl(env, "listLine", listLines(criteria, extra)), "listLine"), "line").map((line) => textAt(line, "pattern"));

  it("requires searchCriteria with at least one known element, and returnedTags", async () => {
    expect(faultOf(await axl(env, "listLine", "<returnedTags><pattern/></returnedTags>")).axlmessage).to.include("at least one element under searchCriteria");
    expect(faultOf(await axl(env, "listLine", "<searchCriteria/><returnedTags><pattern/></returnedTags>")).axlcode).to.equal(5003);
    expect(faultOf(await axl(env, "listLine", "<searchCriteria><alertingName>%</alertingName></searchCriteria><returnedTags><pattern/></returnedTags>")).axlmessage).to.include("is not a search criterion of listLine");
    expect(faultOf(await axl(env, "listLine", "<searchCriteria><pattern>%</pattern></searchCriteria>")).axlmessage).to.include("returnedTags is required");
  });

  it("matches searchCriteria as SQL LIKE (% any run, _ one character, case ignored), all of them", async () => {
    expect(await patterns("<pattern>400_</pattern>")).to.deep.equal(["4000", "4001", "4002", "4003", "4004", "4005", "4006", "4007", "4008", "4009"]);
    expect(await patterns("<pattern>%8</pattern>")).to.deep.equal(["4008"]);
    expect(await patterns("<description>unassigned</description>")).to.deep.equal(["4004", "4005", "4006", "4007"]);
    expect(await patterns("<pattern>400%</pattern><description>%smith%</description>")).to.deep.equal(["4000"]);
    expect(await patterns("<routePartitionName>Cu1-DirNum-PT</routePartitionName><pattern>4009</pattern>")).to.deep.equal(["4009"]);
    const phones = children(returnOf(await axl(env, "listPhone", "<searchCriteria><devicePoolName>Cu1Si1-%</devicePoolName><name>SEP%</name></searchCriteria><returnedTags><name/><devicePoolName/></returnedTags>"), "listPhone"), "phone");
    expect(phones.map((phone) => textAt(phone, "name"))).to.deep.equal(["SEP00AABB000001", "SEP00AABB000002", "SEP00AABB000003", "SEP00AABB000010"]);
    expect(phones[0]?.attributes.uuid).to.match(UUID);
    expect(phones[0]?.attributes.ctiid).to.match(/^\d+$/);
    expect(child(phones[0], "devicePoolName").attributes.uuid).to.match(UUID);
  });

  it("answers an empty <return/> when nothing matches", async () => {
    const answer = await axl(env, "listUser", "<searchCriteria><lastName>Nobody%</lastName></searchCriteria><returnedTags><userid/></returnedTags>");
    expect(answer.body).to.include("<ns:listUserResponse xmlns:ns=\"http://www.cisco.com/AXL/API/15.0\"><return/></ns:listUserResponse>");
  });

  it("returns only the returnedTags asked for, and only fields of the list type", async () => {
    const users = children(returnOf(await axl(env, "listUser", "<searchCriteria><userid>jsmith</userid></searchCriteria><returnedTags><lastName/><userid/><associatedDevices/><displayName/><password/></returnedTags>"), "listUser"), "user");
    expect(users).to.have.length(1);
    // associatedDevices and displayName are getUser's only (reference §1.1: listUser dropped them); password never.
    expect(users[0]?.children.map((element) => element.local)).to.deep.equal(["lastName", "userid"]);
  });

  it("pages with first and skip, ignoring skip without first", async () => {
    expect(await patterns("<pattern>40%</pattern>", "<skip>2</skip><first>3</first>")).to.deep.equal(["4002", "4003", "4004"]);
    expect(await patterns("<pattern>40%</pattern>", "<skip>8</skip><first>5</first>")).to.deep.equal(["4008", "4009"]);
    expect(await patterns("<pattern>40%</pattern>", "<skip>20</skip><first>5</first>")).to.deep.equal([]);
    expect(await patterns("<pattern>40%</pattern>", "<skip>3</skip>")).to.have.length(10);
    expect(faultOf(await axl(env, "listLine", listLines("<pattern>%</pattern>", "<first>-1</first>"))).axlcode).to.equal(5003);
  });

  it("refuses an answer above the byte limit with Query request too large and a row count that fits", async () => {
    const lines = Array.from({ length: 300 }, (_, i) => ({ kind: "line", pattern: String(70000 + i), description: `Bulk line ${i} with a description long enough to weigh something`, routePartitionName: "Cu1-DirNum-PT" }));
    await env.control.seed("axl", { objects: lines, settings: { throttling: { maxResponseBytes: 20_000 } } });
    const tooLarge = faultOf(await axl(env, "listLine", listLines("<pattern>7%</pattern>")));
    expect(tooLarge.axlcode).to.equal(-1);
    const match = /^Query request too large\. Total rows matched: 300 rows\. Suggestive Row Fetch: less than (\d+) rows$/.exec(tooLarge.axlmessage);
    expect(match, tooLarge.axlmessage).to.not.equal(null);
    const suggested = Number((match as RegExpExecArray)[1]);
    expect(suggested).to.be.greaterThan(0).and.lessThan(300);
    // What the fault suggests fits; fetching page by page gets every row.
    const seen: string[] = [];
    for (let skip = 0; skip < 300; skip += suggested - 1) {
      const answer = await axl(env, "listLine", listLines("<pattern>7%</pattern>", `<skip>${skip}</skip><first>${suggested - 1}</first>`));
      expect(Buffer.byteLength(answer.body)).to.be.lessThan(20_000 + 1_000);
      seen.push(...children(returnOf(answer, "listLine"), "line").map((line) => textAt(line, "pattern")));
    }
    expect(new Set(seen).size).to.equal(300);
    // Narrower returnedTags make rows smaller, so more of them fit.
    const narrow = faultOf(await axl(env, "listLine", listLines("<pattern>7%</pattern>", "", "<pattern/>")));
    const narrowSuggested = Number(/less than (\d+) rows$/.exec(narrow.axlmessage)?.[1]);
    expect(narrowSuggested).to.be.greaterThan(suggested);
  });
});
