export type VerdictKind = "valid" | "invalid" | "unknown" | "crashed" | "incomplete";

/** Background colours of the verdict cell, after Jepsen's web UI. */
export const VERDICT_COLORS: Readonly<Record<VerdictKind, string>> = {
  valid: "#b3d9ff",
  unknown: "#ffc680",
  invalid: "#ffb3c6",
  crashed: "#d9d9d9",
  incomplete: "#ececec",
};

export interface Verdict {
  kind: VerdictKind;
  /** The word in the cell. */
  label: string;
  /** More, shown under the word: the crash message, or where the verdict came from. */
  detail?: string;
}

/** The verdict a results map's `valid?` value stands for. */
export function verdictOf(valid: unknown): Verdict {
  if (valid === true) return { kind: "valid", label: "valid" };
  if (valid === false) return { kind: "invalid", label: "invalid" };
  if (valid === "unknown" || valid === ":unknown") return { kind: "unknown", label: "unknown" };
  return { kind: "unknown", label: "unknown", detail: `"valid?" is ${JSON.stringify(valid) ?? "missing"}` };
}
