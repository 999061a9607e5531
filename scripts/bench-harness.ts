// How late the local harness delivers messages against their deadlines, under
// load: N nodes, --rate 100, --latency 100 (the Gossip Glomers 3d settings),
// broadcast workload. Side by side: the lateness of bare Node timers with the
// harness idle, the floor any Node program has. Prints a table and writes it
// to store/bench/.
//   npm run bench:harness -- [--bin NODE] [--nodes 25] [--rounds 3] [--time-limit 20]
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { runTest } from "../maelstrom-workloads/harness/run-test.js";
import { frequencyDistribution } from "../maelstrom-workloads/checkers/set-full.js";
import { runConfigFrom } from "../maelstrom-workloads/run/run-config.js";
import { testOptions } from "../maelstrom-workloads/options/test-options.js";
import { benchArgs, usageError } from "./bench/cli.js";
import { fileStamp, machineLine, Report } from "./bench/report.js";
import { median } from "./bench/stats.js";

const root = resolve(import.meta.dirname, "..");
const usage = "usage: npm run bench:harness -- [--bin NODE (default test/fixtures/broadcast/gossip.mjs)] [--nodes 25] [--rounds 3] [--time-limit 20] [--rate 100] [--latency 100]";
const { values } = benchArgs("bench-harness", usage, {
  options: {
    bin: { type: "string", default: "test/fixtures/broadcast/gossip.mjs" },
    nodes: { type: "string", default: "25" },
    rounds: { type: "string", default: "3" },
    "time-limit": { type: "string", default: "20" },
    rate: { type: "string", default: "100" },
    latency: { type: "string", default: "100" },
  },
});
const num = (k: keyof typeof values) => {
  const v = Number(values[k]);
  if (!(v > 0)) usageError("bench-harness", usage, `--${k} must be a positive number, got ${values[k]}`);
  return v;
};
const n = num("nodes");
const rounds = num("rounds");
const timeLimit = num("time-limit");
const rate = num("rate");
const latency = num("latency");

const q = (xs: number[], p: number) => frequencyDistribution(xs, [p])![String(p)]!;

/** Lateness of `count` timers of `ms` each, set 5 ms apart, with nothing else running. */
async function timerFloor(count: number, ms: number): Promise<number[]> {
  const late: number[] = [];
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      new Promise<void>((r) =>
        setTimeout(() => {
          const due = performance.now() + ms;
          setTimeout(() => {
            late.push(performance.now() - due);
            r();
          }, ms);
        }, i * 5),
      ),
    ),
  );
  return late;
}

const report = new Report();
const say = (l: string) => report.say(l);
say(`# Harness delivery lateness: ${n} nodes, --rate ${rate} --latency ${latency}, ${timeLimit} s, bin ${values.bin}`);
say(machineLine());
say("");
say("| round | what | deliveries | p50 ms | p99 ms | max ms |");
say("|---:|---|---:|---:|---:|---:|");
const p99s: number[] = [];
const floors: number[] = [];
for (let r = 1; r <= rounds; r++) {
  const floor = await timerFloor(400, latency);
  floors.push(q(floor, 0.99));
  say(`| ${r} | bare Node timers, harness idle | ${floor.length} | ${q(floor, 0.5).toFixed(2)} | ${q(floor, 0.99).toFixed(2)} | ${q(floor, 1).toFixed(2)} |`);
  // The run a user gets from: maelstrom test -w broadcast --bin BIN --node-count N --rate R --latency L --time-limit T --seed r
  const options = testOptions({ workload: "broadcast", bin: resolve(root, values.bin!), nodeCount: n, rate, latency, timeLimit, seed: r, storeDir: mkdtempSync(join(tmpdir(), "bench-harness-")) });
  const outcome = await runTest(runConfigFrom(options, []), () => {});
  const late = (outcome.results?.harness as { "delivery-lateness-ms": Record<string, number> } | undefined)?.["delivery-lateness-ms"];
  if (!late) {
    say(`| ${r} | harness run failed (exit ${outcome.exitCode}): ${outcome.crash ?? "no deliveries"} | | | | |`);
    continue;
  }
  p99s.push(late["0.99"]!);
  say(`| ${r} | harness, timed deliveries (exit ${outcome.exitCode}) | ${late.count} | ${late["0.5"]!.toFixed(2)} | ${late["0.99"]!.toFixed(2)} | ${late["1"]!.toFixed(2)} |`);
}
say("");
if (p99s.length) say(`median p99 lateness: harness ${median(p99s).toFixed(2)} ms, bare timers ${median(floors).toFixed(2)} ms (target: harness under 5 ms)`);
report.write(`harness-lateness-${fileStamp()}.md`);
