// The Numbers of issue 13, from real runs of the jobs workload: nodes/job-worker.ts,
// 5 nodes of 2 slots, --nemesis kill,partition, 60 s, for every seed and rate,
// on the simulator (and with --hosts sim,process, as processes too, in real time):
//   every acknowledged job completes correctly   (all runs)
//   progress resumes within 3 s after a leader kill   (worst over all leader kills of when work resumed,
//     from the journal; the clients' first sight of it, the checker's figure, beside it)
//   slots busy >= 80% while healthy with work queued   (over every such cluster_status reply of all runs)
// One row per run, then one line per goal and host, from all runs: medians, never one run.
//   npm run bench:jobs -- [--seeds 1,...,10] [--rate 5,10,20] [--hosts sim] [--time-limit 60] [--bin nodes/job-worker.ts] [--keep]
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadNodeProgram } from "../lib/runtime/node-program.js";
import { runTest } from "../maelstrom-workloads/harness/run-test.js";
import type { TestOptionsInput } from "../maelstrom-workloads/options/option-table.js";
import { testOptions } from "../maelstrom-workloads/options/test-options.js";
import { runConfigFrom } from "../maelstrom-workloads/run/run-config.js";
import { runSim } from "../maelstrom-workloads/sim/run-sim.js";
import { benchArgs, usageError } from "./bench/cli.js";
import { fileStamp, machineLine, Report } from "./bench/report.js";
import { median } from "./bench/stats.js";

const NAME = "bench-jobs";
const USAGE = `usage: npm run bench:jobs -- [--seeds 1,...,10] [--rate 5,10,20] [--hosts sim] [--time-limit 60] [--bin nodes/job-worker.ts] [--keep]

Runs -w jobs --bin nodes/job-worker.ts --node-count 5 --nemesis kill,partition
--time-limit 60 (the node given --slots 2) once per seed and rate, on each host
(sim: the simulator, seconds a run; process: node processes in real time, about
85 s a run), prints a row per run and then, per host, a line per goal of issue
13 over all its runs: every acknowledged job completed correctly; progress
within 3 s after each leader kill (when work resumed: the new leader's first
stored task completion, from the journal; with the checker's figure, when a
client first saw progress, beside it); slots busy >= 80% while healthy with
work queued (over every cluster_status reply of all runs that said healthy with
tasks queued while no fault was in force). The report
goes to store/bench/jobs-<time>.md. Each run's store (its journal is hundreds of
MB) is deleted once read, unless --keep.
Exit status: 0 when every goal is met on every host, 1 otherwise.`;

const { values } = benchArgs(NAME, USAGE, {
  options: {
    seeds: { type: "string", default: "1,2,3,4,5,6,7,8,9,10" },
    rate: { type: "string", default: "5,10,20" },
    hosts: { type: "string", default: "sim" },
    "time-limit": { type: "string", default: "60" },
    bin: { type: "string", default: "nodes/job-worker.ts" },
    keep: { type: "boolean", default: false },
  },
});
const numbers = (k: "seeds" | "rate" | "time-limit") =>
  values[k].split(",").map((t) => {
    if (!/^[0-9]+$/.test(t.trim())) usageError(NAME, USAGE, `--${k} takes whole numbers separated by commas, got ${JSON.stringify(values[k])}`);
    return Number(t);
  });
const seeds = numbers("seeds");
const rates = numbers("rate");
const timeLimit = numbers("time-limit")[0]!;
const hosts = values.hosts.split(",");
for (const h of hosts) if (h !== "sim" && h !== "process") usageError(NAME, USAGE, `--hosts takes sim and process, got ${JSON.stringify(h)}`);
const bin = values.bin;
const NODES = 5;
const SLOTS = 2;
const RECOVERY_GOAL_MS = 3000;
const UTILISATION_GOAL = 0.8;

type W = Record<string, unknown>;
interface Row {
  /** For each leader kill (in the checker's order): ms from the kill to the first CAS of the cluster document that moves it to a new epoch (a node taking the lease), or null. */
  takeovers: Array<number | null>;
  /** For each leader kill: ms from the kill to the first completion the new leader recorded (its CAS marking a task done, answered cas_ok), or null. */
  resumed: Array<number | null>;
  /**
   * For each leader kill: the node the journal says held the lease at the kill
   * (the last stored claim before it) when the kill spared it, else null. The
   * checker names the leader from the last cluster_status reply, which can be
   * out of date: such a kill killed no leader, and no takeover follows it.
   */
  ledBy: Array<string | null>;
  host: string;
  seed: number;
  rate: number;
  exitCode: number;
  w: W;
  wallMs: number;
  /** Size of the run's journal.jsonl in MB (every lin-kv message carries the whole cluster document). */
  journalMb: number;
  dir: string;
}

async function run(host: string, seed: number, rate: number): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), "bench-jobs-"));
  const options = testOptions({ workload: "jobs", bin, binArgs: ["--slots", String(SLOTS)], nodeCount: NODES, timeLimit, rate, seed, nemesis: ["kill", "partition"], storeDir: dir } as TestOptionsInput);
  const cfg = runConfigFrom(options, []);
  const t0 = Date.now();
  const out = host === "sim" ? await runSim({ ...cfg, install: await loadNodeProgram(resolve(bin)) }, () => {}) : await runTest(cfg, () => {});
  const w = ((out.results as W | undefined)?.workload as W) ?? {};
  const { takeovers, resumed, ledBy } = kills(w).length ? await takeoverTimes(out.dir, kills(w)) : { takeovers: [], resumed: [], ledBy: [] };
  const journalMb = statSync(join(out.dir, "journal.jsonl"), { throwIfNoEntry: false })?.size ?? 0;
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
  return { host, seed, rate, exitCode: out.exitCode, w, takeovers, resumed, ledBy, wallMs: Date.now() - t0, journalMb: journalMb / 1e6, dir: values.keep ? out.dir : "(deleted)" };
}

/**
 * How long each leader kill left the cluster without a new leader: from the
 * kill to the first compare-and-set of nodes/job-worker.ts's cluster document
 * (lin-kv) that moves its epoch, from journal.jsonl. This splits the checker's
 * recovery (kill to the first reply proving progress, polling included) into
 * the lease takeover and the rest. Journal times count from the host's start,
 * history times from the end of init: the first client request lines them up.
 * Also when work resumed, the node-side figure of "progress resumes within
 * 3 s" (no client polling in it): from the kill to the first CAS of the new
 * leader's epoch that marks a task done, at its cas_ok (a CAS that lost its
 * race records nothing). The leader's own tasks report to it without the
 * network, and results also come back in poll replies, so the CAS is the one
 * place every completion shows.
 * Another node program (--bin) has no such document: nulls.
 */
async function takeoverTimes(dir: string, leaderKills: ReadonlyArray<{ "at-ms": number; "kill-op": number }>): Promise<{ takeovers: Array<number | null>; resumed: Array<number | null>; ledBy: Array<string | null> }> {
  const none = { takeovers: leaderKills.map(() => null), resumed: leaderKills.map(() => null), ledBy: leaderKills.map(() => null) };
  const history = readFileSync(join(dir, "history.jsonl"), "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as { index: number; type: string; process: unknown; f: string; time: number; value: unknown });
  const first = history.find((o) => o.type === "invoke" && o.process !== "nemesis");
  if (!first) return none;
  let offsetMs: number | undefined;
  const claims: Array<{ at: number; epoch: number }> = [];
  /** CASes that claim the lease or mark a task done, by sender and msg_id, until lin-kv answers. */
  const pending = new Map<string, { epoch: number; claim: boolean; by: string }>();
  /** Claims and completions stored: when the cas_ok came back, and the epoch of the leader that made them (a claim that lost its race has none). */
  const claimsStored: Array<{ at: number; epoch: number; by: string }> = [];
  const completions: Array<{ at: number; epoch: number; by: string }> = [];
  const lines = createInterface({ input: createReadStream(join(dir, "journal.jsonl")), crlfDelay: Infinity });
  for await (const line of lines) {
    // Most lines are neither: test the text before parsing.
    if (offsetMs === undefined && line.includes('"src":"c') && line.includes(`"type":${JSON.stringify(first.f)}`)) offsetMs = (JSON.parse(line) as { time: number }).time / 1e6 - first.time / 1e6;
    if (pending.size > 0 && line.startsWith('{"id":') && line.includes('"type":"recv"') && line.includes('"type":"cas_ok"')) {
      const e = JSON.parse(line) as { time: number; message: { dest: string; body: { in_reply_to?: number } } };
      const key = `${e.message.dest}:${e.message.body.in_reply_to}`;
      const p = pending.get(key);
      if (p !== undefined) {
        pending.delete(key);
        (p.claim ? claimsStored : completions).push({ at: e.time / 1e6, epoch: p.epoch, by: p.by });
      }
      continue;
    }
    if (!line.includes('"type":"cas"') || !line.includes('"to":{"epoch"')) continue;
    const e = JSON.parse(line) as { type: string; time: number; message: { src: string; body: { msg_id?: number; from?: DocShape; to?: DocShape } } };
    const b = e.message.body;
    if (e.type !== "send" || !e.message.src.startsWith("n") || b.from?.epoch === undefined || b.to?.epoch === undefined) continue;
    if (b.to.epoch > b.from.epoch) {
      claims.push({ at: e.time / 1e6, epoch: b.to.epoch });
      pending.set(`${e.message.src}:${b.msg_id}`, { epoch: b.to.epoch, claim: true, by: e.message.src });
    } else if (marksDone(b.from, b.to)) pending.set(`${e.message.src}:${b.msg_id}`, { epoch: b.to.epoch, claim: false, by: e.message.src });
  }
  if (offsetMs === undefined) return none;
  const killed = (k: { "kill-op": number }) => {
    const v = history.find((o) => o.index === k["kill-op"])?.value;
    return v !== null && typeof v === "object" ? Object.keys(v).filter((n) => (v as Record<string, unknown>)[n] === "killed") : [];
  };
  const heldBy = (k: { "at-ms": number }) => claimsStored.filter((c) => c.at - offsetMs! <= k["at-ms"]).at(-1)?.by;
  const after = (list: typeof claims, k: { "at-ms": number }) => list.find((c) => c.at - offsetMs! > k["at-ms"]);
  return {
    takeovers: leaderKills.map((k) => {
      const c = after(claims, k);
      return c === undefined ? null : Math.round(c.at - offsetMs! - k["at-ms"]);
    }),
    // Only a claim that was stored starts the new leader's epoch: a stale one (lost race) would let the old epoch's completions count.
    resumed: leaderKills.map((k) => {
      const c = after(claimsStored, k);
      const d = c && completions.find((x) => x.at >= c.at && x.epoch >= c.epoch);
      return d ? Math.round(d.at - offsetMs! - k["at-ms"]) : null;
    }),
    ledBy: leaderKills.map((k) => {
      const holder = heldBy(k);
      return holder !== undefined && !killed(k).includes(holder) ? holder : null;
    }),
  };
}

/** Just what marksDone reads of nodes/job-worker.ts's cluster document (lib/jobs/cluster-doc.ts). */
interface DocShape {
  epoch?: number;
  jobs?: Record<string, { tasks?: Array<{ state?: string }>; ended?: { done: number } }>;
}
const doneIn = (j: NonNullable<DocShape["jobs"]>[string] | undefined) => (j === undefined ? 0 : (j.ended?.done ?? (j.tasks ?? []).filter((t) => t.state === "done").length));
/** Whether a CAS from -> to marks some task done: a job with more done tasks after than before (a job archived in the same CAS is left out of to.jobs, and ignored). */
const marksDone = (from: DocShape, to: DocShape) => Object.entries(to.jobs ?? {}).some(([id, j]) => doneIn(j) > doneIn(from.jobs?.[id]));

const q = (w: W, key: string, p: string) => (w[key] as Record<string, number> | null | undefined)?.[p];
const ms = (x: number | undefined | null) => (x === undefined || x === null ? "-" : String(Math.round(x)));
const pct = (x: unknown) => (typeof x === "number" ? `${Math.round(x * 100)}%` : "-");
const kills = (w: W) => (w["leader-kills"] ?? []) as Array<{ leader: string; "at-ms": number; "kill-op": number; "recovery-ms": number | null }>;
const mark = (ok: boolean) => (ok ? "ok" : "MISSED");
const queuedCount = (w: W) => (w["slot-utilisation-while-queued-count"] as number | undefined) ?? 0;

const report = new Report();
const say = (l: string) => report.say(l);
say(`# jobs: ${bin} --slots ${SLOTS}, ${NODES} nodes, --nemesis kill,partition, ${timeLimit} s; seeds ${seeds.join(",")}, rates ${rates.join(",")}; hosts ${hosts.join(",")}`);
say(machineLine());
say("");
say("| host | seed | rate | valid? | acknowledged / completed / stopped / unfinished / lost | wrong | regressions | job latency median / max ms | leader kills: recovery (takeover, resumed) ms | task reruns | slots busy | busy while queued (replies) | journal MB | wall s |");
say("|---|---:|---:|---|---|---:|---:|---|---|---:|---:|---:|---:|---:|");
const rows: Row[] = [];
for (const host of hosts)
  for (const rate of rates)
    for (const seed of seeds) {
      const r = await run(host, seed, rate);
      rows.push(r);
      const w = r.w;
      const k = kills(w);
      say(
        `| ${host} | ${seed} | ${rate} | ${String(w["valid?"] ?? `exit ${r.exitCode}`)} | ${w["acknowledged-count"] ?? "-"} / ${w["completed-count"] ?? "-"} / ${w["stopped-count"] ?? "-"} / ${w["unfinished-count"] ?? "-"} / ${w["lost-count"] ?? "-"} | ${w["wrong-result-count"] ?? "-"} | ${w["regressed-status-count"] ?? "-"} | ${ms(q(w, "job-latencies", "0.5"))} / ${ms(q(w, "job-latencies", "1"))} | ${k.length}${k.length ? `: ${k.map((x, i) => `${x["recovery-ms"] === null ? "never" : ms(x["recovery-ms"])} (${r.ledBy[i] ? `not the leader: ${r.ledBy[i]} led` : `${ms(r.takeovers[i])}, ${ms(r.resumed[i])}`})${x["at-ms"] > timeLimit * 1000 - 5000 ? "*" : ""}`).join(", ")}` : ""} | ${w["task-rerun-count"] ?? "-"} | ${pct(w["slot-utilisation"])} | ${pct(w["slot-utilisation-while-queued"])} (${queuedCount(w)}) | ${r.journalMb.toFixed(0)} | ${(r.wallMs / 1000).toFixed(1)} |`,
      );
      if (r.exitCode !== 0 && r.exitCode !== 1) say(`|  | | | run ended with exit ${r.exitCode}; store ${r.dir} |`);
    }

say("");
say(`recovery: from the kill to the first reply proving a job progressed (the checker's figure, polling included); takeover: to the CAS that gave the lease a new epoch (journal); resumed: to the first task completion the new leader stored (its CAS marking a task done, at the cas_ok; journal), the node-side figure, without the clients' polling; "not the leader: X led": the journal says X held the lease at the kill and was not killed (the checker named the leader from an out-of-date reply), not judged; "-": none found. *: killed in the last 5 s of the main phase, when the harness issues no op until the in-flight ones end (up to 5 s) and the heal.`);
let allMet = true;
for (const host of hosts) {
  const mine = rows.filter((r) => r.host === host);
  say("");
  say(`## goals, ${host === "sim" ? "simulator" : "process host"} (${mine.length} runs)`);
  const sum = (key: string) => mine.reduce((s, r) => s + ((r.w[key] as number | undefined) ?? 0), 0);
  const validRuns = mine.filter((r) => r.w["valid?"] === true).length;
  const correct = validRuns === mine.length && sum("unfinished-count") === 0 && sum("lost-count") === 0 && sum("wrong-result-count") === 0;
  say(`- every acknowledged job completed correctly: ${mark(correct)}: ${validRuns} of ${mine.length} runs valid; ${sum("acknowledged-count")} acknowledged, ${sum("completed-count")} completed right, ${sum("stopped-count")} stopped, ${sum("unfinished-count")} unfinished, ${sum("lost-count")} lost, ${sum("wrong-result-count")} wrong results, ${sum("regressed-status-count")} regressions`);
  const all = mine.flatMap((r) => kills(r.w));
  const recovered = all.map((k) => k["recovery-ms"]).filter((x): x is number => x !== null);
  const never = all.length - recovered.length;
  const worst = recovered.length ? Math.max(...recovered) : undefined;
  const seenInTime = recovered.filter((x) => x <= RECOVERY_GOAL_MS).length;
  // Kills the journal says spared the leader (the checker named it from an out-of-date reply) are not judged.
  const led = (r: Row) => r.resumed.map((_, i) => r.ledBy[i] === null);
  const spared = mine.reduce((n, r) => n + r.ledBy.filter((x) => x !== null).length, 0);
  const takeovers = mine.flatMap((r) => r.takeovers.filter((_, i) => led(r)[i])).filter((x): x is number => x !== null);
  const resumedAll = mine.flatMap((r) => r.resumed.filter((_, i) => led(r)[i]));
  const resumed = resumedAll.filter((x): x is number => x !== null);
  const recoveryOk = resumedAll.length > 0 && resumed.length === resumedAll.length && Math.max(...resumed) <= RECOVERY_GOAL_MS;
  say(
    `- progress within ${RECOVERY_GOAL_MS / 1000} s after a leader kill (judged on when work resumed: the new leader's first stored completion, journal): ${resumedAll.length ? mark(recoveryOk) : "NO LEADER KILLS to judge"}: ${all.length} leader kills${spared ? ` (${spared} of them, by the journal, spared the leader: the checker named one from an out-of-date reply; not judged)` : ""}; resumed median ${resumed.length ? ms(median(resumed)) : "-"} ms, worst ${resumed.length ? ms(Math.max(...resumed)) : "-"} ms${resumed.length < resumedAll.length ? ` (${resumedAll.length - resumed.length} kills with none found)` : ""}; of which the lease takeover: median ${takeovers.length ? ms(median(takeovers)) : "-"} ms, worst ${takeovers.length ? ms(Math.max(...takeovers)) : "-"} ms. Seen by the clients (the checker's recovery, their polling included): median ${recovered.length ? ms(median(recovered)) : "-"} ms, worst ${ms(worst)} ms, ${seenInTime} of ${all.length} within ${RECOVERY_GOAL_MS / 1000} s${never ? ` (${never} with no progress seen after)` : ""}`,
  );
  // Every sample of every run counts once: a run with 3 samples weighs less than one with 300.
  const samples = mine.reduce((n, r) => n + queuedCount(r.w), 0);
  const util = samples ? mine.reduce((t, r) => t + ((r.w["slot-utilisation-while-queued"] as number | null) ?? 0) * queuedCount(r.w), 0) / samples : undefined;
  const figures = mine.map((r) => r.w["slot-utilisation-while-queued"]).filter((x): x is number => typeof x === "number");
  const utilOk = util !== undefined && util >= UTILISATION_GOAL;
  say(`- slots busy >= ${UTILISATION_GOAL * 100}% while healthy with work queued: ${util === undefined ? "NO FIGURE" : mark(utilOk)}: ${pct(util)} over ${samples} cluster_status replies that said healthy with tasks queued, no fault in force (${figures.length} runs had some; lowest run ${figures.length ? pct(Math.min(...figures)) : "-"}); all the time: median ${pct(median(mine.map((r) => (r.w["slot-utilisation"] as number | null) ?? 0)))}`);
  const lat = mine.map((r) => q(r.w, "job-latencies", "0.5")).filter((x): x is number => typeof x === "number");
  say(`- job latency: median of the runs' medians ${lat.length ? ms(median(lat)) : "-"} ms, worst job ${ms(Math.max(...mine.map((r) => q(r.w, "job-latencies", "1") ?? 0)))} ms; task reruns median ${median(mine.map((r) => (r.w["task-rerun-count"] as number) ?? 0))} a run`);
  allMet &&= correct && recoveryOk && utilOk;
}
report.write(`jobs-${fileStamp()}.md`);
process.exit(allMet ? 0 : 1);
