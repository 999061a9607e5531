import { describe, expect, it } from "vitest";
import { describeFault, describeSchedule } from "../../../maelstrom-workloads/nemesis/describe-fault.js";
import { type FaultSchedule, formatScheduleFile, parseFaultSchedule, ScheduleError } from "../../../maelstrom-workloads/nemesis/fault-schedule.js";
import { scheduleEvents } from "../../../maelstrom-workloads/nemesis/schedule-events.js";

const fit = { nodes: ["n1", "n2", "n3", "n4", "n5"], timeLimitMs: 10_000 };
const file = (...faults: unknown[]) => JSON.stringify({ version: 1, faults });
const problem = (text: string) => {
  try {
    parseFaultSchedule(text, "s.json", fit);
  } catch (e) {
    expect(e).toBeInstanceOf(ScheduleError);
    return (e as Error).message;
  }
  throw new Error("expected a ScheduleError");
};

const example: FaultSchedule = {
  version: 1,
  faults: [
    { atMs: 4200, forMs: 3100, kind: "kill", nodes: ["n2"] },
    { atMs: 1000, forMs: 5000, kind: "partition", shape: "majority", sides: [["n1", "n2"], ["n3", "n4", "n5"]] },
    { atMs: 2000, forMs: 2000, kind: "partition", shape: "majorities-ring", grudge: { n1: ["n3", "n4"], n2: [] } },
    { atMs: 0, forMs: 1500, kind: "pause", nodes: ["n1", "n3"] },
    { atMs: 3000, forMs: 250, kind: "loss", p: 0.5 },
    { atMs: 3000, forMs: 1000, kind: "latency", factor: 10 },
  ],
};

describe("fault schedule files", () => {
  it("read back what formatScheduleFile wrote, fault for fault, one fault per line", () => {
    const text = formatScheduleFile({ ...example, note: "found by a search" });
    expect(parseFaultSchedule(text, "s.json", fit)).toEqual({ ...example, note: "found by a search" });
    expect(text.split("\n").filter((l) => l.trim().startsWith('{"atMs"'))).toHaveLength(example.faults.length);
  });

  it.each([
    ["not JSON", "{", /^s\.json: not JSON: /],
    ["not an object", "[]", /^s\.json: expected a JSON object \{"version": 1, "faults": \[\.\.\.\]\}$/],
    ["another version", JSON.stringify({ version: 2, faults: [] }), /^s\.json: version: expected 1 \(the only schedule format this harness reads\)$/],
    ["faults not a list", JSON.stringify({ version: 1, faults: {} }), /^s\.json: faults: expected a list of faults$/],
    ["an unknown top-level key", JSON.stringify({ version: 1, faults: [], seed: 3 }), /^s\.json: unknown key "seed"$/],
    ["an unknown kind, named by index", file({ atMs: 0, forMs: 1, kind: "kill", nodes: ["n1"] }, { atMs: 0, forMs: 1, kind: "explode" }), /^s\.json: fault 1: kind: expected one of partition, kill, pause, loss, latency, got "explode"$/],
    ["a fault that is not an object", file(3), /^s\.json: fault 0: expected an object such as/],
    ["a missing time", file({ forMs: 1, kind: "kill", nodes: ["n1"] }), /^s\.json: fault 0 \(kill\): atMs: missing \(when the fault starts, in whole ms from the start of the main phase\)$/],
    ["a fractional time", file({ atMs: 0.5, forMs: 1, kind: "kill", nodes: ["n1"] }), /^s\.json: fault 0 \(kill\): atMs: expected a whole number of ms$/],
    ["a zero duration", file({ atMs: 0, forMs: 0, kind: "pause", nodes: ["n1"] }), /^s\.json: fault 0 \(pause\): forMs: expected at least 1 ms$/],
    ["no nodes", file({ atMs: 0, forMs: 1, kind: "kill", nodes: [] }), /^s\.json: fault 0 \(kill\): nodes: expected at least one node$/],
    ["a probability above 1", file({ atMs: 0, forMs: 1, kind: "loss", p: 2 }), /^s\.json: fault 0 \(loss\): p: expected a probability above 0 and at most 1$/],
    ["a key another kind has", file({ atMs: 0, forMs: 1, kind: "loss", p: 0.5, nodes: ["n1"] }), /^s\.json: fault 0 \(loss\): unknown key "nodes"$/],
    ["a negative latency factor", file({ atMs: 0, forMs: 1, kind: "latency", factor: -1 }), /^s\.json: fault 0 \(latency\): factor: expected a number from 0 to 1000$/],
    ["a partition with neither sides nor grudge", file({ atMs: 0, forMs: 1, kind: "partition" }), /^s\.json: fault 0 \(partition\): expected exactly one of sides \(a list of node lists\) and grudge/],
    ["a partition with one side", file({ atMs: 0, forMs: 1, kind: "partition", sides: [["n1"]] }), /^s\.json: fault 0 \(partition\): sides: expected at least two sides$/],
    ["a grudge that is not lists", file({ atMs: 0, forMs: 1, kind: "partition", grudge: { n1: "n2" } }), /^s\.json: fault 0 \(partition\): grudge\.n1: expected a list of node ids for each receiver$/],
    ["an unknown shape", file({ atMs: 0, forMs: 1, kind: "partition", shape: "big", sides: [["n1"], ["n2"]] }), /^s\.json: fault 0 \(partition\): shape: expected one of one, majority, minority-third, majorities-ring, custom$/],
    ["a node the run does not have", file({ atMs: 0, forMs: 1, kind: "kill", nodes: ["n1"] }, { atMs: 5, forMs: 1, kind: "pause", nodes: ["n9"] }), /^s\.json: fault 1 \(pause\): "n9" is not a node of this run \(n1, n2, n3, n4, n5\)$/],
    ["a node in a grudge the run does not have", file({ atMs: 0, forMs: 1, kind: "partition", grudge: { n1: ["x"] } }), /^s\.json: fault 0 \(partition\): "x" is not a node of this run/],
    ["a start after the main phase", file({ atMs: 10_000, forMs: 1, kind: "kill", nodes: ["n1"] }), /^s\.json: fault 0 \(kill\): atMs 10000 is not within the main phase, which is 10000 ms \(--time-limit\); expected at most 9999$/],
    ["a node on two sides", file({ atMs: 0, forMs: 1, kind: "partition", sides: [["n1", "n2"], ["n2"]] }), /^s\.json: fault 0 \(partition\): sides: a node is on two sides/],
    ["a node twice in a kill", file({ atMs: 0, forMs: 1, kind: "kill", nodes: ["n1", "n1"] }), /^s\.json: fault 0 \(kill\): nodes: a node is named twice$/],
  ])("refuse %s with the file, the fault's index and what was expected", (_what, text, message) => {
    expect(problem(text)).toMatch(message);
  });

  it("are read without the run's fit when none is given (a node or time the run may not have is fine)", () => {
    expect(parseFaultSchedule(file({ atMs: 99_999, forMs: 1, kind: "kill", nodes: ["x9"] }), "s.json").faults).toHaveLength(1);
  });
});

describe("a schedule in words", () => {
  it("says each fault on one line with its time, what it does and for how long", () => {
    expect(describeSchedule(example)).toEqual([
      "t=4.2s kill n2 for 3.1s",
      "t=1s partition majority n1,n2 | n3,n4,n5 for 5s",
      "t=2s partition majorities-ring n1 drops n3,n4 for 2s",
      "t=0s pause n1,n3 for 1.5s",
      "t=3s lose 50% of server messages for 0.25s",
      "t=3s latency x10 for 1s",
    ]);
    expect(describeFault({ atMs: 1234, forMs: 1, kind: "partition", grudge: {} })).toBe("t=1.234s partition custom (cuts nothing) for 0.001s");
    expect(describeSchedule({ version: 1, faults: [] })).toEqual(["(no faults)"]);
  });
});

describe("scheduleEvents", () => {
  it("orders turns by time, ends before starts at the same time, then by index", () => {
    const s: FaultSchedule = {
      version: 1,
      faults: [
        { atMs: 500, forMs: 500, kind: "loss", p: 1 },
        { atMs: 200, forMs: 800, kind: "pause", nodes: ["n1"] },
        { atMs: 1000, forMs: 10, kind: "kill", nodes: ["n2"] },
      ],
    };
    expect(scheduleEvents(s).map((e) => `${e.atMs} ${e.what} ${e.index}`)).toEqual(["200 start 1", "500 start 0", "1000 end 0", "1000 end 1", "1000 start 2", "1010 end 2"]);
  });
});
