// What causal delivery costs over plain broadcast, side by side in one run of
// the local harness at the Gossip Glomers 3d/3e settings (25 nodes, --rate
// 100, --latency 100, 20 s): nodes/broadcast.ts at frugal under the broadcast
// workload, then nodes/causal-broadcast.ts (also frugal) under the
// causal-broadcast workload and, for a like-for-like comparison, under the
// broadcast workload. For each: msgs-per-op, stable latencies, and the mean
// size of a message between nodes (from journal.jsonl), with the goal
// causal msgs/op <= 1.25 x broadcast's and causal median <= broadcast's + 100 ms.
//   npm run bench:causal -- [--time-limit 20] [--nodes 25] [--seed 1] [--sessions sticky|roaming] [--no-like-for-like]
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { runTest } from "../maelstrom-workloads/harness/run-test.js";
import type { Workload } from "../maelstrom-workloads/options/option-table.js";
import { testOptions } from "../maelstrom-workloads/options/test-options.js";
import { runConfigFrom } from "../maelstrom-workloads/run/run-config.js";

const root = resolve(import.meta.dirname, "..");
const usage = "usage: npm run bench:causal -- [--time-limit 20] [--nodes 25] [--seed 1] [--sessions sticky|roaming] [--no-like-for-like]";
function parse() {
  try {
    return parseArgs({
      options: {
        "time-limit": { type: "string", default: "20" },
        nodes: { type: "string", default: "25" },
        seed: { type: "string", default: "1" },
        sessions: { type: "string", default: "sticky" },
        "no-like-for-like": { type: "boolean", default: false },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (e) {
    console.error(`bench-causal: ${(e as Error).message}\n${usage}`);
    process.exit(254);
  }
}
const values = parse();
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (values.sessions !== "sticky" && values.sessions !== "roaming") {
  console.error(`bench-causal: --sessions must be sticky or roaming, got ${values.sessions}\n${usage}`);
  process.exit(254);
}
const sessions: "sticky" | "roaming" = values.sessions;
for (const k of ["time-limit", "nodes", "seed"] as const) {
  if (!/^[0-9]+$/.test(values[k]!)) {
    console.error(`bench-causal: --${k} must be a whole number, got ${values[k]}\n${usage}`);
    process.exit(254);
  }
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
  for (const line of readFileSync(join(dir, "journal.jsonl"), "utf8").split("\n")) {
    if (line === "") continue;
    const e = JSON.parse(line) as { type: string; message: { src: string; dest: string; body: unknown } };
    if (e.type !== "send" || e.message.src.startsWith("c") || e.message.dest.startsWith("c")) continue;
    count++;
    bytes += Buffer.byteLength(JSON.stringify({ src: e.message.src, dest: e.message.dest, body: e.message.body }));
  }
  return { count, mean: count === 0 ? NaN : bytes / count };
}

/** One harness run of a node program under a workload. */
async function measure(label: string, workload: Workload, bin: string, binArgs: string[]): Promise<Row> {
  const options = testOptions({
    workload,
    bin: join(root, bin),
    binArgs,
    nodeCount: Number(values.nodes),
    timeLimit: Number(values["time-limit"]),
    rate: 100,
    latency: 100,
    seed: Number(values.seed),
    ...(workload === "causal-broadcast" ? { sessions } : {}),
    storeDir: mkdtempSync(join(tmpdir(), "bench-causal-")),
  });
  process.stderr.write(`running ${label} (${values["time-limit"]} s + 10 s recovery)...\n`);
  const out = await runTest(runConfigFrom(options, []), () => {});
  const r = out.results as Record<string, Record<string, unknown>> | undefined;
  if (!r) throw new Error(`${label}: the run crashed: ${out.crash}`);
  const sl = (r.workload!["stable-latencies"] ?? {}) as Record<string, number>;
  const mpo = (r.net!.servers as Record<string, number>)["msgs-per-op"]!;
  const counts = (r.workload!["anomaly-counts"] ?? {}) as Record<string, number>;
  const anomalies = Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(", ");
  const b = serverMessageBytes(out.dir);
  return { label, msgsPerOp: mpo, median: sl["0.5"] ?? NaN, max: sl["1"] ?? NaN, bytesPerMsg: b.mean, serverMsgs: b.count, valid: r["valid?"], anomalies: workload === "causal-broadcast" ? anomalies || "none" : "" };
}

const lines: string[] = [];
const say = (l: string) => {
  lines.push(l);
  console.log(l);
};
const fmt = (r: Row) => `| ${r.label} | ${r.msgsPerOp.toFixed(2)} | ${r.median} | ${r.max} | ${Math.round(r.bytesPerMsg)} | ${r.serverMsgs} | ${String(r.valid)}${r.anomalies ? ` (anomalies: ${r.anomalies})` : ""} |`;

say(`# Causal broadcast against broadcast: ${values.nodes} nodes, --rate 100, --latency 100, ${values["time-limit"]} s, seed ${values.seed}, process host`);
say(`${new Date().toISOString()}, Node ${process.version}, ${cpus().length} cores`);
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
const dir = join(root, "store/bench");
mkdirSync(dir, { recursive: true });
const file = join(dir, `causal-${new Date().toISOString().replace(/[:.]/g, "-")}.md`);
writeFileSync(file, lines.join("\n") + "\n");
console.log(`\nreport written to ${file}`);
process.exit(msgsGoal && latencyGoal && base.valid === true && causal.valid === true ? 0 : 1);
