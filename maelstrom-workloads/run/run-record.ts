import { constants } from "node:os";
import { join } from "node:path";
import type { CheckResult } from "../checkers/check-result.js";
import { NetStats } from "../checkers/net-stats.js";
import type { JournalEvent } from "../model/journal-event.js";
import type { Op } from "../model/op.js";
import type { TestInfo } from "../model/store-format.js";
import { testJsonOptions } from "../options/test-json-options.js";
import type { Workload } from "../workload.js";
import { analyse } from "./analyse.js";
import { describeFailure } from "./describe-failure.js";
import { type OutputStopped, shownLine } from "./output-stopped.js";
import type { RunConfig } from "./run-config.js";
import { RunFailure } from "./run-failure.js";
import { RunStore } from "./store.js";
import { summarise } from "./summary.js";
import { jsonText } from "../model/json-text.js";

export interface RunOutcome {
  /** 0 valid, 1 invalid, 2 unknown, 255 crashed; 128 + the signal's number when interrupted (130 SIGINT, 143 SIGTERM). */
  exitCode: number;
  dir: string;
  results: CheckResult | undefined;
  crash: string | undefined;
  /** The signal that interrupted the run, if one did. */
  interrupted?: NodeJS.Signals;
}

/** What differs between hosts in what a run records. */
export interface RunRecordOptions {
  /** When the run started (the host's wall clock): the run folder's name and test.json's start-time. */
  start: Date;
  /** The terminal; every log line also goes to run.log. */
  out: (line: string) => void;
  /** Aborting it (reason: the signal's name) interrupts the run: `failure` fails with "interrupted by …". */
  interrupt?: AbortSignal;
  /** journal.jsonl is written once this many characters are pending; 0 (the default) writes every event at once. */
  journalChunk?: number;
  /** One journal event's line; jsonText (JSON.stringify, a BigInt as its digits) by default. */
  journalLine?: (e: JournalEvent) => string;
  /** What the host does with a node whose output it cannot route, e.g. "harness stops reading n1's stdout". */
  stops: (node: string) => string;
  /** Said when an interrupted run ends, before the count of history entries, e.g. "every node was killed; ". */
  interruptNote?: string;
  /** Called just before the analysis (not after a crash). */
  analysing?: () => void;
}

/**
 * One run's record, whichever host runs it: the store (run.log, journal.jsonl
 * and the net stats, test.json from "running" to its end, history, results),
 * the outputs a host stopped routing, the run's failure and its interrupt. A
 * host builds one, feeds it, and calls finish() for the outcome.
 */
export class RunRecord {
  readonly store: RunStore;
  readonly failure = new RunFailure();
  readonly netStats = new NetStats();
  readonly stopped: OutputStopped[] = [];
  #interrupted: NodeJS.Signals | undefined;
  #historyWritten = false;
  #journalText = "";
  readonly #testInfo: TestInfo;

  constructor(
    private readonly cfg: RunConfig,
    private readonly o: RunRecordOptions,
  ) {
    this.store = new RunStore(cfg.storeDir, cfg.workloadName, o.start);
    this.#testInfo = { name: cfg.workloadName, ...testJsonOptions({ ...cfg, workload: cfg.workloadName }), argv: cfg.argv, "start-time": o.start.toISOString() };
    // An interrupt stops the run as a crash does (every wait ends); teardown still kills the nodes and writes the history.
    o.interrupt?.addEventListener("abort", this.#onInterrupt, { once: true });
    if (o.interrupt?.aborted) this.#onInterrupt();
  }

  /** A line for run.log and the terminal. */
  readonly log = (line: string): void => {
    this.runLogOnly(line);
    this.o.out(line);
  };

  /** A line for run.log alone: what the terminal shows otherwise (progress redrawn in place) or has shown already. Dropped once run.log is closed. */
  readonly runLogOnly = (line: string): void => {
    if (!this.store.runLog.writableEnded) this.store.runLog.write(line + "\n");
  };

  /** The journal sink: journal.jsonl and the net stats, never memory; `net send`/`net recv` lines when asked for. */
  readonly journal = (e: JournalEvent): void => {
    this.netStats.add(e);
    const line = this.o.journalLine?.(e) ?? jsonText(e) + "\n";
    if (!this.o.journalChunk) this.store.journal.write(line);
    else if ((this.#journalText += line).length >= this.o.journalChunk) this.#flushJournal();
    if (this.cfg.logNetSend && e.type === "send") this.log(`net send ${jsonText(e.message)}`);
    if (this.cfg.logNetRecv && e.type === "recv") this.log(`net recv ${jsonText(e.message)}`);
  };

  /** A node wrote a line Maelstrom cannot route: the host stops routing its output, says so, and the analysis counts it. */
  readonly outputStopped = (s: OutputStopped): void => {
    this.stopped.push(s);
    this.log(`\n!!! ${s.node} wrote something Maelstrom cannot route, so (like Maelstrom) the ${this.o.stops(s.node)} for the rest of the test.\n!!!   why:  ${s.reason}\n!!!   line: ${shownLine(s)}\n`);
  };

  /** store/current already points here: say the run is not finished (test.json is rewritten by finish(), and store/latest then points here). */
  writeRunning(): void {
    this.store.writeTestJson({ ...this.#testInfo, status: "running", pid: process.pid });
  }

  /** history.jsonl and history.txt, once; a failure to write fails the run. */
  writeHistory(ops: readonly Op[]): void {
    try {
      this.store.writeHistory(ops);
      this.#historyWritten = true;
    } catch (e) {
      this.failure.fail(`could not write the history to ${this.store.dir}: ${describeFailure(e)}`);
    }
  }

  /** Ends the run's record: the history if not yet written, the analysis unless the run failed, the exit code, test.json, the summary. */
  async finish(workload: Workload | undefined, ops: readonly Op[], lateness: readonly number[]): Promise<RunOutcome> {
    this.o.interrupt?.removeEventListener("abort", this.#onInterrupt); // from here on the run finishes as it is
    this.#flushJournal();
    if (!this.#historyWritten) this.writeHistory(ops);
    const { store, failure, cfg } = this;
    let results: CheckResult | undefined;
    if (!failure.failed && workload) {
      this.o.analysing?.();
      try {
        results = analyse(workload, ops, this.netStats, { availability: cfg.availability, lateness, stopped: this.stopped, seed: cfg.seed });
        store.writeJson("results.json", results);
      } catch (e) {
        results = undefined;
        failure.fail(`the analysis failed: ${describeFailure(e)}`);
      }
    }
    const crash = failure.message;
    const interrupted = this.#interrupted;
    let exitCode = 255;
    if (interrupted !== undefined) {
      exitCode = 128 + (constants.signals[interrupted] ?? 2);
      this.log(`\nInterrupted by ${interrupted} (exit ${exitCode}): ${this.o.interruptNote ?? ""}${ops.length} history entries so far are in ${store.dir}/history.jsonl; no results were computed.`);
    } else if (crash !== undefined) {
      this.log(`\nThe run crashed (exit 255): ${crash}\nNo results were computed; the history and logs are in ${store.dir}`);
    } else if (results) {
      exitCode = results["valid?"] === true ? 0 : results["valid?"] === false ? 1 : 2;
    }
    store.writeTestJson({
      ...this.#testInfo,
      status: interrupted !== undefined ? "interrupted" : crash !== undefined ? "crashed" : "done",
      "exit-code": exitCode,
      crash: crash ?? null,
      ...(interrupted !== undefined ? { interrupted } : {}),
    });
    store.finished(); // store/latest: the run that ended last
    if (results) for (const line of summarise(results, store.dir, exitCode, this.cfg.workloadName)) this.log(line);
    if (cfg.report) await this.#writeReport(ops, results, exitCode, crash, interrupted);
    await store.close();
    return { exitCode, dir: store.dir, results, crash, ...(interrupted !== undefined ? { interrupted } : {}) };
  }

  /** The report files (report/write-report.ts), once the journal is complete; a failure to make one is said, never fails the run. */
  async #writeReport(ops: readonly Op[], results: CheckResult | undefined, exitCode: number, crash: string | undefined, interrupted: string | undefined): Promise<void> {
    try {
      await this.store.closeJournal();
      const test = { ...this.#testInfo, status: interrupted !== undefined ? "interrupted" : crash !== undefined ? "crashed" : "done", "exit-code": exitCode, crash: crash ?? null };
      // Loaded when a report is asked for: the report's code is large, and runs without one (tests, benchmarks, the search's cases) need none of it.
      const { writeReport } = await import("../report/write-report.js");
      const r = await writeReport(this.store.dir, { history: ops, results: results as Record<string, unknown> | undefined, test });
      this.log(`  report       ${join(this.store.dir, "report.html")} (${r.written.length} files in ${(r.ms / 1000).toFixed(1)} s)${r.problems.length ? `; not made: ${r.problems.join("; ")}` : ""}`);
    } catch (e) {
      this.log(`  report       not written: ${describeFailure(e)}`);
    }
  }

  #flushJournal(): void {
    if (this.#journalText.length > 0) this.store.journal.write(this.#journalText);
    this.#journalText = "";
  }

  readonly #onInterrupt = (): void => {
    if (this.failure.failed) return;
    this.#interrupted = (this.o.interrupt?.reason as NodeJS.Signals | undefined) ?? "SIGINT";
    this.failure.fail(`interrupted by ${this.#interrupted}`);
  };
}
