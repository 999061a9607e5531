// `npm run sim -- search-merge FILES...`: the findings files of a campaign's
// shards (each written by `npm run sim -- search --shard I/N`, perhaps on
// other machines) merged: the runs of all, which shards are there, and the
// smallest failing schedule, written as a schedule file, with the command
// line that replays it.
import { commandName } from "../../maelstrom-workloads/options/command-name.js";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeSchedule } from "../../maelstrom-workloads/nemesis/describe-fault.js";
import { formatScheduleFile } from "../../maelstrom-workloads/nemesis/fault-schedule.js";
import { parseFindings, type SearchFindings, smallestFinding } from "../../maelstrom-workloads/sim/search/findings.js";
import { replayCommand } from "../../maelstrom-workloads/sim/search/replay-command.js";
import { checkStoreDir } from "../../maelstrom-workloads/harness/check-store-dir.js";
import { fromInvocationDir } from "../../maelstrom-workloads/options/invocation-dir.js";
import { shellCommand } from "../replay/shell-quote.js";
import { newSearchDir, type SearchIo } from "./search-command.js";

export const MERGE_USAGE = `Usage: ${commandName("sim")} search-merge [--store DIR] FILE...

Merges the findings files of a search's shards (${commandName("sim")} search --shard
I/N --findings FILE): counts the runs of all, names the shards that are
missing, and picks the smallest failing schedule (fewest faults, then least
fault time, then the lowest case number). It writes that schedule to
<store>/search/<time>/schedule.json and prints it, one fault per line, with
the command line that replays it exactly in the simulator. Every file must
come from the same test (the same test arguments).

Exit status: 0 no shard found anything, 1 a failing schedule, 254 bad
arguments or a file that is not a findings file.
`;

export async function mergeCommand(argv: readonly string[], io: SearchIo): Promise<number> {
  const fail = (msg: string) => (io.warn(`sim search-merge: ${msg}\n(${commandName("sim")} search-merge --help)`), 254);
  // Paths are taken from the folder the command was run from, the default store too.
  let storeDir = fromInvocationDir("store");
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h" || arg === "--help") return (io.say(MERGE_USAGE), 0);
    if (arg === "--store" || arg.startsWith("--store=")) {
      const v = arg === "--store" ? argv[++i] : arg.slice("--store=".length);
      if (!v) return fail("--store: missing value; expected DIR");
      storeDir = fromInvocationDir(v);
      continue;
    }
    if (arg.startsWith("-")) return fail(`unknown option ${JSON.stringify(arg)}; expected --store DIR and findings files`);
    files.push(fromInvocationDir(arg));
  }
  if (files.length === 0) return fail(`no findings files given; expected FILE..., as written by ${commandName("sim")} search --findings FILE`);
  const all: { file: string; findings: SearchFindings }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      return fail(`cannot read ${file}: ${(e as Error).message.split("\n")[0]}`);
    }
    try {
      all.push({ file, findings: parseFindings(text, file) });
    } catch (e) {
      return fail((e as Error).message);
    }
  }
  const first = all[0]!.findings.search;
  const other = all.find((x) => JSON.stringify(x.findings.search.testArgs) !== JSON.stringify(first.testArgs));
  if (other) return fail(`${other.file} is from a search of another test (${shellCommand(other.findings.search.testArgs)}) than ${all[0]!.file} (${shellCommand(first.testArgs)}); merge the shards of one test at a time`);
  // One campaign: the same search seed, shard count, budget, run seeds and fault settings, each shard once.
  const campaign = (x: SearchFindings["search"]) => JSON.stringify([x.seed, x.shard.count, x.budget, x.runSeed, x.faults, x.targets, x.maxFaults]);
  const stranger = all.find((x) => campaign(x.findings.search) !== campaign(first));
  if (stranger) {
    const s = stranger.findings.search;
    return fail(`${stranger.file} is from another search (seed ${s.seed}, ${s.shard.count} shards, budget ${s.budget}, faults ${s.faults.join(",")}) than ${all[0]!.file} (seed ${first.seed}, ${first.shard.count} shards, budget ${first.budget}, faults ${first.faults.join(",")}); merge the shards of one search at a time`);
  }
  const seen = new Map<number, string>();
  for (const x of all) {
    const earlier = seen.get(x.findings.search.shard.index);
    if (earlier !== undefined) return fail(`${x.file} and ${earlier} are both shard ${x.findings.search.shard.index}/${first.shard.count}; give each shard's findings once`);
    seen.set(x.findings.search.shard.index, x.file);
  }
  const problem = checkStoreDir(storeDir);
  if (problem) return fail(problem);

  const { best, runs, shrinkRuns } = smallestFinding(all);
  const count = first.shard.count;
  const present = new Set(all.filter((x) => x.findings.search.shard.count === count && x.findings.search.seed === first.seed).map((x) => x.findings.search.shard.index));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !present.has(i));
  const found = all.filter((x) => x.findings.finding).length;
  io.say(`${all.length} findings file${all.length === 1 ? "" : "s"} (seed ${first.seed}, shards of ${count}${missing.length ? `; missing shard${missing.length === 1 ? "" : "s"} ${missing.join(", ")}` : ", all present"}): ${runs} runs and ${shrinkRuns} shrinking runs in all; ${found} found a failing run.`);
  if (!best) {
    io.say("No shard found a failing run.");
    return 0;
  }
  const f = best.findings.finding!;
  const dir = newSearchDir(storeDir);
  const scheduleFile = join(dir, "schedule.json");
  writeFileSync(scheduleFile, formatScheduleFile({ ...f.schedule, note: `the smallest of ${all.length} shards' findings (from ${best.file}: seed ${best.findings.search.seed}, shard ${best.findings.search.shard.index}/${best.findings.search.shard.count}, case ${f.case}); replay with --seed ${f.runSeed}` }));
  io.say(`The smallest failing schedule, from ${best.file} (case ${f.case}, run seed ${f.runSeed}, ${f.exitCode === 1 ? "invalid" : "crashed"}: ${f.why}):`);
  for (const line of describeSchedule(f.schedule)) io.say(`  ${line}`);
  io.say(`Schedule: ${scheduleFile}`);
  io.say(`\nReplay it exactly, on virtual time (its history.jsonl has sha256 ${f.historySha256.slice(0, 16)}):\n  ${shellCommand(replayCommand("sim", best.findings.search.testArgs, f.runSeed, scheduleFile))}`);
  io.say(`The same faults on real processes:\n  ${shellCommand(replayCommand("maelstrom", best.findings.search.testArgs, f.runSeed, scheduleFile))}`);
  return 1;
}
