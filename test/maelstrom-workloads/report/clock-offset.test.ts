import { describe, expect, it } from "vitest";
import type { Op } from "../../../maelstrom-workloads/model/op.js";
import { historyOffsetNs, onJournalClock } from "../../../maelstrom-workloads/report/clock-offset.js";
import type { JournalMessage } from "../../../maelstrom-workloads/report/report-types.js";

const msg = (id: number, src: string, dest: string, type: string, sendNs: number): JournalMessage => ({ id, src, dest, type, sendNs, recvNs: sendNs + 1, body: { type } });
const op = (index: number, time: number, process: number | "nemesis", f: string, type: Op["type"] = "invoke"): Op => ({ index, time, process, f, type, value: null }) as Op;

describe("the history's clock against the journal's", () => {
  it("is the first client send of the first op's type, less that op's invocation", () => {
    const journal = [msg(0, "c0", "n0", "init", 0), msg(1, "c1", "n0", "topology", 5e8), msg(2, "n0", "n1", "gossip", 6e8), msg(3, "c2", "n1", "broadcast", 7e8 + 3e6)];
    const history = [op(0, 0, "nemesis", "start-partition", "info"), op(1, 3e6, 2, "broadcast")];
    expect(historyOffsetNs(history, journal)).toBe(7e8);
  });
  it("falls back to any client send but init and topology; 0 with no client op or no send", () => {
    expect(historyOffsetNs([op(0, 1e6, 0, "final")], [msg(0, "c0", "n0", "init", 0), msg(1, "c0", "n0", "read", 2e8 + 1e6)])).toBe(2e8);
    expect(historyOffsetNs([op(0, 0, "nemesis", "kill", "info")], [msg(0, "c0", "n0", "read", 5)])).toBe(0);
    expect(historyOffsetNs([op(0, 1e6, 0, "read")], [msg(0, "c0", "n0", "init", 0)])).toBe(0);
  });
  it("moves fault spans onto the journal's clock, Infinity staying Infinity", () => {
    expect(onJournalClock([{ kind: "kill", fromNs: 1, toNs: Infinity, nodes: ["n1"], label: "kill n1" }], 10)).toEqual([{ kind: "kill", fromNs: 11, toNs: Infinity, nodes: ["n1"], label: "kill n1" }]);
  });
});
