/**
 * What one gossip message carries between two peers. `values` are the ones
 * the receiver is not known to have; `seq` numbers a batch that holds values
 * (it must be acknowledged); `acks` are the seqs of batches received from the
 * receiver and not yet acknowledged.
 */
export interface Batch<V> {
  seq?: number;
  values: V[];
  acks: number[];
}

/** A batch to send, addressed. */
export interface Outgoing<V> {
  peer: string;
  batch: Batch<V>;
}
