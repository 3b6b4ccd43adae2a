// Markdown as a terminal shows it, for `ucflow demo`: the review comment of `ucflow preview
// --markdown` read the way GitHub would show it, without the markup. marked (the parser) reads
// the Markdown; this file only lays its tokens out as text. Not marked-terminal: with marked 13
// and later it leaves bold and code spans raw inside list items (its open issues #304 and #371),
// and the review is mostly list items of that kind.
import { Lexer, type Token, type Tokens } from "marked";

export interface TerminalMarkdownOptions {
  /** Columns for rules and headings' underlines. @default 100 */
  readonly width?: number;
  /** ANSI bold, italics and colour; without it, plain text. @default false */
  readonly color?: boolean;
}

const ANSI = /\x1b\[[0-9;]*m/g;
const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " };

/** Whether to colour: never with NO_COLOR (no-color.org), always with FORCE_COLOR, else on a terminal. */
export function wantsColor(env: NodeJS.ProcessEnv, isTerminal: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false") return true;
  return isTerminal;
}

/** The Markdown laid out as terminal text: headings underlined, tables aligned in columns, lists bulleted. */
export function renderMarkdownForTerminal(markdown: string, options: TerminalMarkdownOptions = {}): string {
  const width = Math.max(20, options.width ?? 100);
  const style = styles(options.color ?? false);
  const blocks = new Lexer({ gfm: true }).lex(markdown).flatMap((token) => block(token, { width, style }));
  return `${blocks.join("\n\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}

interface Styles {
  bold(text: string): string;
  italic(text: string): string;
  code(text: string): string;
  dim(text: string): string;
}

function styles(color: boolean): Styles {
  const wrap = (on: string, off: string) => (text: string) => (color && text !== "" ? `\x1b[${on}m${text}\x1b[${off}m` : text);
  return { bold: wrap("1", "22"), italic: wrap("3", "23"), code: wrap("36", "39"), dim: wrap("2", "22") };
}

interface Context {
  readonly width: number;
  readonly style: Styles;
}

/** The text of a block token as lines; none for spacing and closing tags. */
function block(token: Token, context: Context): string[] {
  const { style } = context;
  switch (token.type) {
    case "space":
    case "def":
      return [];
    case "heading": {
      const text = inline(token.tokens ?? [], style);
      const rule = token.depth <= 2 ? "═" : "─";
      return [`${style.bold(text)}\n${style.dim(rule.repeat(Math.min(visibleLength(text), context.width)))}`];
    }
    case "paragraph":
      return [inline(token.tokens ?? [], style)];
    case "text":
      return [token.tokens ? inline(token.tokens, style) : decode(token.text)];
    case "list":
      return [(token as Tokens.List).items.map((item, index) => listItem(item, (token as Tokens.List).ordered ? `${Number((token as Tokens.List).start || 1) + index}.` : "•", context)).join("\n")];
    case "table":
      return [table(token as Tokens.Table, style)];
    case "blockquote": {
      const inner = (token.tokens ?? []).flatMap((t) => block(t, context)).join("\n\n");
      return [inner.split("\n").map((line) => `${style.dim("│")} ${line}`).join("\n")];
    }
    case "code":
      return [token.text.split("\n").map((line: string) => `    ${style.code(line)}`).join("\n")];
    case "hr":
      return [style.dim("─".repeat(context.width))];
    case "html": {
      // The folded sections: <details><summary>Title</summary> ... </details>.
      const summary = /<summary>([\s\S]*?)<\/summary>/i.exec(token.raw);
      if (summary) return [style.bold(`▸ ${decode(stripTags(summary[1]!)).trim()}`)];
      const text = decode(stripTags(token.raw)).trim();
      return text === "" ? [] : [text];
    }
    default: {
      const other = token as Tokens.Generic;
      return other.tokens ? [inline(other.tokens, style)] : [decode(other.raw).trim()];
    }
  }
}

function listItem(item: Tokens.ListItem, bullet: string, context: Context): string {
  const indent = " ".repeat(bullet.length + 3);
  const body = item.tokens.flatMap((t) => block(t, context)).join("\n");
  const lines = body.split("\n");
  return [`  ${bullet} ${lines[0] ?? ""}`, ...lines.slice(1).map((line) => (line === "" ? "" : `${indent}${line}`))].join("\n");
}

function table(token: Tokens.Table, style: Styles): string {
  const header = token.header.map((cell) => inline(cell.tokens, style));
  const rows = token.rows.map((row) => row.map((cell) => inline(cell.tokens, style)));
  const widths = header.map((text, column) => Math.max(visibleLength(text), ...rows.map((row) => visibleLength(row[column] ?? ""))));
  const pad = (text: string, column: number): string => {
    const room = " ".repeat(Math.max(0, widths[column]! - visibleLength(text)));
    return token.align[column] === "right" ? `${room}${text}` : `${text}${room}`;
  };
  const line = (cells: readonly string[]): string => cells.map(pad).join("  ").trimEnd();
  return [style.bold(line(header)), style.dim(widths.map((w) => "─".repeat(w)).join("  ")), ...rows.map(line)].join("\n");
}

function inline(tokens: readonly Token[], style: Styles): string {
  return tokens
    .map((token): string => {
      switch (token.type) {
        case "strong":
          return style.bold(inline(token.tokens ?? [], style));
        case "em":
          return style.italic(inline(token.tokens ?? [], style));
        case "del":
          return `~${inline(token.tokens ?? [], style)}~`;
        case "codespan":
          return style.code(decode(token.text));
        case "br":
          return "\n";
        case "link": {
          const text = inline(token.tokens ?? [], style);
          // GFM links bare addresses too (an email becomes mailto:): the address alone then.
          return token.href === text || token.href === `mailto:${text}` ? text : `${text} (${token.href})`;
        }
        case "html":
          return decode(stripTags(token.raw));
        case "escape":
          return token.text;
        default: {
          const other = token as Tokens.Generic;
          return other.tokens ? inline(other.tokens, style) : decode(other.text ?? other.raw);
        }
      }
    })
    .join("");
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, "");
}

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name]!);
}

function visibleLength(text: string): number {
  return [...text.replace(ANSI, "")].length;
}
