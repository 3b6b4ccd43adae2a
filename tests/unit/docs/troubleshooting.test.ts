// Keeps docs/troubleshooting.md honest: every message it quotes in a heading (### `...`, with
// `…` for the parts that vary) still occurs in ucflow's source, piece by piece, so a reworded or
// removed message fails this test instead of leaving the page to describe it.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";

const ROOT = path.resolve(__dirname, "../../../..");
const PAGE = path.join(ROOT, "docs/troubleshooting.md");

/** The text of every TypeScript file under the directories, concatenated. */
function sourceText(dirs: readonly string[]): string {
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts")) texts.push(fs.readFileSync(full, "utf8"));
    }
  };
  for (const dir of dirs) walk(path.join(ROOT, dir));
  return texts.join("\n");
}

/** The messages quoted in headings: `### \`text\`` exactly (a heading with more is not a quote of ours). */
function quotedMessages(markdown: string): string[] {
  return [...markdown.matchAll(/^### `([^`]+)`$/gm)].map((m) => m[1]!);
}

/** The fixed pieces of a quoted message, between its `…`. */
function piecesOf(message: string): string[] {
  return message
    .split("…")
    .map((piece) => piece.trim())
    .filter((piece) => piece !== "");
}

describe("docs/troubleshooting.md", () => {
  const page = fs.readFileSync(PAGE, "utf8");
  const source = sourceText(["provider", "sdk"]);

  it("quotes messages", () => {
    expect(quotedMessages(page).length).to.be.greaterThan(40);
  });

  for (const message of quotedMessages(page)) {
    it(`still has the message ${JSON.stringify(message)} in the source`, () => {
      for (const piece of piecesOf(message)) expect(source.includes(piece), `${JSON.stringify(piece)} occurs in provider/ or sdk/`).to.equal(true);
    });
  }

  it("reads quotes and their pieces as written", () => {
    expect(quotedMessages("### `a … b`\n### Node.js: `x`\n### `c`\ntext `d`")).to.deep.equal(["a … b", "c"]);
    expect(piecesOf("the customer definition has … nothing was changed:")).to.deep.equal(["the customer definition has", "nothing was changed:"]);
  });
});
