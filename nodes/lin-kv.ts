#!/bin/sh
":" //; exec "$(dirname -- "$0")/../scripts/run-node.sh" "$0" "$@"

// Maelstrom's lin-kv node, the thin way: every client read, write and cas is
// forwarded to Maelstrom's own linearizable `lin-kv` service, and its answer
// (or its error) goes back to the client.
//   nodes/lin-kv.ts [--kv-timeout MS]     (--help)
import { z } from "zod";
import { KvClient, type Node, NodeProgramExit, runIfMain } from "../lib/index.js";

const DEFAULT_KV_TIMEOUT_MS = 5000;

const USAGE = `usage: nodes/lin-kv.ts [--kv-timeout MS]
Answers Maelstrom's lin-kv workload (read, write, cas) by forwarding each request to the lin-kv service.
Errors come back as the service gave them: 20 (key does not exist) and 22 (precondition failed) are
definite; a service that does not answer within --kv-timeout gives error 0 (timeout), which is indefinite,
since a write or cas that timed out may still have happened.
  --kv-timeout MS   how long to wait for the service (default ${DEFAULT_KV_TIMEOUT_MS}; above the workload's
                    client timeout of max(10 x --latency, 1000) ms is fine: a late answer is dropped)
  -h, --help        this text`;

/** Present, whatever its value (null included): Maelstrom's request schemas are `s/Any`. */
const any = z.custom<unknown>((v) => v !== undefined, { message: "required" });
const Read = z.object({ key: any });
const Write = z.object({ key: any, value: any });
const Cas = z.object({ key: any, from: any, to: any });

function parseArgs(args: readonly string[]): { kvTimeoutMs: number } {
  let kvTimeoutMs = DEFAULT_KV_TIMEOUT_MS;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--kv-timeout") {
      const v = args[++i];
      const ms = v === undefined ? NaN : Number(v);
      if (!Number.isInteger(ms) || ms < 1) throw new NodeProgramExit(2, `lin-kv: --kv-timeout expects a whole number of ms >= 1, got ${v === undefined ? "nothing" : JSON.stringify(v)}\n${USAGE}`);
      kvTimeoutMs = ms;
    } else {
      throw new NodeProgramExit(2, `lin-kv: unexpected argument ${JSON.stringify(a)}\n${USAGE}`);
    }
  }
  return { kvTimeoutMs };
}

/**
 * The node keeps nothing: the service is the one copy of every key, so each
 * answer is as linearizable as the service. An error from the service (an
 * RpcError, with its code and text) becomes the node's error reply as it is.
 */
export default function install(node: Node, args: readonly string[]): void {
  if (args.includes("--help") || args.includes("-h")) throw new NodeProgramExit(0, USAGE, "stdout");
  const { kvTimeoutMs } = parseArgs(args);
  const kv = new KvClient(node, "lin-kv", { timeoutMs: kvTimeoutMs });
  node.on("read", Read, async (m) => ({ type: "read_ok", value: await kv.read(m.body.key) }));
  node.on("write", Write, async (m) => {
    await kv.write(m.body.key, m.body.value);
    return { type: "write_ok" };
  });
  node.on("cas", Cas, async (m) => {
    await kv.cas(m.body.key, m.body.from, m.body.to);
    return { type: "cas_ok" };
  });
}

runIfMain(import.meta.url, install);
