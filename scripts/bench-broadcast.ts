// The broadcast node's trade-off between messages and latency, from real runs
// of the local harness at the Gossip Glomers 3d/3e settings (25 nodes, --rate
// 100, --latency 100, 20 s): first the named settings (fast and frugal beside
// the best published results and the targets, then durable), then a sweep of
// the gossip period. Latencies are Maelstrom's stable latencies, and, since
// durable delays the acknowledgement itself, the client's wait for broadcast_ok.
//   npm run bench:broadcast -- [--periods 25,40,75,150,300,500] [--time-limit 20] [--nodes 25] [--no-sweep]
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { runConfigFrom } from "../maelstrom-workloads/run/run-config.js";
import { runTest } from "../maelstrom-workloads/harness/run-test.js";
import { testOptions } from "../maelstrom-workloads/options/test-options.js";

const root = resolve(import.meta.dirname, "..");
const usage = "usage: npm run bench:broadcast -- [--periods 25,40,75,150,300,500] [--time-limit 20] [--nodes 25] [--seed 1] [--no-sweep]";
function parse() {
  try {
    return parseArgs({
      options: {
        periods: { type: "string", default: "25,40,75,150,300,500" },
        "time-limit": { type: "string", default: "20" },
        nodes: { type: "string", default: "25" },
        seed: { type: "string", default: "1" },
        "no-sweep": { type: "boolean", default: false },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (e) {
    console.error(`bench-broadcast: ${(e as Error).message}\n${usage}`);
    process.exit(254);
  }
}
const values = parse();
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const periods = values.periods!.split(",").map(Number);
if (periods.some((p) => !(p > 0))) {
  console.error(`bench-broadcast: --periods must be positive numbers of ms, got ${values.periods}\n${usage}`);
  process.exit(254);
}

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
  for (const line of readFileSync(join(dir, "history.jsonl"), "utf8").split("\n")) {
    if (line === "") continue;
    const op = JSON.parse(line) as { type: string; process: number; f: string; time: number };
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
  const options = testOptions({
    workload: "broadcast",
    bin: join(root, "nodes/broadcast.ts"),
    binArgs: nodeArgs,
    nodeCount: Number(values["nodes"]),
    timeLimit: Number(values["time-limit"]),
    rate: 100,
    latency: 100,
    seed: Number(values.seed),
    storeDir: mkdtempSync(join(tmpdir(), "bench-broadcast-")),
  });
  process.stderr.write(`running ${label} (${values["time-limit"]} s + 10 s recovery)...\n`);
  const out = await runTest(runConfigFrom(options, []), () => {});
  const r = out.results as Record<string, Record<string, unknown>> | undefined;
  if (!r) throw new Error(`${label}: the run crashed: ${out.crash}`);
  const sl = (r.workload!["stable-latencies"] ?? {}) as Record<string, number>;
  const mpo = (r.net!.servers as Record<string, number>)["msgs-per-op"]!;
  return { label, msgsPerOp: mpo, median: sl["0.5"] ?? NaN, p95: sl["0.95"] ?? NaN, max: sl["1"] ?? NaN, valid: r["valid?"], ack: ackLatencies(out.dir) };
}

const lines: string[] = [];
const say = (l: string) => {
  lines.push(l);
  console.log(l);
};
const fmt = (r: Row) =>
  `| ${r.label} | ${r.msgsPerOp.toFixed(2)} | ${r.median} | ${r.p95} | ${r.max} | ${r.ack.median} / ${r.ack.p95} / ${r.ack.max}${r.ack.unanswered > 0 ? ` (${r.ack.unanswered} unanswered)` : ""} | ${String(r.valid)} |`;

say(`# Broadcast: ${values.nodes} nodes, --rate 100, --latency 100, ${values["time-limit"]} s, seed ${values.seed}`);
say(`${new Date().toISOString()}, Node ${process.version}, ${cpus().length} cores`);
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
const dir = join(root, "store/bench");
mkdirSync(dir, { recursive: true });
const file = join(dir, `broadcast-${new Date().toISOString().replace(/[:.]/g, "-")}.md`);
writeFileSync(file, lines.join("\n") + "\n");
console.log(`\nreport written to ${file}`);
