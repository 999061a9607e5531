import type { Op } from "../model/op.js";
import { plural } from "../model/plural.js";
import { FaultTally } from "./fault-tally.js";

/** What the progress line reads each time it is drawn. */
export interface ProgressReading {
  history: { invoke: number; ok: number; fail: number; info: number };
  /** The history so far (its nemesis ops give the fault count). */
  ops: readonly Op[];
  grudge: Record<string, string[]>;
}

export interface ProgressOptions {
  /** The terminal's lines (stdout): off a terminal, the phase lines and a progress line every 5 s. */
  out: (line: string) => void;
  /** run.log alone: the phase lines and a progress line every 5 s, on a terminal or not, so that run.log tells what the terminal showed. */
  runLog: (line: string) => void;
  read: () => ProgressReading;
  /** Whether a line is redrawn in place on stderr, twice a second; default: stderr is a terminal. */
  tty?: boolean;
  /** Where the redrawn line goes; default: stderr. */
  redraw?: (text: string) => void;
  /** ms on any steady clock; default Date.now. */
  now?: () => number;
}

/** How often a progress line is written as a line (off a terminal, and always to run.log). */
const LINE_EVERY_MS = 5000;
/** How often the line is redrawn on a terminal. */
const REDRAW_EVERY_MS = 500;

/**
 * What a run is doing, for the person watching: phase, time within it (never
 * past the phase's length: the phase may run on while the last ops finish),
 * ops so far, how many faults have happened, the partition in force and any
 * other fault (kill, pause). On a terminal one line is redrawn twice a
 * second; otherwise a line is printed every 5 seconds. run.log gets the
 * non-terminal lines either way (a redrawn line is no log line).
 */
export class Progress {
  #phase = "starting";
  #phaseStart: number;
  #phaseLength: number | undefined;
  #partition: string | undefined;
  /** Faults in force other than the partition, by package: "kill n2,n4". */
  readonly #faults = new Map<string, string>();
  readonly #tally = new FaultTally();
  readonly #timers: NodeJS.Timeout[] = [];
  /** The 5 s line's timer, started again with each phase so its lines fall 5 s, 10 s, ... into the phase. */
  #lineTimer: NodeJS.Timeout | undefined;
  /** When the last line about the current phase was written (its start line, or a progress line). */
  #lastLineAt: number;
  readonly #tty: boolean;
  readonly #o: Required<ProgressOptions>;

  constructor(o: ProgressOptions) {
    this.#o = { tty: Boolean(process.stderr.isTTY), redraw: (t) => void process.stderr.write(t), now: Date.now, ...o };
    this.#tty = this.#o.tty;
    this.#phaseStart = this.#o.now();
    this.#lastLineAt = this.#phaseStart;
    this.#startLineTimer();
    if (this.#tty) this.#timers.push(setInterval(() => this.#o.redraw(`\r\x1b[2K${this.line()}`), REDRAW_EVERY_MS));
    for (const t of this.#timers) t.unref();
  }

  phase(name: string, seconds?: number): void {
    this.#clear();
    this.#endPhase();
    this.#phase = name;
    this.#phaseStart = this.#o.now();
    this.#phaseLength = seconds;
    this.#writeLine(`[${name}]${seconds !== undefined ? ` ${seconds} s` : ""}`);
    this.#startLineTimer();
  }

  /** A nemesis package's fault in force changed (undefined: healed). */
  fault(pkg: string, what: string | undefined): void {
    if (pkg === "partition") this.#partition = what;
    else if (what === undefined) this.#faults.delete(pkg);
    else this.#faults.set(pkg, what);
  }

  stop(): void {
    for (const t of this.#timers) clearInterval(t);
    clearInterval(this.#lineTimer);
    this.#clear();
    this.#endPhase();
  }

  line(): string {
    const { history: h, ops, grudge } = this.#o.read();
    this.#tally.update(ops);
    let s = (this.#o.now() - this.#phaseStart) / 1000;
    if (this.#phaseLength !== undefined) s = Math.min(s, this.#phaseLength);
    const el = s.toFixed(1);
    const time = this.#phaseLength !== undefined ? `${el}/${this.#phaseLength} s` : `${el} s`;
    const cut = Object.values(grudge).reduce((n, s) => n + s.length, 0);
    const faults = this.#tally.describe();
    const part = this.#partition ? `partition ${this.#partition} (${plural(cut, "link")} cut${cut > 0 && cut <= 12 ? ": " + describeGrudge(grudge) : ""})` : "network whole";
    const others = [...this.#faults.values()].map((f) => ` | ${f}`).join("");
    return `[${this.#phase} ${time}] ops ${h.invoke} (ok ${h.ok}, fail ${h.fail}, info ${h.info})${faults ? ` | ${faults}` : ""} | ${part}${others}`;
  }

  /** A line for run.log, and for the terminal unless it shows a redrawn line instead. */
  #writeLine(l: string): void {
    this.#lastLineAt = this.#o.now();
    this.#o.runLog(l);
    if (!this.#tty) this.#o.out(l);
  }

  #startLineTimer(): void {
    clearInterval(this.#lineTimer);
    this.#lineTimer = setInterval(() => this.#writeLine(this.line()), LINE_EVERY_MS);
    this.#lineTimer.unref();
  }

  /** The phase's last state (its ops and faults since the last line), when a second or more went by since that line. */
  #endPhase(): void {
    if (this.#phase === "starting" || this.#o.now() - this.#lastLineAt < 1000) return;
    this.#writeLine(this.line());
  }

  #clear(): void {
    if (this.#tty) this.#o.redraw("\r\x1b[2K");
  }
}

function describeGrudge(g: Record<string, string[]>): string {
  return Object.entries(g)
    .map(([dest, srcs]) => `${dest}✗${srcs.join(",")}`)
    .join(" ");
}
