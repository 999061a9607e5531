import { drawDiagram } from "./draw-diagram.js";
import { laneOrder } from "./lane-order.js";
import type { FaultSpan, JournalMessage } from "./report-types.js";

export interface LamportSvgOptions {
  /** Lanes left to right (laneOrder gives Maelstrom's order); an src or dest missing from it gets a lane after these, in laneOrder. */
  lanes: string[];
  faults: FaultSpan[];
  /** Draw the messages sent at or after this time (ns; default: from the start). */
  fromNs?: number;
  /** …and before this time (ns; default: to the end). */
  toNs?: number;
  /** At most this many messages, the earliest sent in the window (default 5,000; Maelstrom stops at 10,000 journal events). */
  maxMessages?: number;
}

const fmt = (n: number): string => n.toLocaleString("en-US");
const secs = (ns: number): string => (ns / 1e9).toFixed(3) + " s";

/**
 * messages.svg: the Lamport diagram of a run as one standalone SVG (see
 * drawDiagram for what it draws). A big run is cut to its first maxMessages
 * messages in the window, and the SVG says in text how many were left out and
 * that report.html shows every one, a window at a time: an SVG with 100,000
 * arrows would freeze a browser.
 */
export function lamportSvg(messages: readonly JournalMessage[], opts: LamportSvgOptions): string {
  const max = Math.max(0, Math.floor(opts.maxMessages ?? 5000));
  const from = opts.fromNs ?? -Infinity;
  const to = opts.toNs ?? Infinity;
  const inWindow = messages.filter((m) => m.sendNs >= from && m.sendNs < to);
  const shown = inWindow.slice(0, max);
  const known = new Set(opts.lanes);
  const extra = laneOrder(shown.flatMap((m) => [m.src, m.dest]).filter((l) => !known.has(l)));
  const notes: string[] = [];
  const windowed = opts.fromNs !== undefined || opts.toNs !== undefined;
  if (windowed) {
    notes.push(`Messages sent from ${opts.fromNs === undefined ? "the start" : secs(opts.fromNs)} to ${opts.toNs === undefined ? "the end" : secs(opts.toNs)}: ${fmt(inWindow.length)} of the ${fmt(messages.length)} in the run.`);
  }
  if (shown.length < inWindow.length) {
    const last = shown[shown.length - 1];
    notes.push(
      `Showing the first ${fmt(shown.length)} of ${fmt(inWindow.length)} messages${last ? ` (sent up to ${secs(last.sendNs)})` : ""}; ${fmt(inWindow.length - shown.length)} later ones are left out.`,
      `report.html shows all of them, a window at a time.`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n` + drawDiagram(shown, { lanes: [...opts.lanes, ...extra], faults: opts.faults, notes }) + "\n";
}
