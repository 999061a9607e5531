// How fast the simulator runs: 25 nodes/broadcast.ts nodes at --rate 100
// --latency 100 --nemesis partition for 600 simulated seconds, counting
// start-up (loading the program), the run and the checkers. Prints simulated
// seconds per wall second beside the run's op and message counts, and writes
// the table to store/bench/. npm run bench:sim gives Node a 16 GiB heap: at
// 600 s the history holds ~450 million read values (each read returns every
// value broadcast so far), about 4 GB, which set-full needs.
//   npm run bench:sim -- [--time-limit 600] [--nodes 25] [--seed 1] [--bin nodes/broadcast.ts]
import { createReadStream, mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { loadNodeProgram } from "../lib/runtime/node-program.js";
import { testOptions } from "../maelstrom-workloads/options/test-options.js";
import { runConfigFrom } from "../maelstrom-workloads/run/run-config.js";
import { runSim } from "../maelstrom-workloads/sim/run-sim.js";
import { benchArgs, usageError } from "./bench/cli.js";
import { writeReport } from "./bench/report.js";

const root = resolve(import.meta.dirname, "..");
const usage = "usage: npm run bench:sim -- [--time-limit 600] [--nodes 25] [--seed 1] [--bin nodes/broadcast.ts] [bin args...]";
const { values, positionals } = benchArgs("bench-sim", usage, {
  allowPositionals: true,
  options: {
    "time-limit": { type: "string", default: "600" },
    nodes: { type: "string", default: "25" },
    seed: { type: "string", default: "1" },
    bin: { type: "string", default: "nodes/broadcast.ts" },
  },
});
const timeLimit = Number(values["time-limit"]);
const nodeCount = Number(values.nodes);
const seed = Number(values.seed);
if (!(timeLimit > 0) || !Number.isInteger(nodeCount) || nodeCount < 1 || !Number.isInteger(seed) || seed < 0) {
  usageError("bench-sim", usage, "--time-limit must be > 0, --nodes a whole number >= 1, --seed a whole number >= 0");
}

/** One simulated run of `workload` on `bin`, timed from loading the program to the checkers' verdict; its store is kept until `after` has read it. */
async function timedRun(workload: "broadcast" | "echo", bin: string, binArgs: string[], after: (storeDir: string) => Promise<void> = async () => {}) {
  const store = mkdtempSync(join(tmpdir(), "bench-sim-"));
  try {
    const t0 = performance.now();
    const install = await loadNodeProgram(resolve(root, bin));
    // Every other option takes the option table's default, as `npm run sim -- test` would.
    const options = testOptions({ workload, bin, binArgs, nodeCount, rate: 100, timeLimit, latency: 100, nemesis: ["partition"], seed, storeDir: store });
    const outcome = await runSim({ ...runConfigFrom(options, []), install }, () => {});
    const wallS = (performance.now() - t0) / 1000;
    await after(join(store, "latest"));
    return { outcome, wallS };
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
}

/**
 * The least work any host must do for the run's reads, timed alone: each ok
 * read's values made into JSON text once (the node's reply) and parsed once
 * (the harness reading it), read from the run's own history.jsonl. No
 * network, no clock, no journal, no history, no checker.
 */
async function readFloor(storeDir: string): Promise<{ reads: number; values: number; bytes: number; seconds: number }> {
  let reads = 0;
  let values = 0;
  let bytes = 0;
  let ms = 0;
  const lines = createInterface({ input: createReadStream(join(storeDir, "history.jsonl")), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.includes('"f":"read"') || !line.includes('"type":"ok"')) continue;
    const op = JSON.parse(line) as { f?: string; type?: string; value?: unknown };
    if (op.f !== "read" || op.type !== "ok" || !Array.isArray(op.value)) continue;
    const body = { type: "read_ok", messages: op.value, in_reply_to: 1 };
    const t = performance.now();
    const text = JSON.stringify(body);
    const back = JSON.parse(text) as { messages: unknown[] };
    ms += performance.now() - t;
    reads++;
    values += back.messages.length;
    bytes += text.length;
  }
  return { reads, values, bytes, seconds: ms / 1000 };
}

const peakMB = () => Math.round(process.resourceUsage().maxRSS / 1024);
const row = (name: string, simS: number, wallS: number, ops: number | string, messages: number | string, msgsPerOp: string, peak: number | string, valid: string) =>
  `| ${name} | ${simS.toFixed(1)} | ${wallS.toFixed(2)} | ${(simS / wallS).toFixed(1)} | ${ops} | ${messages} | ${msgsPerOp} | ${peak} | ${valid} |`;
const verdict = (o: { exitCode: number; crash?: string }) => (o.exitCode === 0 ? "true" : `exit ${o.exitCode}${o.crash ? `: ${o.crash}` : ""}`);
const serverMsgsPerOp = (o: { results?: unknown }) =>
  (o.results as { net?: { servers?: { "msgs-per-op"?: number } } } | undefined)?.net?.servers?.["msgs-per-op"]?.toFixed(2) ?? "-";

let floor = { reads: 0, values: 0, bytes: 0, seconds: 0 };
process.stderr.write(`bench-sim: broadcast, ${nodeCount} x ${values.bin}, ${timeLimit} simulated s ...\n`);
const b = await timedRun("broadcast", values.bin, positionals, async (dir) => void (floor = await readFloor(dir)));
const bPeak = peakMB();
process.stderr.write(`bench-sim: echo, ${nodeCount} x nodes/echo.ts, ${timeLimit} simulated s ...\n`);
const e = await timedRun("echo", "nodes/echo.ts", []);
const bSim = b.outcome.simulatedMs / 1000;
const lines = [
  `bench:sim on ${cpus().length} cores, ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}, ${new Date().toISOString()}`,
  `${nodeCount} nodes, --rate 100 --latency 100 --nemesis partition --time-limit ${timeLimit} --seed ${seed}; wall s counts start-up, the run and the checkers`,
  "",
  "| run | simulated s | wall s | simulated s per wall s | ops | messages | server msgs/op | peak RSS MB | valid? |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---|",
  row(`broadcast, ${values.bin}${positionals.length ? " " + positionals.join(" ") : ""}`, bSim, b.wallS, b.outcome.ops, b.outcome.messages, serverMsgsPerOp(b.outcome), bPeak, verdict(b.outcome)),
  row(`floor: its ${floor.reads} reads' ${floor.values} values (${(floor.bytes / 1e9).toFixed(2)} GB of JSON) stringified and parsed once, nothing else`, bSim, floor.seconds, "-", "-", "-", "-", "-"),
  row("echo, nodes/echo.ts", e.outcome.simulatedMs / 1000, e.wallS, e.outcome.ops, e.outcome.messages, serverMsgsPerOp(e.outcome), peakMB(), verdict(e.outcome)),
  "",
  "Goal (broadcast row): at least 200 simulated seconds per wall second. Each broadcast read returns every value so far, so the",
  "reads' size grows with the square of the run's length; the floor row is the most any host could reach for those reads.",
];
console.log(lines.join("\n"));
console.log(`written to ${writeReport(`sim-${Date.now()}.md`, lines)}`);
process.exit(b.outcome.exitCode === 0 && e.outcome.exitCode === 0 ? 0 : 1);
