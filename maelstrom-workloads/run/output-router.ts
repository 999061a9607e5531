import type { Network } from "../network/network.js";
import type { OutputStopped } from "./output-stopped.js";
import { parseNodeOutput } from "./parse-node-output.js";

/**
 * The longest stdout line a host takes from a node: 16 MiB, far above any
 * reply a Maelstrom workload asks for (a broadcast read of 2 million values).
 * A longer one is bad output (its routing stops, as after any line Maelstrom
 * cannot route), and only its first KEPT_LINE_CHARS are kept. The limit is
 * ours: Maelstrom has none (Jackson's only cap is 20,000,000 characters per string).
 */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** How much of a line a host keeps to show (last lines, bad output): 1 KB. */
export const KEPT_LINE_CHARS = 1024;

/** How many of a node's last stdout lines a router keeps. */
const KEEP_LINES = 32;

/** The line, or its first KEPT_LINE_CHARS characters and its length in bytes. */
export function clipLine(line: string, bytes?: number): string {
  if (bytes === undefined && line.length <= KEPT_LINE_CHARS) return line;
  const length = bytes ?? Buffer.byteLength(line);
  // A head handed over with its whole line's length (bytes) is shown as clipped even when it is short.
  const whole = line.length <= KEPT_LINE_CHARS && length === Buffer.byteLength(line);
  return whole ? line : `${line.slice(0, KEPT_LINE_CHARS)}… (${length} bytes)`;
}

/** Keeps the last `max` lines in `buf`, each clipped (clipLine). */
export function keepLast(buf: string[], max: number, line: string, bytes?: number): void {
  buf.push(clipLine(line, bytes));
  if (buf.length > max) buf.shift();
}

export interface OutputRouterOptions {
  node: string;
  network: Pick<Network, "send">;
  /** ms since the run started, for OutputStopped.at */
  now: () => number;
  /** Called once, when the router stops routing. */
  onStopped: (s: OutputStopped) => void;
}

/**
 * Routes one node's stdout lines onto the Network, as Maelstrom does, for
 * either host: each line is parsed (parseNodeOutput) and sent; a line over
 * MAX_LINE_BYTES, one that does not parse, or one the Network refuses stops
 * routing for the rest of the run (Maelstrom stops reading a node's stdout
 * after output it cannot route). The host splits the lines.
 */
export class OutputRouter {
  /** The last stdout lines (routed or not), each clipped. */
  readonly lastLines: string[] = [];
  stopped: OutputStopped | undefined;
  /** Resolves when routing stops (never, for a node that behaves). */
  readonly whenStopped: Promise<OutputStopped>;
  #resolveStopped!: (s: OutputStopped) => void;

  constructor(readonly opts: OutputRouterOptions) {
    this.whenStopped = new Promise((r) => (this.#resolveStopped = r));
  }

  /** One whole line of the node's stdout (without its line end). */
  line(line: string): void {
    keepLast(this.lastLines, KEEP_LINES, line);
    if (this.stopped) return;
    if (line.length * 3 > MAX_LINE_BYTES) {
      const bytes = Buffer.byteLength(line);
      if (bytes > MAX_LINE_BYTES) return this.#stop(line, tooLongReason(bytes), bytes);
    }
    const parsed = parseNodeOutput(line);
    if (!parsed.ok) return this.#stop(line, parsed.reason);
    try {
      this.opts.network.send(parsed.src, parsed.dest, parsed.body);
    } catch (e) {
      this.#stop(line, (e as Error).message);
    }
  }

  /** A line over MAX_LINE_BYTES that the host did not hold: its first bytes, and its length. */
  tooLong(head: string, bytes: number): void {
    keepLast(this.lastLines, KEEP_LINES, head, bytes);
    if (!this.stopped) this.#stop(head, tooLongReason(bytes), bytes);
  }

  #stop(line: string, reason: string, bytes = Buffer.byteLength(line)): void {
    this.stopped = { node: this.opts.node, line: clipLine(line, bytes), lineLength: bytes, reason, at: this.opts.now() };
    this.#resolveStopped(this.stopped);
    this.opts.onStopped(this.stopped);
  }
}

function tooLongReason(bytes: number): string {
  return `the line is ${bytes} bytes long, more than the harness takes (${MAX_LINE_BYTES} bytes, 16 MiB; a limit of this harness, Maelstrom has none)`;
}
