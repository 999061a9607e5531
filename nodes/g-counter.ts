#!/bin/sh
":" //; exec "$(dirname -- "$0")/../scripts/run-node.sh" "$0" "$@"

// A grow-only counter on Maelstrom's seq-kv service (Gossip Glomers challenge 4).
// The node keeps nothing in memory: seq-kv holds everything, so a node killed
// and started again simply carries on.
//
// Why it is correct despite seq-kv's stale reads (MAELSTROM.md 6.4: a read
// may see an old state, but never one older than the last this node saw, and
// a mutation brings the node to the newest state):
// - Each node has its own key, `counter-<id>`, and only that node writes it.
//   Every state from this node's last mutation on holds the key's latest
//   value, so the node's reads of its own key are never stale.
// - `add` reads its key and compare-and-sets it from that value to value +
//   delta; error 22 (someone moved it: a concurrent add here, or a CAS of the
//   instance before a restart still in flight) means read again and retry.
//   So every change of a key is exactly one add's delta, applied at most
//   once. A CAS that times out is not retried: it may have happened, and a
//   retry would count the add twice; the client sees an error (the add is
//   "maybe", which the checker allows either way).
// - `read` first writes a fresh unique value to `sync-<id>`: a write that
//   changes the store runs on the newest state and moves this node there. The
//   reads that follow then see every add acknowledged before that write, and
//   sum every node's key. Adds still in flight may or may not be counted,
//   which the checker allows. The final reads, after every add has
//   completed, thus see every acknowledged add.
//   nodes/g-counter.ts    (no options; --help says so)
import { drawIncarnation } from "../lib/gossip/incarnation.js";
import { type Node, NodeProgramExit, KvClient, PreconditionFailedError, RpcError, runIfMain } from "../lib/index.js";
import { z } from "zod";

const USAGE = "usage: g-counter  (no options: a grow-only counter on the seq-kv service)";
const Add = z.object({ delta: z.number().int() });

const counterKey = (id: string) => `counter-${id}`;

/**
 * How long an add keeps retrying its CAS after 22s, from when it arrived: less
 * than the client's 5 s timeout, so that under long latencies the node answers
 * (error 11, definite: every CAS it tried failed, nothing was added) instead of
 * answering after the client gave up (a reply to a closed client, which
 * Maelstrom treats as bad output and stops routing the node's messages).
 */
const ADD_RETRY_MS = 4000;

function asCount(v: unknown, key: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v)) throw new Error(`seq-kv holds ${JSON.stringify(v)} under ${key}, not an integer count`);
  return v;
}

/** Parts a test fixture may take out: `syncBeforeRead: false` reads without the sync write (stale reads then show). */
export interface GCounterInternals {
  syncBeforeRead?: boolean;
}

/** Installs the counter; bad arguments (and --help) throw a NodeProgramExit. */
export function installGCounter(node: Node, args: readonly string[], internals: GCounterInternals = {}): void {
  if (args.includes("--help") || args.includes("-h")) throw new NodeProgramExit(0, USAGE, "stdout");
  if (args.length > 0) throw new NodeProgramExit(2, `g-counter: unexpected argument ${JSON.stringify(args[0])}\n${USAGE}`);
  const syncBeforeRead = internals.syncBeforeRead ?? true;
  const kv = new KvClient(node, "seq-kv");
  // Sync values must differ from every value this node (any instance of it) wrote before: a write that
  // changes nothing is served from a stale state and moves no one forward.
  let syncTag = "";
  let syncs = 0;
  node.onInit((n) => void (syncTag = `${n.id}/${drawIncarnation(n.random, n.clock.now())}`));

  node.on("add", Add, async (m) => {
    const key = counterKey(node.id);
    const giveUpAt = node.clock.now() + ADD_RETRY_MS;
    for (let tries = 1; ; tries++) {
      const current = asCount(await kv.readOr(key, 0), key);
      try {
        await kv.cas(key, current, current + m.body.delta, { createIfNotExists: true });
        return { type: "add_ok" };
      } catch (e) {
        if (!(e instanceof PreconditionFailedError)) throw e;
        if (node.clock.now() >= giveUpAt) throw RpcError.temporarilyUnavailable(`add of ${m.body.delta}: ${tries} compare-and-sets on ${key} failed (22) within ${ADD_RETRY_MS} ms; nothing was added`);
      }
    }
  });

  node.on("read", async () => {
    if (syncBeforeRead) await kv.write(`sync-${node.id}`, `${syncTag}/${syncs++}`);
    const counts = await Promise.all(node.nodeIds.map(async (id) => asCount(await kv.readOr(counterKey(id), 0), counterKey(id))));
    return { type: "read_ok", value: counts.reduce((a, b) => a + b, 0) };
  });
}

export default function install(node: Node, args: readonly string[] = []): void {
  installGCounter(node, args);
}

runIfMain(import.meta.url, install);
