import { checkElle } from "../checkers/elle/check-elle.js";
import { maelstromRwRegister } from "../checkers/elle/maelstrom-rw-register.js";
import { completeWithErrors } from "../model/complete-op.js";
import { deriveSeed, seededRng } from "../model/random.js";
import type { Workload, WorkloadContext } from "../workload.js";
import { txnOkSchema } from "./txn-response.js";
import { DEFAULT_KEY_COUNT, WrTxnGenerator } from "./wr-txns.js";

/** Maelstrom's client timeout for a txn request (its default RPC timeout). */
export const TXN_TIMEOUT_MS = 5000;
/** Maelstrom's default `--consistency-models`. */
export const DEFAULT_CONSISTENCY_MODELS = ["strict-serializable"];

/**
 * A Maelstrom txn workload (txn-rw-register or txn-list-append): the client
 * sends `txn {txn: [[f, k, v], ...]}` and takes the `txn_ok` reply's txn as
 * the op's value; Elle's wr-txns generator (writes or appends); Elle's
 * checker against --consistency-models. No op is idempotent, as in Maelstrom
 * (`with-errors op #{}`): a timeout or an indefinite error is `info`, a
 * definite error (30 txn-conflict among them) `fail`. The client is reusable.
 *
 * Maelstrom's txn workloads also carry Jepsen's final generator (final reads
 * of every key used), but Maelstrom does not wrap the generator in the
 * max-key tracker that generator reads, so its final phase performs no op:
 * here there is none (and so no heal and recovery wait after the main phase,
 * which would change nothing the checker sees).
 *
 * The verdict is Maelstrom's: txn-list-append is Elle's list-append result
 * as is; txn-rw-register is Elle's rw-register result (versions ordered by
 * nil first and writes-follow-reads only, as Maelstrom runs it) with
 * cycle-search-timeout dropped and valid exactly when no anomaly type is
 * left, as Maelstrom's wrapper does (so an empty graph is false, a search
 * that only gave up true): see maelstrom-rw-register.ts.
 */
export function txnWorkload(name: "txn-rw-register" | "txn-list-append", ctx: WorkloadContext): Workload {
  const kind = name === "txn-rw-register" ? "rw-register" : "list-append";
  const writeF = kind === "rw-register" ? "w" : "append";
  const txn = ctx.txn;
  const gen = new WrTxnGenerator(
    { writeF, keyCount: txn?.keyCount ?? DEFAULT_KEY_COUNT, minTxnLength: 1, maxTxnLength: txn?.maxTxnLength ?? 4, maxWritesPerKey: txn?.maxWritesPerKey ?? 16 },
    seededRng(deriveSeed(ctx.seed, `${name}-txns`)),
  );
  const consistencyModels = txn?.consistencyModels ?? DEFAULT_CONSISTENCY_MODELS;
  const schema = txnOkSchema(writeF);
  return {
    name,
    reusableClient: true,
    nextOp: () => ({ f: "txn", value: gen.next() }),
    async invoke(client, node, op) {
      try {
        const reply = await client.rpc(node, { type: "txn", txn: op.value }, TXN_TIMEOUT_MS, schema);
        return { type: "ok", value: reply.txn };
      } catch (e) {
        return completeWithErrors(e, op.value, false);
      }
    },
    check: (history) => {
      const r = checkElle(history, { kind, consistencyModels });
      return kind === "rw-register" ? maelstromRwRegister(r) : r;
    },
  };
}
