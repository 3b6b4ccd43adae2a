// `ucflow demo` as `npm run demo` runs it (the built command, the real Pulumi CLI, a fresh lab),
// for the Teams customer: the review is printed as terminal text before up, then up, a
// no-change preview and destroy back to the lab's seed, and the command exits 0.
import { expect } from "chai";
import { ucflow } from "./ucflow-command";

describe("ucflow demo (the built command, real Pulumi CLI, a fresh lab)", function () {
  this.timeout(900_000);

  it("shows the review of the pull request as text, then up, a no-change preview and destroy back to the seed", async () => {
    const { UCFLOW_TEST_TLS_DIR: _tls, FORCE_COLOR: _force, ...env } = process.env;
    const run = await ucflow(["demo", "--customer", "contoso"], { cwd: process.cwd(), env: { ...env, NO_COLOR: "1" } });
    expect(run.exitCode, run.stderr).to.equal(0);
    const out = run.stdout;
    const review = out.indexOf("The review on the pull request (ucflow preview --markdown --stack contoso)");
    const up = out.indexOf("\nup: ");
    expect(review, out).to.be.greaterThan(-1);
    expect(up, "up comes after the review").to.be.greaterThan(review);
    const text = out.slice(review, up);
    // Rendered: a heading underlined, the site table in columns, subscribers as bullets; no Markdown left.
    expect(text).to.include("Stack contoso\n  ═════════════");
    expect(text).to.match(/\n {2}Site {4}Platform {2}Added/);
    expect(text).to.match(/\n {4}• add adele\.vance@contoso\.com \(Teams, Cu1Si1, Sales\): number: \+1312555\d{4} directRouting; licences: SPE_E5/);
    expect(text).to.not.match(/\*\*|`|^#|\x1b\[/m);
    expect(out).to.match(/\nup: \d+ created/);
    expect(out).to.include("\nsecond preview: no changes\n");
    const seeded = /\nthe lab as seeded: (.+)\n/.exec(out)?.[1];
    expect(seeded, out).to.match(/^\d+ of \d+ users licensed, \d+ numbers assigned$/);
    expect(out).to.include(`\ndestroy: the lab is as seeded (${seeded})\n`);
    expect(out.trimEnd().endsWith("ucflow demo: done")).to.equal(true);
  });
});
