import fc from "fast-check";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonText } from "../../../maelstrom-workloads/model/json-text.js";
import type { Op } from "../../../maelstrom-workloads/model/op.js";
import { readFirstJsonValue, readFirstJsonValueCarefully } from "../../../maelstrom-workloads/run/first-json-value.js";
import { historyLines } from "../../../maelstrom-workloads/run/history-lines.js";
import { parseNodeOutput } from "../../../maelstrom-workloads/run/parse-node-output.js";
import { RunStore } from "../../../maelstrom-workloads/run/store.js";

// Maelstrom reads a node's output with cheshire on Jackson, which keeps every
// integer token exact (an int, a long or a BigInteger). JSON.parse rounds one
// beyond ±(2^53−1) to the nearest double: 2^60 + 1 would become 2^60. The
// harness reads such a token as a BigInt and writes it back as its digits.

const BIG = 1152921504606846977n; // 2^60 + 1; JSON.parse gives 1152921504606846976

describe("reading a node's line: an integer token past ±(2^53−1) stays exact", () => {
  it("keeps 1152921504606846977 exact, where JSON.parse would round it", () => {
    const line = `{"src":"n1","dest":"c1","body":{"type":"generate_ok","id":${BIG},"in_reply_to":1}}`;
    expect((JSON.parse(line) as { body: { id: unknown } }).body.id).toBe(1152921504606846976);
    const r = parseNodeOutput(line);
    expect(r).toEqual({ ok: true, src: "n1", dest: "c1", body: { type: "generate_ok", id: BIG, in_reply_to: 1 } });
    expect(readFirstJsonValueCarefully(line)).toEqual(readFirstJsonValue(line));
  });

  it("draws the line at Number.MAX_SAFE_INTEGER, both signs; floats and strings of digits are as JSON.parse reads them", () => {
    const r = readFirstJsonValue("[9007199254740991,9007199254740992,-9007199254740991,-9007199254740992,1000000000000000,18446744073709551616,12345678901234567890.0,1.2345678901234567e30,\"12345678901234567890\",-0]");
    expect(r.ok && r.value).toEqual([9007199254740991, 9007199254740992n, -9007199254740991, -9007199254740992n, 1000000000000000, 18446744073709551616n, 12345678901234567890, 1.2345678901234567e30, "12345678901234567890", -0]);
    expect(r.ok && Object.is((r.value as unknown[])[9], -0)).toBe(true);
  });

  it("reads the rest of a line with a big integer exactly as JSON.parse does (strings, escapes, __proto__, repeated keys, raw control characters, junk after)", () => {
    // 16 digits in a row send the fast path to the careful reader; the value beside the big integer must not change.
    const safe = fc.jsonValue().filter((v) => !/\d{16}/.test(JSON.stringify(v)));
    fc.assert(
      fc.property(safe, fc.constantFrom("", " x", "\u0001", " {}"), (v, junk) => {
        const text = JSON.stringify(v);
        const r = readFirstJsonValue(`[${text}, ${BIG}]${junk}`);
        expect(r.ok && r.value).toEqual([JSON.parse(text), BIG]);
      }),
      { seed: 3, numRuns: 300 },
    );
    const r = readFirstJsonValue(`{"__proto__":{"a":${BIG}},"k":1,"s":"a\tb\\u00e9\\"","k":[${BIG}]}`);
    expect(r.ok && Object.getPrototypeOf(r.value)).toBe(Object.prototype);
    expect(r.ok && Object.keys(r.value as object)).toEqual(["__proto__", "k", "s"]);
    expect(r.ok && jsonText(r.value)).toBe(`{"__proto__":{"a":${BIG}},"k":[${BIG}],"s":"a\\tb\u00e9\\""}`);
  });

  it("takes the slow path only for a line with 16 digits in a row, and gives what the careful reader gives", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string()), { maxLength: 20 }), (xs) => {
        const line = `{"src":"n1","dest":"n2","body":{"xs":${jsonText(xs)}}}`;
        const r = readFirstJsonValue(line);
        expect(r).toEqual(readFirstJsonValueCarefully(line));
        // Every integer comes back exact: a bigint when outside the safe range, a number inside it.
        const back = (r.ok && (r.value as { body: { xs: unknown[] } }).body.xs) as unknown[];
        xs.forEach((x, i) => {
          if (typeof x === "bigint") expect(back[i]).toBe(x >= -(2n ** 53n - 1n) && x <= 2n ** 53n - 1n ? Number(x) : x);
        });
      }),
      { seed: 5, numRuns: 300 },
    );
  });

  it("accepts a big integer as the envelope's id and anywhere in the body", () => {
    const r = parseNodeOutput(`{"id":${BIG},"src":"n1","dest":"n2","body":{"type":"x","msg_id":${BIG},"v":[{"w":-${BIG}}]}}`);
    expect(r).toEqual({ ok: true, src: "n1", dest: "n2", body: { type: "x", msg_id: BIG, v: [{ w: -BIG }] } });
    expect(parseNodeOutput(`{"id":1.5,"src":"n1","dest":"n2","body":{"big":${BIG}}}`)).toEqual({ ok: false, reason: 'malformed message: "id" must be an integer, got 1.5' });
    expect(parseNodeOutput(`{"src":"n1","dest":"n2","body":[${BIG}]}`)).toEqual({ ok: false, reason: `malformed message: "body" must be an object, got [${BIG}]` });
  });
});

describe("writing it back: history and store files carry the exact digits", () => {
  const op: Op = { index: 3, time: 7, type: "ok", process: 0, f: "generate", value: BIG };

  it("history.jsonl's and history.txt's lines", () => {
    expect(historyLines(op)).toEqual([`{"index":3,"time":7,"type":"ok","process":0,"f":"generate","value":${BIG}}`, `0\tok\tgenerate\t${BIG}`]);
    // A long value takes historyLines' other road (the value stringified once, spliced into the op's line).
    const long: Op = { ...op, value: [BIG, ..."x".repeat(300)] };
    const [jsonl] = historyLines(long);
    expect(jsonl).toBe(`{"index":3,"time":7,"type":"ok","process":0,"f":"generate","value":[${BIG},${[..."x".repeat(300)].map((c) => `"${c}"`).join(",")}]}`);
  });

  it("history.jsonl, history.txt and results.json in the run's folder", async () => {
    const store = new RunStore(mkdtempSync(join(tmpdir(), "big-integers-")), "unique-ids", new Date(0));
    store.writeHistory([op]);
    store.writeJson("results.json", { range: [BIG, -BIG] });
    await store.close();
    expect(readFileSync(join(store.dir, "history.jsonl"), "utf8")).toBe(`${historyLines(op)[0]}\n`);
    expect(readFileSync(join(store.dir, "history.txt"), "utf8")).toBe(`0\tok\tgenerate\t${BIG}\n`);
    expect(readFileSync(join(store.dir, "results.json"), "utf8")).toBe(`{\n  "range": [\n    ${BIG},\n    -${BIG}\n  ]\n}\n`);
  });
});
