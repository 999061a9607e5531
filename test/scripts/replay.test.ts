// End-to-end tests of the replay tool: real processes (the echo node, the
// deliberately faulty nodes under test/fixtures/faulty/, a system binary),
// driven through the library function, plus the CLI's own exit codes.
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { replayCli } from "../helpers/replay-cli.js";
import type { ReplayOptions } from "../../scripts/replay/options.js";
import { replay, replayWithOutcome, type ReplayOutcome } from "../../scripts/replay/run-replay.js";

const root = resolve(import.meta.dirname, "../..");
const echo = join(root, "nodes/echo.ts");
const session = join(root, "test/fixtures/echo-session.jsonl");
const expected = join(root, "test/fixtures/echo-session.expected.jsonl");
const faulty = (name: string) => join(root, "test/fixtures/faulty", name);

const scratch = mkdtempSync(join(tmpdir(), "replay-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let fileCount = 0;
function scratchFile(text: string): string {
  const p = join(scratch, `f${fileCount++}.jsonl`);
  writeFileSync(p, text);
  return p;
}

/** Fast settings: short quiet time, but a long wait for replies so a slow start cannot reorder the report. */
const fast = { quietMs: 40, replyMs: 5000, graceMs: 3000, timeoutMs: 15_000 } satisfies Partial<ReplayOptions>;

async function run(options: Partial<ReplayOptions> & { bin: string }, stdin?: string): Promise<ReplayOutcome & { report: string; errors: string }> {
  let report = "";
  let errors = "";
  const outcome = await replayWithOutcome(
    { ...fast, ...options },
    {
      write: (s) => void (report += s),
      error: (s) => void (errors += s),
      ...(stdin !== undefined ? { stdin: Readable.from([stdin]) } : {}),
    },
  );
  return { ...outcome, report, errors };
}

/** Index of the first report line containing `text`; fails the test if there is none. */
function lineIndex(report: string, text: string): number {
  const i = report.split("\n").findIndex((l) => l.includes(text));
  expect(i, `report has no line containing ${JSON.stringify(text)}:\n${report}`).toBeGreaterThanOrEqual(0);
  return i;
}

describe("replay with the echo node", () => {
  it("reports every input and output of the sample session, in order, and matches the expected file", async () => {
    const r = await run({ bin: echo, input: session, expect: expected });
    expect(r.exitCode, r.report).toBe(0);
    expect(r.problems).toEqual([]);
    // The node's stdout, byte for byte, is the expected file.
    expect(r.session!.stdout.join("\n") + "\n").toBe(readFileSync(expected, "utf8"));

    const order = [
      '→ c0 → n1   init  {"msg_id":1,"node_id":"n1","node_ids":["n1","n2"]}',
      '← n1 → c0   init_ok  {"in_reply_to":1,"msg_id":1}',
      '→ c1 → n1   echo  {"echo":"hello","msg_id":1}',
      '← n1 → c1   echo_ok  {"echo":"hello","in_reply_to":1,"msg_id":2}',
      '→ c1 → n1   echo  {"echo":{"any":["json",1,true,null]},"msg_id":2}',
      '← n1 → c1   echo_ok  {"echo":{"any":["json",1,true,null]},"in_reply_to":2,"msg_id":3}',
      '→ c1 → n1   read  {"msg_id":3}',
      '← n1 → c1   error 10 not-supported  {"in_reply_to":3,"msg_id":4,"text":"this node does not handle messages of type \\"read\\""}',
      "→ (line 18: not JSON, sent as written)  this line is not JSON {",
      "n1 stderr │ [n1] warn: skipped a line on stdin that is not a message: not valid JSON",
      '→ c1 → n1   echo  {"echo":"still here","msg_id":4}',
      '← n1 → c1   echo_ok  {"echo":"still here","in_reply_to":4,"msg_id":5}',
      "· stdin closed (EOF)",
      "■ n1 exited with code 0 after its stdin was closed",
      "✓ stdout matches",
      "── summary",
      "result    OK",
    ];
    const positions = order.map((t) => lineIndex(r.report, t));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(r.report).toContain("sent      6 lines (1 not JSON)");
    expect(r.report).toContain("received  5 messages on stdout (1 error reply)");
    // Comments of the session are shown, not sent.
    expect(r.report).toContain("# 3. A type the echo node does not handle");
    expect(r.session!.sent.map((l) => l.lineNo)).toEqual([7, 10, 11, 14, 18, 22]);
  });

  it("sends a garbage line exactly as written, and the node logs it and keeps answering", async () => {
    const input = scratchFile(['{"type":"echo","echo":1,"msg_id":1}', "}{ definitely [not json", '{"type":"echo","echo":2,"msg_id":2}', ""].join("\n"));
    const r = await run({ bin: echo, input, init: ["n1"] });
    expect(r.exitCode, r.report).toBe(0);
    const garbage = r.session!.sent.find((l) => l.kind === "not-json");
    expect(garbage?.text).toBe("}{ definitely [not json");
    expect(r.session!.stderr.some((l) => l.includes("not valid JSON") && l.includes("}{ definitely [not json"))).toBe(true);
    expect(lineIndex(r.report, '← n1 → c1   echo_ok  {"echo":2,"in_reply_to":2,"msg_id":3}')).toBeGreaterThan(lineIndex(r.report, "(line 2: not JSON, sent as written)"));
    expect(r.session!.end).toEqual({ how: "exited", code: 0, signal: null, stdinClosed: true });
  });

  it("names the first difference when one expected line is edited", async () => {
    const lines = readFileSync(expected, "utf8").split("\n");
    lines[2] = lines[2]!.replace('"msg_id":3', '"msg_id":4');
    const edited = scratchFile(lines.join("\n"));
    const r = await run({ bin: echo, input: session, expect: edited });
    expect(r.exitCode).toBe(1);
    expect(r.report).toContain("✗ stdout differs from");
    expect(r.report).toContain(`output line 3 is not the expected line (${edited}:3)`);
    expect(r.report).toContain(`    expected: ${lines[2]}`);
    expect(r.report).toContain(`    actual:   ${r.session!.stdout[2]}`);
    expect(r.report).toContain("body.msg_id: expected 4, got 3");
    expect(r.report).toMatch(/result {4}FAILED: stdout differs from/);
  });

  it("ignores key order and comments in the expected file", async () => {
    const reordered = readFileSync(expected, "utf8")
      .trim()
      .split("\n")
      .map((l) => {
        const m = JSON.parse(l) as { src: string; dest: string; body: Record<string, unknown> };
        const body = Object.fromEntries(Object.entries(m.body).reverse());
        return JSON.stringify({ body, dest: m.dest, src: m.src });
      });
    const file = scratchFile(["# the echo session's output, keys reversed", "", ...reordered].join("\n"));
    const r = await run({ bin: echo, input: session, expect: file });
    expect(r.exitCode, r.report).toBe(0);
    expect(r.report).toContain("✓ stdout matches");
  });

  it("reports missing and extra output lines", async () => {
    const all = readFileSync(expected, "utf8").trim().split("\n");
    const more = scratchFile([...all, '{"src":"n1","dest":"c1","body":{"type":"echo_ok","echo":"ghost","msg_id":6,"in_reply_to":5}}'].join("\n"));
    const missing = await run({ bin: echo, input: session, expect: more });
    expect(missing.exitCode).toBe(1);
    expect(missing.report).toContain("missing output: the node wrote 5 lines, 6 were expected");
    expect(missing.report).toContain('"echo":"ghost"');

    const fewer = scratchFile(all.slice(0, 3).join("\n"));
    const extra = await run({ bin: echo, input: session, expect: fewer });
    expect(extra.exitCode).toBe(1);
    expect(extra.report).toContain("extra output: the node wrote 5 lines, only 3 were expected; the first of 2 extra (output line 4)");
  });

  it("reads input from stdin, wraps bare bodies for the --init node, and sends init first", async () => {
    const r = await run({ bin: echo, init: ["n3", "n1", "n2"] }, '# from stdin\n{"type":"echo","echo":"x","msg_id":7}\n');
    expect(r.exitCode, r.report).toBe(0);
    expect(r.session!.sent.map((l) => l.text)).toEqual([
      '{"src":"c0","dest":"n3","body":{"type":"init","node_id":"n3","node_ids":["n3","n1","n2"],"msg_id":1}}',
      '{"src":"c1","dest":"n3","body":{"type":"echo","echo":"x","msg_id":7}}',
    ]);
    expect(r.report).toContain('← n3 → c1   echo_ok  {"echo":"x","in_reply_to":7,"msg_id":2}');
    expect(r.report).toContain("(input stdin;");
  });
});

describe("replay with faulty nodes", () => {
  it("flags a stdout line that is not a message, loudly, and fails", async () => {
    const r = await run({ bin: faulty("prints-non-json.js"), input: session });
    expect(r.exitCode).toBe(1);
    expect(r.report).toContain("✗ not a Maelstrom message on stdout: got init from c0");
    expect(r.report).toContain("Real Maelstrom stops reading n1's stdout after such a line");
    expect(r.session!.invalidStdout).toBe(5);
    expect(r.problems).toContain("5 stdout lines are not a Maelstrom message");
    // The valid replies are still shown.
    expect(r.report).toContain('← n1 → c1   echo_ok  {"echo":"still here","in_reply_to":4,"msg_id":5}');
  });

  it("reports a node that crashes early with its exit code, its last stderr lines, and what was not sent", async () => {
    const r = await run({ bin: faulty("crashes-after-first.js"), input: session });
    expect(r.exitCode).toBe(1);
    expect(r.session!.end).toEqual({ how: "exited", code: 3, signal: null, stdinClosed: false });
    expect(r.report).toContain("✗ n1 exited with code 3 early, before its input was done: 5 more input lines were not sent");
    const tail = lineIndex(r.report, "n1's last stderr lines:");
    expect(r.report.split("\n")[tail + 2]).toContain("n1 stderr │ fatal: cannot handle");
    expect(r.report).toContain("sent      1 line; 5 not sent");
  });

  it("kills a node that does not exit on EOF once the grace time is over", async () => {
    const started = performance.now();
    const r = await run({ bin: faulty("ignores-eof.js"), init: ["n1"], input: scratchFile("# nothing but init\n"), graceMs: 300 });
    const took = performance.now() - started;
    expect(r.exitCode).toBe(1);
    expect(r.session!.end).toEqual({ how: "killed-after-grace", graceMs: 300 });
    expect(r.report).toContain("✗ n1 did not exit on EOF: still running 300 ms after its stdin was closed, so replay killed it (SIGKILL)");
    expect(r.report).toContain("n1 stderr │ stdin ended, but I keep running");
    expect(took).toBeGreaterThanOrEqual(300);
    expect(took).toBeLessThan(5000);
  });

  it("never waits longer than --timeout-ms", async () => {
    const started = performance.now();
    // No reply wait: stdin is closed after 40 quiet ms however slowly the node starts, so the timeout always hits the grace wait.
    const r = await run({ bin: faulty("ignores-eof.js"), init: ["n1"], input: scratchFile("\n"), replyMs: 0, graceMs: 60_000, timeoutMs: 600 });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(r.exitCode).toBe(1);
    expect(r.session!.end).toMatchObject({ how: "timed-out", timeoutMs: 600, during: "waiting for the node to exit after its stdin was closed" });
    expect(r.report).toContain("✗ gave up after --timeout-ms 600 while waiting for the node to exit after its stdin was closed");
  });

  it("step mode shows each reply after its request; burst mode sends everything first", async () => {
    const input = scratchFile('{"type":"echo","echo":"a","msg_id":1}\n{"type":"echo","echo":"b","msg_id":2}\n');
    const bin = faulty("slow-echo.js");
    const req = '→ c1 → n1   echo  {"echo":"b","msg_id":2}';
    const reply = '← n1 → c1   echo_ok  {"echo":"a","in_reply_to":1';

    const step = await run({ bin, binArgs: ["60"], init: ["n1"], input });
    expect(step.exitCode, step.report).toBe(0);
    expect(lineIndex(step.report, reply)).toBeLessThan(lineIndex(step.report, req));

    const burst = await run({ bin, binArgs: ["60"], init: ["n1"], input, burst: true, quietMs: 1000 });
    expect(burst.exitCode, burst.report).toBe(0);
    expect(lineIndex(burst.report, reply)).toBeGreaterThan(lineIndex(burst.report, req));
    // ...and waits for the node to go quiet before closing its stdin.
    expect(lineIndex(burst.report, '{"echo":"b","in_reply_to":2')).toBeLessThan(lineIndex(burst.report, "· stdin closed"));
    expect(burst.session!.messages).toBe(3);
  });

  it("runs any binary, in the system temp directory by default or in --cwd", async () => {
    const input = scratchFile("# pwd reads nothing\n");
    const byDefault = await run({ bin: "/bin/pwd", input });
    expect(byDefault.report).toContain(`✗ not a Maelstrom message on stdout: ${realpathSync(tmpdir())}`);
    expect(byDefault.session!.end).toMatchObject({ how: "exited", code: 0 });
    expect(byDefault.exitCode).toBe(1);

    const inScratch = await run({ bin: "/bin/pwd", input, cwd: scratch });
    expect(inScratch.session!.stdout).toEqual([realpathSync(scratch)]);
  });
});

describe("replay's checks before starting", () => {
  it("returns 2 with a clear message for a binary that does not exist or is not executable", async () => {
    const missing = await run({ bin: join(root, "nodes/no-such-node.ts"), input: session });
    expect(missing.exitCode).toBe(2);
    expect(missing.errors).toMatch(/^replay: --bin .*no-such-node\.ts: no such file/);
    expect(missing.errors).toContain("usage: npm run replay --");
    expect(missing.report).toBe("");

    const notExec = await run({ bin: session, input: session });
    expect(notExec.exitCode).toBe(2);
    expect(notExec.errors).toContain("is not executable; make it so with: chmod +x");
  });

  it("returns 2 for a missing input or expected file", async () => {
    const r = await run({ bin: echo, input: join(scratch, "nope.jsonl") });
    expect(r.exitCode).toBe(2);
    expect(r.errors).toContain("--input");
    expect(r.errors).toContain("no such file");
    expect(await replay({ bin: echo, input: session, expect: join(scratch, "nope.jsonl") }, { write: () => {} })).toBe(2);
  });
});

describe("the replay CLI", () => {
  const cli = replayCli;

  it("exits 2 on an unknown option, naming it", async () => {
    const r = await cli(["--bin", "nodes/echo.ts", "--bogus"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('replay: unknown option "--bogus"');
    expect(r.stderr).toContain("--help");
    expect(r.stdout).toBe("");
  });

  it("exits 2 without --bin, saying what to give", async () => {
    const r = await cli(["--input", "test/fixtures/echo-session.jsonl"]);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe("replay: missing --bin: say which node executable to run, as in --bin nodes/echo.ts");
    expect(r.stderr).toContain("usage: npm run replay -- --bin FILE");
  });

  it("prints help with an example and the default working directory", async () => {
    const r = await cli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: npm run replay -- --bin FILE");
    expect(r.stdout).toContain(`os.tmpdir(), here ${tmpdir()}`);
    expect(r.stdout).toContain("Examples:");
  });

  it("exits 1 when the output differs from --expect, with no colours when not on a terminal", async () => {
    const lines = readFileSync(expected, "utf8").split("\n");
    lines[0] = lines[0]!.replace('"dest":"c0"', '"dest":"c9"');
    const edited = scratchFile(lines.join("\n"));
    const r = await cli(["--bin", "nodes/echo.ts", "--input", "test/fixtures/echo-session.jsonl", "--expect", edited, "--quiet-ms", "30", "--reply-ms", "5000"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('dest: expected "c9", got "c0"');
    expect(r.stdout).not.toContain("\x1b[");
  });
});
