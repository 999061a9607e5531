// The broadcast node's trade-off between messages and latency, from real runs
// of the local harness at the Gossip Glomers 3d/3e settings (25 nodes, --rate
// 100, --latency 100, 20 s): first the named settings (fast and frugal beside
// the best published results and the targets, then durable), then a sweep of
// the gossip period. Latencies are Maelstrom's stable latencies, and, since
// durable delays the acknowledgement itself, the client's wait for broadcast_ok.
//   npm run bench:broadcast -- [--periods 25,40,75,150,300,500] [--time-limit 20] [--nodes 25] [--no-sweep]
import { join, resolve } from "node:path";
import { broadcastRun, jsonLines } from "./bench/broadcast-run.js";
import { benchArgs, usageError } from "./bench/cli.js";
import { fileStamp, machineLine, Report } from "./bench/report.js";

const root = resolve(import.meta.dirname, "..");
const usage = "usage: npm run bench:broadcast -- [--periods 25,40,75,150,300,500] [--time-limit 20] [--nodes 25] [--seed 1] [--no-sweep]";
const { values } = benchArgs("bench-broadcast", usage, {
  options: {
    periods: { type: "string", default: "25,40,75,150,300,500" },
    "time-limit": { type: "string", default: "20" },
    nodes: { type: "string", default: "25" },
    seed: { type: "string", default: "1" },
    "no-sweep": { type: "boolean", default: false },
  },
});
const periods = values.periods.split(",").map(Number);
if (periods.some((p) => !(p > 0))) usageError("bench-broadcast", usage, `--periods must be positive numbers of ms, got ${values.periods}`);

interface Row {
  label: string;
  msgsPerOp: number;
  median: number;
  p95: number;
  max: number;
  valid: unknown;
  /** The client's wait from a broadcast's invocation to its broadcast_ok, ms: median, p95, max; and broadcasts not answered. */
  ack: { median: number; p95: number; max: number; unanswered: number };
}

/** Quantile q of sorted xs (nearest rank). */
const quantile = (xs: readonly number[], q: number) => (xs.length === 0 ? NaN : xs[Math.max(0, Math.ceil(q * xs.length) - 1)]!);

/** How long clients waited for broadcast_ok, from the run's history.jsonl. */
function ackLatencies(dir: string): Row["ack"] {
  const invoked = new Map<number, number>();
  const waits: number[] = [];
  let unanswered = 0;
  for (const op of jsonLines<{ type: string; process: number; f: string; time: number }>(dir, "history.jsonl")) {
    if (op.f !== "broadcast") continue;
    if (op.type === "invoke") invoked.set(op.process, op.time);
    else if (op.type === "ok") waits.push((op.time - invoked.get(op.process)!) / 1e6);
    else unanswered++;
  }
  waits.sort((a, b) => a - b);
  return { median: Math.round(quantile(waits, 0.5)), p95: Math.round(quantile(waits, 0.95)), max: Math.round(quantile(waits, 1)), unanswered };
}

/** One harness run of nodes/broadcast.ts with these node arguments. */
async function measure(label: string, nodeArgs: string[]): Promise<Row> {
  const run = await broadcastRun("bench-broadcast", label, {
    workload: "broadcast",
    bin: join(root, "nodes/broadcast.ts"),
    binArgs: nodeArgs,
    nodeCount: Number(values["nodes"]),
    timeLimit: Number(values["time-limit"]),
    seed: Number(values.seed),
  });
  return { label, msgsPerOp: run.msgsPerOp, ...run.stable, valid: run.results["valid?"], ack: ackLatencies(run.dir) };
}

const report = new Report();
const say = (l: string) => report.say(l);
const fmt = (r: Row) =>
  `| ${r.label} | ${r.msgsPerOp.toFixed(2)} | ${r.median} | ${r.p95} | ${r.max} | ${r.ack.median} / ${r.ack.p95} / ${r.ack.max}${r.ack.unanswered > 0 ? ` (${r.ack.unanswered} unanswered)` : ""} | ${String(r.valid)} |`;

say(`# Broadcast: ${values.nodes} nodes, --rate 100, --latency 100, ${values["time-limit"]} s, seed ${values.seed}`);
say(machineLine());
say("");
say("| setting | msgs/op | median ms | p95 ms | max ms | broadcast_ok after, median / p95 / max ms | valid? |");
say("|---|---:|---:|---:|---:|---:|---|");
const fast = await measure("fast (target: <= 10 msgs/op, median <= 200, max <= 300)", ["fast"]);
say(fmt(fast));
say("| published: star, 50 ms batches | 14.7 | 195 | | 281 | | |");
const frugal = await measure("frugal (target: <= 1.5 msgs/op, median <= 340, max <= 650)", ["frugal"]);
say(fmt(frugal));
say("| published: hub, diffs on acks | 1.99 | 339 | | 678 | | |");
const durable = await measure("durable (acknowledged once a second node holds the value)", ["durable"]);
say(fmt(durable));
const meets = (r: Row, m: number, med: number, max: number) => r.valid === true && r.msgsPerOp <= m && r.median <= med && r.max <= max;
say("");
say(`fast meets its targets: ${meets(fast, 10, 200, 300)}; frugal meets its targets: ${meets(frugal, 1.5, 340, 650)}; durable valid: ${String(durable.valid)}`);
if (!values["no-sweep"]) {
  say("");
  say("Sweep of the hub's period (star overlay, frugal's other settings):");
  say("");
  say("| period ms | msgs/op | median ms | p95 ms | max ms | broadcast_ok after, median / p95 / max ms | valid? |");
  say("|---:|---:|---:|---:|---:|---:|---|");
  for (const p of periods) {
    const r = await measure(String(p), ["frugal", "--period", String(p)]);
    say(fmt(r));
  }
}
report.write(`broadcast-${fileStamp()}.md`);
