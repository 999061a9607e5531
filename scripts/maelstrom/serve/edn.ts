/**
 * The top-level `:valid?` of an EDN results map (real Maelstrom's results.edn),
 * found without a full EDN reader: the key at nesting depth 1, outside strings
 * and comments. Returns true, false, "unknown", or undefined if not found.
 */
export function ednTopLevelValid(text: string): boolean | "unknown" | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === ";") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "\\") {
      i++; // a character literal such as \{ or \newline
    } else if (c === "{" || c === "[" || c === "(") {
      depth++;
    } else if (c === "}" || c === "]" || c === ")") {
      depth--;
    } else if (depth === 1 && c === ":" && text.startsWith(":valid?", i) && /[\s,]/.test(text[i + 7] ?? "")) {
      const m = /^[\s,]*(true|false|:unknown)(?![\w?!*+-])/.exec(text.slice(i + 7));
      if (m) return m[1] === "true" ? true : m[1] === "false" ? false : "unknown";
    }
  }
  return undefined;
}
