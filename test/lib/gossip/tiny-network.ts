import { expect } from "vitest";
import type { Batch } from "../../../lib/gossip/batch.js";
import { GossipQueue } from "../../../lib/gossip/gossip-queue.js";

// A tiny network for the gossip queue's properties: n nodes n0..n{n-1}, each a
// queue with every other node as a peer, the messages in flight, and a clock.
// Nothing moves unless a test says so (send, deliver, or drop from inFlight).

const cfg = { ackDelayMs: 100, initialRtoMs: 500, maxRtoMs: 2000 };

export type Msg = { from: string; to: string; batch: Batch<number> };

/** What a property may do to the network: add a value at a node, let a node send what is due, deliver or drop a message in flight (picked modulo how many there are), let time pass. */
export type NetAction =
  | { kind: "add"; node: number; value: number }
  | { kind: "tick"; node: number }
  | { kind: "deliver"; pick: number }
  | { kind: "drop"; pick: number }
  | { kind: "wait"; ms: number };

/**
 * `restartHandling`: each queue (and each fresh one, which a restart puts in
 * a node's place) gets an incarnation of its own, 1, 2, 3...; without it, none.
 */
export function cluster(n: number, restartHandling = false) {
  const ids = Array.from({ length: n }, (_, i) => `n${i}`);
  let nextInc = 1;
  const fresh = (i: number) => {
    const q = new GossipQueue<number>(cfg, restartHandling ? nextInc++ : undefined);
    ids.forEach((p) => p !== ids[i] && q.addPeer(p));
    return q;
  };
  const qs = ids.map((_, i) => fresh(i));
  return { ids, qs, fresh, inFlight: [] as Msg[], now: 0, sent: 0 };
}
export type Cluster = ReturnType<typeof cluster>;

/** Node i's batches due now go in flight. */
export function send(c: Cluster, i: number): void {
  for (const o of c.qs[i]!.tick(c.now)) {
    c.inFlight.push({ from: c.ids[i]!, to: o.peer, batch: o.batch });
    c.sent++;
  }
}

/** The k-th message in flight arrives. */
export function deliver(c: Cluster, k: number): void {
  const [m] = c.inFlight.splice(k, 1);
  c.qs[c.ids.indexOf(m!.to)]!.receive(m!.from, m!.batch, c.now);
}

/** After a heal, the cluster goes quiet: once what is due has been sent and delivered, nothing more is sent (no resends, no acks, nothing owed). */
export function expectQuiet(c: Cluster): void {
  const n = c.qs.length;
  c.now += 10_000;
  for (let i = 0; i < n; i++) send(c, i);
  while (c.inFlight.length > 0) deliver(c, 0);
  c.now += 10_000;
  const before = c.sent;
  for (let i = 0; i < n; i++) send(c, i);
  expect(c.sent - before).toBe(0);
}
