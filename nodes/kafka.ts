#!/bin/sh
":" //; exec "$(dirname -- "$0")/../scripts/run-node.sh" "$0" "$@"

// Maelstrom's kafka workload (Gossip Glomers 5a-5c): a replicated log on the
// lin-kv service (lib/kafka/kv-log.ts). Every node answers every request from
// the service, so partitions between nodes and kills change nothing: each
// key's offsets are dense and unique, and a committed offset only rises.
import { z } from "zod";
import { KvClient, type Node, runIfMain } from "../lib/index.js";
import { KvLog } from "../lib/kafka/kv-log.js";

const Send = z.object({ key: z.string(), msg: z.custom<unknown>((v) => v !== undefined, { message: "required" }) });
const Offsets = z.object({ offsets: z.record(z.string(), z.number().int()) });
const Keys = z.object({ keys: z.array(z.string()) });

export default function install(node: Node): void {
  const log = new KvLog(new KvClient(node, "lin-kv"));
  node.on("send", Send, async (m) => ({ type: "send_ok", offset: await log.send(m.body.key, m.body.msg) }));
  node.on("poll", Offsets, async (m) => ({ type: "poll_ok", msgs: await log.poll(m.body.offsets) }));
  node.on("commit_offsets", Offsets, async (m) => {
    await log.commit(m.body.offsets);
    return { type: "commit_offsets_ok" };
  });
  node.on("list_committed_offsets", Keys, async (m) => ({ type: "list_committed_offsets_ok", offsets: await log.committed(m.body.keys) }));
}

runIfMain(import.meta.url, install);
