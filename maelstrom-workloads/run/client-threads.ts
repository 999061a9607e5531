import type { OpRequest, Workload } from "../workload.js";
import type { MaelstromClient } from "./client.js";
import { type Completion, crashed } from "../model/complete-op.js";
import type { History } from "../model/history.js";

interface Thread {
  index: number;
  node: string;
  process: number;
  client: MaelstromClient | undefined;
  /** The client must be replaced before the next op (after an `info`, unless the workload's client is reusable). */
  stale: boolean;
  busy: boolean;
}

/** The node client thread `thread` is pinned to: Jepsen's thread t mod N. */
export function pinnedNode(nodes: readonly string[], thread: number): string {
  return nodes[thread % nodes.length]!;
}

/**
 * Jepsen's client workers: `concurrency` threads, thread t pinned to node
 * t mod N, handed ops in rotating order among the free ones. A thread starts
 * as process t; after an `info` it becomes process + concurrency (the
 * workload's processChanged hears of it) and, for
 * workloads whose clients are not reusable, opens a new client at its next op.
 */
export class ClientThreads {
  readonly #threads: Thread[];
  #rotate = 0;
  #freeWaiters: Array<() => void> = [];
  readonly #inFlight = new Set<Promise<void>>();

  constructor(
    nodes: readonly string[],
    readonly concurrency: number,
    private readonly workload: Workload,
    private readonly history: History,
    private readonly openClient: () => MaelstromClient,
  ) {
    this.#threads = Array.from({ length: concurrency }, (_, i) => ({ index: i, node: pinnedNode(nodes, i), process: i, client: undefined, stale: false, busy: false }));
  }

  get all(): readonly { index: number }[] {
    return this.#threads;
  }

  /** The next free thread in rotating order (or as the workload's pickThread chooses), if any. */
  pickFree(): { index: number } | undefined {
    if (this.workload.pickThread) {
      const free = this.#threads.filter((t) => !t.busy).map((t) => t.index);
      if (free.length === 0) return undefined;
      const chosen = this.workload.pickThread(free);
      if (!free.includes(chosen)) throw new Error(`${this.workload.name}: pickThread chose thread ${chosen}, which is not one of the free threads ${free.join(", ")}`);
      return this.#threads[chosen];
    }
    for (let k = 0; k < this.#threads.length; k++) {
      const th = this.#threads[(this.#rotate + k) % this.#threads.length]!;
      if (!th.busy) {
        this.#rotate = (th.index + 1) % this.#threads.length;
        return th;
      }
    }
    return undefined;
  }

  /** Resolves when some thread finishes its op. */
  nextFree(): Promise<void> {
    return new Promise((r) => this.#freeWaiters.push(r));
  }

  /** Starts an op on a thread; the returned promise settles when it completes (it never rejects). */
  start(thread: { index: number }, op: OpRequest): Promise<void> {
    const th = this.#threads[thread.index]!;
    th.busy = true;
    const p = this.#run(th, op);
    this.#inFlight.add(p);
    void p.finally(() => this.#inFlight.delete(p));
    return p;
  }

  /** Every op started so far has completed. */
  idle(): Promise<unknown> {
    return Promise.all([...this.#inFlight]);
  }

  async #run(th: Thread, op: OpRequest): Promise<void> {
    if (!th.client || th.stale) {
      th.client?.close();
      th.client = this.openClient();
      th.stale = false;
    }
    this.history.invoke(th.process, op.f, op.value, op.final);
    let c: Completion;
    try {
      c = await this.workload.invoke(th.client, th.node, op);
    } catch (e) {
      c = crashed(e, op.value);
    }
    this.history.complete(th.process, op.f, c, op.final);
    if (c.type === "info") {
      th.process += this.concurrency;
      this.workload.processChanged?.(th.index, th.process);
      if (!this.workload.reusableClient) th.stale = true;
    }
    th.busy = false;
    const waiters = this.#freeWaiters;
    this.#freeWaiters = [];
    for (const w of waiters) w();
  }
}
