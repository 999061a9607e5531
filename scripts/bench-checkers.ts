// How fast each checker of Gossip Glomers 5 and 6 judges a history the size the
// issue names: a simulated run of 5 nodes, 60 s, --rate 100 (concurrency 2n),
// with the workload's example node, then the workload's whole check (the one a
// run calls: its own checker and what it composes) timed --runs times on that
// history after one untimed check. Prints, per workload, the ops, the median
// check time, ops checked per second (client ops invoked / median seconds),
// the verdict, and whether the goal (under 10 s) is met. A workload not yet
// registered is named and skipped.
//   npm run bench:checkers -- [--runs 3] [--seed 1] [--time-limit 60] [--rate 100] [--workloads kafka,txn-rw-register,txn-list-append]
// (--time-limit 180 --rate 1000 checks a history 30 times the goal's, to see how the checkers scale.)
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { loadNodeProgram } from "../lib/runtime/node-program.js";
import type { Op } from "../maelstrom-workloads/model/op.js";
import { testOptions } from "../maelstrom-workloads/options/test-options.js";
import { runConfigFrom, workloadContext } from "../maelstrom-workloads/run/run-config.js";
import { runSim } from "../maelstrom-workloads/sim/run-sim.js";
import { workloadFactory } from "../maelstrom-workloads/workloads.js";
import { benchArgs, usageError } from "./bench/cli.js";
import { fileStamp, machineLine, Report } from "./bench/report.js";
import { median } from "./bench/stats.js";

const root = resolve(import.meta.dirname, "..");
const usage = "usage: npm run bench:checkers -- [--runs 3] [--seed 1] [--time-limit 60] [--rate 100] [--workloads kafka,txn-rw-register,txn-list-append]";
const { values } = benchArgs("bench-checkers", usage, {
  options: {
    runs: { type: "string", default: "3" },
    seed: { type: "string", default: "1" },
    "time-limit": { type: "string", default: "60" },
    rate: { type: "string", default: "100" },
    workloads: { type: "string", default: "kafka,txn-rw-register,txn-list-append" },
  },
});
for (const k of ["runs", "seed", "time-limit", "rate"] as const) {
  if (!/^[0-9]+$/.test(values[k])) usageError("bench-checkers", usage, `--${k} must be a whole number, got ${values[k]}`);
}
const runs = Math.max(1, Number(values.runs));
const seed = Number(values.seed);
const timeLimit = Math.max(1, Number(values["time-limit"]));
const rate = Math.max(1, Number(values.rate));

/** Each workload's example node, and the options its challenge is run with beyond the common ones. */
const SUBJECTS: Record<string, { bin: string; options?: Record<string, unknown> }> = {
  kafka: { bin: "nodes/kafka.ts" },
  "txn-rw-register": { bin: "nodes/txn-rw-register.ts", options: { consistencyModels: ["read-committed"] } },
  "txn-list-append": { bin: "nodes/txn-list-append.ts" },
  "lin-kv": { bin: "nodes/lin-kv.ts" },
  broadcast: { bin: "nodes/broadcast.ts" },
};

const report = new Report();
const say = (l: string) => report.say(l);
say(`# Checkers on ${timeLimit} s simulated histories (5 nodes, --rate ${rate}, --concurrency 2n, seed ${seed}), median of ${runs} checks after one untimed`);
say(machineLine());
say("");
say("| workload | node | client ops | check s (median) | ops checked/s | valid? | under 10 s |");
say("|---|---|---:|---:|---:|---|---|");
let allFast = true;
let measured = 0;
for (const name of values.workloads.split(",").filter((w) => w !== "")) {
  const subject = SUBJECTS[name];
  const factory = workloadFactory(name);
  if (subject === undefined || factory === undefined) {
    say(`| ${name} | - | - | - | - | - | skipped: ${factory === undefined ? "not registered in maelstrom-workloads/workloads.ts" : "no example node named here"} |`);
    continue;
  }
  const store = mkdtempSync(join(tmpdir(), "bench-checkers-"));
  try {
    const install = await loadNodeProgram(join(root, subject.bin));
    const options = testOptions({ workload: name, bin: subject.bin, nodeCount: 5, concurrency: "2n", rate, timeLimit, seed, storeDir: store, ...subject.options } as Parameters<typeof testOptions>[0]);
    const cfg = runConfigFrom(options, []);
    const outcome = await runSim({ ...cfg, install }, () => {});
    const ops = readFileSync(join(outcome.dir, "history.jsonl"), "utf8").split("\n").filter((l) => l.length > 0).map((l) => JSON.parse(l) as Op);
    const workload = factory(workloadContext(cfg));
    let result = workload.check(ops, {});
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      result = workload.check(ops, {});
      times.push((performance.now() - t0) / 1000);
    }
    const s = median(times);
    const invoked = ops.filter((o) => o.type === "invoke" && typeof o.process === "number").length;
    allFast &&= s < 10;
    measured++;
    say(`| ${name} | ${subject.bin} | ${invoked} | ${s.toFixed(3)} | ${Math.round(invoked / Math.max(s, 1e-6))} | ${String(result["valid?"])} | ${s < 10 ? "yes" : "NO"} |`);
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
}
say("");
say(`Goal: each checker judges a 5-node, 60 s, --rate 100 history in under 10 s (this one: ${timeLimit} s, --rate ${rate}): ${measured === 0 ? "not measured (no workload ran)" : allFast ? `met (${measured} measured)` : "NOT met"}.`);
report.write(`checkers-${fileStamp()}.md`);
process.exit(measured > 0 && allFast ? 0 : 1);
