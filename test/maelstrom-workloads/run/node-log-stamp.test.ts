import { describe, expect, it } from "vitest";
import { NodeLogStamp, nodeLogPrefix } from "../../../maelstrom-workloads/run/node-log-stamp.js";

/** Feeds chunks at the given ms (each chunk arrives at its own time) and returns the log text. */
function stamped(chunks: readonly [number, string][], as: "bytes" | "text"): string {
  let now = 0;
  const s = new NodeLogStamp(() => now);
  let out = "";
  for (const [ms, c] of chunks) {
    now = ms;
    out += as === "bytes" ? s.bytes(Buffer.from(c)).toString() : s.text(c);
  }
  return out + s.end();
}

describe("node-log lines carry the time their first byte came", () => {
  it("pads whole ms to a fixed width, rounded down", () => {
    expect(nodeLogPrefix(0)).toBe("       0 ms ");
    expect(nodeLogPrefix(1234.9)).toBe("    1234 ms ");
    expect(nodeLogPrefix(12_345_678)).toHaveLength(nodeLogPrefix(0).length);
  });

  for (const as of ["bytes", "text"] as const) {
    it(`${as}: one prefix per line, a line split across chunks keeps its first chunk's time, a last line without a newline is ended`, () => {
      const log = stamped(
        [
          [5, "alpha\nbe"],
          [7, "ta\ngamma\n"],
          [9, ""],
          [12, "delta\r\n\nlast"],
        ],
        as,
      );
      expect(log).toBe(
        [
          "       5 ms alpha",
          "       5 ms beta",
          "       7 ms gamma",
          "      12 ms delta\r",
          "      12 ms ",
          "      12 ms last",
          "",
        ].join("\n"),
      );
    });
  }

  it("end() adds nothing after a complete line, so a restarted process's log goes on cleanly", () => {
    const s = new NodeLogStamp(() => 1);
    expect(s.text("a\n")).toBe("       1 ms a\n");
    expect(s.end()).toBe("");
    expect(s.end()).toBe("");
  });

  it("streams a long line through without holding it: each chunk comes out as it goes in", () => {
    const s = new NodeLogStamp(() => 3);
    const big = Buffer.alloc(1 << 20, "x");
    expect(s.bytes(big).length).toBe(big.length + nodeLogPrefix(3).length);
    expect(s.bytes(big).length).toBe(big.length);
    expect(s.end()).toBe("\n");
  });
});
