/**
 * The shape every checker returns: a JSON object using Maelstrom's
 * results.edn key names as strings (e.g. "valid?", "attempt-count").
 */

/** Jepsen validity: `true`, `false`, or `:unknown` (here the string "unknown"). */
export type Valid = true | false | "unknown";

export interface CheckResult {
  "valid?": Valid;
  [key: string]: unknown;
}
