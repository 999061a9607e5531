import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../../maelstrom-workloads/checkers/check-result.js";
import { summarise } from "../../../maelstrom-workloads/run/summary.js";

const membership = (extra: Record<string, unknown>): CheckResult =>
  ({
    "valid?": true,
    workload: { "valid?": true, "finding-counts": {}, "false-positive-count": 0, "kill-count": 3, "detection-latencies": { count: 2, "0.5": 3000, "1": 4000 }, "recovery-latency": 900, "msgs-per-node-per-period": 4, ...extra },
  }) as unknown as CheckResult;
const line = (r: CheckResult) => summarise(r, "store/x", 0).find((l) => l.startsWith("  membership"));

describe("summarise: the membership line", () => {
  it("says over how many kills agreement was measured, and how many were restarted before all judges agreed", () => {
    expect(line(membership({ "kills-not-agreed-before-restart": 1 }))).toContain("3 kills, 2 agreed dead after median 3000 ms, max 4000 ms, 1 restarted before all agreed");
    expect(line(membership({ "kills-not-agreed-before-restart": 0 }))).not.toContain("restarted before");
  });
});
