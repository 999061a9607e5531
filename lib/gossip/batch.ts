/**
 * What one gossip message carries between two peers. `values` are the ones
 * the receiver is not known to have; `seq` numbers a batch that holds values
 * (it must be acknowledged); `acks` are the seqs of batches received from the
 * receiver and not yet acknowledged.
 *
 * Restarts: `inc` is the sender's incarnation (a number each node instance
 * draws when it starts) and `toInc` the receiver's incarnation as the sender
 * knows it, which says whose batches `acks` refer to. A queue without an
 * incarnation (and a node from before incarnations) leaves both out, and a
 * queue that gets a batch without `inc` treats its sender as one that cannot
 * tell restarts apart.
 *
 * `ackNow` asks the receiver to acknowledge this batch at once instead of
 * waiting for something to ride on (a value in it awaits a second holder).
 */
export interface Batch<V> {
  seq?: number;
  values: V[];
  acks: number[];
  inc?: number;
  toInc?: number;
  ackNow?: boolean;
}

/** A batch to send, addressed. */
export interface Outgoing<V> {
  peer: string;
  batch: Batch<V>;
}
