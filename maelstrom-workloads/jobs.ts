import { expectedResult, type FinalEntry, firstDifference, JOB_STATUSES, type JobSpec, jobsChecker, type JobStatus, type TaskInput, type WordCounts } from "./checkers/jobs.js";
import { jsonText } from "./model/json-text.js";
import { type Completion, completeWithErrors, crashed } from "./model/complete-op.js";
import { deriveSeed, type Rng, seededRng } from "./model/random.js";
import { closedResponse } from "./model/response-schema.js";
import { ErrorReply, type MaelstromClient } from "./run/client.js";
import type { OpRequest, Workload, WorkloadFactory } from "./workload.js";

/** Maelstrom's client timeout. */
const TIMEOUT_MS = 5000;
/** How long a final op keeps asking after its jobs that have not ended: jobs queued at the end need time to run (up to 8 tasks of up to 400 ms on a cluster that just healed). */
export const FINAL_WAIT_MS = 15_000;
/** The pause between the final op's rounds over its jobs still running. */
const FINAL_ROUND_MS = 250;
/** Words a text is drawn from: a few, so that counts add up across tasks; two differ only in case, which the count keeps apart. */
const WORDS = ["alpha", "Alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett", "kilo", "lima", "mike", "november", "oscar"];
const VOCABULARY_SIZE = 10;
/** Separators between words: mostly a space, sometimes runs of whitespace the split must treat as one. */
const SEPARATORS = [" ", " ", " ", " ", " ", "  ", "\n", "\t", " \n "];
/** The op mix of the main phase (shares, in this order; the rest of 1 is stop_job). */
const MIX: ReadonlyArray<[string, number]> = [["submit", 0.3], ["job_status", 0.3], ["job_result", 0.15], ["cluster_status", 0.15], ["list_jobs", 0.06]];
/**
 * A poll goes to a job it can learn something of this often, when there is
 * one: job_status to a job not yet seen done or ended (a done job's status
 * stays done), job_result to one seen done whose result is still to fetch,
 * stop_job to one not ended. Otherwise to any acknowledged job.
 */
const UNFINISHED_SHARE = 0.8;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const count = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? undefined : `must be a whole number >= 0, got ${jsonText(v) ?? "nothing"}`);
const str = (v: unknown) => (typeof v === "string" ? undefined : `must be a string, got ${jsonText(v) ?? "nothing"}`);
const oneOf = (allowed: readonly string[]) => (v: unknown) => (allowed.includes(v as string) ? undefined : `must be one of ${allowed.join(", ")}, got ${jsonText(v) ?? "nothing"}`);
const status = oneOf(JOB_STATUSES);

/** An object with exactly these fields, each checked. */
function exactly(fields: Record<string, (v: unknown) => string | undefined>) {
  return (v: unknown): string | undefined => {
    if (!isObject(v)) return `must be an object of ${Object.keys(fields).join(", ")}, got ${jsonText(v) ?? "nothing"}`;
    const extra = Object.keys(v).filter((k) => !Object.hasOwn(fields, k));
    if (extra.length) return `has unexpected field(s) ${extra.map((k) => jsonText(k)).join(", ")} (only ${Object.keys(fields).join(", ")})`;
    for (const [k, check] of Object.entries(fields)) {
      const p = check(v[k]);
      if (p) return `.${k} ${p}`;
    }
    return undefined;
  };
}

const taskCounts = exactly({ open: count, running: count, done: count });
const wordCounts = (v: unknown): string | undefined => {
  if (!isObject(v)) return `must be an object of words to counts, got ${jsonText(v) ?? "nothing"}`;
  for (const [w, n] of Object.entries(v)) if (count(n)) return `["${w}"] ${count(n)}`;
  return undefined;
};

/** `workers`: exactly one entry per node of the test (every node is a worker), each exactly {status, slots, running}. */
function workersField(nodes: readonly string[]) {
  const worker = exactly({ status: oneOf(["alive", "dead"]), slots: count, running: count });
  return (v: unknown): string | undefined => {
    if (!isObject(v)) return `must be an object of node ids to {"status", "slots", "running"}, got ${jsonText(v) ?? "nothing"}`;
    const unknown = Object.keys(v).filter((k) => !nodes.includes(k));
    if (unknown.length) return `names ${unknown.map((k) => jsonText(k)).join(", ")}, not node(s) of this test (${nodes.join(", ")})`;
    const missing = nodes.filter((n) => !Object.hasOwn(v, n));
    if (missing.length) return `lacks ${missing.join(", ")}: every node of node_ids is a worker`;
    for (const [id, w] of Object.entries(v)) {
      const p = worker(w);
      if (p) return `["${id}"] ${p}`;
    }
    return undefined;
  };
}

/** The closed schemas of the job-worker protocol's replies. */
export function jobSchemas(nodes: readonly string[]) {
  return {
    submit: closedResponse("submit_ok", { job_id: str }),
    job_status: closedResponse("job_status_ok", { status, tasks: taskCounts }),
    job_result: closedResponse("job_result_ok", { result: wordCounts, task_runs: count }),
    list_jobs: closedResponse("list_jobs_ok", {
      jobs: (v) => {
        if (!Array.isArray(v)) return `must be an array of {"job_id", "name", "status"}, got ${jsonText(v) ?? "nothing"}`;
        const entry = exactly({ job_id: str, name: str, status });
        for (const [i, e] of v.entries()) {
          const p = entry(e);
          if (p) return `[${i}] ${p}`;
        }
        return undefined;
      },
    }),
    cluster_status: closedResponse("cluster_status_ok", {
      health: oneOf(["healthy", "degraded"]),
      leader: (v) => (v === null || (typeof v === "string" && nodes.includes(v)) ? undefined : `must be a node id of this test (${nodes.join(", ")}) or null, got ${jsonText(v) ?? "nothing"}`),
      workers: workersField(nodes),
      open_slots: count,
      total_slots: count,
      open_tasks: count,
      tasks_done: count,
    }),
    stop_job: closedResponse("stop_job_ok", { status: oneOf(["stopped", "done", "failed"]) }),
  };
}

/** A job of 2-8 tasks, each 3-30 words of the vocabulary with work_ms 0-400. */
export function randomJob(rng: Rng, vocabulary: readonly string[], name: string): JobSpec {
  const tasks: TaskInput[] = [];
  for (let t = rng.int(2, 9); t > 0; t--) {
    let text = rng.next() < 0.1 ? rng.pick(SEPARATORS) : "";
    for (let w = rng.int(3, 31); w > 0; w--) text += rng.pick(vocabulary) + (w > 1 ? rng.pick(SEPARATORS) : "");
    if (rng.next() < 0.1) text += rng.pick(SEPARATORS);
    tasks.push({ text, work_ms: rng.int(0, 401) });
  }
  return { name, tasks };
}

/**
 * Our jobs workload (Maelstrom has none), for job-worker clusters
 * (nodes/job-worker.ts). Clients submit jobs of word-count tasks drawn from a
 * small seeded vocabulary (the checker knows every expected result), poll
 * job_status and job_result of the jobs acknowledged so far (mostly those
 * still running, and the results of those seen done: UNFINISHED_SHARE), ask
 * cluster_status and list_jobs, and sometimes stop a job.
 * Polls go on through the recovery wait (pollsDuringRecovery); then each
 * thread's final op follows every concurrency-th of the acknowledged jobs
 * not yet settled (a correct result fetched, or seen stopped or failed) until
 * it ends (or FINAL_WAIT_MS pass), in turns, fetching its result when done.
 *
 * Replies are checked against closed schemas (an extra field makes the op
 * info, as in every workload here). Errors map as Maelstrom's with-errors:
 * submit and stop_job are not idempotent (a timeout or indefinite error is
 * info), the reads are (fail). History values: submit `{"job"}`, ok
 * `{"job", "job_id"}`; job_status/job_result/stop_job `{"job_id"}`, ok with
 * the reply's fields beside it; list_jobs and cluster_status null, ok with
 * the reply's fields (cluster_status also `node`); final `{"job_ids"}`, ok
 * `{"jobs": [{"job_id", "status", "tasks", "result", "task_runs", "error"}]}`.
 */
export const jobsWorkload: WorkloadFactory = (ctx): Workload => {
  const nodes = ctx.nodes;
  const mix = seededRng(deriveSeed(ctx.seed, "jobs-ops"));
  const jobsRng = seededRng(deriveSeed(ctx.seed, "jobs-texts"));
  const vocabulary = seededRng(deriveSeed(ctx.seed, "jobs-vocabulary")).shuffle(WORDS).slice(0, VOCABULARY_SIZE);
  const schemas = jobSchemas(nodes);
  /** Job ids acknowledged so far, in order (the final phase splits them among the threads). */
  const acknowledged: string[] = [];
  /** Each acknowledged job's expected result. */
  const expected = new Map<string, WordCounts>();
  /**
   * Jobs with nothing more to learn: a correct result fetched, or seen stopped
   * or failed (terminal: asking again cannot change the verdict). Polls prefer
   * the others; the final phase asks only about the others.
   */
  const ended = new Set<string>();
  /** Jobs some reply showed done: their result is what is left to fetch. */
  const seenDone = new Set<string>();
  let submitted = 0;

  const pickJob = (f: string): string => {
    let open = acknowledged.filter((j) => !ended.has(j));
    if (f === "job_status") open = open.filter((j) => !seenDone.has(j));
    else if (f === "job_result" && open.some((j) => seenDone.has(j))) open = open.filter((j) => seenDone.has(j));
    return open.length && mix.next() < UNFINISHED_SHARE ? mix.pick(open) : mix.pick(acknowledged);
  };

  const nextOp = (): OpRequest => {
    let r = mix.next();
    let f = "stop_job";
    for (const [name, share] of MIX) {
      if (r < share) {
        f = name;
        break;
      }
      r -= share;
    }
    if (f === "submit" || acknowledged.length === 0) return { f: "submit", value: { job: randomJob(jobsRng, vocabulary, `job-${submitted++}`) } };
    if (f === "list_jobs" || f === "cluster_status") return { f, value: null };
    return { f, value: { job_id: pickJob(f) } };
  };

  const rpc = (client: MaelstromClient, node: string, f: keyof typeof schemas, body: Record<string, unknown>) => client.rpc(node, { type: f, ...body }, TIMEOUT_MS, schemas[f]);
  const fields = (reply: Record<string, unknown>) => {
    const { type: _t, msg_id: _m, in_reply_to: _i, ...rest } = reply;
    return rest;
  };

  /** Records a job_result reply: a correct result leaves nothing more to learn of its job. */
  const sawResult = (id: string, result: unknown) => {
    const want = expected.get(id);
    if (want && isObject(result) && !firstDifference(want, result as WordCounts)) ended.add(id);
  };

  /**
   * Follows each job until it ends or the deadline passes: the jobs are asked
   * in turn, one after another (a client has one request outstanding), and a
   * job not ended goes to the back of the line, asked again no sooner than
   * FINAL_ROUND_MS later; so every job is asked once before any is asked twice.
   * A job seen done during the run is asked its result straight away. Each
   * entry keeps what was last learned.
   */
  const finalJobs = async (client: MaelstromClient, node: string, ids: readonly string[]): Promise<FinalEntry[]> => {
    const entries = new Map<string, FinalEntry>(ids.map((id) => [id, { job_id: id }]));
    const deadline = client.clock.now() + FINAL_WAIT_MS;
    const line = ids.map((id) => ({ id, notBefore: 0 }));
    while (line.length) {
      const { id, notBefore } = line.shift()!;
      // Past the deadline (an ask that times out takes 5 s), what was learned stands.
      if (notBefore >= deadline || client.clock.now() >= deadline) break;
      if (notBefore > client.clock.now()) await new Promise<void>((r) => client.clock.after(notBefore - client.clock.now(), r));
      const e = entries.get(id)!;
      try {
        if (!seenDone.has(id)) {
          const s = await rpc(client, node, "job_status", { job_id: id });
          e.status = s.status as JobStatus;
          e.tasks = s.tasks as FinalEntry["tasks"];
          delete e.error;
          if (e.status === "stopped" || e.status === "failed") {
            ended.add(id);
            continue;
          }
          if (e.status === "done") seenDone.add(id);
        }
        if (seenDone.has(id)) {
          const r = await rpc(client, node, "job_result", { job_id: id });
          e.result = r.result as WordCounts;
          e.task_runs = r.task_runs as number;
          delete e.error;
          // A wrong result is the checker's to report; asking again would not undo it.
          ended.add(id);
          continue;
        }
      } catch (err) {
        e.error = err instanceof ErrorReply ? [err.kind, err.text] : err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      }
      line.push({ id, notBefore: client.clock.now() + FINAL_ROUND_MS });
    }
    return ids.map((id) => entries.get(id)!);
  };

  return {
    name: "jobs",
    reusableClient: false,
    pollsDuringRecovery: true,
    nextOp,
    // Called once the recovery wait's polls are over: thread t follows every concurrency-th of the jobs acknowledged
    // and not yet ended (those are settled: asking again about all of them took a slow cluster past the deadline).
    finalOp: (thread) => ({ f: "final", value: { job_ids: acknowledged.filter((j) => !ended.has(j)).filter((_, i) => i % ctx.concurrency === thread) }, final: true }),
    async invoke(client, node, op: OpRequest): Promise<Completion> {
      const v = op.value as Record<string, unknown> | null;
      const idempotent = op.f !== "submit" && op.f !== "stop_job";
      try {
        switch (op.f) {
          case "submit": {
            const r = await rpc(client, node, "submit", { job: v!.job });
            acknowledged.push(r.job_id as string);
            expected.set(r.job_id as string, expectedResult(v!.job as JobSpec));
            return { type: "ok", value: { job: v!.job, job_id: r.job_id } };
          }
          case "job_status":
          case "job_result":
          case "stop_job": {
            const id = v!.job_id as string;
            const r = fields(await rpc(client, node, op.f, { job_id: id }));
            if (op.f === "job_result") sawResult(id, r.result);
            if (r.status === "stopped" || r.status === "failed") ended.add(id);
            if (op.f === "job_result" || r.status === "done") seenDone.add(id);
            return { type: "ok", value: { job_id: v!.job_id, ...r } };
          }
          case "list_jobs": {
            const r = fields(await rpc(client, node, "list_jobs", {}));
            for (const e of r.jobs as Array<{ job_id: string; status: string }>) {
              if (e.status === "done") seenDone.add(e.job_id);
              if (e.status === "stopped" || e.status === "failed") ended.add(e.job_id);
            }
            return { type: "ok", value: r };
          }
          case "cluster_status":
            return { type: "ok", value: { node, ...fields(await rpc(client, node, "cluster_status", {})) } };
          case "final":
            return { type: "ok", value: { jobs: await finalJobs(client, node, (v!.job_ids as string[]) ?? []) } };
          default:
            return crashed(new Error(`jobs: unknown op ${jsonText(op.f)}`), op.value);
        }
      } catch (e) {
        return completeWithErrors(e, op.value, idempotent);
      }
    },
    check: (history) => jobsChecker(history, nodes),
  };
};
