#!/bin/sh
":" //; exec "$(dirname -- "$0")/../scripts/run-node.sh" "$0" "$@"

// A job-worker cluster (issue 13; the model is Bridge Four's leader and
// workers): clients submit jobs of word-count tasks; every node is a worker
// with --slots slots, and one node, the leader, assigns open tasks to free
// slots. See the README's "The job-worker node".
//
// - Durable state: one lin-kv key (DOC_KEY) holds the whole cluster document
//   (lib/jobs/cluster-doc.ts); every change is read, decide (lib/jobs, pure),
//   compare-and-set from what was read. So changes never interleave, a job is
//   acknowledged only once its CAS succeeded, and nothing depends on the
//   leader staying alive. The leader is the only writer but for a claim of
//   the lease: any node forwards submit and stop_job to it (viaLeader), and
//   it applies them in its step's CAS.
// - Leadership: a lease in the document. The leader bumps a heartbeat every
//   lease/4; a node that sees a majority alive (SWIM) and the heartbeat
//   unchanged for a whole lease on its own clock takes over by CAS, bumping
//   the epoch, as does a node across a partition from a leader that has
//   recorded fewer than a majority of workers alive for a lease, once a
//   majority answers its own polls; a node
//   that sees no majority takes a lapsed lease only after a lease and two
//   polls, so that when no node sees a majority one still leads (lib/jobs/lease.ts). A deposed leader's next CAS fails
//   (its `from` is gone): fencing by construction, and every assignment and
//   result names its epoch and attempt, so a late result of a superseded
//   attempt is never counted (lib/jobs/scheduler.ts completeTask).
// - Workers: run_task carries (job, task, attempt, epoch, the worker's
//   instance); the worker waits work_ms, counts, and sends task_done to the
//   leader; it keeps the result until the leader acknowledges it, and also
//   hands it over when polled, so a result survives a leader change. The
//   leader polls every worker each --poll ms: a restarted worker (new
//   instance) or a task the worker does not have goes back to open; an
//   attempt the worker runs that is no longer current is cancelled. A worker
//   SWIM (installed on the same node) calls dead, or that has not answered a
//   poll for a lease, is dead: its tasks go back to open.
//   nodes/job-worker.ts [--slots N] [--lease MS] [--poll MS]   (--help says more)
import { drawIncarnation } from "../lib/gossip/incarnation.js";
import { type Node, NodeProgramExit, KvClient, PreconditionFailedError, RpcError, runIfMain } from "../lib/index.js";
import {
  archiveJobs,
  archiveKey,
  type Assignment,
  claimLeadership,
  type ClusterDoc,
  type Completion,
  completeTask,
  emptyDoc,
  endedJobs,
  type JobRecord,
  jobIds,
  jobStatus,
  openTasks,
  isMajority,
  leaseLapsed,
  type LeaseWatch,
  type MinorityLeader,
  observeLease,
  observeMinorityLeader,
  reconcile,
  renewLease,
  runningOn,
  schedule,
  shouldClaim,
  shouldTakeOver,
  stopJob,
  submitJob,
  type TaskRef,
  taskCounts,
  wordCount,
} from "../lib/jobs/index.js";
import { installSwim } from "../lib/swim/swim-node.js";
import { DEFAULT_SWIM } from "../lib/swim/swim-settings.js";
import { z } from "zod";

const DOC_KEY = "job-worker/cluster";
/** How long a node tries to have the leader apply a client's submit or stop_job: under the workload's 5 s client timeout. */
const FORWARD_BUDGET_MS = 4000;

export const JOB_WORKER_USAGE = `usage: nodes/job-worker.ts [options]
A job-worker cluster on lin-kv: submit, job_status, job_result, list_jobs, cluster_status, stop_job (see the README).
Options:
  --slots N     tasks this worker runs at once (default 2; 1 to 64)
  --lease MS    the leader's lease: a node that sees its heartbeat unchanged this long takes over (default 1000)
  --poll MS     the leader polls every worker, and steps, this often (default 250)`;

interface Settings {
  slots: number;
  leaseMs: number;
  pollMs: number;
}
const FLAGS: Record<string, { key: keyof Settings; min: number; max: number }> = {
  "--slots": { key: "slots", min: 1, max: 64 },
  "--lease": { key: "leaseMs", min: 100, max: 600_000 },
  "--poll": { key: "pollMs", min: 10, max: 60_000 },
};

export function parseJobWorkerArgs(argv: readonly string[]): Settings {
  const s: Settings = { slots: 2, leaseMs: 1000, pollMs: 250 };
  const args = [...argv];
  while (args.length > 0) {
    const raw = args.shift()!;
    const eq = raw.indexOf("=");
    const [flag, inline] = raw.startsWith("--") && eq > 0 ? [raw.slice(0, eq), raw.slice(eq + 1)] : [raw, undefined];
    const f = Object.hasOwn(FLAGS, flag) ? FLAGS[flag] : undefined;
    if (!f) throw new NodeProgramExit(2, `job-worker: unknown option ${JSON.stringify(raw)}\n${JOB_WORKER_USAGE}`);
    const value = inline ?? args.shift();
    const n = value !== undefined && /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
    if (!(n >= f.min && n <= f.max)) throw new NodeProgramExit(2, `job-worker: ${flag}: expected a whole number from ${f.min} to ${f.max}, got ${JSON.stringify(value ?? "nothing")}\n${JOB_WORKER_USAGE}`);
    s[f.key] = n;
  }
  if (s.pollMs * 2 > s.leaseMs) throw new NodeProgramExit(2, `job-worker: --poll ${s.pollMs} must be at most half of --lease ${s.leaseMs} (the leader renews its lease as it steps)\n${JOB_WORKER_USAGE}`);
  return s;
}

// Client requests.
const TaskInput = z.object({ text: z.string(), work_ms: z.number().int().min(0).max(600_000).optional() });
type TaskInput = z.infer<typeof TaskInput>;
const Submit = z.object({ job: z.object({ name: z.string(), tasks: z.array(TaskInput) }) });
const ByJob = z.object({ job_id: z.string() });
// Between nodes.
const Ref = { job: z.string(), task: z.number().int().min(0), attempt: z.number().int().min(1) };
const RunTask = z.object({ ...Ref, epoch: z.number().int(), instance: z.number(), text: z.string(), work_ms: z.number().int().min(0) });
// Counts as sent (a schema would rebuild the object, and a word such as "__proto__" is a key like any other).
const Counts = z.custom<Record<string, number>>((v) => typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((n) => Number.isSafeInteger(n)), "counts must be an object of words to integers");
const TaskDone = z.object({ ...Ref, epoch: z.number().int(), instance: z.number(), counts: Counts });
const CancelTask = z.object(Ref);
const TaskAck = z.object({ refs: z.array(z.object(Ref)) });
const PollReply = z.object({
  instance: z.number(),
  slots: z.number().int(),
  running: z.array(z.object(Ref)),
  finished: z.array(TaskDone),
});
type PollReply = z.infer<typeof PollReply>;
const Inputs = z.object({ name: z.string(), tasks: z.array(TaskInput) });
// Requests that change the document, forwarded to the leader (the only writer of it, but for a claim of the lease).
const FwdSubmit = z.object({ name: z.string(), input: z.string(), tasks: z.number().int().min(0) });
const FwdStop = z.object({ job_id: z.string() });

const refKey = (r: TaskRef) => `${r.job}/${r.task}/${r.attempt}`;
const refOf = (r: TaskRef): TaskRef => ({ job: r.job, task: r.task, attempt: r.attempt });

/** Parts the faulty fixture takes out: `reassignLost: false` leaves the tasks of a dead or restarted worker running forever. */
export interface JobWorkerInternals {
  reassignLost?: boolean;
}

/** What a change of the document gives back: the value, and whether some CAS timed out on the way (its outcome unknown). */
class GaveUp extends Error {
  constructor(readonly indefinite: boolean, what: string) {
    super(what);
  }
}

export function installJobWorker(node: Node, args: readonly string[], internals: JobWorkerInternals = {}): void {
  if (args.includes("--help") || args.includes("-h")) throw new NodeProgramExit(0, JOB_WORKER_USAGE, "stdout");
  const s = parseJobWorkerArgs(args);
  const reassignLost = internals.reassignLost ?? true;
  const swim = installSwim(node, DEFAULT_SWIM);
  const kv = new KvClient(node, "lin-kv");
  const now = () => node.clock.now();
  /** This life of the node: a killed node comes back with another, so attempts given to its earlier life are not taken for its own. */
  let instance = 0;
  let submits = 0;

  // ---- The document: read, decide, compare-and-set; one change at a time on this node.
  let cached: ClusterDoc | undefined;
  let watch: LeaseWatch | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  /** Where to forward a change first: the leader named by the last document this node saw. */
  let leaderHint: string | null = null;
  /** Since when the documents read have shown their leader recording fewer than a majority of nodes alive. */
  let minorityLeader: MinorityLeader | undefined;
  const seen = (doc: ClusterDoc) => {
    watch = observeLease(watch, doc, now());
    minorityLeader = observeMinorityLeader(minorityLeader, doc, node.nodeIds, now());
    leaderHint = doc.leader;
    return doc;
  };
  const readDoc = async (): Promise<ClusterDoc> => {
    const v = await kv.readOr(DOC_KEY, undefined);
    return seen(v === undefined ? emptyDoc() : (v as ClusterDoc));
  };
  /**
   * Applies `decide` to the newest document by CAS, retrying on 22 (someone
   * changed it: decide again on the new one) and on timeouts (decisions are
   * idempotent on a document that already took them) until `budgetMs` is
   * spent. Resolves with the decision's value once its document is stored
   * (or if it changes nothing).
   */
  const change = <T>(decide: (doc: ClusterDoc) => { doc: ClusterDoc; value: T }, budgetMs: number): Promise<T> => {
    const run = async (): Promise<T> => {
      const giveUpAt = now() + budgetMs;
      let indefinite = false;
      for (;;) {
        const fromCache = cached !== undefined;
        const base = cached ?? (cached = await readDoc());
        const r = decide(base);
        if (r.doc === base || JSON.stringify(r.doc) === JSON.stringify(base)) {
          // "Nothing to do" (say, no such job) is only an answer on the newest document, not on a copy kept from before.
          if (!fromCache) return r.value;
          cached = undefined;
          continue;
        }
        try {
          await kv.cas(DOC_KEY, base, r.doc, { createIfNotExists: true });
          cached = seen(r.doc);
          return r.value;
        } catch (e) {
          cached = undefined;
          if (!(e instanceof PreconditionFailedError)) {
            if (!(e instanceof RpcError) || e.code !== 0) throw e;
            indefinite = true;
          }
          if (now() >= giveUpAt) throw new GaveUp(indefinite, `the cluster document changed under every try, or lin-kv did not answer, for ${budgetMs} ms`);
        }
      }
    };
    const p = chain.then(run, run);
    chain = p.catch(() => undefined);
    return p;
  };
  const fresh = async (): Promise<ClusterDoc> => {
    try {
      return await readDoc();
    } catch (e) {
      throw RpcError.temporarilyUnavailable(`reading the cluster document from lin-kv: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  /** Delivers a message to a node, this one included (handled as if it had come over the network). */
  const tell = (dest: string, body: { type: string; [k: string]: unknown }) => {
    if (dest !== node.id) return void node.send(dest, body);
    queueMicrotask(() => node.handleMessage({ src: node.id, dest: node.id, body } as never));
  };

  // ---- The worker: every node.
  const running = new Map<string, { ref: TaskRef; timer: { cancel(): void } }>();
  /** Results not yet acknowledged by a leader: sent on completion, and again in every poll reply. */
  const finished = new Map<string, z.infer<typeof TaskDone>>();
  /** Attempts cancelled in this life (attempt numbers are never reused, so a key never comes back legitimately). */
  const cancelled = new Set<string>();

  node.on("run_task", RunTask, (m) => {
    const t = m.body;
    const key = refKey(t);
    // An assignment to an earlier life of this node: that life's tasks are gone, and the leader reopens them when it sees our instance.
    if (t.instance !== instance || running.has(key) || finished.has(key) || cancelled.has(key)) return;
    const timer = node.after(t.work_ms, () => {
      running.delete(key);
      const done = { job: t.job, task: t.task, attempt: t.attempt, epoch: t.epoch, instance: t.instance, counts: wordCount(t.text) };
      finished.set(key, done);
      tell(m.src, { type: "task_done", ...done });
    });
    running.set(key, { ref: refOf(t), timer });
  });
  node.on("cancel_task", CancelTask, (m) => {
    const key = refKey(m.body);
    cancelled.add(key); // a cancel that overtook its run_task: that run_task must not start
    running.get(key)?.timer.cancel();
    running.delete(key);
    finished.delete(key);
  });
  node.on("task_ack", TaskAck, (m) => {
    for (const r of m.body.refs) finished.delete(refKey(r));
  });
  const report = (): PollReply => ({ instance, slots: s.slots, running: [...running.values()].map((r) => r.ref), finished: [...finished.values()] });
  node.on("worker_poll", () => ({ type: "worker_poll_ok", ...report() }));

  // ---- The leader: whoever holds the lease.
  interface Lead {
    epoch: number;
    since: number;
    renewedAt: number;
    /** Workers' answers to polls: instance and slots, and when. */
    heard: Map<string, { instance: number; slots: number; at: number }>;
  }
  let lead: Lead | undefined;
  /** The last epoch this life led. */
  let lastEpoch: number | undefined;
  /** Job inputs, by job id (immutable once written, so kept across leaderships). */
  const inputs = new Map<string, TaskInput[]>();
  const completions: Array<Completion> = [];
  const reports: Array<PollReply & { worker: string; sentAt: number }> = [];
  let stepping = false;
  let again = false;
  /**
   * submit and stop_job, waiting for the leader's next step, which applies
   * them in its own CAS of the document: with the leader the only writer, its
   * renewals never lose a race to other nodes' changes (they did: under
   * --latency 50 without faults, 46% of CAS attempts failed with 22 and the
   * lease moved for nothing). Each is answered once that CAS is stored.
   */
  type Request = { kind: "submit"; name: string; input: string; tasks: number } | { kind: "stop"; job: string };
  type Answer = { job_id: string } | { status: string | null };
  const requests: Array<{ req: Request; resolve: (a: Answer) => void; reject: (e: unknown) => void }> = [];
  /** A definite refusal: nothing was applied (the forwarder tries the leader again, or answers 11). */
  const notLeader = (why: string) => RpcError.temporarilyUnavailable(`not the leader: ${why}`);
  const failRequests = (taken: typeof requests, e: unknown) => taken.forEach((r) => r.reject(e));
  const enqueue = (req: Request): Promise<Answer> => {
    if (!lead) return Promise.reject(notLeader(`${node.id} does not hold the lease`));
    return new Promise<Answer>((resolve, reject) => {
      requests.push({ req, resolve, reject });
      void step();
    });
  };

  /**
   * The leader's view of each worker. Not heard from within 4 polls: no new
   * task for it. Not heard from for more than a lease (or never, once this
   * leader has led for 4 polls): dead, whatever SWIM says, so its tasks go back to open;
   * SWIM may call alive a node that cannot hear this leader (a one-sided
   * partition), and its tasks would be stuck for as long as that lasts. SWIM
   * dead: dead, unless it answered within 4 polls. What is decided here is
   * what cluster_status reports.
   */
  const workerViews = (l: Lead) =>
    node.nodeIds.map((id) => {
      const h = l.heard.get(id);
      const status = id === node.id ? "alive" : swim.table()?.get(id)?.status;
      const fresh = h !== undefined && h.at >= now() - 4 * s.pollMs;
      // A worker this leader never heard from counts once a poll of its has timed out (4 polls): a new leader that waited a
      // lease more for the workers killed with the old one would add a lease to every recovery from a leader kill.
      const unheard = id !== node.id && (h === undefined ? now() - l.since > 4 * s.pollMs : h.at < now() - s.leaseMs);
      // A worker that answered a poll lately is alive whatever SWIM says (its verdict lags a heal by a second or more).
      return { id, alive: fresh || (status !== "dead" && !unheard), slots: h?.slots ?? s.slots, instance: fresh ? h.instance : undefined };
    });

  /** One decision of the leader: results and poll answers applied, lost tasks reopened, open tasks assigned, the lease renewed. */
  const step = async (): Promise<void> => {
    if (stepping) return void (again = true);
    stepping = true;
    try {
      do {
        again = false;
        const l = lead;
        if (!l) return;
        const comps = completions.splice(0);
        const reps = reports.splice(0);
        const reqs = requests.splice(0);
        // Measured from when a renewing step began, so a leader renews at every step a quarter lease after the last (a step
        // that waits on lin-kv would otherwise push each renewal to the next period but one).
        const stepAt = now();
        const renew = stepAt - l.renewedAt >= s.leaseMs / 4;
        type Out = { fenced: true } | { fenced: false; assignments: Assignment[]; cancels: Array<TaskRef & { worker: string }>; acks: Map<string, TaskRef[]>; reopened: string[]; answers: Answer[] };
        let out: Out;
        try {
          out = await change<Out>((doc) => {
            if (doc.leader !== node.id || doc.epoch !== l.epoch) return { doc, value: { fenced: true } };
            let d = doc;
            const at = Math.round(now());
            const reopened: string[] = [];
            const acks = new Map<string, TaskRef[]>();
            const ack = (w: string, r: TaskRef) => acks.set(w, [...(acks.get(w) ?? []), refOf(r)]);
            const cancels: Array<TaskRef & { worker: string }> = [];
            // Clients' changes first: a stopped job gets no assignment below. Both are idempotent on a document that took them.
            const answers: Answer[] = reqs.map(({ req }) => {
              if (req.kind === "submit") {
                const r = submitJob(d, req.name, req.input, req.tasks);
                d = r.doc;
                return { job_id: r.jobId };
              }
              const r = stopJob(d, req.job);
              if (!r) return { status: null };
              d = r.doc;
              cancels.push(...r.cancels.map((c) => ({ ...refOf(c), worker: c.worker })));
              return { status: r.status };
            });
            for (const c of comps) {
              d = completeTask(d, c).doc;
              ack(c.worker, c);
            }
            for (const r of reps) {
              for (const f of r.finished) {
                d = completeTask(d, { ...f, worker: r.worker }).doc;
                ack(r.worker, f);
              }
              const rc = reconcile(d, { me: node.id, epoch: l.epoch, worker: r.worker, instance: r.instance, running: r.running, pollSentAt: r.sentAt, graceMs: 4 * s.pollMs, reassignLost });
              d = rc.doc;
              reopened.push(...rc.reopened.map((x) => `${refKey(x)} (${r.worker} does not have it)`));
              cancels.push(...rc.cancels.map((c) => ({ ...c, worker: r.worker })));
            }
            const sc = schedule(d, { me: node.id, epoch: l.epoch, now: at, workers: workerViews(l), ready: (id) => inputs.has(id), reassignLost });
            d = sc.doc;
            reopened.push(...sc.reopened.map((x) => `${refKey(x)} (its worker is dead, unheard for a lease, or restarted)`));
            if (renew) d = renewLease(d, node.id, l.epoch)!;
            return { doc: d, value: { fenced: false, assignments: sc.assignments, cancels, acks, reopened, answers } };
          }, s.leaseMs / 2);
        } catch (e) {
          // Results stay with their workers (unacknowledged) and come back with the next poll.
          node.log.warn(`leader step: ${e instanceof Error ? e.message : String(e)}`);
          // A CAS that timed out may still have been stored: the forwarder may not say "not applied".
          const indefinite = !(e instanceof GaveUp) || e.indefinite;
          failRequests(reqs, indefinite ? RpcError.timeout(`the leader's compare-and-set of the cluster document did not answer: ${e instanceof Error ? e.message : String(e)}`) : notLeader(e instanceof Error ? e.message : String(e)));
          return;
        }
        if (out.fenced) {
          // On the newest document this leader is gone, and nothing of reqs was applied (a timed-out CAS of it that was stored would show there, and submitJob finds it on a retry).
          failRequests(reqs, notLeader(`${cached?.leader ?? "nobody"} leads epoch ${cached?.epoch}`));
          if (lead === l) {
            node.log.info(`no longer the leader (epoch ${l.epoch}): ${cached?.leader ?? "nobody"} leads epoch ${cached?.epoch}`);
            lead = undefined;
            failRequests(requests.splice(0), notLeader(`${cached?.leader ?? "nobody"} leads epoch ${cached?.epoch}`));
          }
          return;
        }
        if (renew) l.renewedAt = stepAt;
        reqs.forEach((r, i) => r.resolve(out.answers[i]!));
        if (out.reopened.length > 0) node.log.info(`reopened ${out.reopened.join(", ")}`);
        for (const a of out.assignments) {
          const t = inputs.get(a.job)![a.task]!;
          tell(a.worker, { type: "run_task", job: a.job, task: a.task, attempt: a.attempt, epoch: a.epoch, instance: a.instance, text: t.text, work_ms: t.work_ms ?? 0 });
        }
        for (const c of out.cancels) tell(c.worker, { type: "cancel_task", ...refOf(c) });
        for (const [w, refs] of out.acks) tell(w, { type: "task_ack", refs });
        loadInputs();
        void archiveEnded();
      } while (again);
    } finally {
      stepping = false;
    }
  };

  /** Whether SWIM shows this node a majority of the cluster not dead, itself included. */
  const seesMajority = () => {
    const t = swim.table();
    return isMajority(node.nodeIds.filter((id) => id === node.id || t?.get(id)?.status !== "dead").length, node.nodeIds.length);
  };
  /** When this node may next check whether it reaches a majority (after a check that found it does not). */
  let reachAgainAt = Number.NEGATIVE_INFINITY;
  /** Whether a majority of the cluster, this node included, answers a worker_poll within two polls: asked before taking a held lease. */
  const reachesMajority = async () => {
    const others = node.nodeIds.filter((id) => id !== node.id);
    const answered = await Promise.all(others.map((id) => node.rpc(id, { type: "worker_poll" }, { timeoutMs: 2 * s.pollMs }).then(() => 1, () => 0)));
    return isMajority(1 + answered.reduce<number>((a, b) => a + b, 0), node.nodeIds.length);
  };

  /** Reads the inputs of jobs with open tasks that the leader does not hold yet; steps again once they are in. */
  const loading = new Set<string>();
  const loadInputs = () => {
    const doc = cached;
    if (!doc) return;
    for (const id of jobIds(doc)) {
      const job = doc.jobs[id]!;
      if (inputs.has(id) || loading.has(id) || job.stopped || job.ended) continue;
      loading.add(id);
      kv.read(job.input).then(
        (v) => {
          loading.delete(id);
          inputs.set(id, Inputs.parse(v).tasks);
          void step();
        },
        (e: unknown) => {
          loading.delete(id);
          node.log.warn(`reading the inputs of ${id} (${job.input}): ${e instanceof Error ? e.message : String(e)}`);
        },
      );
    }
  };

  /**
   * Moves ended jobs out of the document: each one's final record is written
   * under its own key first (it never changes again, so a write repeated
   * after a timeout is harmless), then one CAS takes them out. Readers that
   * find a job archived read that key, which was written before.
   */
  let archiving = false;
  const archiveEnded = async () => {
    const doc = cached;
    if (archiving || !lead || !doc) return;
    const ids = endedJobs(doc);
    if (ids.length === 0) return;
    archiving = true;
    try {
      await Promise.all(ids.map((id) => kv.write(archiveKey(id), doc.jobs[id]!)));
      await change((d) => ({ doc: archiveJobs(d, ids), value: undefined }), s.leaseMs / 2);
    } catch (e) {
      node.log.warn(`archiving ${ids.join(", ")}: ${e instanceof Error ? e.message : String(e)} (tried again after the next step)`);
    } finally {
      archiving = false;
    }
  };

  const poll = (l: Lead) => {
    for (const id of node.nodeIds) {
      const sentAt = now();
      const got = (r: PollReply) => {
        if (lead !== l) return;
        l.heard.set(id, { instance: r.instance, slots: r.slots, at: now() });
        reports.push({ ...r, worker: id, sentAt });
        if (id !== node.id) void step();
      };
      if (id === node.id) got(report());
      else
        node.rpc(id, { type: "worker_poll" }, { timeoutMs: 4 * s.pollMs }).then(
          (b) => {
            const r = PollReply.safeParse(b);
            if (r.success) got(r.data);
            else node.log.warn(`${id} answered worker_poll with ${JSON.stringify(b)}: ${r.error.message}`);
          },
          () => undefined, // a worker that does not answer gets no new task (workerViews); SWIM says whether it is dead
        );
    }
  };

  /** Each period: the leader polls and steps; anyone else watches the lease and takes it when it runs out. */
  const tick = async () => {
    if (lead) {
      // The cached document stays: nobody else writes it but a node claiming the lease, which fails our next CAS (22) and makes us read.
      // Not awaited: a step that waits on lin-kv must not hold back the polls, whose answers say which workers are alive.
      poll(lead);
      void step();
      return;
    }
    // Followers look at the lease every period: a takeover after a leader's death takes a lease plus up to a period plus a CAS.
    let doc: ClusterDoc;
    try {
      doc = await readDoc();
    } catch {
      return;
    }
    const claim = (d: ClusterDoc) => shouldClaim({ doc: d, me: node.id, myEpoch: lastEpoch, watch: watch!, now: now(), seesMajority: seesMajority(), aloneAfterMs: s.leaseMs + 2 * s.pollMs });
    const takeOver = (d: ClusterDoc) => shouldTakeOver({ doc: d, me: node.id, now: now(), minorityLeader });
    let taking = false;
    if (!claim(doc)) {
      if (now() < reachAgainAt || !takeOver(doc)) return;
      if (!(await reachesMajority())) {
        reachAgainAt = now() + s.leaseMs; // not for another lease: each check polls every node and holds this tick
        return;
      }
      // The leader's record may only lag (a partition just healed: its next poll and step record the workers alive again):
      // give it two polls, then read it once more.
      await sleep(2 * s.pollMs);
      if (!takeOver(await readDoc())) return;
      taking = true;
      node.log.info(`taking the lease from ${doc.leader} (epoch ${doc.epoch}), which has recorded fewer than a majority of workers alive for a lease; a majority answered this node`);
    }
    try {
      const won = await change((d) => (claim(d) || (taking && takeOver(d)) ? { doc: claimLeadership(d, node.id, s.leaseMs), value: true } : { doc: d, value: false }), s.leaseMs / 2);
      if (!won || cached === undefined) return;
      const t = now();
      lead = { epoch: cached.epoch, since: t, renewedAt: t, heard: new Map() };
      lastEpoch = lead.epoch;
      node.log.info(`leader of epoch ${lead.epoch}`);
      poll(lead);
      loadInputs();
    } catch {
      // someone else got there first, or lin-kv is slow: look again next period
    }
  };
  let ticking = false;

  node.on("task_done", TaskDone, (m) => {
    if (!lead) return; // a leader polls it later
    completions.push({ ...m.body, worker: m.src });
    void step();
  });
  node.on("fwd_submit", FwdSubmit, async (m) => ({ type: "fwd_submit_ok", ...(await enqueue({ kind: "submit", name: m.body.name, input: m.body.input, tasks: m.body.tasks })) }));
  node.on("fwd_stop", FwdStop, async (m) => ({ type: "fwd_stop_ok", ...(await enqueue({ kind: "stop", job: m.body.job_id })) }));

  node.onInit((n) => {
    instance = drawIncarnation(n.random, n.clock.now());
    n.every(s.pollMs, async () => {
      if (ticking) return;
      ticking = true;
      try {
        await tick();
      } finally {
        ticking = false;
      }
    });
  });

  // ---- Client requests: any node answers. Reads are one read of the document (linearizable); writes a CAS of it.
  const sleep = (ms: number) => new Promise<void>((resolve) => void node.after(ms, resolve));
  /**
   * Has the leader apply a change: forwarded to the leader this node last
   * saw (or applied here if it is this node), tried again on the leader of a
   * fresh read of the document until FORWARD_BUDGET_MS, under the client's
   * 5 s. A retry is the same request (a submit keeps its input key), so a
   * change applied by an attempt that seemed to fail is not applied twice.
   * Error 11 if no attempt can have been applied (no leader, or each one
   * refused it); a timeout if one might have been.
   */
  const viaLeader = async (req: Request, what: string): Promise<Answer> => {
    const deadline = now() + FORWARD_BUDGET_MS;
    let maybe = false;
    let why = "no node holds the lease";
    let leader: string | null = leaderHint;
    for (;;) {
      if (leader !== null) {
        try {
          if (leader === node.id) return await enqueue(req);
          const body = req.kind === "submit" ? { type: "fwd_submit", name: req.name, input: req.input, tasks: req.tasks } : { type: "fwd_stop", job_id: req.job };
          return (await node.rpc(leader, body, { timeoutMs: Math.max(1, Math.min(deadline - now(), s.leaseMs)) })) as unknown as Answer;
        } catch (e) {
          if (!(e instanceof RpcError) || e.code !== 11) maybe = true;
          why = `${leader}: ${e instanceof Error ? e.message : String(e)}`;
        }
      }
      if (now() + s.pollMs >= deadline) break;
      if (leader !== null) await sleep(s.pollMs);
      try {
        const doc = await readDoc();
        leader = leaseLapsed(doc, watch!, now()) ? null : doc.leader;
        if (leader === null) {
          why = "no node holds the lease";
          await sleep(s.pollMs);
        }
      } catch (e) {
        leader = null;
        why = `reading the cluster document: ${e instanceof Error ? e.message : String(e)}`;
      }
      if (now() >= deadline) break;
    }
    if (maybe) throw RpcError.timeout(`${what}: the leader did not confirm within ${FORWARD_BUDGET_MS} ms (last: ${why}); it may still have been applied`);
    throw RpcError.temporarilyUnavailable(`${what}: not applied, no leader took it within ${FORWARD_BUDGET_MS} ms (last: ${why})`);
  };
  /** The job from a fresh read of the document, or its archived record; error 20 if there is no such job. */
  const jobOf = async (id: string): Promise<JobRecord> => {
    const doc = await fresh();
    if (Object.hasOwn(doc.jobs, id)) return doc.jobs[id]!;
    if (!Object.hasOwn(doc.archive, id)) throw new RpcError(20, `no job ${JSON.stringify(id)}`);
    try {
      return (await kv.read(archiveKey(id))) as JobRecord;
    } catch (e) {
      throw RpcError.temporarilyUnavailable(`reading the record of ended job ${id} from lin-kv: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  node.on("submit", Submit, async (m) => {
    const { name, tasks } = m.body.job;
    // Unique to this submit request (node, life, count), so a retried CAS finds the job it may already have added.
    const input = `in/${node.id}/${instance.toString(36)}/${++submits}`;
    try {
      await kv.write(input, { name, tasks });
    } catch (e) {
      // Nothing names this key yet: whatever became of the write, no job was added.
      throw RpcError.temporarilyUnavailable(`storing the job's inputs in lin-kv: ${e instanceof Error ? e.message : String(e)}; no job was added`);
    }
    const a = (await viaLeader({ kind: "submit", name, input, tasks: tasks.length }, "submit")) as { job_id: string };
    return { type: "submit_ok", job_id: a.job_id };
  });

  node.on("stop_job", ByJob, async (m) => {
    const a = (await viaLeader({ kind: "stop", job: m.body.job_id }, "stop_job")) as { status: string | null };
    if (a.status === null) throw new RpcError(20, `no job ${JSON.stringify(m.body.job_id)}`);
    return { type: "stop_job_ok", status: a.status };
  });

  node.on("job_status", ByJob, async (m) => {
    const job = await jobOf(m.body.job_id);
    return { type: "job_status_ok", status: jobStatus(job), tasks: taskCounts(job) };
  });

  node.on("job_result", ByJob, async (m) => {
    const job = await jobOf(m.body.job_id);
    const status = jobStatus(job);
    if (status === "stopped" || status === "failed") throw RpcError.abort(`job ${m.body.job_id} is ${status}: it has no result`);
    if (status !== "done") throw RpcError.temporarilyUnavailable(`job ${m.body.job_id} is ${status}: not done yet`);
    return { type: "job_result_ok", result: job.result, task_runs: job.runs };
  });

  node.on("list_jobs", async () => {
    const doc = await fresh();
    const jobs = [
      ...Object.entries(doc.archive).map(([id, a]) => ({ job_id: id, name: a.name, status: a.status })),
      ...jobIds(doc).map((id) => ({ job_id: id, name: doc.jobs[id]!.name, status: jobStatus(doc.jobs[id]!) })),
    ];
    const n = (id: string) => Number(id.slice(4));
    return { type: "list_jobs_ok", jobs: jobs.sort((a, b) => n(a.job_id) - n(b.job_id)) };
  });

  node.on("cluster_status", async () => {
    const doc = await fresh();
    // A leader whose heartbeat this node has not seen move for a whole lease is gone, as far as anyone can tell.
    const leader = !leaseLapsed(doc, watch!, now()) ? doc.leader : null;
    const workers: Record<string, { status: "alive" | "dead"; slots: number; running: number }> = {};
    let open = 0;
    let total = 0;
    for (const id of node.nodeIds) {
      const w = Object.hasOwn(doc.workers, id) ? doc.workers[id] : undefined;
      const alive = w ? w.alive : swim.table()?.get(id)?.status !== "dead";
      const slots = w?.slots ?? s.slots;
      const run = runningOn(doc, id);
      workers[id] = { status: alive ? "alive" : "dead", slots, running: run };
      total += slots;
      if (alive) open += Math.max(0, slots - run);
    }
    const degraded = leader === null || Object.values(workers).some((w) => w.status === "dead");
    return { type: "cluster_status_ok", health: degraded ? "degraded" : "healthy", leader, workers, open_slots: open, total_slots: total, open_tasks: openTasks(doc), tasks_done: doc.tasksDone };
  });
}

export default function install(node: Node, args: readonly string[] = []): void {
  installJobWorker(node, args);
}

runIfMain(import.meta.url, install);
