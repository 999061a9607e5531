import { describe, expect, it } from "vitest";
import { statsChecker } from "../../../maelstrom-workloads/checkers/stats.js";
import type { Op, OpType } from "../../../maelstrom-workloads/model/op.js";

type Step = [OpType, Op["process"], string];

function ops(steps: Step[]): Op[] {
  return steps.map(([type, process, f], index) => ({ index, time: index * 1000, type, process, f, value: null }));
}

const zero = { count: 0, "ok-count": 0, "fail-count": 0, "info-count": 0 };

describe("statsChecker", () => {
  it("counts client completions (not invocations) overall and by f", () => {
    const r = statsChecker(
      ops([
        ["invoke", 0, "broadcast"],
        ["ok", 0, "broadcast"],
        ["invoke", 1, "read"],
        ["fail", 1, "read"],
        ["invoke", 0, "broadcast"],
        ["info", 0, "broadcast"],
        ["invoke", 1, "read"],
        ["ok", 1, "read"],
        ["invoke", 2, "read"], // never completes
      ]),
    );
    expect(r).toEqual({
      "valid?": true,
      count: 4,
      "ok-count": 2,
      "fail-count": 1,
      "info-count": 1,
      "by-f": {
        broadcast: { "valid?": true, count: 2, "ok-count": 1, "fail-count": 0, "info-count": 1 },
        read: { "valid?": true, count: 2, "ok-count": 1, "fail-count": 1, "info-count": 0 },
      },
    });
  });

  it("is invalid when some f never succeeded", () => {
    const r = statsChecker(
      ops([
        ["invoke", 0, "broadcast"],
        ["ok", 0, "broadcast"],
        ["invoke", 1, "read"],
        ["fail", 1, "read"],
        ["invoke", 1, "read"],
        ["info", 1, "read"],
      ]),
    );
    expect(r["valid?"]).toBe(false);
    expect((r["by-f"] as Record<string, { "valid?": boolean }>)["read"]!["valid?"]).toBe(false);
    expect((r["by-f"] as Record<string, { "valid?": boolean }>)["broadcast"]!["valid?"]).toBe(true);
  });

  it("is valid with no client ops at all", () => {
    expect(statsChecker([])).toEqual({ "valid?": true, ...zero, "by-f": {} });
  });

  it("excludes nemesis ops", () => {
    const r = statsChecker(
      ops([
        ["info", "nemesis", "start-partition"],
        ["info", "nemesis", "start-partition"],
        ["invoke", 0, "echo"],
        ["ok", 0, "echo"],
      ]),
    );
    expect(r["count"]).toBe(1);
    expect(r["info-count"]).toBe(0);
    expect(Object.keys(r["by-f"] as object)).toEqual(["echo"]);
  });

  it("is invalid when every op failed", () => {
    const r = statsChecker(
      ops([
        ["invoke", 0, "echo"],
        ["fail", 0, "echo"],
      ]),
    );
    expect(r["valid?"]).toBe(false);
    expect(r["fail-count"]).toBe(1);
  });

  it("does not let crash or debug-topic-partitions invalidate the result", () => {
    const r = statsChecker(
      ops([
        ["invoke", 0, "crash"],
        ["info", 0, "crash"],
        ["invoke", 1, "debug-topic-partitions"],
        ["fail", 1, "debug-topic-partitions"],
        ["invoke", 2, "send"],
        ["ok", 2, "send"],
      ]),
    );
    expect(r["valid?"]).toBe(true);
    expect((r["by-f"] as Record<string, { "valid?": boolean }>)["crash"]!["valid?"]).toBe(false);
  });

  it("lists fs in sorted order", () => {
    const r = statsChecker(
      ops([
        ["invoke", 0, "write"],
        ["ok", 0, "write"],
        ["invoke", 0, "cas"],
        ["ok", 0, "cas"],
        ["invoke", 0, "read"],
        ["ok", 0, "read"],
      ]),
    );
    expect(Object.keys(r["by-f"] as object)).toEqual(["cas", "read", "write"]);
  });
});
