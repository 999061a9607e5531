import { mkdtempSync, readFileSync, readlinkSync, rmSync } from "node:fs";
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

it("creates the run folder, points both latest links at it, and writes the history in two forms", async () => {
  const store = mkdtempSync(join(tmpdir(), "store-"));
  dirs.push(store);
  const a = new RunStore(store, "echo", new Date(Date.UTC(2026, 0, 1)));
  const b = new RunStore(store, "echo", new Date(Date.UTC(2026, 0, 1))); // same millisecond: a distinct folder
  expect(b.dir).not.toBe(a.dir);
  expect(readlinkSync(join(store, "latest"))).toBe("echo/20260101T000000.000+0000-1");
  expect(readlinkSync(join(store, "echo", "latest"))).toBe("20260101T000000.000+0000-1");
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
