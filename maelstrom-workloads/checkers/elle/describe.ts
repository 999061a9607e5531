import type { Mop, Txn } from "./txns.js";

/** How evidence names a transaction: "T<history index of its completion>". */
export function txnName(t: Txn): string {
  return `T${t.index}`;
}

/** A micro-op in Elle's printed form: [:append 4 3] becomes "append 4 3", a read "r 4 [1 2 3]". */
export function mopText(m: Mop): string {
  return `${m[0]} ${show(m[1])} ${show(m[2])}`;
}

/** A value as Clojure would print it: lists with spaces, nil for null. */
export function show(v: unknown): string {
  if (v === null || v === undefined) return "nil";
  if (Array.isArray(v)) return `[${v.map(show).join(" ")}]`;
  if (typeof v === "bigint") return v.toString();
  return JSON.stringify(v);
}

/** A transaction as evidence: where it is in the history, who ran it, what it did. */
export interface TxnEvidence {
  name: string;
  index: number;
  "invoke-index": number;
  process: number;
  type: Txn["type"];
  value: readonly Mop[];
}

export function txnEvidence(t: Txn): TxnEvidence {
  return { name: txnName(t), index: t.index, "invoke-index": t.invokeIndex, process: t.process, type: t.type, value: t.mops };
}

/** One line: "T57 (process 3, ok): [r 4 [1 2], append 4 3]". */
export function txnLine(t: Txn): string {
  return `${txnName(t)} (process ${t.process}, ${t.type}, invoked at index ${t.invokeIndex}): [${t.mops.map(mopText).join(", ")}]`;
}
