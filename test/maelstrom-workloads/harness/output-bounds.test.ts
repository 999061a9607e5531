import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { RealClock } from "../../../lib/runtime/real-clock.js";
import { LineSplitter } from "../../../maelstrom-workloads/harness/line-splitter.js";
import { Network } from "../../../maelstrom-workloads/harness/network.js";
import { KEPT_LINE_CHARS, MAX_LINE_BYTES, NodeProcess, type OutputStopped } from "../../../maelstrom-workloads/harness/node-process.js";
import { ROOT, runHarness } from "../../helpers/run-harness.js";

/** Issue 7, item 19: what the harness stores, shows and holds about a node's output is bounded. */

function split(chunks: (string | Buffer)[], maxBytes = 10, headBytes = 4) {
  const got: Array<string | { head: string; bytes: number }> = [];
  const s = new LineSplitter({ maxBytes, headBytes, onLine: (l) => got.push(l), onTooLong: (head, bytes) => got.push({ head, bytes }) });
  for (const c of chunks) s.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  s.end();
  return got;
}

describe("LineSplitter", () => {
  it("ends lines at \\n, \\r and \\r\\n (as Java's readLine), even split across chunks, and keeps a last line without an end", () => {
    expect(split(["a\nb\r\nc\rd"])).toEqual(["a", "b", "c", "d"]);
    expect(split(["a\r", "\nb\n"])).toEqual(["a", "b"]);
    expect(split(["a\r", "b"])).toEqual(["a", "b"]);
    expect(split(["\n\nx\n"])).toEqual(["", "", "x"]);
    expect(split(["ab", "cd", "\n"])).toEqual(["abcd"]);
  });

  it("keeps UTF-8 characters split across chunks whole", () => {
    const bytes = Buffer.from("é€\n");
    expect(split([bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3)])).toEqual(["é€"]);
  });

  it("reports a line over the limit by its head and length, and goes on with the next line", () => {
    expect(split(["0123456789\n", "0123456789A", "BCDEF\nok\n"])).toEqual(["0123456789", { head: "0123", bytes: 16 }, "ok"]);
  });

  it("holds no more than the limit of a huge line, however it arrives", () => {
    const got: Array<{ head: string; bytes: number }> = [];
    const s = new LineSplitter({ maxBytes: 1024, headBytes: 16, onLine: () => {}, onTooLong: (head, bytes) => got.push({ head, bytes }) });
    const chunk = Buffer.alloc(64 * 1024, "z");
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 320; i++) s.push(chunk); // 20 MiB
    const held = process.memoryUsage().arrayBuffers - before;
    s.push(Buffer.from("\n"));
    expect(got).toEqual([{ head: "z".repeat(16), bytes: 320 * 64 * 1024 }]);
    expect(held).toBeLessThan(4 * 1024 * 1024);
  });
});

describe("node output in a run", () => {
  it("stores a junk line clipped to 1 KB with its length: results.json stays small", async () => {
    const r = await runHarness({ workloadName: "echo", bin: "test/fixtures/echo/huge-output.mjs", binArgs: ["junk"], nodeCount: 1, timeLimit: 1 });
    const stopped = r.file("results.json").harness["output-stopped"];
    expect(stopped).toEqual([expect.objectContaining({ node: "n0", "line-length": 600_000, reason: expect.stringMatching(/not valid JSON/) })]);
    expect(stopped[0].line.length).toBeLessThan(KEPT_LINE_CHARS + 40);
    expect(stopped[0].line).toMatch(/^junk junk .*… \(600000 bytes\)$/);
    expect(statSync(join(r.dir, "results.json")).size).toBeLessThan(50_000);
    expect(r.output.length).toBeLessThan(20_000);
  });

  it("treats a reply longer than 1 MiB as bad output with a clear reason, and neither routes nor journals it", async () => {
    const r = await runHarness({ workloadName: "echo", bin: "test/fixtures/echo/huge-output.mjs", binArgs: ["big-reply"], nodeCount: 1, timeLimit: 1 });
    const stopped = r.file("results.json").harness["output-stopped"];
    expect(stopped).toEqual([expect.objectContaining({ node: "n0", reason: expect.stringMatching(/more than the harness takes \(1048576 bytes, 1 MiB; a limit of this harness, Maelstrom has none\)/) })]);
    expect(stopped[0]["line-length"]).toBeGreaterThan(3_000_000);
    expect(stopped[0].line.length).toBeLessThan(KEPT_LINE_CHARS + 40);
    expect(statSync(join(r.dir, "journal.jsonl")).size).toBeLessThan(100_000);
    expect(statSync(join(r.dir, "results.json")).size).toBeLessThan(50_000);
  });

  it("keeps only clipped lines of a node's stdout and stderr", async () => {
    const clock = new RealClock();
    const network = new Network({ clock, latency: () => 0, journal: () => {}, nowNs: () => 0 });
    const stoppedAt: OutputStopped[] = [];
    let exited!: () => void;
    const gone = new Promise<void>((r) => (exited = r));
    const p = new NodeProcess({
      id: "n0",
      bin: resolve(ROOT, "test/fixtures/echo/huge-output.mjs"),
      args: ["stderr"],
      network,
      logPath: join(mkdtempSync(join(tmpdir(), "output-bounds-")), "n0.log"),
      now: () => 0,
      onOutputStopped: (s) => stoppedAt.push(s),
      onExit: () => exited(),
    });
    network.register("n0", p);
    p.start();
    const deadline = Date.now() + 10_000;
    while ((p.lastStderr.length === 0 || stoppedAt.length === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await p.kill();
    void gone;
    expect(stoppedAt).toHaveLength(1);
    expect(stoppedAt[0]!.lineLength).toBe(2_000_000);
    expect(stoppedAt[0]!.reason).toMatch(/2000000 bytes long/);
    expect(MAX_LINE_BYTES).toBe(1024 * 1024);
    for (const l of [...p.lastStdout, ...p.lastStderr]) expect(l.length).toBeLessThan(KEPT_LINE_CHARS + 40);
    expect(p.lastStderr[0]).toMatch(/^e+… \(2000000 bytes\)$/);
  });
});
