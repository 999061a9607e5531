/** Which `maelstrom test` options the real Maelstrom knows, from the option table: what the real-Maelstrom wrapper drops and passes. */

import { OPTIONS } from "./option-table.js";

/** Options only our harness has (marked [+] in the help), long and short names, with why Maelstrom has none: the wrapper drops them. */
export const OURS_ONLY: ReadonlyMap<string, string> = new Map(
  OPTIONS.flatMap((o) => (o.origin === "ours" ? [o.long, ...("short" in o && o.short ? [o.short] : [])].map((n): [string, string] => [n, o.notInMaelstrom ?? "an option only our harness has"]) : [])),
);

/** Every `maelstrom test` option, ours or Maelstrom's, that takes a value, long and short names. */
export const TAKES_VALUE: ReadonlySet<string> = new Set(OPTIONS.flatMap((o) => (o.kind.takesValue ? [o.long, ...("short" in o && o.short ? [o.short] : [])] : [])));
