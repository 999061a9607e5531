// What causal delivery costs over plain broadcast, side by side in one run of
// the local harness at the Gossip Glomers 3d/3e settings (25 nodes, --rate
// 100, --latency 100, 20 s): nodes/broadcast.ts at frugal under the broadcast
// workload, then nodes/causal-broadcast.ts (also frugal) under the
// causal-broadcast workload and, for a like-for-like comparison, under the
// broadcast workload. For each: msgs-per-op, stable latencies, and the mean
// size of a message between nodes (from journal.jsonl), with the goal
// causal msgs/op <= 1.25 x broadcast's and causal median <= broadcast's + 100 ms.
//   npm run bench:causal -- [--time-limit 20] [--nodes 25] [--seed 1] [--sessions sticky|roaming] [--no-like-for-like]
import { join, resolve } from "node:path";
import type { Workload } from "../maelstrom-workloads/options/option-table.js";
import { broadcastRun, jsonLines } from "./bench/broadcast-run.js";
import { benchArgs, usageError } from "./bench/cli.js";
import { fileStamp, machineLine, Report } from "./bench/report.js";

const root = resolve(import.meta.dirname, "..");
const usage = "usage: npm run bench:causal -- [--time-limit 20] [--nodes 25] [--seed 1] [--sessions sticky|roaming] [--no-like-for-like]";
const { values } = benchArgs("bench-causal", usage, {
  options: {
    "time-limit": { type: "string", default: "20" },
    nodes: { type: "string", default: "25" },
    seed: { type: "string", default: "1" },
    sessions: { type: "string", default: "sticky" },
    "no-like-for-like": { type: "boolean", default: false },
  },
});
if (values.sessions !== "sticky" && values.sessions !== "roaming") usageError("bench-causal", usage, `--sessions must be sticky or roaming, got ${values.sessions}`);
const sessions: "sticky" | "roaming" = values.sessions;
for (const k of ["time-limit", "nodes", "seed"] as const) {
  if (!/^[0-9]+$/.test(values[k])) usageError("bench-causal", usage, `--${k} must be a whole number, got ${values[k]}`);
}

interface Row {
  label: string;
  msgsPerOp: number;
  median: number;
  max: number;
  /** Mean length of a message between two nodes as the node wrote it (JSON of src, dest, body), and how many there were. */
  bytesPerMsg: number;
  serverMsgs: number;
  valid: unknown;
  anomalies: string;
}

/** Messages between nodes (neither end a client), from the run's journal: how many, and their mean size in bytes. */
function serverMessageBytes(dir: string): { count: number; mean: number } {
  let count = 0;
  let bytes = 0;
  for (const e of jsonLines<{ type: string; message: { src: string; dest: string; body: unknown } }>(dir, "journal.jsonl")) {
    if (e.type !== "send" || e.message.src.startsWith("c") || e.message.dest.startsWith("c")) continue;
    count++;
    bytes += Buffer.byteLength(JSON.stringify({ src: e.message.src, dest: e.message.dest, body: e.message.body }));
  }
  return { count, mean: count === 0 ? NaN : bytes / count };
}

/** One harness run of a node program under a workload. */
async function measure(label: string, workload: Workload, bin: string, binArgs: string[]): Promise<Row> {
  const run = await broadcastRun("bench-causal", label, {
    workload,
    bin: join(root, bin),
    binArgs,
    nodeCount: Number(values.nodes),
    timeLimit: Number(values["time-limit"]),
    seed: Number(values.seed),
    ...(workload === "causal-broadcast" ? { sessions } : {}),
  });
  const counts = (run.results.workload!["anomaly-counts"] ?? {}) as Record<string, number>;
  const anomalies = Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(", ");
  const b = serverMessageBytes(run.dir);
  return { label, msgsPerOp: run.msgsPerOp, median: run.stable.median, max: run.stable.max, bytesPerMsg: b.mean, serverMsgs: b.count, valid: run.results["valid?"], anomalies: workload === "causal-broadcast" ? anomalies || "none" : "" };
}

const report = new Report();
const say = (l: string) => report.say(l);
const fmt = (r: Row) => `| ${r.label} | ${r.msgsPerOp.toFixed(2)} | ${r.median} | ${r.max} | ${Math.round(r.bytesPerMsg)} | ${r.serverMsgs} | ${String(r.valid)}${r.anomalies ? ` (anomalies: ${r.anomalies})` : ""} |`;

say(`# Causal broadcast against broadcast: ${values.nodes} nodes, --rate 100, --latency 100, ${values["time-limit"]} s, seed ${values.seed}, process host`);
say(machineLine());
say("");
say("| node, workload | msgs/op | median ms | max ms | bytes/msg between nodes | msgs between nodes | valid? |");
say("|---|---:|---:|---:|---:|---:|---|");
const base = await measure("nodes/broadcast.ts frugal, -w broadcast", "broadcast", "nodes/broadcast.ts", ["frugal"]);
say(fmt(base));
const causal = await measure(`nodes/causal-broadcast.ts frugal, -w causal-broadcast --sessions ${sessions}`, "causal-broadcast", "nodes/causal-broadcast.ts", ["frugal"]);
say(fmt(causal));
if (!values["no-like-for-like"]) say(fmt(await measure("nodes/causal-broadcast.ts frugal, -w broadcast", "broadcast", "nodes/causal-broadcast.ts", ["frugal"])));
const msgsGoal = causal.msgsPerOp <= 1.25 * base.msgsPerOp;
const latencyGoal = causal.median <= base.median + 100;
say("");
say(`goal: causal msgs/op ${causal.msgsPerOp.toFixed(2)} <= 1.25 x ${base.msgsPerOp.toFixed(2)} = ${(1.25 * base.msgsPerOp).toFixed(2)}: ${msgsGoal}; causal median ${causal.median} ms <= ${base.median} + 100 ms: ${latencyGoal}; both valid: ${base.valid === true && causal.valid === true}`);
report.write(`causal-${fileStamp()}.md`);
process.exit(msgsGoal && latencyGoal && base.valid === true && causal.valid === true ? 0 : 1);
