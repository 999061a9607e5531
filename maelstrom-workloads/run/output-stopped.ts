/** Why a host stopped routing a node's output, as Maelstrom would (it stops reading a node's stdout after a line it cannot route). */
export interface OutputStopped {
  node: string;
  /** The line, clipped to what the host keeps (1 KB for node processes). */
  line: string;
  /** The whole line's length in bytes. */
  lineLength: number;
  reason: string;
  /** ms since the run started */
  at: number;
}

/** A bad output line as the terminal shows it: whole if short, else its first 300 characters and its length in bytes. */
export function shownLine(s: { line: string; lineLength: number }): string {
  return s.line.length <= 300 && s.lineLength === Buffer.byteLength(s.line) ? s.line : `${s.line.slice(0, 300)}… (${s.lineLength} bytes)`;
}
