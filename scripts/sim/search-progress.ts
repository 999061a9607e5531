import { plural } from "../../maelstrom-workloads/model/plural.js";
import type { SearchProgress } from "../../maelstrom-workloads/sim/search/search.js";

/**
 * The search's progress for the person watching: runs done, runs per second,
 * the shortest failing schedule so far. On a terminal (stderr) one line is
 * redrawn twice a second; otherwise a line is printed every 5 seconds.
 */
export class SearchProgressLine {
  readonly #t0 = performance.now();
  #last: SearchProgress = { phase: "search", runs: 0, shrinkRuns: 0, bestFaults: undefined };
  #firstFaults: number | undefined;
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly budget: number,
    private readonly out: (line: string) => void,
    private readonly tty = Boolean(process.stderr.isTTY),
  ) {
    this.#timer = setInterval(() => this.#draw(), tty ? 500 : 5000);
    this.#timer.unref();
  }

  update(p: SearchProgress): void {
    if (p.phase === "shrink" && this.#last.phase === "search") {
      this.#clear();
      this.#firstFaults = p.bestFaults;
      this.out(`Found a failing run after ${plural(p.runs, "run")}; shrinking its ${plural(p.bestFaults ?? 0, "fault")}...`);
    }
    this.#last = p;
  }

  line(): string {
    const p = this.#last;
    const s = (performance.now() - this.#t0) / 1000;
    const rate = ((p.runs + p.shrinkRuns) / Math.max(s, 0.001)).toFixed(1);
    const best = p.bestFaults === undefined ? "none yet" : `${plural(p.bestFaults, "fault")}${p.phase === "shrink" && this.#firstFaults !== undefined ? ` (from ${this.#firstFaults})` : ""}`;
    return p.phase === "search" ? `[search ${s.toFixed(0)} s] ${p.runs}/${this.budget} runs, ${rate} runs/s, shortest failing schedule: ${best}` : `[shrink ${s.toFixed(0)} s] ${plural(p.shrinkRuns, "run")}, ${rate} runs/s, shortest failing schedule: ${best}`;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#clear();
  }

  #draw(): void {
    if (this.tty) process.stderr.write(`\r\x1b[2K${this.line()}`);
    else this.out(this.line());
  }

  #clear(): void {
    if (this.tty) process.stderr.write("\r\x1b[2K");
  }
}
