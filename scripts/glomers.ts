// Every Gossip Glomers challenge (fly.io/dist-sys) on the local harness, with
// the flags fly.io gives for it and this project's example node for it. Each
// command line goes through the test command's own option parser, so what
// runs here is what `npm run maelstrom -- test <flags>` runs. Prints a table
// (challenge, node, verdict, ops, msgs/op, seconds) and writes it to
// store/bench/glomers-<time>.md; the runs are stored under --store.
//   npm run glomers -- [--host process|sim] [--only 3c,5a,...] [--time-limit S] [--store DIR]
// --host process (the default) runs real processes in real time, as
// Maelstrom would (about 5 minutes in all); --host sim runs the same flags on
// the simulator in seconds. --time-limit shortens every run (a quick check).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { loadNodeProgram } from "../lib/runtime/node-program.js";
import { runTest } from "../maelstrom-workloads/harness/run-test.js";
import { parseTestArgs } from "../maelstrom-workloads/options/parse-test-args.js";
import { defaultIo } from "../maelstrom-workloads/options/resolve-options.js";
import { runConfigFrom } from "../maelstrom-workloads/run/run-config.js";
import { runSim } from "../maelstrom-workloads/sim/run-sim.js";
import { workloadFactory } from "../maelstrom-workloads/workloads.js";
import { benchArgs, usageError } from "./bench/cli.js";
import { CHALLENGES } from "./glomers/challenges.js";
import { fileStamp, machineLine, Report } from "./bench/report.js";

const root = resolve(import.meta.dirname, "..");
const usage = "usage: npm run glomers -- [--host process|sim] [--only 3c,5a,...] [--time-limit S] [--store DIR]";
const { values } = benchArgs("glomers", usage, {
  options: {
    host: { type: "string", default: "process" },
    only: { type: "string", default: "" },
    "time-limit": { type: "string", default: "" },
    store: { type: "string", default: "" },
  },
});
if (values.host !== "process" && values.host !== "sim") usageError("glomers", usage, `--host takes process or sim, got ${JSON.stringify(values.host)}`);
if (values["time-limit"] !== "" && !/^[0-9]+(\.[0-9]+)?$/.test(values["time-limit"])) usageError("glomers", usage, `--time-limit must be a number of seconds, got ${values["time-limit"]}`);


const only = values.only === "" ? undefined : new Set(values.only.split(","));
if (only) for (const id of only) if (!CHALLENGES.some((c) => c.id === id)) usageError("glomers", usage, `--only: no challenge ${JSON.stringify(id)}; the challenges are ${CHALLENGES.map((c) => c.id).join(", ")}`);
const storeDir = values.store === "" ? mkdtempSync(`${tmpdir()}/glomers-`) : resolve(values.store);

const report = new Report();
const say = (l: string) => report.say(l);
say(`# Gossip Glomers on the local harness (${values.host === "process" ? "node processes, real time" : "the simulator, virtual time"}${values["time-limit"] ? `, every run --time-limit ${values["time-limit"]}` : ""})`);
say(machineLine());
say("");
say("| challenge | node | flags | verdict | client ops | msgs/op | stable latency median / max ms | wall s |");
say("|---|---|---|---|---:|---:|---:|---:|");
let allValid = true;
for (const c of CHALLENGES) {
  if (only && !only.has(c.id)) continue;
  const workload = c.flags.split(" ")[1]!;
  let flags = c.flags;
  if (values["time-limit"]) flags = flags.replace(/--time-limit \S+/, `--time-limit ${values["time-limit"]}`);
  const argv = [...flags.split(" "), "--bin", c.bin, "--store", storeDir];
  if (workloadFactory(workload) === undefined) {
    say(`| ${c.id} ${c.name} | ${c.bin} | \`${flags}\` | not run: the ${workload} workload is not registered | | | | |`);
    allValid = false;
    continue;
  }
  const parsed = parseTestArgs(argv, { ...defaultIo, baseDir: root });
  if (!parsed.ok || parsed.help) {
    say(`| ${c.id} ${c.name} | ${c.bin} | \`${flags}\` | bad flags: ${parsed.ok ? "--help" : parsed.error} | | | | |`);
    allValid = false;
    continue;
  }
  const cfg = { ...runConfigFrom(parsed.options, argv), seed: parsed.options.seed ?? 1 };
  const t0 = performance.now();
  const outcome =
    values.host === "process" ? await runTest(cfg, () => {}) : await runSim({ ...cfg, install: await loadNodeProgram(resolve(root, c.bin)) }, () => {});
  const s = (performance.now() - t0) / 1000;
  const r = outcome.results as Record<string, Record<string, unknown>> | undefined;
  const stats = r?.stats as { count?: number } | undefined;
  const net = (r?.net as { servers?: { "msgs-per-op"?: number } } | undefined)?.servers?.["msgs-per-op"];
  // Broadcast's stable latencies (3d and 3e set goals on them), in ms.
  const lat = (r?.workload as { "stable-latencies"?: Record<string, number | null> } | undefined)?.["stable-latencies"];
  const latency = lat && typeof lat["0.5"] === "number" && typeof lat["1"] === "number" ? `${Math.round(lat["0.5"])} / ${Math.round(lat["1"])}` : "-";
  const verdict = outcome.crash !== undefined ? `crashed: ${outcome.crash.split("\n")[0]}` : String(r?.["valid?"]);
  allValid &&= outcome.exitCode === 0;
  say(`| ${c.id} ${c.name} | ${c.bin} | \`${flags}\` | ${verdict} | ${stats?.count ?? "-"} | ${typeof net === "number" ? net.toFixed(2) : "-"} | ${latency} | ${s.toFixed(1)} |`);
}
say("");
say(`Every challenge run valid: ${allValid}. Runs stored under ${storeDir}.`);
report.write(`glomers-${fileStamp()}.md`);
if (values.store === "") rmSync(storeDir, { recursive: true, force: true });
process.exit(allValid ? 0 : 1);
