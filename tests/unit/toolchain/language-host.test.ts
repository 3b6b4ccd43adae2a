// The language host must start programs the way the upstream host does: same flags, entry
// point last, config in PULUMI_CONFIG with "<namespace>:config:<name>" keys.
import { expect } from "chai";
import { runInvocation } from "../../../scripts/language-host/main";

const langproto = require("@pulumi/pulumi/proto/language_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");

function runRequest(options: { dryRun: boolean; typescript?: boolean }): unknown {
  const info = new langproto.ProgramInfo();
  info.setRootDirectory("/p");
  info.setProgramDirectory("/p/dist");
  info.setEntryPoint("index.js");
  info.setOptions(Struct.fromJavaScript(options.typescript === undefined ? {} : { typescript: options.typescript }));
  const req = new langproto.RunRequest();
  req.setInfo(info);
  req.setMonitorAddress("127.0.0.1:1001");
  req.setProject("acme");
  req.setStack("prod");
  req.setOrganization("organization");
  req.setDryrun(options.dryRun);
  req.setParallel(8);
  req.getConfigMap().set("acme:customerCode", "Cu1");
  req.getConfigMap().set("ucflow:graphClientSecret", "s3cr3t");
  req.setConfigsecretkeysList(["ucflow:graphClientSecret"]);
  return req;
}

describe("language host", () => {
  it("passes the upstream flags, then the entry point", () => {
    const { args } = runInvocation(runRequest({ dryRun: true }), "/nm/@pulumi/pulumi/cmd/run", "127.0.0.1:2002");
    expect(args).to.deep.equal([
      "/nm/@pulumi/pulumi/cmd/run",
      "--monitor", "127.0.0.1:1001",
      "--engine", "127.0.0.1:2002",
      "--organization", "organization",
      "--project", "acme",
      "--root-directory", "/p",
      "--stack", "prod",
      "--pwd", "/p/dist",
      "--dry-run",
      "--parallel", "8",
      "index.js",
    ]);
  });

  it("omits --dry-run for an update", () => {
    const { args } = runInvocation(runRequest({ dryRun: false }), "run", "e");
    expect(args).not.to.include("--dry-run");
  });

  it("hands config and its secret keys to the program in the environment", () => {
    const { env } = runInvocation(runRequest({ dryRun: true }), "run", "e");
    expect(JSON.parse(env.PULUMI_CONFIG)).to.deep.equal({
      "acme:config:customerCode": "Cu1",
      "ucflow:config:graphClientSecret": "s3cr3t",
    });
    expect(JSON.parse(env.PULUMI_CONFIG_SECRET_KEYS)).to.deep.equal(["ucflow:graphClientSecret"]);
  });

  it("runs TypeScript unless the project turns it off", () => {
    expect(runInvocation(runRequest({ dryRun: true }), "run", "e").env.PULUMI_NODEJS_TYPESCRIPT).to.equal("true");
    expect(runInvocation(runRequest({ dryRun: true, typescript: false }), "run", "e").env).not.to.have.property(
      "PULUMI_NODEJS_TYPESCRIPT",
    );
  });
});
