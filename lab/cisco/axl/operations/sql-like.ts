// searchCriteria values are SQL LIKE patterns (reference §3.1): % any run of characters, _ one
// character, \ escapes the next one. Matching ignores case (the lab's choice: docs/lab-cisco.md).

/** A matcher for one LIKE pattern. */
export function likeMatcher(pattern: string): (value: string) => boolean {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === "\\" && i + 1 < pattern.length) {
      source += escapeRegExp(pattern[++i] as string);
    } else if (char === "%") {
      source += "[\\s\\S]*";
    } else if (char === "_") {
      source += "[\\s\\S]";
    } else {
      source += escapeRegExp(char);
    }
  }
  const regex = new RegExp(`^${source}$`, "i");
  return (value) => regex.test(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
