import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../../maelstrom-workloads/checkers/check-result.js";
import { summarise } from "../../../maelstrom-workloads/run/summary.js";

const lines = (r: Record<string, unknown>) => summarise({ "valid?": false, ...r } as CheckResult, "store/x", 1);
const setFull = { "valid?": false, "attempt-count": 40, "stable-count": 38, "lost-count": 2, lost: [4, 7], "never-read-count": 0, "stale-count": 0 };
const nodeReads = (lacks: number[], count = lacks.length) => ({ "read-count": 1, "lacks-count": count, lacks });

describe("summarise says why a run is not valid", () => {
  it("prints how many ops ended in an exception and the first one's text (the exceptions checker's earliest example)", () => {
    const exceptions = {
      "valid?": true,
      exceptions: [
        { count: 7, class: "MalformedResponse", example: { index: 9, f: "read", exception: 'MalformedResponse: Malformed RPC response {"type":"read_ok","messages":{}}: messages must be a JSON array or null (Maelstrom\'s [Any]), got {}' } },
        { count: 1, class: "TypeError", example: { index: 3, f: "broadcast", exception: "TypeError: x is undefined" } },
      ],
    };
    expect(lines({ exceptions })).toContain('  exceptions   8 ops ended in an exception (2 classes: see "exceptions" in results.json); the first, op 3 (broadcast): TypeError: x is undefined');
    const one = { "valid?": true, exceptions: [exceptions.exceptions[0]] };
    expect(lines({ exceptions: { ...one, exceptions: [{ ...exceptions.exceptions[0], count: 1 }] } })).toContain(
      '  exceptions   1 op ended in an exception; the first, op 9 (read): MalformedResponse: Malformed RPC response {"type":"read_ok","messages":{}}: messages must be a JSON array or null (Maelstrom\'s [Any]), got {}',
    );
    expect(lines({ exceptions: { "valid?": true } }).some((l) => /^ {2}exceptions {3}\d/.test(l))).toBe(false);
  });

  it("prints the first line of any checker's error (check-safe's unknown), not only the workload's", () => {
    const text = lines({ net: { "valid?": "unknown", error: "Error: Malformed history: process 2 invoked op 9 while op 4 was still pending\n    at pairCompletions (pair-ops.ts:22:17)" } });
    expect(text).toContain("  net          unknown: Error: Malformed history: process 2 invoked op 9 while op 4 was still pending");
    expect(text.join("\n")).not.toContain("at pairCompletions");
  });

  it("names each f that never completed ok when stats is invalid", () => {
    const stats = { "valid?": false, count: 9, "ok-count": 3, "fail-count": 0, "info-count": 6, "by-f": { broadcast: { "valid?": true, count: 3, "ok-count": 3 }, read: { "valid?": false, count: 6, "ok-count": 0 } } };
    expect(lines({ stats })).toContain("  stats        invalid: no read completed ok (6 attempts)");
    expect(lines({ stats: { ...stats, "valid?": true } }).some((l) => l.startsWith("  stats        invalid"))).toBe(false);
  });

  it("broadcast: per node, the values its final reads lacked, at most 10 each, and how many nodes lacked none", () => {
    const many = Array.from({ length: 39 }, (_, i) => i * 2);
    const workload = { ...setFull, "final-read-lacks": { n0: nodeReads([]), n1: nodeReads(many), n2: nodeReads([7]), n3: nodeReads([]) } };
    const text = lines({ workload });
    const at = text.indexOf("  broadcast    40 values: 38 stable, 2 lost [4,7], 0 never read, 0 stale");
    expect(at).toBeGreaterThan(0);
    expect(text.slice(at + 1, at + 4)).toEqual([
      "  final reads  2 nodes lacked known values, 2 nodes lacked none",
      "    n1 lacks 39 values: 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, ...",
      "    n2 lacks 1 value: 7",
    ]);
  });

  it("broadcast: nodes whose final read never completed ok, more nodes than are listed, and a run where no node lacked anything", () => {
    const lacking = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`n${i}`, nodeReads([i])]));
    const text = lines({ workload: { ...setFull, "final-read-lacks": { ...lacking, n10: { "read-count": 0, "lacks-count": null, lacks: [] }, n11: nodeReads([]) } } });
    expect(text).toContain("  final reads  10 nodes lacked known values, 1 node lacked none, n10 had no final read that completed ok");
    expect(text).toContain("    n7 lacks 1 value: 7");
    expect(text).not.toContain("    n8 lacks 1 value: 8");
    expect(text).toContain('    and 2 more nodes: see "final-read-lacks" in results.json');
    expect(lines({ workload: { ...setFull, "final-read-lacks": { n0: nodeReads([]) } } })).toContain("  final reads  no node's final read lacked a known value (1 node)");
    expect(lines({ workload: { ...setFull, "final-read-lacks": { n0: { "read-count": 0, "lacks-count": null, lacks: [] } } } })).toContain("  final reads  n0 had no final read that completed ok");
    expect(lines({ workload: setFull }).some((l) => l.startsWith("  final reads"))).toBe(false); // g-set, or a run stored before the key existed
  });

  it("a lost list too long to show ends in ... rather than mid-value", () => {
    const lost = Array.from({ length: 40 }, (_, i) => 1000 + i);
    const line = lines({ workload: { ...setFull, "lost-count": 40, lost } }).find((l) => l.startsWith("  broadcast"))!;
    expect(line).toMatch(/ 40 lost \[1000,1001,[0-9,]+\.\.\., 0 never read/);
  });
});

describe("summarise: a count of 1 takes the singular", () => {
  it.each([
    [{ workload: { ...setFull, "attempt-count": 1 } }, "  broadcast    1 value: "],
    [{ workload: { "valid?": true, "attempted-count": 1, "acknowledged-count": 1, "duplicated-count": 0, duplicated: [], range: [0, 0] } }, "  unique-ids   1 id of 1 attempt: 0 duplicated; range [0,0]"],
    [{ workload: { "valid?": true, errors: [], "final-reads": [5], acceptable: [[5, 5]] } }, "  counter      1 final read [5]; acceptable 5..5; 0 outside it"],
    [{ workload: { "valid?": true, "key-count": 1, "op-count": 1, failures: [], unknown: [], "worst-key": { key: "1", "configs-explored": 1 } } }, "  linearizable 1 op on 1 key: 0 not linearizable, 0 unknown; largest search 1 configuration (key 1)"],
    [{ net: { "valid?": true, servers: { "msgs-per-op": 0 }, all: { "msg-count": 1 } } }, "  net          0.00 server msgs/op, 1 message in all"],
    [{ harness: { "delivery-lateness-ms": { count: 1, "0.99": 0, "1": 0 } } }, "  harness      delivery lateness p99 0 ms, max 0 ms over 1 timed delivery"],
    [{ harness: { "output-stopped": [{ node: "n1" }] } }, '  WARNING      the output of 1 node stopped being routed: see "harness" in results.json'],
  ])("%#: %s", (r, expected) => {
    expect(lines(r).some((l) => l.startsWith(expected)), lines(r).join("\n")).toBe(true);
  });

  it("membership and jobs", () => {
    const m = lines({ workload: { "valid?": true, "finding-counts": {}, "false-positive-count": 0, "kill-count": 1, "detection-latencies": null } });
    expect(m.find((l) => l.startsWith("  membership"))).toContain("no findings; 1 kill;");
    const j = lines({
      workload: { "valid?": true, "acknowledged-count": 1, "completed-count": 1, "stopped-count": 0, "unfinished-count": 0, "wrong-result-count": 1, "regressed-status-count": 1, "regressed-tasks-done-count": 1, "leader-kill-count": 1, "task-rerun-count": 1, "slot-utilisation-while-queued-count": 1 },
    });
    expect(j.find((l) => l.startsWith("  jobs         "))).toContain("1 wrong result, 1 regression (and tasks_done went down 1 time)");
    expect(j.find((l) => l.startsWith("  jobs faults"))).toMatch(/^ {2}jobs faults {2}1 leader kill; 1 task rerun; slots - busy \(- while healthy with work queued, over 1 reply\)$/);
  });
});
