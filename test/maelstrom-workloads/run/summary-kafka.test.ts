import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../../maelstrom-workloads/checkers/check-result.js";
import { checkKafka } from "../../../maelstrom-workloads/checkers/kafka.js";
import type { Op } from "../../../maelstrom-workloads/model/op.js";
import { summarise } from "../../../maelstrom-workloads/run/summary.js";

// The terminal summary of a kafka run: the error types with their counts and
// the first bad finding's explanation, from the checker's real result.

function history(steps: [number, string, unknown, unknown][]): Op[] {
  const ops: Op[] = [];
  for (const [process, f, invoke, done] of steps) {
    ops.push({ index: ops.length, time: ops.length, type: "invoke", process, f, value: invoke });
    ops.push({ index: ops.length, time: ops.length, type: "ok", process, f, value: done });
  }
  return ops;
}
const send = (p: number, k: string, v: number, o: number): [number, string, unknown, unknown] => [p, "send", [["send", k, v]], [["send", k, [o, v]]]];
const poll = (p: number, msgs: Record<string, [number, number][]>): [number, string, unknown, unknown] => [p, "poll", [["poll"]], [["poll", msgs]]];
const lines = (workload: CheckResult) => summarise({ "valid?": workload["valid?"], workload } as CheckResult, "store/x", 1, "kafka");

describe("summarise: the kafka line", () => {
  it("an invalid run: each error type with its count, and the first bad finding's explanation", () => {
    const wl = checkKafka(history([send(0, "1", 1, 0), send(0, "1", 2, 1), send(0, "1", 3, 2), poll(1, { "1": [[0, 1]] }), poll(2, { "1": [[2, 3]] })]));
    const line = lines(wl).find((l) => l.startsWith("  kafka"));
    expect(line).toBe(
      "  kafka        lost-write 1, unseen 1; first: key 1: message 2 was acknowledged at offset 1 by op 3 (process 0, ok send), but no ok poll ever read it, though op 9 (process 2) read offset 2 past it",
    );
  });

  it("a valid run with allowed findings, and one with none", () => {
    const wl = checkKafka(history([send(0, "1", 1, 0), poll(1, { "1": [[0, 1]] }), [2, "assign", ["1"], { keys: ["1"], committed: {} }]]));
    expect(lines(wl).find((l) => l.startsWith("  kafka"))).toMatch(/^ {2}kafka {8}allowed: nonmonotonic-commit 1; first: key 1: op 3 \(process 1\) committed offset 0/);
    const ok = checkKafka(history([send(0, "1", 1, 0), poll(1, { "1": [[0, 1]] })]));
    expect(lines(ok)).toContain("  kafka        no errors in 2 ops");
  });
});
