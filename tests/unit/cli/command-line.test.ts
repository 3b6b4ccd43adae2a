import { expect } from "chai";
import { parseArgs } from "node:util";
import { EXIT, runCommandLine } from "../../../sdk/cli/command-line";
import { UsageError, type CommandIo, type Verb } from "../../../sdk/cli/verb";
import { VERBS } from "../../../sdk/cli/verbs";

function capture(): CommandIo & { out: string; err: string } {
  const io = { out: "", err: "", env: {}, cwd: "/", stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

const ran: string[][] = [];
const echo: Verb = {
  name: "echo",
  summary: "prints its --text",
  load: () => ({
    usage: "usage: ucflow echo --text T",
    run: async (args, io) => {
      ran.push([...args]);
      const { values, positionals } = parseArgs({ args: [...args], options: { text: { type: "string" } }, strict: true, allowPositionals: true });
      if (positionals.length > 0) throw new UsageError(`takes no arguments, got ${positionals[0]}`);
      io.stdout(`${values.text}\n`);
      return EXIT.ok;
    },
  }),
};
const broken: Verb = { name: "broken", summary: "cannot load", load: () => { throw new Error("not installed"); } };

describe("ucflow command line", () => {
  beforeEach(() => ran.splice(0));

  it("runs the verb with the arguments after its name", async () => {
    const io = capture();
    expect(await runCommandLine(["echo", "--text", "hi"], [echo], io)).to.equal(0);
    expect(io.out).to.equal("hi\n");
    expect(ran).to.deep.equal([["--text", "hi"]]);
  });

  it("lists every verb with its summary for --help, and exits 0", async () => {
    const io = capture();
    expect(await runCommandLine(["--help"], [echo, broken], io)).to.equal(0);
    expect(io.out).to.match(/^usage: ucflow <verb>/).and.to.include("echo    prints its --text").and.to.include("broken  cannot load");
  });

  it("answers <verb> --help with the verb's usage without running it", async () => {
    const io = capture();
    expect(await runCommandLine(["echo", "--text", "x", "--help"], [echo], io)).to.equal(0);
    expect(io.out).to.equal("usage: ucflow echo --text T\n");
    expect(ran).to.deep.equal([]);
  });

  it("exits 2 with one line and the usage for no verb, an unknown verb, an unknown flag or an argument", async () => {
    for (const [args, line] of [
      [[], "ucflow: no verb given"],
      [["ehco"], 'ucflow: unknown verb "ehco"; verbs are echo'],
      [["echo", "--txt", "x"], "ucflow echo: Unknown option '--txt'"],
      [["echo", "stray"], "ucflow echo: takes no arguments, got stray"],
    ] as const) {
      const io = capture();
      expect(await runCommandLine(args, [echo], io), args.join(" ")).to.equal(EXIT.error);
      expect(io.out).to.equal("");
      const [first, ...rest] = io.err.split("\n");
      expect(first).to.include(line);
      expect(rest.join("\n")).to.match(/^usage: ucflow/);
    }
  });

  it("exits 2 naming the verb when its implementation cannot be loaded", async () => {
    const io = capture();
    expect(await runCommandLine(["broken"], [broken], io)).to.equal(2);
    expect(io.err).to.equal("ucflow broken: not installed\n");
  });

  it("has a --help for every verb of the command", async () => {
    expect(VERBS.map((v) => v.name)).to.include.members(["demo", "lab", "preview", "drift"]);
    for (const verb of VERBS) {
      const io = capture();
      expect(await runCommandLine([verb.name, "--help"], VERBS, io), verb.name).to.equal(0);
      expect(io.out).to.match(new RegExp(`^usage: ucflow ${verb.name}`));
      expect(io.out).to.match(/exit 0/);
    }
  });

  it("refuses a --max-chars that is not a whole number, before running pulumi", async () => {
    const io = capture();
    expect(await runCommandLine(["preview", "--markdown", "--max-chars", "ten"], VERBS, io)).to.equal(EXIT.error);
    expect(io.err.split("\n")[0]).to.match(/--max-chars must be a whole number/);
  });
});
