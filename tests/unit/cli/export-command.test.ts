import { expect } from "chai";
import { parse } from "yaml";
import { runCommandLine } from "../../../sdk/cli/command-line";
import { definitionYaml } from "../../../sdk/cli/export-command";
import { ucflowConfigLookup } from "../../../sdk/cli/stack-config";
import type { CommandIo } from "../../../sdk/cli/verb";
import { VERBS } from "../../../sdk/cli/verbs";

function capture(): CommandIo & { out: string; err: string } {
  // No pulumi on this PATH: a run that got past the flags would fail to read the stack, not hang.
  const io = { out: "", err: "", env: { PATH: "/nonexistent" }, cwd: "/tmp", stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

describe("ucflow export (flags, stack config, the file)", () => {
  it("is listed in ucflow --help and describes every flag in its own --help", async () => {
    const help = capture();
    expect(await runCommandLine(["--help"], VERBS, help)).to.equal(0);
    expect(help.out).to.match(/^ {2}export +read a live tenant or cluster/m);
    const own = capture();
    expect(await runCommandLine(["export", "--help"], VERBS, own)).to.equal(0);
    for (const flag of ["--stack", "--cwd", "--platform", "--cluster", "--customer-code", "--out"]) expect(own.out).to.include(flag);
  });

  const refused: readonly (readonly [string, readonly string[], RegExp])[] = [
    ["no customer code", ["--out", "x.yaml"], /--customer-code is required/],
    ["a bad customer code", ["--customer-code", "1abc", "--out", "x.yaml"], /--customer-code must be a letter then up to 15 letters or digits, e\.g\. Cu1; got "1abc"/],
    ["no --out", ["--customer-code", "Cu1"], /--out is required/],
    ["an --out that is not YAML", ["--customer-code", "Cu1", "--out", "x.json"], /--out must name a \.yaml or \.yml file; got "x\.json"/],
    ["an unknown platform", ["--customer-code", "Cu1", "--out", "x.yaml", "--platform", "webex"], /--platform must be teams or cucm; got "webex"/],
    ["--cluster on Teams", ["--customer-code", "Cu1", "--out", "x.yaml", "--cluster", "c1"], /--cluster applies to --platform cucm only/],
    ["an argument", ["--customer-code", "Cu1", "--out", "x.yaml", "extra"], /takes no arguments, got "extra"/],
  ];
  for (const [what, args, message] of refused) {
    it(`exits 2 with the usage on ${what}`, async () => {
      const io = capture();
      expect(await runCommandLine(["export", ...args], VERBS, io)).to.equal(2);
      expect(io.err).to.match(message).and.to.include("usage: ucflow export");
      expect(io.out).to.equal("");
    });
  }

  it("exits 2 saying nothing was written when the stack's config cannot be read", async () => {
    const io = capture();
    expect(await runCommandLine(["export", "--customer-code", "Cu1", "--out", "x.yaml"], VERBS, io)).to.equal(2);
    expect(io.err).to.match(/could not run the Pulumi CLI/).and.to.match(/nothing was written/);
  });

  it("reads the ucflow:* keys of pulumi config --json by short name, structured values as JSON text", () => {
    const lookup = ucflowConfigLookup(
      JSON.stringify({
        "ucflow:graphBaseUrl": { value: "https://graph.example/", secret: false },
        "ucflow:clientSecret": { value: "s3cret", secret: true },
        "ucflow:clusters": { value: '{"c1":{"host":"h"}}', objectValue: { c1: { host: "h" } }, secret: false },
        "ucflow:settleSeconds": { objectValue: 5, secret: false },
        "project:customerFile": { value: "c.yaml", secret: false },
      }),
    );
    expect(lookup("graphBaseUrl")).to.equal("https://graph.example/");
    expect(lookup("clientSecret")).to.equal("s3cret");
    expect(JSON.parse(lookup("clusters")!)).to.deep.equal({ c1: { host: "h" } });
    expect(lookup("settleSeconds")).to.equal("5");
    expect(lookup("customerFile")).to.equal(undefined);
    expect(() => ucflowConfigLookup("not json")).to.throw(/not JSON/);
  });

  it("writes the definition under a heading and the users left out as comments, so the file still parses to the definition", () => {
    const definition = { customer: { code: "Cu1", name: "Contoso" }, sites: [{ code: "Cu1Si1", address: { postalCode: "02110" } }] };
    const text = definitionYaml({ definition, source: "tenant Contoso (8f3c)", leftOut: [{ user: "a@contoso.com", reason: "holds no licence\n(needs one)" }] });
    expect(text).to.match(/^# Customer definition exported by `ucflow export` from tenant Contoso \(8f3c\)\./);
    expect(text).to.include("#   a@contoso.com: holds no licence (needs one)");
    expect(text).to.include('postalCode: "02110"');
    expect(parse(text)).to.deep.equal(definition);
  });
});
