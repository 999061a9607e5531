// `npm run sim -- search`: the fault search from the command line. Reads the
// search's options and the test's, runs the search on worker threads with a
// progress line, writes what it found under <store>/search/<time>/, replays
// the shrunk schedule in a normal store to check it fails the same way, and
// prints the schedule and the command lines that replay it.
import { importNodeModule } from "../../maelstrom-workloads/run/bundle-node.js";
import { commandName } from "../../maelstrom-workloads/options/command-name.js";
import { createHash, randomInt } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import { join } from "node:path";
import { loadNodeProgram, type NodeProgram } from "../../lib/runtime/node-program.js";
import { checkStoreDir } from "../../maelstrom-workloads/harness/check-store-dir.js";
import { describeSchedule } from "../../maelstrom-workloads/nemesis/describe-fault.js";
import { type FaultKind, type FaultSchedule, formatScheduleFile, parseFaultSchedule } from "../../maelstrom-workloads/nemesis/fault-schedule.js";
import { type TargetSpec, targetCount } from "../../maelstrom-workloads/nemesis/process-faults.js";
import { parseTestArgs, type TestOptions, workloadRunError } from "../../maelstrom-workloads/options/index.js";
import { fromInvocationDir, invocationDir } from "../../maelstrom-workloads/options/invocation-dir.js";
import { RUN_FILES } from "../../maelstrom-workloads/model/store-format.js";
import { runConfigFrom } from "../../maelstrom-workloads/run/run-config.js";
import { runTimestamp } from "../../maelstrom-workloads/run/store.js";
import { runSim } from "../../maelstrom-workloads/sim/run-sim.js";
import { WorkerPool } from "../../maelstrom-workloads/sim/search/case-runners.js";
import { FINDINGS_KIND, FINDINGS_VERSION, type SearchFindings } from "../../maelstrom-workloads/sim/search/findings.js";
import { replayCommand } from "../../maelstrom-workloads/sim/search/replay-command.js";
import { scheduleArbitrary } from "../../maelstrom-workloads/sim/search/schedule-arbitrary.js";
import { search } from "../../maelstrom-workloads/sim/search/search.js";
import { shellCommand } from "../replay/shell-quote.js";
import { parseSearchArgs, SEARCH_USAGE } from "./search-args.js";
import { SearchProgressLine } from "./search-progress.js";

export interface SearchIo {
  /** A line for the person (stdout). */
  say(line: string): void;
  /** An error line (stderr). */
  warn(line: string): void;
  /** Aborting it stops the search; what was found so far is written. */
  interrupt?: AbortSignal;
}

/** The kinds drawn when --faults is not given: every kind, latency only when there is a latency to change. */
export function defaultFaultKinds(o: TestOptions): FaultKind[] {
  return o.latency.mean > 0 ? ["partition", "kill", "pause", "loss", "latency"] : ["partition", "kill", "pause", "loss"];
}

/** A new folder <store>/search/<time>[-n]/ for one search's files. */
export function newSearchDir(storeDir: string, now = new Date()): string {
  const base = join(storeDir, "search", runTimestamp(now));
  let dir = base;
  for (let n = 1; existsSync(dir); n++) dir = `${base}-${n}`;
  mkdirSync(dir, { recursive: true });
  return dir;
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

export async function searchCommand(argv: readonly string[], io: SearchIo): Promise<number> {
  const fail = (msg: string) => (io.warn(`sim search: ${msg}\n(${commandName("sim")} search --help)`), 254);
  const parsed = parseSearchArgs(argv);
  if (!parsed.ok) return fail(parsed.error);
  if (parsed.help) return (io.say(SEARCH_USAGE), 0);
  // --findings, like the test's paths, is taken from the folder the command was run from.
  const a = { ...parsed.args, findings: parsed.args.findings === undefined ? undefined : fromInvocationDir(parsed.args.findings) };
  const t = parseTestArgs(a.testArgs);
  if (!t.ok) return fail(t.error);
  if (t.help) return (io.say(SEARCH_USAGE), 0);
  const o = t.options;
  const problem = workloadRunError(o) ?? checkStoreDir(o.storeDir);
  if (problem) return fail(problem);
  const kinds = a.faults ?? defaultFaultKinds(o);
  if (kinds.includes("latency") && o.latency.mean === 0) return fail("--faults latency: a latency fault multiplies --latency, which is 0 here; give --latency MS, or leave latency out");
  if ((kinds.includes("kill") || kinds.includes("pause")) && (o.nemesisTargets as TargetSpec[]).every((t) => targetCount(t, o.nodes.length) === 0)) {
    return fail(`--nemesis-targets ${o.nemesisTargets.join(",")}: with ${plural(o.nodes.length, "node")} that hits no node, so no kill or pause can be drawn; allow one (or more nodes), or leave kill and pause out of --faults`);
  }
  if (a.findings !== undefined) {
    // Found out now, not after the whole budget: the findings file can be written.
    try {
      writeFileSync(a.findings, "", { flag: "a" });
    } catch (e) {
      return fail(`--findings ${a.findings}: cannot write it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  let install: NodeProgram;
  try {
    install = await loadNodeProgram(o.bin, invocationDir(), importNodeModule);
  } catch (e) {
    return fail(`--bin ${(e as Error).message}`);
  }

  const seed = a.seed ?? randomInt(0, 2 ** 32);
  const timeLimitMs = Math.round(o.timeLimit * 1000);
  const arbitrary = scheduleArbitrary({ nodes: o.nodes, timeLimitMs, kinds, targets: o.nemesisTargets as TargetSpec[], maxFaults: a.maxFaults });
  const workers = Math.max(1, Math.min(a.workers, a.budget));
  const dir = newSearchDir(o.storeDir);
  const shard = `${a.shard.index}/${a.shard.count}`;
  io.say(`maelstrom-nodes fault search: ${o.workload}, ${plural(o.nodes.length, "node")} (${o.nodes.join(" ")}), program ${o.bin}${o.binArgs.length ? " " + o.binArgs.join(" ") : ""}, on virtual time`);
  io.say(`seed ${seed} (repeat this search with --seed ${seed}); shard ${shard}; budget ${plural(a.budget, "run")}; ${plural(workers, "worker")}`);
  io.say(`faults: ${kinds.join(", ")}, at most ${a.maxFaults} a schedule, kills and pauses hitting ${o.nemesisTargets.join(" or ")}; run seeds: ${a.runSeed === undefined ? "each schedule its own, from the search's seed" : `all ${a.runSeed}`}`);
  io.say(`writing to ${dir}`);

  const spec = { options: { ...o, seed: undefined }, argv: a.testArgs };
  const pool = new WorkerPool(workers, spec, o.bin);
  const progress = new SearchProgressLine(a.budget, io.say);
  const t0 = performance.now();
  let outcome;
  try {
    outcome = await search({ arbitrary, seed, budget: a.budget, shard: a.shard, runSeed: a.runSeed, maxShrinkRuns: a.maxShrinkRuns, runner: pool, onProgress: (p) => progress.update(p), stop: io.interrupt });
  } finally {
    progress.stop();
    await pool.close();
  }
  const wallMs = performance.now() - t0;
  const f = outcome.finding;
  const findings: SearchFindings = {
    kind: FINDINGS_KIND,
    version: FINDINGS_VERSION,
    search: { workload: o.workload, bin: o.bin, testArgs: a.testArgs, seed, shard: a.shard, budget: a.budget, runSeed: a.runSeed ?? null, faults: kinds, targets: o.nemesisTargets, maxFaults: a.maxFaults },
    runs: outcome.runs,
    shrinkRuns: outcome.shrinkRuns,
    wallMs: Math.round(wallMs),
    finding: f ? { case: f.caseNumber, runSeed: f.runSeed, exitCode: f.exitCode, why: f.shrunk.result.why ?? "", schedule: f.shrunk.schedule, original: f.original.schedule, historySha256: f.shrunk.result.historySha256 } : null,
  };
  const findingsText = JSON.stringify(findings, null, 2) + "\n";
  writeFileSync(join(dir, "findings.json"), findingsText);
  if (a.findings !== undefined) writeFileSync(a.findings, findingsText);
  const rate = ((outcome.runs + outcome.shrinkRuns) / (wallMs / 1000)).toFixed(1);
  const interrupted = io.interrupt?.aborted ? (io.interrupt.reason as NodeJS.Signals) : undefined;
  const stopNote = interrupted ? ` (interrupted by ${interrupted})` : "";

  if (!f) {
    io.say(`\nNo failing run in ${plural(outcome.runs, "run")}${stopNote} (${rate} runs/s over ${(wallMs / 1000).toFixed(1)} s).`);
    io.say(`Findings: ${a.findings ?? join(dir, "findings.json")}`);
    return interrupted ? 128 + (constants.signals[interrupted] ?? 2) : 0;
  }

  const scheduleFile = join(dir, "schedule.json");
  const note = `found by ${commandName("sim")} search (seed ${seed}, shard ${shard}, case ${f.caseNumber}); replay with --seed ${f.runSeed}`;
  writeFileSync(scheduleFile, formatScheduleFile({ ...f.shrunk.schedule, note }));
  writeFileSync(join(dir, "original-schedule.json"), formatScheduleFile({ ...f.original.schedule, note: `${note}; before shrinking` }));
  const verdict = f.exitCode === 1 ? "invalid" : "crashed";
  io.say(`\nFound ${verdict === "invalid" ? "an invalid run" : "a run that crashed"} at case ${f.caseNumber}, after ${plural(outcome.runs, "run")} (run seed ${f.runSeed}): ${f.original.result.why}`);
  io.say(`Shrunk from ${plural(f.original.schedule.faults.length, "fault")} to ${plural(f.shrunk.schedule.faults.length, "fault")} in ${plural(outcome.shrinkRuns, "run")}${stopNote}:`);
  for (const line of describeSchedule(f.shrunk.schedule)) io.say(`  ${line}`);
  io.say(`It fails so: ${f.shrunk.result.why}`);
  io.say(`Schedule: ${scheduleFile} (before shrinking: ${join(dir, "original-schedule.json")}); findings: ${a.findings ?? join(dir, "findings.json")}`);

  // The replay: the schedule as read back from its file, in a normal store, must fail the same way with the same history.
  const sim = replayCommand("sim", a.testArgs, f.runSeed, scheduleFile);
  const replay = await replayInStore(o, sim.slice(5), f.runSeed, scheduleFile, install);
  const same = replay.historySha256 === f.shrunk.result.historySha256;
  io.say(
    `Replayed in the simulator: ${replay.exitCode === f.exitCode ? verdict : `exit ${replay.exitCode}, NOT ${verdict}`}, ${same ? "the same history.jsonl byte for byte" : "a DIFFERENT history.jsonl (the program or the simulator is not deterministic)"} (sha256 ${replay.historySha256.slice(0, 16)}); store ${replay.dir}`,
  );
  io.say(`\nReplay it exactly, on virtual time:\n  ${shellCommand(sim)}`);
  io.say(`The same faults on real processes (real time: the same schedule, not the same run byte for byte):\n  ${shellCommand(replayCommand("maelstrom", a.testArgs, f.runSeed, scheduleFile))}`);
  return interrupted ? 128 + (constants.signals[interrupted] ?? 2) : 1;
}

/** Runs the test with the schedule read back from its file, in the test's store (store/latest points at it); its exit code, history digest and folder. */
async function replayInStore(o: TestOptions, testArgv: readonly string[], runSeed: number, scheduleFile: string, install: NodeProgram) {
  const schedule: FaultSchedule = parseFaultSchedule(readFileSync(scheduleFile, "utf8"), scheduleFile, { nodes: o.nodes, timeLimitMs: o.timeLimit * 1000 });
  const cfg = { ...runConfigFrom({ ...o, seed: runSeed, schedule: { file: scheduleFile, schedule } }, testArgv), install, report: true };
  const out = await runSim(cfg, () => {});
  let historySha256 = "";
  try {
    historySha256 = createHash("sha256").update(readFileSync(join(out.dir, RUN_FILES.history))).digest("hex");
  } catch {
    // No history (the run crashed before writing it): the digest stays empty and differs.
  }
  return { exitCode: out.exitCode, historySha256, dir: out.dir };
}

