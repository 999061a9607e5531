// --loss on the simulator: a broadcast run whose journal.jsonl records each
// lost message as a drop with why "loss", at a rate within statistical bounds
// of P, written byte for byte as JSON.stringify would, and readable by replay.
import { describe, expect, it } from "vitest";
import type { JournalEvent } from "../../../maelstrom-workloads/model/journal-event.js";
import { deliveredTo, loadStoredRun, parseJournal } from "../../../scripts/replay/stored-run.js";
import { installBroadcastProgram, simRun } from "../../helpers/sim-run.js";

const P = 0.1;
const lossRun = (seed: number) =>
  simRun({ workloadName: "broadcast", install: installBroadcastProgram, nodeCount: 5, rate: 50, timeLimit: 60, latency: { mean: 20, dist: "exponential" }, loss: P, seed });

const isServer = (e: JournalEvent) => !e.message.src.startsWith("c") && !e.message.dest.startsWith("c");

describe("--loss on the simulator (seed 11, 5 nodes, P = 0.1)", async () => {
  const r = await lossRun(11);
  const text = r.text("journal.jsonl");
  const lines = text.split("\n").slice(0, -1);
  const journal: JournalEvent[] = lines.map((l) => JSON.parse(l));

  it("journals drops with why loss at a rate within 4 standard deviations of P, only between servers", () => {
    expect(r.exitCode, r.output).toBe(0);
    const sent = journal.filter((e) => e.type === "send" && isServer(e)).length;
    const lost = journal.filter((e) => e.type === "drop" && e.why === "loss");
    expect(sent).toBeGreaterThan(2000);
    expect(lost.every(isServer)).toBe(true);
    const sd = Math.sqrt(sent * P * (1 - P));
    expect(Math.abs(lost.length - sent * P), `${lost.length} of ${sent} server messages lost`).toBeLessThan(4 * sd);
    // Nothing else dropped anything in this run (no nemesis, no kills).
    expect(journal.filter((e) => e.type === "drop").length).toBe(lost.length);
  });

  it("ends every message as one recv or one drop after its send", () => {
    const fate = new Map<number, string[]>();
    for (const e of journal) fate.set(e.message.id, [...(fate.get(e.message.id) ?? []), e.type]);
    const shapes = new Set([...fate.values()].map((f) => f.join(" ")));
    expect([...shapes].sort()).toEqual(["send drop", "send recv"]);
  });

  it("writes each line as JSON.stringify of its event, a drop's keys in the order id, time, type, why, message", () => {
    for (const [k, line] of lines.entries()) expect(line, `line ${k + 1}`).toBe(JSON.stringify(journal[k]));
    const drop = journal.find((e) => e.type === "drop")!;
    expect(Object.keys(drop)).toEqual(["id", "time", "type", "why", "message"]);
    expect(Object.keys(journal.find((e) => e.type === "recv")!)).toEqual(["id", "time", "type", "message"]);
  });

  it("counts the drops in results.json's net stats, with Maelstrom's counts as before", () => {
    const net = r.file("results.json").net;
    const lost = journal.filter((e) => e.type === "drop").length;
    expect(net.servers["drop-count"]).toBe(lost);
    expect(net.servers["drops-by-why"]).toEqual({ loss: lost });
    expect(net.servers["send-count"]).toBe(journal.filter((e) => e.type === "send" && isServer(e)).length);
    expect(net.servers["recv-count"]).toBe(journal.filter((e) => e.type === "recv" && isServer(e)).length);
    expect(net.clients).not.toHaveProperty("drop-count");
  });

  it("is read by replay: drops are parsed and never replayed as input", async () => {
    const { events, notes } = parseJournal(text, "journal.jsonl");
    expect(notes).toEqual([]);
    expect(events.length).toBe(journal.length);
    const stored = await loadStoredRun(r.dir, "n1", "/");
    const droppedToN1 = new Set(journal.filter((e) => e.type === "drop" && e.message.dest === "n1").map((e) => e.message.id));
    expect(droppedToN1.size).toBeGreaterThan(0);
    const replayed = stored.lines.map((l) => JSON.parse(l).id as number);
    expect(replayed.length).toBe(journal.filter((e) => e.type === "recv" && e.message.dest === "n1").length);
    expect(replayed.some((id) => droppedToN1.has(id))).toBe(false);
    expect(deliveredTo(events, "n1").map((m) => m.id)).toEqual(replayed);
  });

  it("drops the same messages for the same seed, and others for another seed", async () => {
    expect((await lossRun(11)).text("journal.jsonl")).toBe(text);
    const dropped = (j: string) => j.split("\n").filter((l) => l.includes('"type":"drop"')).map((l) => JSON.parse(l).message.id);
    expect(dropped((await lossRun(12)).text("journal.jsonl"))).not.toEqual(dropped(text));
  });

  it("journals no drop and reports Maelstrom's net keys only without --loss", async () => {
    const plain = await simRun({ workloadName: "broadcast", install: installBroadcastProgram, nodeCount: 5, rate: 50, timeLimit: 10, latency: { mean: 20, dist: "exponential" }, seed: 11 });
    expect(plain.text("journal.jsonl")).not.toContain('"type":"drop"');
    for (const group of ["all", "clients", "servers"]) expect(Object.keys(plain.file("results.json").net[group]).filter((k) => k.startsWith("drop"))).toEqual([]);
  });
});
