import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { History } from "../../../maelstrom-workloads/model/history.js";
import { RunStore, runTimestamp } from "../../../maelstrom-workloads/run/store.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

it("names runs with Jepsen's basic timestamp", () => {
  expect(runTimestamp(new Date(Date.UTC(2026, 10, 21, 9, 5, 7, 8)))).toBe("20261121T090507.008+0000");
});

it("points store/current at a run when it starts, and store/latest and store/<workload>/latest when it has finished", () => {
  const store = mkdtempSync(join(tmpdir(), "store-"));
  dirs.push(store);
  const link = (...parts: string[]) => (existsSync(join(store, ...parts)) ? readlinkSync(join(store, ...parts)) : undefined);
  const a = new RunStore(store, "echo", new Date(Date.UTC(2026, 0, 1)));
  expect([link("current"), link("latest"), link("echo", "latest")]).toEqual(["echo/20260101T000000.000+0000", undefined, undefined]);
  a.finished();
  expect([link("current"), link("latest"), link("echo", "latest")]).toEqual(["echo/20260101T000000.000+0000", "echo/20260101T000000.000+0000", "20260101T000000.000+0000"]);
  // A second run starts: current moves, latest stays at the run that ended, until this one ends too.
  const b = new RunStore(store, "broadcast", new Date(Date.UTC(2026, 0, 2)));
  expect([link("current"), link("latest"), link("echo", "latest"), link("broadcast", "latest")]).toEqual(["broadcast/20260102T000000.000+0000", "echo/20260101T000000.000+0000", "20260101T000000.000+0000", undefined]);
  b.finished();
  expect([link("current"), link("latest"), link("echo", "latest"), link("broadcast", "latest")]).toEqual(["broadcast/20260102T000000.000+0000", "broadcast/20260102T000000.000+0000", "20260101T000000.000+0000", "20260102T000000.000+0000"]);
  // The links are relative (the store can be moved), and nothing but them and the runs is left behind (no temporary links).
  expect(readdirSync(store).sort()).toEqual(["broadcast", "current", "echo", "latest"]);
  expect(readdirSync(join(store, "echo")).sort()).toEqual(["20260101T000000.000+0000", "latest"]);
  return Promise.all([a.close(), b.close()]);
});

it("creates the run folder and writes the history in two forms", async () => {
  const store = mkdtempSync(join(tmpdir(), "store-"));
  dirs.push(store);
  const a = new RunStore(store, "echo", new Date(Date.UTC(2026, 0, 1)));
  const b = new RunStore(store, "echo", new Date(Date.UTC(2026, 0, 1))); // same millisecond: a distinct folder
  expect(b.dir).not.toBe(a.dir);
  expect(readlinkSync(join(store, "current"))).toBe("echo/20260101T000000.000+0000-1");
  let t = 0;
  const h = new History(() => (t += 1000));
  h.invoke(0, "echo", "hi");
  h.complete(0, "echo", { type: "info", value: "hi", error: "net-timeout" });
  h.nemesis("start-partition", "one");
  b.writeHistory(h.ops);
  await Promise.all([a.close(), b.close()]);
  expect(readFileSync(join(b.dir, "history.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l))).toEqual([
    { index: 0, time: 1000, type: "invoke", process: 0, f: "echo", value: "hi" },
    { index: 1, time: 2000, type: "info", process: 0, f: "echo", value: "hi", error: "net-timeout" },
    { index: 2, time: 3000, type: "info", process: "nemesis", f: "start-partition", value: "one" },
  ]);
  expect(readFileSync(join(b.dir, "history.txt"), "utf8")).toBe('0\tinvoke\techo\t"hi"\n0\tinfo\techo\t"hi"\t"net-timeout"\nnemesis\tinfo\tstart-partition\t"one"\n');
  expect(h.counts).toEqual({ invoke: 1, ok: 0, fail: 0, info: 1 });
});
