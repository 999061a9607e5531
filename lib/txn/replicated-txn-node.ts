import { type Node, RpcError } from "../index.js";
import { ReplicationLog } from "./replication-log.js";
import { type TxnEntry, TxnStore } from "./txn-store.js";
import { Replicate, ReplicateOk, TxnRequest, unsupportedMicroOp } from "./txn-wire.js";

export interface ReplicatedTxnSettings {
  /** How often each peer is sent what it has not acknowledged (ms). */
  replicateMs: number;
  /** Most entries in one replication message. */
  batch: number;
}

export const DEFAULT_REPLICATED_TXN: ReplicatedTxnSettings = { replicateMs: 50, batch: 500 };

/**
 * A totally available, read-committed register store (Gossip Glomers 6c):
 * each node runs every transaction on its own copy at once (TxnStore: whole,
 * last writer wins by Lamport stamp) and answers; the transaction's writes go
 * into the node's replication log, and every `replicateMs` each peer is sent
 * the entries it has not acknowledged (`txn_replicate {from, entries}`,
 * answered `txn_replicated {upto}`). Applying an entry twice changes nothing,
 * so lost messages and partitions only delay the copies, which converge once
 * the messages flow again.
 */
export function installReplicatedTxn(node: Node, settings: ReplicatedTxnSettings = DEFAULT_REPLICATED_TXN): void {
  let store: TxnStore | undefined;
  let log: ReplicationLog<TxnEntry> | undefined;
  const ready = () => {
    if (store === undefined || log === undefined) throw RpcError.temporarilyUnavailable("not initialised");
    return { store, log };
  };
  node.onInit((n) => {
    store = new TxnStore(n.id);
    const replication = new ReplicationLog<TxnEntry>(n.peers);
    log = replication;
    n.every(settings.replicateMs, () => {
      for (const peer of n.peers) {
        const p = replication.pending(peer, settings.batch);
        if (p !== undefined) n.send(peer, { type: "txn_replicate", from: p.from, entries: p.entries });
      }
    });
  });
  node.on("txn", TxnRequest, (m) => {
    const bad = unsupportedMicroOp(m.body.txn, ["r", "w"]);
    if (bad !== undefined) throw RpcError.malformedRequest(bad);
    const { store, log } = ready();
    const { completed, entry } = store.applyLocal(m.body.txn);
    if (entry !== undefined) log.append(entry);
    return { type: "txn_ok", txn: completed };
  });
  node.on("txn_replicate", Replicate, (m) => {
    const { store } = ready();
    for (const e of m.body.entries) store.applyEntry(e);
    node.send(m.src, { type: "txn_replicated", upto: m.body.from + m.body.entries.length });
  });
  node.on("txn_replicated", ReplicateOk, (m) => {
    ready().log.acked(m.src, m.body.upto);
  });
}
