import { checkLinearizable } from "./checkers/linearizable.js";
import { completeWithErrors } from "./model/complete-op.js";
import { deriveSeed, type Rng, seededRng } from "./model/random.js";
import { anyValue, closedResponse } from "./model/response-schema.js";
import type { OpRequest, Workload, WorkloadContext, WorkloadFactory } from "./workload.js";

/** Jepsen's process-limit for a key (linearizable-register's default): at most this many processes ever touch it. */
export const PROCESSES_PER_KEY = 20;
/** Values written and compared are 0..4 (Jepsen's `(rand/long 5)`). */
export const VALUE_COUNT = 5;

const readOk = closedResponse("read_ok", { value: anyValue });
const writeOk = closedResponse("write_ok");
const casOk = closedResponse("cas_ok");

/**
 * Why lin-kv cannot run `concurrency` threads on these nodes, or undefined.
 * Each key gets a group of 2n threads (n = node count); Jepsen asserts that
 * the threads split evenly into such groups, and a group of more than 20
 * threads would start every key already past the 20-process limit (Jepsen's
 * generator would then move from key to key forever without an op).
 */
export function linKvOptionsProblem(run: { nodes: readonly string[]; concurrency: number }): string | undefined {
  const n = run.nodes.length;
  const group = 2 * n;
  if (group > PROCESSES_PER_KEY) {
    return `--node-count: lin-kv runs at most ${PROCESSES_PER_KEY / 2} nodes; got ${n}. Each key is worked by 2n = ${group} client threads, each its own process, and Jepsen lets at most ${PROCESSES_PER_KEY} processes use a key, so no key could get an op`;
  }
  if (run.concurrency % group !== 0) {
    return `--concurrency: lin-kv splits the client threads into groups of 2n = ${group} (n readers and n writers per key), so the thread count must be a multiple of ${group}; got ${run.concurrency}. Pass --concurrency 2n (one key at a time) or 4n (two at once); Maelstrom's run stops with an assertion here`;
  }
  return undefined;
}

/** One key's group of threads: the key it works on now, and every process that has used that key. */
interface Group {
  key: number;
  processes: Set<number>;
}

/**
 * The op stream of Jepsen's linearizable-register test under independent's
 * concurrent-generator, given the thread that asks (our harness picks the
 * free thread first, then asks the workload for its op).
 *
 * Threads 0..C-1 split, in order, into groups of 2n; group g starts on key
 * g and later groups take keys C/2n, C/2n + 1, ... in the order they need
 * them. Threads 0..n-1 only read; every other thread writes (1/3) or
 * compare-and-sets (2/3), values 0..4. So only group 0 has readers: Jepsen's
 * `reserve` names its reader range by absolute thread ids (0..n-1), and inside
 * the concurrent generator a later group's threads are 2n*g.., so its reader
 * range is empty and all 2n of its threads write. (With `--concurrency 2n`,
 * the usual setting, there is one group: n readers, n writers.) Before each op the group counts
 * the processes that used its key plus the current process of every thread
 * in the group (busy ones too, as Jepsen's context holds them all); if that
 * would make more than 20, the key is done and the group moves to the next
 * unused key. A thread's process changes only after an `info`, so without
 * faults a key lasts the whole run.
 */
export class LinKvGenerator {
  readonly #n: number;
  readonly #processes: number[];
  readonly #groups: Group[];
  #nextKey: number;
  /** The thread each range last handed an op to (rotation within a range). */
  readonly #lastPicked = new Map<number, number>();

  constructor(
    nodeCount: number,
    concurrency: number,
    private readonly rng: Rng,
  ) {
    const problem = linKvOptionsProblem({ nodes: Array.from({ length: nodeCount }, (_, i) => `n${i}`), concurrency });
    if (problem !== undefined) throw new Error(problem);
    this.#n = nodeCount;
    this.#processes = Array.from({ length: concurrency }, (_, t) => t);
    const groupCount = concurrency / (2 * nodeCount);
    this.#groups = Array.from({ length: groupCount }, (_, g) => ({ key: g, processes: new Set<number>() }));
    this.#nextKey = groupCount;
  }

  /** Thread `thread` now runs as process `process` (after an info). */
  processChanged(thread: number, process: number): void {
    this.#processes[thread] = process;
  }

  /** The key thread `thread`'s group works on now (without drawing an op). */
  keyOf(thread: number): number {
    return this.#groups[this.#groupOf(thread)]!.key;
  }

  /**
   * Which free thread gets the next op, as Jepsen picks it: among the ranges
   * with a free thread (group 0's readers 0..n-1 and writers n..2n-1; each
   * later group's 2n writers), one at random, weighted by the range's thread
   * count (Jepsen's soonest-op tie-break between groups and between reserve's
   * ranges); within it, the threads in rotation.
   */
  pickThread(free: readonly number[]): number {
    const ranges = new Map<number, number[]>();
    for (const t of free) {
      const r = this.#rangeOf(t);
      ranges.set(r, [...(ranges.get(r) ?? []), t]);
    }
    const ids = [...ranges.keys()].sort((a, b) => a - b);
    const weights = ids.map((r) => this.#rangeSize(r));
    let x = this.rng.next() * weights.reduce((a, b) => a + b, 0);
    let range = ids[ids.length - 1]!;
    for (let i = 0; i < ids.length; i++) {
      x -= weights[i]!;
      if (x < 0) {
        range = ids[i]!;
        break;
      }
    }
    const inRange = ranges.get(range)!;
    const last = this.#lastPicked.get(range) ?? -1;
    const chosen = inRange.find((t) => t > last) ?? inRange[0]!;
    this.#lastPicked.set(range, chosen);
    return chosen;
  }

  /** Ranges of threads: 0 = group 0's readers, 1 = group 0's writers, g + 1 = group g's writers (g >= 1). */
  #rangeOf(thread: number): number {
    const g = this.#groupOf(thread);
    return g === 0 ? (thread < this.#n ? 0 : 1) : g + 1;
  }

  #rangeSize(range: number): number {
    return range <= 1 ? this.#n : 2 * this.#n;
  }

  next(thread: number): OpRequest {
    const g = this.#groupOf(thread);
    const group = this.#groups[g]!;
    const members = this.#processes.slice(g * 2 * this.#n, (g + 1) * 2 * this.#n);
    const used = new Set([...group.processes, ...members]);
    if (used.size > PROCESSES_PER_KEY) {
      // The key is exhausted: a fresh key, used so far by the group's current processes only.
      group.key = this.#nextKey++;
      group.processes = new Set(members);
    } else {
      group.processes = used;
    }
    const k = group.key;
    if (thread < this.#n) return { f: "read", value: [k, null] };
    const v = () => this.rng.int(0, VALUE_COUNT);
    if (this.rng.int(0, 3) === 0) return { f: "write", value: [k, v()] };
    const from = v();
    return { f: "cas", value: [k, [from, v()]] };
  }

  #groupOf(thread: number): number {
    if (!Number.isInteger(thread) || thread < 0 || thread >= this.#processes.length) {
      throw new Error(`lin-kv: no client thread ${thread}; the run has ${this.#processes.length}`);
    }
    return Math.floor(thread / (2 * this.#n));
  }
}

/**
 * Maelstrom's lin-kv workload: Jepsen's linearizable register over
 * independent keys. Requests `read {key}` -> `read_ok {value}`,
 * `write {key, value}` -> `write_ok`, `cas {key, from, to}` -> `cas_ok`,
 * each reply checked against its closed schema, within
 * max(10 x --latency mean, 1000) ms. Clients are reusable; reads are
 * idempotent (a timeout or any error fails them), writes and cas are not
 * (a timeout or an indefinite error leaves them info; definite errors such
 * as 20 and 22 fail them). History values are Jepsen's independent tuples:
 * `[k, null]` for a read invocation and `[k, v]` for its ok, `[k, v]` for a
 * write, `[k, [from, to]]` for a cas. No final phase. The checker
 * (checkers/linearizable.ts) tries to linearize each key's history against a
 * compare-and-set register, as Knossos does for Maelstrom.
 */
export const linKvWorkload: WorkloadFactory = Object.assign(
  (ctx: WorkloadContext): Workload => {
    const gen = new LinKvGenerator(ctx.nodes.length, ctx.concurrency, seededRng(deriveSeed(ctx.seed, "lin-kv-ops")));
    const timeoutMs = Math.max(10 * ctx.latencyMean, 1000);
    return {
      name: "lin-kv",
      reusableClient: true,
      nextOp: (thread) => gen.next(thread),
      processChanged: (thread, process) => gen.processChanged(thread, process),
      pickThread: (free) => gen.pickThread(free),
      async invoke(client, node, op) {
        const [key, v] = op.value as [number, unknown];
        try {
          switch (op.f) {
            case "read": {
              const reply = await client.rpc(node, { type: "read", key }, timeoutMs, readOk);
              return { type: "ok", value: [key, reply.value] };
            }
            case "write":
              await client.rpc(node, { type: "write", key, value: v }, timeoutMs, writeOk);
              return { type: "ok", value: op.value };
            case "cas": {
              const [from, to] = v as [unknown, unknown];
              await client.rpc(node, { type: "cas", key, from, to }, timeoutMs, casOk);
              return { type: "ok", value: op.value };
            }
            default:
              throw new Error(`lin-kv: unknown op ${JSON.stringify(op.f)}`);
          }
        } catch (e) {
          return completeWithErrors(e, op.value, op.f === "read");
        }
      },
      check: (history) => checkLinearizable(history),
    };
  },
  { optionsProblem: linKvOptionsProblem },
);
