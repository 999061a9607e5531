import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Op } from "../../../maelstrom-workloads/model/op.js";
import { FaultTally } from "../../../maelstrom-workloads/harness/fault-tally.js";
import { Progress, type ProgressReading } from "../../../maelstrom-workloads/harness/progress.js";

const history = { invoke: 3, ok: 2, fail: 0, info: 1 };
function lineWith(grudge: Record<string, string[]>): string {
  const p = new Progress({ out: () => {}, runLog: () => {}, read: () => ({ history, ops: [], grudge }), tty: false });
  try {
    p.phase("main", 20);
    p.fault("partition", "n0 | n1 n2");
    return p.line();
  } finally {
    p.stop();
  }
}

let index = 0;
const nemesis = (f: string, value: unknown = null): Op => ({ index: index++, time: 0, type: "info", process: "nemesis", f, value }) as Op;
const client = (): Op => ({ index: index++, time: 0, type: "invoke", process: 0, f: "echo", value: "x" }) as Op;

describe("Progress: the line a person watches", () => {
  it("counts the links a partition cut, singular for one", () => {
    expect(lineWith({ n0: ["n1"] })).toMatch(/^\[main \d+\.\d\/20 s\] ops 3 \(ok 2, fail 0, info 1\) \| partition n0 \| n1 n2 \(1 link cut: n0✗n1\)$/);
    expect(lineWith({ n0: ["n1", "n2"] })).toMatch(/\(2 links cut: n0✗n1,n2\)$/);
    expect(lineWith({})).toMatch(/\(0 links cut\)$/);
  });

  it("never shows a time past the phase's length (the phase runs on while its last ops finish)", () => {
    let now = 1000;
    const p = new Progress({ out: () => {}, runLog: () => {}, read: () => ({ history, ops: [], grudge: {} }), tty: false, now: () => now });
    p.phase("main", 10);
    now += 10_400;
    expect(p.line()).toMatch(/^\[main 10\.0\/10 s\]/);
    now += 5_000;
    expect(p.line()).toMatch(/^\[main 10\.0\/10 s\]/);
    p.phase("final");
    now += 3_250;
    expect(p.line()).toMatch(/^\[final 3\.3 s\]/);
    p.stop();
  });

  it("says how many faults have happened so far, by kind, from the history's nemesis ops (each an invocation and a completion)", () => {
    const ops: Op[] = [client()];
    const reading = (): ProgressReading => ({ history, ops, grudge: {} });
    const p = new Progress({ out: () => {}, runLog: () => {}, read: reading, tty: false });
    p.phase("main", 10);
    expect(p.line()).not.toMatch(/faults/);
    ops.push(nemesis("start-partition", "majority"));
    expect(p.line()).toMatch(/ \| faults 1 \(partition 1\) \| /); // a start counts from its invocation
    ops.push(nemesis("start-partition", ["isolated", {}]), client(), nemesis("kill", "one"), nemesis("stop-partition"), nemesis("stop-partition", "network-healed"));
    ops.push(nemesis("kill", { n1: "killed" }), nemesis("start", "all"), nemesis("start", { n1: "started" }), nemesis("start-partition", "one"), nemesis("start-partition", ["isolated", {}]));
    expect(p.line()).toMatch(/^\[main \d+\.\d\/10 s\] ops 3 \(ok 2, fail 0, info 1\) \| faults 3 \(partition 2, kill 1\) \| network whole$/);
    p.stop();
  });
});

describe("FaultTally", () => {
  it("counts --schedule's and the packages' starts alike, and nothing for heals and restarts", () => {
    const t = new FaultTally();
    const ops = [nemesis("start-loss", 0.5), nemesis("start-loss", { loss: 0.5 }), nemesis("pause", ["n1"]), nemesis("pause", { n1: "paused" }), nemesis("resume", ["n1"]), nemesis("resume", { n1: "resumed" })];
    t.update(ops.slice(0, 3));
    t.update(ops); // reads only what is new
    ops.push(nemesis("start-latency", 10), nemesis("start-latency", { "latency-factor": 10 }), nemesis("stop-latency", "all"), nemesis("stop-loss", "all"));
    t.update(ops);
    expect(t.describe()).toBe("faults 3 (loss 1, pause 1, latency 1)");
    expect(new FaultTally().describe()).toBeUndefined();
  });
});

describe("Progress in run.log", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function watch(tty: boolean) {
    const out: string[] = [];
    const runLog: string[] = [];
    const redraws: string[] = [];
    const p = new Progress({ out: (l) => out.push(l), runLog: (l) => runLog.push(l), redraw: (t) => redraws.push(t), read: () => ({ history, ops: [], grudge: {} }), tty, now: () => Date.now() });
    p.phase("init");
    p.phase("main", 12);
    vi.advanceTimersByTime(11_000);
    p.phase("final");
    p.stop();
    vi.advanceTimersByTime(20_000);
    return { out, runLog, redraws };
  }

  it("off a terminal: the terminal and run.log get the same lines, the phases and a progress line every 5 s", () => {
    const { out, runLog, redraws } = watch(false);
    expect(runLog).toEqual(out);
    expect(runLog.map((l) => l.replace(/ops .*/, "ops …"))).toEqual(["[init]", "[main] 12 s", "[main 5.0/12 s] ops …", "[main 10.0/12 s] ops …", "[main 11.0/12 s] ops …", "[final]"]);
    expect(redraws).toEqual([]);
  });

  it("writes each phase's last state when it ends, and starts the 5 s lines again with each phase", () => {
    const runLog: string[] = [];
    const p = new Progress({ out: () => {}, runLog: (l) => runLog.push(l), read: () => ({ history, ops: [], grudge: {} }), tty: false, now: () => Date.now() });
    vi.advanceTimersByTime(3_000); // before the first phase: no line of its own
    p.phase("main", 8);
    vi.advanceTimersByTime(8_000);
    p.phase("recovery", 10);
    vi.advanceTimersByTime(6_500);
    p.stop();
    expect(runLog.map((l) => l.replace(/ ops .*/, ""))).toEqual(["[main] 8 s", "[main 5.0/8 s]", "[main 8.0/8 s]", "[recovery] 10 s", "[recovery 5.0/10 s]", "[recovery 6.5/10 s]"]);
  });

  it("on a terminal: the line is redrawn on stderr twice a second, and run.log gets the lines the terminal would print otherwise", () => {
    const { out, runLog, redraws } = watch(true);
    expect(out).toEqual([]);
    expect(runLog.map((l) => l.replace(/ops .*/, "ops …"))).toEqual(["[init]", "[main] 12 s", "[main 5.0/12 s] ops …", "[main 10.0/12 s] ops …", "[main 11.0/12 s] ops …", "[final]"]);
    expect(redraws.filter((t) => t.includes("ops")).length).toBe(22);
    expect(redraws.at(-1)).toBe("\r\x1b[2K");
  });
});
