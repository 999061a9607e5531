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
