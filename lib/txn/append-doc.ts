import type { MicroOp } from "./txn-store.js";

/** A whole list-append database as one JSON document: each key's list, by the key's JSON text. */
export type AppendDoc = Record<string, unknown[]>;

/**
 * Runs a list-append transaction on a document, purely: reads see the lists
 * as the document and the transaction's own earlier appends left them (a key
 * never appended to reads null); appends add to the end. Returns the
 * completed transaction, the new document (the same object when the
 * transaction only reads), and whether it wrote.
 */
export function applyAppendTxn(doc: AppendDoc, txn: readonly MicroOp[]): { completed: MicroOp[]; doc: AppendDoc; wrote: boolean } {
  let next = doc;
  const completed = txn.map(([f, k, v]): MicroOp => {
    const id = JSON.stringify(k);
    const list = Object.hasOwn(next, id) ? next[id]! : undefined;
    if (f === "r") return [f, k, list === undefined ? null : [...list]];
    next = { ...next, [id]: [...(list ?? []), v] };
    return [f, k, v];
  });
  return { completed, doc: next, wrote: next !== doc };
}

/** Whether a value read from the store is an AppendDoc. */
export function isAppendDoc(v: unknown): v is AppendDoc {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every(Array.isArray);
}
