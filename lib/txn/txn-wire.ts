import { z } from "zod";
import type { MicroOp, TxnEntry } from "./txn-store.js";

/** Present, whatever its value (null included): Maelstrom's keys and values are `s/Any`. */
const any = z.custom<unknown>((v) => v !== undefined, { message: "required" });

/** A client's `txn` request: a list of `[f, k, v]` micro-ops. */
export const TxnRequest = z.object({ txn: z.array(z.tuple([z.string(), any, any])) });

/** Whether every micro-op is one of `fs` ("r" and "w" for rw-register); the first that is not, described. */
export function unsupportedMicroOp(txn: readonly MicroOp[], fs: readonly string[]): string | undefined {
  const i = txn.findIndex(([f]) => !fs.includes(f));
  return i < 0 ? undefined : `micro-op ${i} ${JSON.stringify(txn[i])}: f must be one of ${fs.map((f) => JSON.stringify(f)).join(", ")}`;
}

const Stamp = z.tuple([z.number().int(), z.string()]);
const Entry = z.object({ stamp: Stamp, writes: z.array(z.tuple([any, any])) }) as unknown as z.ZodType<TxnEntry>;

/** Node to node: entries `from`.. of the sender's log of committed transactions. */
export const Replicate = z.object({ from: z.number().int().min(0), entries: z.array(Entry) });
/** Node to node: the receiver now has the sender's first `upto` entries. */
export const ReplicateOk = z.object({ upto: z.number().int().min(0) });
