import type { Batch, Outgoing } from "./batch.js";
import { type GossipConfig, resolveGossipConfig } from "./gossip-config.js";
import { PeerLink, type PeerKnowsUs } from "./peer-link.js";

/** The values a queue holds, in the order they were added: iterable again and again, with `size` and `has`. */
export interface ValuesView<V> extends Iterable<V> {
  readonly size: number;
  has(v: V): boolean;
}

/**
 * Set-difference gossip as pure logic: the values this node has, and per peer
 * what that peer is known to have. `tick` says what to send; `receive` takes
 * what arrived. It never sends, reads a clock or draws randomness: time comes
 * in as `now` (ms), and the caller moves the batches.
 *
 * Knowledge comes from two places: a peer has every value it sent us, and
 * every value of our batches it acknowledged. A batch not acknowledged within
 * the retransmission timeout gives its values back to `missing`; the timeout
 * then doubles (up to a cap) and the peer gets at most one data batch per
 * timeout until it answers again, so an unreachable peer costs little.
 *
 * Restarts: a node killed and started again comes back empty, and its peers'
 * knowledge of what it holds is then wrong, so set-difference gossip would
 * never send it the old values. Given an `incarnation` (a number the node
 * instance draws at start), the queue puts it on every batch with the
 * receiver's incarnation as last heard; a batch from a new incarnation of a
 * peer resets what we know of that peer (PeerLink.incarnations), and a peer
 * that does not yet know ours is greeted with a batch that needs an
 * acknowledgement. Without one, the queue behaves as before incarnations.
 *
 * Values are told apart by a key (`key`, the value itself by default): two
 * values with the same key are the same value. The default suits primitives;
 * values that are objects (a message with its sender and clock, say) need a
 * key function, since objects parsed from two messages are never identical.
 * Per-peer knowledge is kept by key.
 */
export class GossipQueue<V, K = V> {
  readonly config: Required<GossipConfig>;
  /** Every value this node has, by key, in the order they were added. */
  readonly #values = new Map<K, V>();
  readonly #links = new Map<string, PeerLink<K>>();
  readonly #key: (v: V) => K;
  readonly #view: ValuesView<V>;

  /**
   * @param incarnation this node instance's incarnation; undefined turns restart
   *   handling off (batches carry none, and peers' incarnations are ignored)
   * @param key what tells values apart (default: the value itself, for primitives)
   */
  constructor(
    config: GossipConfig = {},
    readonly incarnation?: number,
    key?: (v: V) => K,
  ) {
    this.config = resolveGossipConfig(config);
    this.#key = key ?? ((v: V) => v as unknown as K);
    const values = this.#values;
    const keyOf = this.#key;
    this.#view = {
      get size() {
        return values.size;
      },
      has: (v) => values.has(keyOf(v)),
      [Symbol.iterator]: () => values.values(),
    };
  }

  /** Every value this node has, in the order they were added. */
  get values(): ValuesView<V> {
    return this.#view;
  }

  /** The value this node has under `key`, if any. */
  get(key: K): V | undefined {
    return this.#values.get(key);
  }

  /** Every peer this queue has state for, active or passive. */
  get peers(): string[] {
    return [...this.#links.keys()];
  }

  /** A value from a client or from the node itself. Returns whether it was new. */
  add(v: V): boolean {
    const k = this.#key(v);
    if (this.#values.has(k)) return false;
    this.#values.set(k, v);
    for (const l of this.#links.values()) l.offer(k);
    return true;
  }

  /** Starts gossiping with a peer (an active one): it is sent every value it is not known to have. */
  addPeer(peer: string): void {
    this.#link(peer).active = true;
  }

  /**
   * Makes exactly these peers active. Every other peer becomes passive: it
   * still gets acknowledgements for what it sends, but none of our values,
   * and `pruneIdle` forgets it once it has gone quiet.
   */
  setActivePeers(peers: Iterable<string>): void {
    const want = new Set(peers);
    for (const p of want) this.#link(p).active = true;
    for (const [p, l] of this.#links) if (!want.has(p)) l.active = false;
  }

  /** The active peers. */
  get activePeers(): string[] {
    return [...this.#links.values()].filter((l) => l.active).map((l) => l.peer);
  }

  /** Forgets passive peers not heard from for `idleMs`, with nothing in flight or owed. Returns them. */
  pruneIdle(now: number, idleMs: number): string[] {
    const gone: string[] = [];
    for (const [p, l] of this.#links) {
      if (l.active || l.inFlight.size > 0 || l.owedAcks.length > 0) continue;
      if (l.lastHeard !== undefined && now - l.lastHeard < idleMs) continue;
      this.#links.delete(p);
      gone.push(p);
    }
    return gone;
  }

  /** Stops gossiping with a peer and forgets what we knew of it. */
  removePeer(peer: string): void {
    this.#links.delete(peer);
  }

  #link(peer: string): PeerLink<K> {
    let l = this.#links.get(peer);
    if (!l) {
      l = new PeerLink<K>(peer, this.config.initialRtoMs, this.incarnation !== undefined);
      for (const k of this.#values.keys()) l.offer(k);
      this.#links.set(peer, l);
    }
    return l;
  }

  /**
   * Takes a batch from `peer` (who becomes a passive peer if it was not a
   * peer: it gets acknowledgements). Returns the values that were new here.
   */
  receive(peer: string, batch: Batch<V>, now: number): V[] {
    const link = this.#link(peer);
    link.lastHeard = now;
    // First, so that a restarted peer's batch is read against a link that has forgotten the old instance.
    const acksAreOurs = this.incarnation === undefined || link.incarnations(batch.inc, batch.toInc, this.incarnation, this.#values.keys()).acksAreOurs;
    // Hearing from a peer we were backing off from suggests the path is back: try again at the next tick.
    if (link.suspect) link.holdUntil = 0;
    if (acksAreOurs) for (const seq of batch.acks) link.acknowledged(seq);
    const fresh: V[] = [];
    for (const v of batch.values) {
      link.learn(this.#key(v)); // first, so that `add` does not offer it back to the sender
      if (this.add(v)) fresh.push(v);
    }
    if (batch.seq !== undefined) {
      link.owedAcks.push(batch.seq);
      link.oldestOwedAt ??= now;
      if (batch.ackNow) link.ackNow = true;
    }
    return fresh;
  }

  /**
   * What to send now: at most one batch per peer (all peers, or only those
   * named), holding the values it lacks and the acknowledgements that are due.
   */
  tick(now: number, only?: Iterable<string>): Outgoing<V>[] {
    const out: Outgoing<V>[] = [];
    const links = only ? [...only].map((p) => this.#links.get(p)).filter((l): l is PeerLink<K> => l !== undefined) : this.#links.values();
    for (const l of links) {
      l.expire(now, this.config.maxRtoMs);
      const taken = l.take(now, this.config.ackDelayMs, this.config.maxBatch);
      if (!taken) continue;
      // Every key a link holds is one of #values: values are never removed.
      const batch: Batch<V> = { ...taken, values: taken.values.map((k) => this.#values.get(k)!) };
      if (this.incarnation !== undefined) {
        batch.inc = this.incarnation;
        if (l.peerInc !== undefined) batch.toInc = l.peerInc;
      }
      out.push({ peer: l.peer, batch });
    }
    return out;
  }

  /** Whether a peer looks unreachable (a batch to it expired with no acknowledgement since). */
  suspect(peer: string): boolean {
    return this.#links.get(peer)?.suspect ?? false;
  }

  /** Whether `peer` is known to hold `v` (it sent it to us, or acknowledged a batch of ours with it), as far as its current incarnation goes. */
  knows(peer: string, v: V): boolean {
    return this.#links.get(peer)?.known.has(this.#key(v)) ?? false;
  }

  /** Whether some peer is known to hold `v`: then at least two nodes have held it. */
  heldElsewhere(v: V): boolean {
    const k = this.#key(v);
    for (const l of this.#links.values()) if (l.known.has(k)) return true;
    return false;
  }

  /** The incarnation `peer` last named, if any. */
  peerIncarnation(peer: string): number | undefined {
    return this.#links.get(peer)?.peerInc;
  }

  /** Test and debugging view of one link (values by key). */
  inspect(peer: string): { active: boolean; known: K[]; missing: K[]; inFlight: number[]; owedAcks: number[]; rto: number; suspect: boolean; peerInc: number | undefined; knowsUs: PeerKnowsUs } | undefined {
    const l = this.#links.get(peer);
    if (!l) return undefined;
    return { active: l.active, known: [...l.known], missing: [...l.missing], inFlight: [...l.inFlight.keys()], owedAcks: [...l.owedAcks], rto: l.rto, suspect: l.suspect, peerInc: l.peerInc, knowsUs: l.peerKnowsUs };
  }
}
