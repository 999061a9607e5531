#!/bin/sh
":" //; exec "$(dirname -- "$0")/../scripts/run-node.sh" "$0" "$@"

// Maelstrom's txn-list-append workload, strict serializable: the whole
// database is one document in Maelstrom's lin-kv service. A transaction reads
// it, runs on it (lib/txn/append-doc.ts) and, if it appended anything,
// compare-and-sets the document from what it read to the result; a CAS that
// loses to another transaction (error 22) runs the transaction again on the
// newer document. So each transaction takes effect at one linearizable
// step of lin-kv: its read (read-only) or its CAS.
//   nodes/txn-list-append.ts [--retries N]    (--help)
import { backoffDelay, KvClient, type Node, NodeProgramExit, PreconditionFailedError, resolveBackoff, RpcError, runIfMain } from "../lib/index.js";
import { applyAppendTxn, isAppendDoc } from "../lib/txn/append-doc.js";
import { TxnRequest, unsupportedMicroOp } from "../lib/txn/txn-wire.js";

const DOC_KEY = "txn-list-append";
const DEFAULT_RETRIES = 30;
/**
 * Between lost compare-and-sets, a random wait of up to 2, 4, 8, ... 100 ms: transactions that
 * collided spread out instead of colliding again (5 nodes at --rate 100 lost 31 in a row for about
 * 0.7% of transactions without it).
 */
const RETRY_BACKOFF = resolveBackoff({ initialMs: 2, maxMs: 100, multiplier: 2, jitter: 1 });
const USAGE = `usage: nodes/txn-list-append.ts [--retries N]
Answers Maelstrom's txn-list-append workload through one document in the lin-kv service (strict serializable).
  --retries N   how often a transaction that lost its compare-and-set runs again before the node answers
                error 30 (txn-conflict, definite: nothing was written); default ${DEFAULT_RETRIES}
  -h, --help    this text`;

function parseArgs(args: readonly string[]): { retries: number } {
  if (args.length === 0) return { retries: DEFAULT_RETRIES };
  const n = Number(args[1]);
  if (args[0] !== "--retries" || args.length !== 2 || !Number.isInteger(n) || n < 0) {
    throw new NodeProgramExit(2, `txn-list-append: expected nothing or --retries N (a whole number >= 0), got ${JSON.stringify(args.join(" "))}\n${USAGE}`);
  }
  return { retries: n };
}

export default function install(node: Node, args: readonly string[]): void {
  if (args.includes("--help") || args.includes("-h")) throw new NodeProgramExit(0, USAGE, "stdout");
  const { retries } = parseArgs(args);
  const kv = new KvClient(node, "lin-kv", { timeoutMs: 1000 });
  node.on("txn", TxnRequest, async (m) => {
    const bad = unsupportedMicroOp(m.body.txn, ["r", "append"]);
    if (bad !== undefined) throw RpcError.malformedRequest(bad);
    for (let attempt = 0; attempt <= retries; attempt++) {
      const before = await kv.readOr(DOC_KEY, undefined, isAppendDoc);
      const { completed, doc, wrote } = applyAppendTxn(before ?? {}, m.body.txn);
      if (!wrote) return { type: "txn_ok", txn: completed };
      try {
        await kv.cas(DOC_KEY, before ?? {}, doc, { createIfNotExists: before === undefined });
        return { type: "txn_ok", txn: completed };
      } catch (e) {
        if (!(e instanceof PreconditionFailedError)) throw e;
      }
      if (attempt < retries) await new Promise<void>((resolve) => node.after(backoffDelay(attempt, RETRY_BACKOFF, node.random()), resolve));
    }
    throw new RpcError(30, `lost the compare-and-set to other transactions ${retries + 1} times; nothing was written`);
  });
}

runIfMain(import.meta.url, install);
