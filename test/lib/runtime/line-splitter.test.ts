import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type LineEnds, LineSplitter } from "../../../lib/runtime/line-splitter.js";

type Got = string | { head: string; bytes: number };

function split(chunks: (string | Buffer)[], maxLineBytes = 10, headBytes = 4, lineEnds: LineEnds = "java"): Got[] {
  const got: Got[] = [];
  const s = new LineSplitter({ lineEnds, maxLineBytes, headBytes, onLine: (l) => got.push(l), onTooLong: (head, bytes) => got.push({ head, bytes }) });
  for (const c of chunks) expect(s.push(Buffer.isBuffer(c) ? c : Buffer.from(c))).toBeUndefined();
  s.end();
  return got;
}

/** The bytes cut at the given points (sorted, deduplicated), so every chunking can be tried. */
function chunked(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    out.push(bytes.subarray(from, c));
    from = c;
  }
  return out;
}

describe("LineSplitter, java line ends (the harness reading a node's stdout)", () => {
  it("ends lines at \\n, \\r and \\r\\n (as Java's readLine), even split across chunks, and keeps a last line without an end", () => {
    expect(split(["a\nb\r\nc\rd"])).toEqual(["a", "b", "c", "d"]);
    expect(split(["a\r", "\nb\n"])).toEqual(["a", "b"]);
    expect(split(["a\r", "b"])).toEqual(["a", "b"]);
    expect(split(["\n\nx\n"])).toEqual(["", "", "x"]);
    expect(split(["ab", "cd", "\n"])).toEqual(["abcd"]);
    expect(split(["a\r", "", "\nb"])).toEqual(["a", "b"]);
    expect(split(["\r\r\n\r"])).toEqual(["", "", ""]);
  });

  it("keeps UTF-8 characters split across chunks whole", () => {
    const bytes = Buffer.from("é€\n");
    expect(split([bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3)])).toEqual(["é€"]);
  });

  it("reports a line over the limit by its head and length, and goes on with the next line", () => {
    expect(split(["0123456789\n", "0123456789A", "BCDEF\nok\n"])).toEqual(["0123456789", { head: "0123", bytes: 16 }, "ok"]);
    expect(split(["0123456789ABCDEF\rok"])).toEqual([{ head: "0123", bytes: 16 }, "ok"]);
  });

  it("holds no more than the limit of a huge line, however it arrives", () => {
    const got: Array<{ head: string; bytes: number }> = [];
    const s = new LineSplitter({ lineEnds: "java", maxLineBytes: 1024, headBytes: 16, onLine: () => {}, onTooLong: (head, bytes) => got.push({ head, bytes }) });
    const chunk = Buffer.alloc(64 * 1024, "z");
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 320; i++) s.push(chunk); // 20 MiB
    const held = process.memoryUsage().arrayBuffers - before;
    s.push(Buffer.from("\n"));
    expect(got).toEqual([{ head: "z".repeat(16), bytes: 320 * 64 * 1024 }]);
    expect(held).toBeLessThan(4 * 1024 * 1024);
  });
});

describe("LineSplitter, lf-strip-cr line ends (a node reading its stdin)", () => {
  const node = (chunks: (string | Buffer)[], max = 10) => split(chunks, max, 0, "lf-strip-cr");

  it("ends lines at \\n only, drops one \\r before it or before the end of input, and keeps a lone \\r", () => {
    expect(node(["a\nb\r\nc\rd\n"])).toEqual(["a", "b", "c\rd"]);
    expect(node(["a\r", "\nb\r\r\n", "c\r"])).toEqual(["a", "b\r", "c"]);
    expect(node(["\n\n"])).toEqual(["", ""]);
  });

  it("counts the \\r in a line's length, and keeps nothing of an over-long line", () => {
    expect(node(["0123456789\r\n"])).toEqual([{ head: "", bytes: 11 }]);
    expect(node(["012345678\r\n"])).toEqual(["012345678"]);
    expect(node(["0123", "456789A", "BC\nok"])).toEqual([{ head: "", bytes: 13 }, "ok"]);
    expect(node(["0123456789ABC"])).toEqual([{ head: "", bytes: 13 }]);
  });

  it("stops before a line while paused, returning the rest of the chunk, and goes on from there", () => {
    const got: string[] = [];
    let paused = false;
    const s = new LineSplitter({
      lineEnds: "lf-strip-cr",
      maxLineBytes: 100,
      onLine: (l) => {
        got.push(l);
        if (l === "b") paused = true;
      },
      onTooLong: () => {},
      paused: () => paused,
    });
    const rest = s.push(Buffer.from("a\nb\nc\nd"));
    expect(got).toEqual(["a", "b"]);
    expect(rest?.toString()).toBe("c\nd");
    expect(s.push(rest!)?.toString()).toBe("c\nd");
    paused = false;
    expect(s.push(rest!)).toBeUndefined();
    s.end();
    expect(got).toEqual(["a", "b", "c", "d"]);
  });

  it("forgets a line being read on discard()", () => {
    const got: string[] = [];
    const s = new LineSplitter({ lineEnds: "lf-strip-cr", maxLineBytes: 100, onLine: (l) => got.push(l), onTooLong: () => {} });
    s.push(Buffer.from("half"));
    expect(s.pendingBytes).toBe(4);
    s.discard();
    s.end();
    expect(got).toEqual([]);
  });
});

describe("LineSplitter, lf line ends (the replay tool)", () => {
  it("keeps every \\r", () => {
    expect(split(["a\r\nb\rc\r"], 10, 0, "lf")).toEqual(["a\r", "b\rc\r"]);
  });
});

describe("LineSplitter options", () => {
  it("rejects a limit that is not a positive integer, and a negative head", () => {
    const o = { lineEnds: "lf" as const, onLine: () => {}, onTooLong: () => {} };
    expect(() => new LineSplitter({ ...o, maxLineBytes: 0 })).toThrow("LineSplitter: maxLineBytes must be a positive integer number of bytes, got 0");
    expect(() => new LineSplitter({ ...o, maxLineBytes: Number.NaN })).toThrow(RangeError);
    expect(() => new LineSplitter({ ...o, maxLineBytes: 10, headBytes: -1 })).toThrow("LineSplitter: headBytes must be a non-negative integer number of bytes, got -1");
  });
});

describe("LineSplitter properties", () => {
  // Lines without line-end characters, with multi-byte characters, some over the limit.
  const line = fc.string({ unit: fc.constantFrom("a", "b", "é", "€", "😀", " ", "{", "\""), maxLength: 12 });
  const lines = fc.array(line, { maxLength: 12 });
  const cuts = fc.array(fc.nat(), { maxLength: 12 });
  const ends = fc.constantFrom<[LineEnds, string]>(["java", "\n"], ["java", "\r"], ["java", "\r\n"], ["lf-strip-cr", "\n"], ["lf-strip-cr", "\r\n"], ["lf", "\n"]);

  it("yields exactly the lines written, for any chunking, and reports those over the limit with their exact length", () => {
    fc.assert(
      fc.property(lines, cuts, ends, fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 8 }), fc.boolean(), (ls, cs, [mode, eol], max, head, lastEnded) => {
        const text = ls.map((l, i) => (i < ls.length - 1 || lastEnded ? l + eol : l)).join("");
        const got = split(chunked(Buffer.from(text), cs), max, head, mode);
        // A last line that is empty and has no line end is no line at all.
        const want = (ls.length > 0 && !lastEnded && ls[ls.length - 1] === "" ? ls.slice(0, -1) : ls).map((l, i): Got => {
          const b = Buffer.from(l);
          // "lf-strip-cr" drops the \r of a \r\n from the text, but it counts in the line's length (as it always has on the node side).
          const bytes = b.length + (mode === "lf-strip-cr" && eol === "\r\n" && (i < ls.length - 1 || lastEnded) ? 1 : 0);
          return bytes <= max ? l : { head: Buffer.from(l + "\r").subarray(0, Math.min(head, max, bytes)).toString(), bytes };
        });
        expect(got).toEqual(want);
      }),
      { numRuns: 500 },
    );
  });

  it("stops and resumes at any line without losing or repeating one", () => {
    fc.assert(
      fc.property(lines, cuts, fc.array(fc.boolean(), { maxLength: 30 }), (ls, cs, pauses) => {
        const got: string[] = [];
        let i = 0;
        const s = new LineSplitter({ lineEnds: "lf-strip-cr", maxLineBytes: 1000, onLine: (l) => got.push(l), onTooLong: () => {}, paused: () => pauses[i++] ?? false });
        for (let c of chunked(Buffer.from(ls.map((l) => `${l}\n`).join("")), cs)) {
          let rest: Buffer | undefined;
          while ((rest = s.push(c)) !== undefined) c = rest; // each attempt asks paused() again
        }
        s.end();
        expect(got).toEqual(ls);
      }),
    );
  });
});
