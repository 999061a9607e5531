import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../../maelstrom-workloads/checkers/check-result.js";
import { whyNotValid } from "../../../maelstrom-workloads/sim/search/run-case.js";
import { summarise } from "../../../maelstrom-workloads/run/summary.js";

const run = (workload: Record<string, unknown>): CheckResult => ({ "valid?": workload["valid?"], workload }) as unknown as CheckResult;
const lines = (r: CheckResult, name?: string) => summarise(r, "store/x", 1, name);

describe("summarise and whyNotValid: what each workload's checker found, in words", () => {
  it("set-full is labelled with the workload's name (g-set as well as broadcast)", () => {
    const r = run({ "valid?": false, "attempt-count": 98, "stable-count": 97, "lost-count": 1, lost: [7], "never-read-count": 0, "stale-count": 3 });
    expect(lines(r, "g-set")).toContain("  g-set        98 values: 97 stable, 1 lost [7], 0 never read, 3 stale");
    expect(lines(r)).toContain("  broadcast    98 values: 97 stable, 1 lost [7], 0 never read, 3 stale");
    expect(whyNotValid(r, undefined)).toBe("workload invalid (1 lost: [7])");
  });

  it("unique-ids: acknowledged, attempted, duplicated and the range; unknown says why", () => {
    const r = run({ "valid?": false, "attempted-count": 10, "acknowledged-count": 9, "duplicated-count": 2, duplicated: [[1, 2], [3, 2]], range: [0, 8] });
    expect(lines(r)).toContain("  unique-ids   9 ids of 10 attempts: 2 duplicated [[1,2],[3,2]]; range [0,8]");
    expect(whyNotValid(r, undefined)).toBe("workload invalid (2 duplicated: [[1,2],[3,2]])");
    const u = run({ "valid?": "unknown", "attempted-count": 2, "acknowledged-count": 2, "duplicated-count": 0, duplicated: [], range: [null, null], error: "ids 1 and \"a\" cannot be ordered" });
    expect(lines(u)).toContain('  workload     unknown: ids 1 and "a" cannot be ordered');
    expect(whyNotValid(u, undefined)).toBe('workload unknown (ids 1 and "a" cannot be ordered)');
  });

  it("counters: the final reads against the acceptable set, and the first read outside it", () => {
    const r = run({ "valid?": false, errors: [{ index: 40, value: 3 }], "final-reads": [5, 3], acceptable: [[5, 5], [7, 9]] });
    const text = lines(r);
    expect(text).toContain("  counter      2 final reads [5,3]; acceptable 5..9 in 2 intervals; 1 outside it, first 3");
    expect(text.some((l) => l.startsWith("  echo errors"))).toBe(false);
    expect(whyNotValid(r, undefined)).toBe("workload invalid (1 final read outside [[5,5],[7,9]]: [3])");
  });

  it("lin-kv: keys not linearizable, unknown keys, the largest search, and the first failure's why", () => {
    const r = run({
      "valid?": false,
      "key-count": 3,
      "op-count": 120,
      failures: ["1"],
      unknown: [],
      "worst-key": { key: "1", "configs-explored": 77 },
      results: { "1": { "valid?": false, why: "read of key 1 by process 3 returned 2 at 1.000 s, but the register could only be 4 while it ran" } },
    });
    const text = lines(r);
    expect(text).toContain("  linearizable 120 ops on 3 keys: 1 not linearizable (keys 1), 0 unknown; largest search 77 configurations (key 1)");
    expect(text).toContain("  first        read of key 1 by process 3 returned 2 at 1.000 s, but the register could only be 4 while it ran");
    expect(whyNotValid(r, undefined)).toBe('workload invalid (1 key not linearizable: ["1"])');
    const oneKey = lines({ ...r, workload: { ...(r.workload as object), "key-count": 1 } } as CheckResult);
    expect(oneKey).toContain("  linearizable 120 ops on 1 key: 1 not linearizable (keys 1), 0 unknown; largest search 77 configurations (key 1)");
  });

  it("jobs: acknowledged, done, stopped, unfinished, wrong and regressed; leader kills and recovery; reruns and slot use", () => {
    const r = run({
      "valid?": false,
      "acknowledged-count": 10,
      "completed-count": 8,
      "stopped-count": 1,
      "unfinished-count": 1,
      "lost-count": 2,
      "wrong-result-count": 0,
      "regressed-status-count": 0,
      "job-latencies": { "0": 100, "0.5": 900, "1": 4000 },
      "leader-kill-count": 2,
      "leader-recovery-latencies": { "0": 800, "0.5": 1200, "1": 2500 },
      "task-rerun-count": 3,
      "slot-utilisation": 0.42,
      "slot-utilisation-while-queued": null,
      "slot-utilisation-while-queued-count": 0,
      "regressed-tasks-done-count": 1,
    });
    const text = lines(r);
    expect(text).toContain("  jobs         10 acknowledged: 8 done right, 1 stopped, 1 unfinished, 2 lost; 0 wrong results, 0 regressions (and tasks_done went down 1 time); done after median 900 ms, max 4000 ms");
    expect(text).toContain("  jobs faults  2 leader kills, progress again after median 1200 ms, max 2500 ms; 3 task reruns; slots 42% busy (- while healthy with work queued, over 0 replies)");
    expect(text.some((l) => l.startsWith("  unique-ids"))).toBe(false); // acknowledged-count alone is not unique-ids'
    expect(whyNotValid(r, undefined)).toBe("workload invalid (1 job unfinished, 2 lost, 0 wrong results, 0 regressions, tasks_done went down 1 time)");
  });
});
