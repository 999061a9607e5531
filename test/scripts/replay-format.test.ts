import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createEventFormatter, formatMessage } from "../../scripts/replay/format-event.js";
import { classifyInputLine } from "../../scripts/replay/input-line.js";
import { inputFromStream, inputFromText } from "../../scripts/replay/input-source.js";
import type { HeldReply } from "../../scripts/replay/reply-remapper.js";
import type { SessionResult } from "../../scripts/replay/session.js";
import { makeStyle } from "../../scripts/replay/style.js";
import { summarize } from "../../scripts/replay/summary.js";

const plain = makeStyle(false);

describe("classifyInputLine", () => {
  it("skips blank lines and # or // comments", () => {
    expect(classifyInputLine("   ", 1, "n1")).toEqual({ kind: "blank", lineNo: 1 });
    expect(classifyInputLine("  # hi", 2, "n1")).toEqual({ kind: "comment", lineNo: 2, text: "# hi" });
    expect(classifyInputLine("// hi", 3, "n1")).toEqual({ kind: "comment", lineNo: 3, text: "// hi" });
  });

  it("sends a message as written", () => {
    const raw = '{ "src":"c2", "dest":"n2", "body":{"type":"echo","msg_id":1} }';
    expect(classifyInputLine(raw, 4, "n1")).toMatchObject({ kind: "send", line: { kind: "message", text: raw, wrapped: false, message: { src: "c2", dest: "n2" } } });
  });

  it("wraps a bare body for the node", () => {
    expect(classifyInputLine('{"type":"echo","echo":1}', 5, "n7")).toMatchObject({
      kind: "send",
      line: { kind: "message", text: '{"src":"c1","dest":"n7","body":{"type":"echo","echo":1}}', wrapped: true },
    });
  });

  it("sends garbage and JSON that is no message exactly as written, saying why", () => {
    expect(classifyInputLine("{oops", 6, "n1")).toMatchObject({ kind: "send", line: { kind: "not-json", text: "{oops", lineNo: 6 } });
    expect(classifyInputLine("[1,2]", 7, "n1")).toMatchObject({ kind: "send", line: { kind: "not-message", text: "[1,2]", reason: expect.stringContaining("an array") } });
    expect(classifyInputLine('{"src":"c1","body":{}}', 8, "n1")).toMatchObject({ kind: "send", line: { kind: "not-message", reason: expect.stringContaining('"dest"') } });
  });
});

describe("input sources", () => {
  it("reads a file's lines, dropping CR of CRLF, and counts what is left to send", async () => {
    const src = inputFromText("a\r\n# c\n\nb\n");
    expect(src.remaining()).toBe(2);
    expect(await src.next()).toBe("a");
    expect(src.remaining()).toBe(1);
    const rest = [await src.next(), await src.next(), await src.next(), await src.next()];
    expect(rest).toEqual(["# c", "", "b", null]);
  });

  it("reads a stream line by line, including a last line without newline", async () => {
    const src = inputFromStream(Readable.from(["one\ntw", "o\r\nthree"]));
    const got: Array<string | null> = [];
    for (let i = 0; i < 4; i++) got.push(await src.next());
    expect(got).toEqual(["one", "two", "three", null]);
  });
});

describe("formatMessage", () => {
  it("shows route, type and the rest of the body, keys sorted", () => {
    expect(formatMessage("→", { src: "c1", dest: "n1", body: { type: "echo", msg_id: 1, echo: "hi" } }, plain)).toBe('→ c1 → n1   echo  {"echo":"hi","msg_id":1}');
    expect(formatMessage("←", { src: "n1", dest: "c1", body: { type: "echo_ok", echo: "hi", msg_id: 2, in_reply_to: 1 } }, plain)).toBe(
      '← n1 → c1   echo_ok  {"echo":"hi","in_reply_to":1,"msg_id":2}',
    );
    expect(formatMessage("←", { src: "n12", dest: "c345", body: { type: "read_ok" } }, plain)).toBe("← n12 → c345 read_ok");
  });

  it("names the error code", () => {
    const err = (code: unknown) => formatMessage("←", { src: "n1", dest: "c1", body: { type: "error", code, text: "t", in_reply_to: 1 } }, plain);
    expect(err(10)).toBe('← n1 → c1   error 10 not-supported  {"in_reply_to":1,"text":"t"}');
    expect(err(22)).toContain("error 22 precondition-failed");
    expect(err(30)).toContain("error 30 txn-conflict");
    expect(err(1001)).toContain("error 1001 (user-defined)");
    expect(err(999)).toContain("error 999 unknown");
    expect(err("x")).toContain('error (no numeric code: "x")');
  });

  it("highlights error replies in red when colour is on", () => {
    const line = formatMessage("←", { src: "n1", dest: "c1", body: { type: "error", code: 13 } }, makeStyle(true));
    expect(line.startsWith("\x1b[31m")).toBe(true);
    expect(line).toContain("error 13 crash");
  });
});

describe("createEventFormatter", () => {
  it("notes a sent message without msg_id, which a node cannot answer", () => {
    const f = createEventFormatter(plain);
    const sent = (body: Record<string, unknown>) => f({ kind: "sent", line: { lineNo: 1, text: "", kind: "message", wrapped: true, message: { src: "c1", dest: "n1", body: { type: "echo", ...body } } } });
    expect(sent({ echo: 1 })).toEqual(['→ c1 → n1   echo  {"echo":1}  (no msg_id, so no reply is expected)']);
    expect(sent({ echo: 1, msg_id: 4 })).toEqual(['→ c1 → n1   echo  {"echo":1,"msg_id":4}']);
  });

  it("prefixes stderr lines with the node", () => {
    const f = createEventFormatter(plain);
    expect(f({ kind: "stderr", text: "boom", node: "n2" })).toEqual(["  n2 stderr │ boom"]);
  });

  it("flags a stdout line that is no message, explaining Maelstrom's reaction once", () => {
    const f = createEventFormatter(plain);
    const bad = { kind: "stdout", text: "hello", parsed: { ok: false, reason: "not valid JSON" }, node: "n1" } as const;
    const first = f(bad);
    expect(first[0]).toBe("✗ not a Maelstrom message on stdout: hello");
    expect(first.join("\n")).toContain("Real Maelstrom stops reading n1's stdout after such a line");
    expect(f(bad).join("\n")).not.toContain("Real Maelstrom");
  });

  it("repeats the last stderr lines of a node that exited early", () => {
    const f = createEventFormatter(plain);
    const lines = f({ kind: "ended", end: { how: "exited", code: 3, signal: null, stdinClosed: false }, node: "n1", inputDone: false, unsent: 2, stderrTail: ["oops"] });
    expect(lines[0]).toBe("✗ n1 exited with code 3 early, before its input was done: 2 more input lines were not sent");
    expect(lines).toContain("    n1 stderr │ oops");
  });

  it("reports death by signal", () => {
    const f = createEventFormatter(plain);
    const lines = f({ kind: "ended", end: { how: "exited", code: null, signal: "SIGSEGV", stdinClosed: true }, node: "n1", inputDone: true, unsent: 0, stderrTail: [] });
    expect(lines[0]).toBe("✗ n1 was killed by signal SIGSEGV after its stdin was closed (expected: exit code 0)");
    expect(lines[1]).toContain("wrote nothing on stderr");
  });
});

describe("summarize: recorded replies left unmatched", () => {
  const held = (lineNo: number, to: string, type: string): HeldReply => {
    const c = classifyInputLine(JSON.stringify({ src: to, dest: "n1", body: { type: `${type}_ok`, in_reply_to: 5 } }), lineNo, "n1");
    if (c.kind !== "send") throw new Error("not a message");
    return { line: c.line, origin: { type, to, ordinal: 0, recordedMsgId: 5 } };
  };
  const result = (unmatched: HeldReply[], late: HeldReply[]): SessionResult => ({
    node: "n1", sent: [], stdout: [], messages: 0, errorReplies: 0, invalidStdout: 0, stderr: [],
    end: { how: "exited", code: 0, signal: null, stdinClosed: true }, inputDone: true, unsent: 0,
    replies: { remapped: 3, waited: 0, unmatched, late },
  });

  it("fails for service replies, never sent or sent too late, and lists the two apart; replies from other nodes are only reported", () => {
    const { lines, problems } = summarize(result([held(4, "seq-kv", "read"), held(6, "n2", "gossip")], [held(9, "lin-kv", "cas")]), undefined, null, makeStyle(false));
    expect(problems).toEqual([
      "1 recorded reply from services unmatched (n1 never sent the request)",
      "1 recorded reply from services unmatched (n1 sent the request only after replay had stopped sending)",
    ]);
    const text = lines.join("\n");
    expect(text).toContain("2 unmatched, not sent: the replayed n1 sent fewer of those requests than the recorded one: line 4 (read_ok for the 1st read to seq-kv), line 6 (gossip_ok for the 1st gossip to n2)");
    expect(text).toContain("1 unmatched, not sent: the replayed n1 sent those requests only after replay had closed its stdin or run out of time (a larger --quiet-ms or --timeout-ms may help): line 9 (cas_ok for the 1st cas to lin-kv)");
    expect(summarize(result([held(6, "n2", "gossip")], []), undefined, null, makeStyle(false)).problems).toEqual([]);
  });
});
