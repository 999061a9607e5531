import { plural } from "../model/plural.js";

/**
 * What a run is doing, for the person watching: phase, time within it, ops so
 * far, the partition in force and any other fault (kill, pause). On a terminal one line is redrawn twice a
 * second; otherwise a line is printed every 5 seconds.
 */
export class Progress {
  #phase = "starting";
  #phaseStart = Date.now();
  #phaseLength: number | undefined;
  #partition: string | undefined;
  /** Faults in force other than the partition, by package: "kill n2,n4". */
  readonly #faults = new Map<string, string>();
  #timer: NodeJS.Timeout | undefined;
  readonly #tty: boolean;

  constructor(
    private readonly out: (line: string) => void,
    private readonly read: () => { history: { invoke: number; ok: number; fail: number; info: number }; grudge: Record<string, string[]> },
    tty = Boolean(process.stderr.isTTY),
  ) {
    this.#tty = tty;
    this.#timer = setInterval(() => this.#draw(), tty ? 500 : 5000);
    this.#timer.unref();
  }

  phase(name: string, seconds?: number): void {
    this.#clear();
    this.#phase = name;
    this.#phaseStart = Date.now();
    this.#phaseLength = seconds;
    if (!this.#tty) this.out(`[${name}]${seconds !== undefined ? ` ${seconds} s` : ""}`);
  }

  /** A nemesis package's fault in force changed (undefined: healed). */
  fault(pkg: string, what: string | undefined): void {
    if (pkg === "partition") this.#partition = what;
    else if (what === undefined) this.#faults.delete(pkg);
    else this.#faults.set(pkg, what);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#clear();
  }

  line(): string {
    const { history: h, grudge } = this.read();
    const el = ((Date.now() - this.#phaseStart) / 1000).toFixed(1);
    const time = this.#phaseLength !== undefined ? `${el}/${this.#phaseLength} s` : `${el} s`;
    const cut = Object.values(grudge).reduce((n, s) => n + s.length, 0);
    const part = this.#partition ? `partition ${this.#partition} (${plural(cut, "link")} cut${cut > 0 && cut <= 12 ? ": " + describeGrudge(grudge) : ""})` : "network whole";
    const others = [...this.#faults.values()].map((f) => ` | ${f}`).join("");
    return `[${this.#phase} ${time}] ops ${h.invoke} (ok ${h.ok}, fail ${h.fail}, info ${h.info}) | ${part}${others}`;
  }

  #draw(): void {
    const l = this.line();
    if (this.#tty) process.stderr.write(`\r\x1b[2K${l}`);
    else this.out(l);
  }

  #clear(): void {
    if (this.#tty) process.stderr.write("\r\x1b[2K");
  }
}

function describeGrudge(g: Record<string, string[]>): string {
  return Object.entries(g)
    .map(([dest, srcs]) => `${dest}✗${srcs.join(",")}`)
    .join(" ");
}
