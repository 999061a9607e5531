import { Worker } from "node:worker_threads";
import type { CaseResult, SearchCase, SearchRunSpec } from "./run-case.js";

/** Runs search cases, up to `parallelism` at once. */
export interface CaseRunner {
  readonly parallelism: number;
  run(c: SearchCase): Promise<CaseResult>;
  close(): Promise<void>;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: { c: SearchCase; resolve: (r: CaseResult) => void; reject: (e: Error) => void } | undefined;
  exited: Promise<void>;
}

/**
 * `size` worker threads, one simulation each at a time (node:worker_threads:
 * each has its own event loop and heap, so runs never share a clock or a
 * node). A case waits for a free worker. A worker that fails (its program
 * throws on load, it runs out of memory) fails the case it had and every
 * later one: the search stops with the error.
 */
export class WorkerPool implements CaseRunner {
  readonly parallelism: number;
  readonly #slots: Slot[] = [];
  readonly #queue: { c: SearchCase; resolve: (r: CaseResult) => void; reject: (e: Error) => void }[] = [];
  #failed: Error | undefined;
  #closing = false;

  constructor(size: number, spec: SearchRunSpec, bin: string) {
    this.parallelism = size;
    // Compiled (the installed command), the worker is plain JavaScript; from source, a plain-JavaScript
    // entry registers tsx's loader in the thread first (see search-worker-boot.mjs).
    const url = import.meta.url.endsWith(".js") ? new URL("./search-worker.js", import.meta.url) : new URL("./search-worker-boot.mjs", import.meta.url);
    for (let i = 0; i < size; i++) {
      const worker = new Worker(url, { workerData: { spec, bin } });
      let readyResolve!: () => void;
      const slot: Slot = { worker, ready: new Promise((r) => (readyResolve = r)), busy: undefined, exited: new Promise((r) => worker.once("exit", () => r())) };
      worker.on("message", (m: { ready?: true; ok?: CaseResult; error?: { id: number; message: string } }) => {
        if (m.ready) return readyResolve();
        const job = slot.busy;
        slot.busy = undefined;
        if (m.ok) job?.resolve(m.ok);
        else job?.reject(new Error(`the run of case ${m.error?.id} failed in a worker: ${m.error?.message}`));
        this.#next();
      });
      worker.on("error", (e) => this.#fail(new Error(`a search worker failed: ${e.stack ?? e.message}`)));
      worker.on("exit", (code) => {
        if (!this.#closing && (code !== 0 || slot.busy)) this.#fail(new Error(`a search worker exited (code ${code})${slot.busy ? ` while running case ${slot.busy.c.id}` : ""}`));
      });
      this.#slots.push(slot);
    }
  }

  run(c: SearchCase): Promise<CaseResult> {
    if (this.#failed) return Promise.reject(this.#failed);
    return new Promise((resolve, reject) => {
      this.#queue.push({ c, resolve, reject });
      this.#next();
    });
  }

  /** Lets each worker delete its temporary store and end; one still running a case after 5 s is terminated. */
  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(
      this.#slots.map(async (s) => {
        s.worker.postMessage("close");
        const late = setTimeout(() => void s.worker.terminate(), 5000);
        await s.exited;
        clearTimeout(late);
      }),
    );
  }

  #next(): void {
    for (const slot of this.#slots) {
      if (slot.busy || this.#queue.length === 0) continue;
      const job = this.#queue.shift()!;
      slot.busy = job;
      void slot.ready.then(() => slot.worker.postMessage(job.c));
    }
  }

  #fail(e: Error): void {
    if (this.#failed) return;
    this.#failed = e;
    for (const s of this.#slots) s.busy?.reject(e);
    for (const j of this.#queue.splice(0)) j.reject(e);
  }
}
