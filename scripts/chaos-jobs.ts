// A chaos monkey for job-worker clusters (issue 13), in the spirit of Bridge
// Four's: start a cluster of nodes/job-worker.ts, submit one job of many
// tasks, kill the workers one after another (never all of them, every node
// once, so the leader is among them), start one of them again, and watch the
// job finish in the degraded cluster, one status line per poll. Built on the
// harness itself: a custom (unregistered) workload and a fault schedule given
// to runSim or runTest, so the store, journal, history and checker are the
// usual ones (the jobs checker judges the history).
//   npm run chaos:jobs -- [--host sim|process] [--nodes 5] [--slots 2] [--tasks 40] [--work-ms 500] [--seed N] ...   (--help says more)
import { randomInt } from "node:crypto";
import { resolve } from "node:path";
import { loadNodeProgram } from "../lib/runtime/node-program.js";
import { expectedResult, firstDifference, type JobSpec, jobsChecker, type WordCounts } from "../maelstrom-workloads/checkers/jobs.js";
import { runTest } from "../maelstrom-workloads/harness/run-test.js";
import { jobSchemas } from "../maelstrom-workloads/jobs.js";
import { type Completion, completeWithErrors, crashed } from "../maelstrom-workloads/model/complete-op.js";
import { jsonText } from "../maelstrom-workloads/model/json-text.js";
import type { Op } from "../maelstrom-workloads/model/op.js";
import { deriveSeed, seededRng } from "../maelstrom-workloads/model/random.js";
import { type Fault, type FaultSchedule, SCHEDULE_VERSION } from "../maelstrom-workloads/nemesis/fault-schedule.js";
import { ClientTimeout, ErrorReply, type MaelstromClient } from "../maelstrom-workloads/run/client.js";
import { testOptions } from "../maelstrom-workloads/options/test-options.js";
import { runConfigFrom } from "../maelstrom-workloads/run/run-config.js";
import { runSim } from "../maelstrom-workloads/sim/run-sim.js";
import type { OpRequest, Workload, WorkloadFactory } from "../maelstrom-workloads/workload.js";
import { benchArgs, usageError } from "./bench/cli.js";

const NAME = "chaos-jobs";
const USAGE = `usage: npm run chaos:jobs -- [--host sim|process] [--nodes 5] [--slots 2] [--tasks 40] [--work-ms 500] [--seed N]
         [--keep majority|one] [--first-kill MS] [--kill-every MS] [--poll-ms 500] [--time-limit S] [--bin nodes/job-worker.ts] [--store DIR]

Starts a cluster of --nodes job-worker nodes (--bin, given --slots N) on the
simulator (--host sim, the default: virtual time, the same --seed gives the
same run) or as processes (--host process, real time), submits one job of
--tasks word-count tasks of --work-ms each, and then, from --first-kill ms
after the submit (default 2000: a leader has been chosen and the job is
running), every --kill-every ms (default --work-ms), kills the nodes one after
another in test order. Every node is killed once, so whichever node leads, some
kill hits the leader, and never all of them:
  --keep majority (the default): a majority stays alive all along. With f the
    most that may be dead (f = (n-1)/2 rounded down; 2 of 5), the first f-1
    nodes stay dead, the next ones are each started again just before the
    next kill, and the last one stays dead: the job ends on n-f nodes.
  --keep one: Bridge Four's monkey: every node stays dead but the last but one,
    which is started again before the last node is killed, and then is alone.
    nodes/job-worker.ts finishes the job there too: a node that sees no
    majority takes a lapsed lease after a lease and two polls.
Each poll (every --poll-ms) asks a live node for cluster_status and job_status
and prints one line: time since the submit, health, leader, each worker
alive/dead with running/slots, open/total slots, the job's status and task
counts; kills and restarts are printed as they fall due. Once the job is done
its result is fetched and checked against the expected word count; from then
on a line is printed only when the cluster changes.

How: a custom workload (one client thread: the submit, then cluster_status and
job_status in turn, each to a node neither killed by the schedule nor known
dead; a node that does not answer within 1 s is set aside for 3 s) and a fault
schedule (a kill with a duration: the node is started again, fresh, after it)
given to the harness's own runSim/runTest, with no final phase: the nodes killed
for good stay dead until the run ends after --time-limit seconds (default: the
kills, plus the whole job on one node, plus 10 s). The history is judged by the
jobs workload's checker (results.json in the store, default
store/chaos-jobs/<time>/), and the job must have been acknowledged and be done
with the right result by the end.

Exit status: 0 if the job finished with the right result (and nothing else was
wrong: no status going back), 1 if not, 2 unknown, 254 bad arguments, 255 the
run crashed.`;

const { values } = benchArgs(NAME, USAGE, {
  options: {
    host: { type: "string", default: "sim" },
    nodes: { type: "string", default: "5" },
    slots: { type: "string", default: "2" },
    tasks: { type: "string", default: "40" },
    "work-ms": { type: "string", default: "500" },
    seed: { type: "string" },
    keep: { type: "string", default: "majority" },
    "first-kill": { type: "string", default: "2000" },
    "kill-every": { type: "string" },
    "poll-ms": { type: "string", default: "500" },
    "time-limit": { type: "string" },
    bin: { type: "string", default: "nodes/job-worker.ts" },
    store: { type: "string", default: "store" },
  },
});

const whole = (k: keyof typeof values, min: number, max: number): number | undefined => {
  const v = values[k];
  if (v === undefined) return undefined;
  const n = typeof v === "string" && /^[0-9]+$/.test(v) ? Number(v) : Number.NaN;
  if (!(n >= min && n <= max)) usageError(NAME, USAGE, `--${k} must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return n;
};
const host = values.host;
if (host !== "sim" && host !== "process") usageError(NAME, USAGE, `--host must be sim or process, got ${JSON.stringify(host)}`);
const nodeCount = whole("nodes", 2, 50)!;
const slots = whole("slots", 1, 64)!;
const taskCount = whole("tasks", 1, 10_000)!;
const workMs = whole("work-ms", 0, 600_000)!;
const seed = whole("seed", 0, 2 ** 31 - 1) ?? randomInt(0, 2 ** 31);
const firstKillMs = whole("first-kill", 0, 600_000)!;
const gapMs = whole("kill-every", 100, 600_000) ?? Math.max(100, workMs);
const pollMs = whole("poll-ms", 20, 60_000)!;
const keep = values.keep;
if (keep !== "majority" && keep !== "one") usageError(NAME, USAGE, `--keep must be majority or one, got ${JSON.stringify(keep)}`);
/** The most nodes dead at once with a majority alive. */
const mostDead = Math.floor((nodeCount - 1) / 2);
if (keep === "majority" && mostDead < 1) usageError(NAME, USAGE, `--keep majority needs at least 3 nodes (with ${nodeCount}, killing any one leaves no majority); --keep one kills with 2`);
/** When the last kill falls due: one gap apart (--keep one: the restart takes a gap of its own before the last kill). */
const lastKillMs = firstKillMs + (keep === "one" ? nodeCount : nodeCount - 1) * gapMs;
const timeLimit = whole("time-limit", 1, 3600) ?? Math.ceil((lastKillMs + (taskCount * workMs) / slots) / 1000) + 10;
if (timeLimit * 1000 <= lastKillMs) usageError(NAME, USAGE, `--time-limit ${timeLimit} s ends before the last kill at ${lastKillMs / 1000} s (--kill-every ${gapMs} ms, ${nodeCount} nodes)`);

/** A node that does not answer a poll within this is set aside for SET_ASIDE_MS (its death, or a pause, is what the run is about). */
const POLL_TIMEOUT_MS = 1000;
const SET_ASIDE_MS = 3000;
/** The submit goes before any kill: Maelstrom's client timeout. */
const SUBMIT_TIMEOUT_MS = 5000;
const WORDS = ["storm", "Storm", "shard", "bridge", "four", "spren", "oath", "light", "stone", "wind", "honor", "gem"];

/** The job: --tasks texts of 4-16 words drawn from the seed, each --work-ms. */
function chaosJob(): JobSpec {
  const rng = seededRng(deriveSeed(seed, "chaos-jobs-texts"));
  const tasks = Array.from({ length: taskCount }, () => {
    const words = Array.from({ length: rng.int(4, 17) }, () => rng.pick(WORDS));
    return { text: words.join(rng.next() < 0.2 ? "  " : " "), work_ms: workMs };
  });
  return { name: "chaos", tasks };
}

interface ChaosEvent {
  atMs: number;
  text: string;
  /** The node killed, and until when (ms from the submit). */
  kill?: string;
  untilMs?: number;
}

/**
 * The kills, every node once, one gap apart from firstKillMs, as a schedule
 * and as lines to print. --keep one: nodes[0..n-2] stay dead but nodes[n-2],
 * back after a gap, before nodes[n-1] is killed. --keep majority: the first
 * mostDead-1 stay dead, the next ones come back just before the next kill
 * (so at most mostDead are dead at once), the last one stays dead.
 */
function chaosSchedule(nodes: readonly string[], endMs: number): { schedule: FaultSchedule; events: ChaosEvent[] } {
  const faults: Fault[] = [];
  const events: ChaosEvent[] = [];
  const n = nodes.length;
  const kill = (id: string, atMs: number, forMs: number, text: string) => {
    faults.push({ atMs, forMs, kind: "kill", nodes: [id] });
    events.push({ atMs, text, kill: id, untilMs: atMs + forMs });
    if (atMs + forMs < endMs) events.push({ atMs: atMs + forMs, text: `${id} is started again (fresh: its tasks are gone)` });
  };
  if (keep === "one") {
    for (let i = 0; i < n - 1; i++) {
      const atMs = firstKillMs + i * gapMs;
      const back = i === n - 2;
      kill(nodes[i]!, atMs, back ? gapMs : endMs - atMs, `kill ${nodes[i]}${back ? ` (for ${gapMs} ms)` : ""}`);
    }
    kill(nodes[n - 1]!, lastKillMs, endMs - lastKillMs, `kill ${nodes[n - 1]}: ${nodes[n - 2]} alone is left`);
  } else {
    // Back a little before the next kill, so that a restart's init is over before another node dies.
    const briefMs = Math.max(50, gapMs - 100);
    for (let i = 0; i < n; i++) {
      const atMs = firstKillMs + i * gapMs;
      const forGood = i < mostDead - 1 || i === n - 1;
      const left = i === n - 1 ? `: ${nodes.filter((_, j) => j >= mostDead - 1 && j < n - 1).join(", ")} left` : "";
      kill(nodes[i]!, atMs, forGood ? endMs - atMs : briefMs, `kill ${nodes[i]}${forGood ? "" : ` (for ${briefMs} ms)`}${left}`);
    }
  }
  events.sort((a, b) => a.atMs - b.atMs);
  return { schedule: { version: SCHEDULE_VERSION, note: `${NAME} --keep ${keep}: every node killed once, one after another`, faults }, events };
}

interface ClusterStatus {
  node: string;
  health: string;
  leader: string | null;
  workers: Record<string, { status: string; slots: number; running: number }>;
  open_slots: number;
  total_slots: number;
  open_tasks: number;
  tasks_done: number;
}
interface JobStatusReply {
  status: string;
  tasks: { open: number; running: number; done: number };
}

const secs = (ms: number) => `${(ms / 1000).toFixed(2).padStart(6)} s`;
const sumCounts = (c: WordCounts) => Object.values(c).reduce((s, n) => s + n, 0);

/**
 * The chaos run's workload: one thread; the submit first, then polls
 * (cluster_status, job_status), a job_result once the job is seen done. Each
 * RPC goes to a node not known dead (the pinned node is the first one killed).
 * Prints as it goes through `say`. Its check is the jobs checker's, and
 * requires the one job acknowledged and completed.
 */
function chaosWorkload(job: JobSpec, events: readonly ChaosEvent[], say: (line: string) => void): WorkloadFactory {
  return (ctx): Workload => {
    const nodes = ctx.nodes;
    const schemas = jobSchemas(nodes);
    const expected = expectedResult(job);
    let submitted = false;
    let jobId: string | undefined;
    let t0: number | undefined;
    let cluster: ClusterStatus | undefined;
    let seenDone = false;
    let resultFetched = false;
    let askJob = false;
    let lastQuietLine = "";
    const pending = [...events];
    let current = 0;
    const setAside = new Map<string, number>();

    /** Killed by the schedule at `ms` from the submit (a restart takes a moment: a little margin after it). */
    const killed = (id: string, ms: number) => events.some((e) => e.kill === id && e.atMs <= ms && ms < e.untilMs! + 200);
    /** A node to ask: the one asked last, unless the schedule killed it, the last cluster_status says it is dead, or it did not answer lately. */
    const target = (now: number): string => {
      const ms = now - (t0 ?? now);
      for (let k = 0; k < nodes.length; k++) {
        const id = nodes[(current + k) % nodes.length]!;
        if (killed(id, ms) || (setAside.get(id) ?? -Infinity) > now || cluster?.workers[id]?.status === "dead") continue;
        current = (current + k) % nodes.length;
        return id;
      }
      current = (current + 1) % nodes.length;
      return nodes[current]!;
    };
    const at = (client: MaelstromClient) => client.clock.now() - (t0 ?? client.clock.now());
    /** The kills (and the restart) due by `ms`, printed in order, each with the leader the last poll named. */
    const dueEvents = (ms: number) => {
      while (pending.length && pending[0]!.atMs <= ms) {
        const e = pending.shift()!;
        const lead = e.kill && cluster?.leader === e.kill ? " (the leader at the last poll)" : "";
        say(`${secs(e.atMs)}  ── ${e.text}${lead}`);
      }
    };
    const workersText = (c: ClusterStatus) => nodes.map((id) => `${id} ${c.workers[id]!.status === "alive" ? "alive" : "dead "} ${c.workers[id]!.running}/${c.workers[id]!.slots}`).join(" | ");
    const statusLine = (c: ClusterStatus | undefined, j: JobStatusReply) =>
      `${c ? `${c.health.padEnd(8)}  leader ${(c.leader ?? "none").padEnd(4)}  ${workersText(c)}  open ${c.open_slots}/${c.total_slots}, tasks queued ${c.open_tasks}` : "(no cluster_status answered yet)"}  job ${j.status} open ${j.tasks.open} running ${j.tasks.running} done ${j.tasks.done}/${job.tasks.length}`;

    const nextOp = (): OpRequest => {
      if (!submitted) {
        submitted = true;
        return { f: "submit", value: { job } };
      }
      if (jobId === undefined) return { f: "cluster_status", value: null };
      if (seenDone && !resultFetched) return { f: "job_result", value: { job_id: jobId } };
      askJob = !askJob;
      return askJob ? { f: "cluster_status", value: null } : { f: "job_status", value: { job_id: jobId } };
    };

    const fields = (reply: Record<string, unknown>) => {
      const { type: _t, msg_id: _m, in_reply_to: _i, ...rest } = reply;
      return rest;
    };

    return {
      name: NAME,
      reusableClient: false,
      nextOp,
      async invoke(client, _pinned, op): Promise<Completion> {
        const v = op.value as Record<string, unknown> | null;
        const idempotent = op.f !== "submit";
        if (op.f === "submit") t0 = client.clock.now();
        const node = target(client.clock.now());
        try {
          switch (op.f) {
            case "submit": {
              const r = await client.rpc(node, { type: "submit", job: v!.job }, SUBMIT_TIMEOUT_MS, schemas.submit);
              jobId = r.job_id as string;
              say(`${secs(at(client))}  submitted to ${node}: job ${jobId}, ${job.tasks.length} tasks of ${workMs} ms (${sumCounts(expected)} words, ${Object.keys(expected).length} distinct)`);
              return { type: "ok", value: { job: v!.job, job_id: jobId } };
            }
            case "cluster_status": {
              const r = fields(await client.rpc(node, { type: "cluster_status" }, POLL_TIMEOUT_MS, schemas.cluster_status));
              cluster = { node, ...r } as unknown as ClusterStatus;
              dueEvents(at(client));
              if (jobId === undefined) say(`${secs(at(client))}  ${statusLine(cluster, { status: "(not acknowledged)", tasks: { open: 0, running: 0, done: 0 } })}`);
              return { type: "ok", value: { node, ...r } };
            }
            case "job_status": {
              const r = fields(await client.rpc(node, { type: "job_status", job_id: v!.job_id }, POLL_TIMEOUT_MS, schemas.job_status));
              const ms = at(client);
              dueEvents(ms);
              const line = statusLine(cluster, r as unknown as JobStatusReply);
              if (!resultFetched) say(`${secs(ms)}  ${line}`);
              else if (line !== lastQuietLine) say(`${secs(ms)}  ${line}`);
              lastQuietLine = line;
              if (r.status === "done") seenDone = true;
              return { type: "ok", value: { job_id: v!.job_id, ...r } };
            }
            case "job_result": {
              const r = fields(await client.rpc(node, { type: "job_result", job_id: v!.job_id }, POLL_TIMEOUT_MS, schemas.job_result));
              resultFetched = true;
              const diff = firstDifference(expected, r.result as WordCounts);
              const runs = r.task_runs as number;
              say(`${secs(at(client))}  result of ${jobId} from ${node}: ${diff ? `WRONG: "${diff.word}" counted ${diff.got}, expected ${diff.expected}` : `right (${sumCounts(expected)} words, ${Object.keys(expected).length} distinct)`}; task_runs ${runs} for ${job.tasks.length} tasks (${runs - job.tasks.length} reruns)`);
              say(`${" ".repeat(8)}  (polls go on until the time limit; a line only when something changes)`);
              return { type: "ok", value: { job_id: v!.job_id, ...r } };
            }
            default:
              return crashed(new Error(`${NAME}: unknown op ${jsonText(op.f)}`), op.value);
          }
        } catch (e) {
          if (e instanceof ClientTimeout) setAside.set(node, client.clock.now() + SET_ASIDE_MS);
          const why = e instanceof ClientTimeout ? `no answer within ${op.f === "submit" ? SUBMIT_TIMEOUT_MS : POLL_TIMEOUT_MS} ms (set aside for ${SET_ASIDE_MS} ms)` : e instanceof ErrorReply ? `error ${e.kind}: ${e.text}` : e instanceof Error ? e.message : String(e);
          dueEvents(at(client));
          if (!resultFetched) say(`${secs(at(client))}  ${op.f} to ${node}: ${why}`);
          return completeWithErrors(e, op.value, idempotent);
        }
      },
      check(history: readonly Op[]) {
        const base = jobsChecker(history);
        const problems: string[] = [];
        if (base["acknowledged-count"] !== 1) problems.push(`the submit was not acknowledged (${base["acknowledged-count"]} jobs acknowledged)`);
        else if (base["completed-count"] !== 1) problems.push("the job did not finish with its right result fetched by the end of the run");
        if ((base["wrong-result-count"] as number) > 0) problems.push(`${base["wrong-result-count"]} wrong result(s)`);
        const submit = history.find((o) => o.f === "submit" && o.type === "invoke");
        const done = history.find((o) => o.type === "ok" && ((o.f === "job_status" && (o.value as { status?: string }).status === "done") || o.f === "job_result"));
        return {
          ...base,
          "valid?": base["valid?"] === true && problems.length === 0,
          "chaos-problems": problems,
          "job-ms": submit && done ? Math.round((done.time - submit.time) / 1e6) : null,
        };
      },
    };
  };
}

async function main(): Promise<number> {
  const job = chaosJob();
  const bin = values.bin!;
  const binArgs = ["--slots", String(slots)];
  const options = testOptions({ workload: "jobs", bin, binArgs, nodeCount, timeLimit, concurrency: "1", rate: 2000 / pollMs, seed, storeDir: values.store } as never);
  const base = runConfigFrom(options, process.argv.slice(2));
  const { schedule, events } = chaosSchedule(base.nodes, timeLimit * 1000);
  const say = (l: string) => console.log(l);
  const cfg = { ...base, workloadName: NAME, workload: chaosWorkload(job, events, say), schedule, recoverySeconds: 0 };
  say(`${NAME}: ${nodeCount} nodes of ${bin} with ${slots} slots each on the ${host === "sim" ? "simulator (virtual time)" : "process host (real time)"}, seed ${seed}; one job of ${taskCount} tasks x ${workMs} ms; --keep ${keep}; kills from ${firstKillMs} ms, one every ${gapMs} ms: ${events.map((e) => `${(e.atMs / 1000).toFixed(1)} s ${e.kill ? `kill ${e.kill}` : `${e.text.split(" ")[0]} back`}`).join(", ")}; ${timeLimit} s in all`);
  const harness = (l: string) => {
    // The harness's own lines (its opening, its progress on the process host, the results), set apart from ours.
    if (l.trim() !== "") say(`  | ${l}`);
  };
  const started = Date.now();
  let simulatedMs: number | undefined;
  const out = host === "sim" ? await runSim({ ...cfg, install: await loadNodeProgram(resolve(bin)) }, harness).then((o) => ((simulatedMs = o.simulatedMs), o)) : await runTest(cfg, harness);
  const w = ((out.results as Record<string, unknown> | undefined)?.workload ?? {}) as Record<string, unknown>;
  const kills = (w["leader-kills"] ?? []) as Array<{ leader: string; "at-ms": number; "recovery-ms": number | null }>;
  say("");
  say(`── ${NAME} (${((Date.now() - started) / 1000).toFixed(1)} s wall${simulatedMs !== undefined ? `, ${(simulatedMs / 1000).toFixed(1)} s simulated` : ""}), store ${out.dir}`);
  say(`  job          ${w["completed-count"] === 1 ? "done with the right result" : w["acknowledged-count"] === 1 ? "NOT done with the right result" : "NOT acknowledged"}${typeof w["job-ms"] === "number" ? `, ${((w["job-ms"] as number) / 1000).toFixed(2)} s after its submit` : ""}; ${w["task-rerun-count"] ?? "-"} task reruns; ${w["wrong-result-count"] ?? "-"} wrong results`);
  say(`  leader kills ${kills.length ? kills.map((k) => `${k.leader} at ${(k["at-ms"] / 1000).toFixed(2)} s, progress again after ${k["recovery-ms"] === null ? "never" : `${k["recovery-ms"]} ms`}`).join("; ") : "none seen (no kill hit the node the last cluster_status named leader)"}`);
  for (const p of (w["chaos-problems"] ?? []) as string[]) say(`  problem      ${p}`);
  for (const u of (w.unfinished ?? []) as Array<{ text: string }>) say(`  unfinished   ${u.text}`);
  say(`  exit ${out.exitCode}`);
  return out.exitCode;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`${NAME}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(255);
  },
);
