import type { Batch, Outgoing } from "./batch.js";
import { type GossipConfig, resolveGossipConfig } from "./gossip-config.js";
import { PeerLink, type PeerKnowsUs } from "./peer-link.js";

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
 */
export class GossipQueue<V> {
  readonly config: Required<GossipConfig>;
  readonly #values = new Set<V>();
  readonly #links = new Map<string, PeerLink<V>>();

  /**
   * @param incarnation this node instance's incarnation; undefined turns restart
   *   handling off (batches carry none, and peers' incarnations are ignored)
   */
  constructor(
    config: GossipConfig = {},
    readonly incarnation?: number,
  ) {
    this.config = resolveGossipConfig(config);
  }

  /** Every value this node has. */
  get values(): ReadonlySet<V> {
    return this.#values;
  }

  /** Every peer this queue has state for, active or passive. */
  get peers(): string[] {
    return [...this.#links.keys()];
  }

  /** A value from a client or from the node itself. Returns whether it was new. */
  add(v: V): boolean {
    if (this.#values.has(v)) return false;
    this.#values.add(v);
    for (const l of this.#links.values()) l.offer(v);
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

  #link(peer: string): PeerLink<V> {
    let l = this.#links.get(peer);
    if (!l) {
      l = new PeerLink<V>(peer, this.config.initialRtoMs, this.incarnation !== undefined);
      for (const v of this.#values) l.offer(v);
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
    const acksAreOurs = this.incarnation === undefined || link.incarnations(batch.inc, batch.toInc, this.incarnation, this.#values).acksAreOurs;
    // Hearing from a peer we were backing off from suggests the path is back: try again at the next tick.
    if (link.suspect) link.holdUntil = 0;
    if (acksAreOurs) for (const seq of batch.acks) link.acknowledged(seq);
    const fresh: V[] = [];
    for (const v of batch.values) {
      link.learn(v); // first, so that `add` does not offer it back to the sender
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
    const links = only ? [...only].map((p) => this.#links.get(p)).filter((l): l is PeerLink<V> => l !== undefined) : this.#links.values();
    for (const l of links) {
      l.expire(now, this.config.maxRtoMs);
      const batch = l.take(now, this.config.ackDelayMs, this.config.maxBatch);
      if (!batch) continue;
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
    return this.#links.get(peer)?.known.has(v) ?? false;
  }

  /** Whether some peer is known to hold `v`: then at least two nodes have held it. */
  heldElsewhere(v: V): boolean {
    for (const l of this.#links.values()) if (l.known.has(v)) return true;
    return false;
  }

  /** The incarnation `peer` last named, if any. */
  peerIncarnation(peer: string): number | undefined {
    return this.#links.get(peer)?.peerInc;
  }

  /** Test and debugging view of one link. */
  inspect(peer: string): { active: boolean; known: V[]; missing: V[]; inFlight: number[]; owedAcks: number[]; rto: number; suspect: boolean; peerInc: number | undefined; knowsUs: PeerKnowsUs } | undefined {
    const l = this.#links.get(peer);
    if (!l) return undefined;
    return { active: l.active, known: [...l.known], missing: [...l.missing], inFlight: [...l.inFlight.keys()], owedAcks: [...l.owedAcks], rto: l.rto, suspect: l.suspect, peerInc: l.peerInc, knowsUs: l.peerKnowsUs };
  }
}
