// How fast the simulator runs: 25 nodes/broadcast.ts nodes at --rate 100
// --latency 100 --nemesis partition for 600 simulated seconds, counting
// start-up (loading the program), the run and the checkers. Prints simulated
// seconds per wall second beside the run's op and message counts, and writes
// the table to store/bench/. npm run bench:sim gives Node a 16 GiB heap: at
// 600 s the history holds ~450 million read values (each read returns every
// value broadcast so far), about 4 GB, which set-full needs.
//   npm run bench:sim -- [--time-limit 600] [--nodes 25] [--seed 1] [--bin nodes/broadcast.ts]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { loadNodeProgram } from "../lib/runtime/node-program.js";
import { testOptions } from "../maelstrom-workloads/options/test-options.js";
import { runConfigFrom } from "../maelstrom-workloads/run/run-config.js";
import { runSim } from "../maelstrom-workloads/sim/run-sim.js";

const root = resolve(import.meta.dirname, "..");
const usage = "usage: npm run bench:sim -- [--time-limit 600] [--nodes 25] [--seed 1] [--bin nodes/broadcast.ts] [bin args...]";
let values;
let positionals: string[];
try {
  ({ values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      "time-limit": { type: "string", default: "600" },
      nodes: { type: "string", default: "25" },
      seed: { type: "string", default: "1" },
      bin: { type: "string", default: "nodes/broadcast.ts" },
      help: { type: "boolean", short: "h" },
    },
  }));
} catch (e) {
  console.error(`bench-sim: ${(e as Error).message}\n${usage}`);
  process.exit(254);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const timeLimit = Number(values["time-limit"]);
const nodeCount = Number(values.nodes);
const seed = Number(values.seed);
if (!(timeLimit > 0) || !Number.isInteger(nodeCount) || nodeCount < 1 || !Number.isInteger(seed) || seed < 0) {
  console.error(`bench-sim: --time-limit must be > 0, --nodes a whole number >= 1, --seed a whole number >= 0\n${usage}`);
  process.exit(254);
}

const store = mkdtempSync(join(tmpdir(), "bench-sim-"));
const t0 = performance.now();
const install = await loadNodeProgram(resolve(root, values.bin));
// Every other option takes the option table's default, as `npm run sim -- test` would.
const options = testOptions({
  workload: "broadcast",
  bin: values.bin,
  binArgs: positionals,
  nodeCount,
  rate: 100,
  timeLimit,
  latency: 100,
  nemesis: ["partition"],
  seed,
  storeDir: store,
});
const outcome = await runSim({ ...runConfigFrom(options, []), install }, () => {});
const wallS = (performance.now() - t0) / 1000;
rmSync(store, { recursive: true, force: true });
const simS = outcome.simulatedMs / 1000;
const r = outcome.results as { net?: { servers?: { "msgs-per-op"?: number } } } | undefined;
const lines = [
  `bench:sim on ${cpus().length} cores, ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}, ${new Date().toISOString()}`,
  `${nodeCount} x ${values.bin}${positionals.length ? " " + positionals.join(" ") : ""}, broadcast, --rate 100 --latency 100 --nemesis partition --time-limit ${timeLimit} --seed ${seed}`,
  "",
  "| simulated s | wall s (start-up + run + checkers) | simulated s per wall s | ops | messages | server msgs/op | peak RSS MB | valid? |",
  "|---:|---:|---:|---:|---:|---:|---:|---|",
  `| ${simS.toFixed(1)} | ${wallS.toFixed(2)} | ${(simS / wallS).toFixed(1)} | ${outcome.ops} | ${outcome.messages} | ${r?.net?.servers?.["msgs-per-op"]?.toFixed(2) ?? "-"} | ${Math.round(process.resourceUsage().maxRSS / 1024)} | ${outcome.exitCode === 0 ? "true" : `exit ${outcome.exitCode}${outcome.crash ? `: ${outcome.crash}` : ""}`} |`,
  "",
  "Goal: at least 200 simulated seconds per wall second.",
];
console.log(lines.join("\n"));
mkdirSync(join(root, "store", "bench"), { recursive: true });
const out = join(root, "store", "bench", `sim-${Date.now()}.md`);
writeFileSync(out, lines.join("\n") + "\n");
console.log(`written to ${out}`);
process.exit(outcome.exitCode === 0 ? 0 : 1);
