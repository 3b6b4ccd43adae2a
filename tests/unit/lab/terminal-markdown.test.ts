// The review as `ucflow demo` prints it: the Markdown of `ucflow preview --markdown` laid out as
// terminal text, exactly.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { renderMarkdownForTerminal, wantsColor } from "../../../lab/terminal-markdown";

const FIXTURE = path.resolve(__dirname, "../../../../tests/unit/cli/fixtures/teams-preview.md");

describe("Markdown for a terminal (ucflow demo)", () => {
  it("underlines headings, aligns tables (numbers to the right) and bullets lists, with no markup left", () => {
    const markdown = [
      "## Stack `contoso`",
      "",
      "**2 to add, 7 to update** (16 unchanged).",
      "",
      "| Site | Platform | Added |",
      "|---|---|--:|",
      "| Cu1Si1 | Teams | 0 |",
      "| Cu1Si4 | Unified CM | 12 |",
      "",
      "### Subscriber changes (2)",
      "",
      "- **move** `lidia.holloway@contoso.com` (Teams, Cu1Si1 → Cu1Si2, Voice): site: Cu1Si1 → Cu1Si2",
      "- **add** `jdoe` (Unified CM, Cu2Si1, Desk): extension: 2001; phone: Cisco 8845 &amp; more",
      "",
      "> **9,412 subscriber changes folded** to stay under 65,536 characters.",
      "",
    ].join("\n");
    expect(renderMarkdownForTerminal(markdown, { width: 80 })).to.equal(
      [
        "Stack contoso",
        "═════════════",
        "",
        "2 to add, 7 to update (16 unchanged).",
        "",
        "Site    Platform    Added",
        "──────  ──────────  ─────",
        "Cu1Si1  Teams           0",
        "Cu1Si4  Unified CM     12",
        "",
        "Subscriber changes (2)",
        "──────────────────────",
        "",
        "  • move lidia.holloway@contoso.com (Teams, Cu1Si1 → Cu1Si2, Voice): site: Cu1Si1 → Cu1Si2",
        "  • add jdoe (Unified CM, Cu2Si1, Desk): extension: 2001; phone: Cisco 8845 & more",
        "",
        "│ 9,412 subscriber changes folded to stay under 65,536 characters.",
        "",
      ].join("\n"),
    );
  });

  it("shows a folded section by its summary, and an escaped pipe in a table cell as a pipe", () => {
    const markdown = ["<details><summary>Subscriber changes (3)</summary>", "", "- **update** `jdoe`", "", "</details>", "", "| Site |", "|---|", "| a\\|b |", ""].join("\n");
    expect(renderMarkdownForTerminal(markdown)).to.equal("▸ Subscriber changes (3)\n\n  • update jdoe\n\nSite\n────\na|b\n");
  });

  it("colours only when asked: bold for emphasis, cyan for names", () => {
    expect(renderMarkdownForTerminal("- **add** `jdoe`", { color: true })).to.equal("  • \x1b[1madd\x1b[22m \x1b[36mjdoe\x1b[39m\n");
    expect(renderMarkdownForTerminal("- **add** `jdoe`", { color: false })).to.equal("  • add jdoe\n");
  });

  it("leaves no Markdown markup in the golden Teams review", () => {
    const text = renderMarkdownForTerminal(fs.readFileSync(FIXTURE, "utf8"));
    expect(text).to.not.match(/\*\*|`|^#|^\|/m);
    expect(text).to.include("  • move lidia.holloway@contoso.com (Teams, Cu1Si1 → Cu1Si2, Voice)");
    expect(text).to.include("Cu1Si4  Teams         5         0          0        0        0");
  });

  it("colours on a terminal unless NO_COLOR, and off one only with FORCE_COLOR", () => {
    expect(wantsColor({}, true)).to.equal(true);
    expect(wantsColor({}, false)).to.equal(false);
    expect(wantsColor({ NO_COLOR: "1" }, true)).to.equal(false);
    expect(wantsColor({ FORCE_COLOR: "1" }, false)).to.equal(true);
    expect(wantsColor({ FORCE_COLOR: "0" }, false)).to.equal(false);
  });
});
