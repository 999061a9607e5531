import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { RunStore } from "../../../maelstrom-workloads/run/store.js";
import type { Op } from "../../../maelstrom-workloads/model/op.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

it("writes a history larger than one write chunk line by line, the same bytes as joining it in one string", async () => {
  const dir = mkdtempSync(join(tmpdir(), "store-chunks-"));
  dirs.push(dir);
  const store = new RunStore(dir, "broadcast", new Date(0));
  // ~5 MiB: reads carrying every value so far, as a long broadcast run's do; one op with an error; a non-ASCII value.
  const values = Array.from({ length: 20_000 }, (_, i) => i);
  const ops: Op[] = [];
  for (let i = 0; i < 80; i++) {
    ops.push({ index: 2 * i, time: i, type: "invoke", process: i % 5, f: "read", value: null });
    ops.push({ index: 2 * i + 1, time: i + 1, type: i === 3 ? "fail" : "ok", process: i % 5, f: "read", value: i === 7 ? "é✓" : values.slice(0, 250 * i), ...(i === 3 ? { error: [11, "no"] } : {}) });
  }
  store.writeHistory(ops);
  await store.close();
  expect(readFileSync(join(store.dir, "history.jsonl"), "utf8")).toBe(ops.map((o) => JSON.stringify(o)).join("\n") + "\n");
  const txt = ops.map((o) => [o.process, o.type, o.f, JSON.stringify(o.value) ?? "nil", ...(o.error !== undefined ? [JSON.stringify(o.error)] : [])].join("\t"));
  expect(readFileSync(join(store.dir, "history.txt"), "utf8")).toBe(txt.join("\n") + "\n");
  expect(readFileSync(join(store.dir, "history.jsonl")).length).toBeGreaterThan(3 << 20);
});

it("writes an empty history as empty files", async () => {
  const dir = mkdtempSync(join(tmpdir(), "store-chunks-"));
  dirs.push(dir);
  const store = new RunStore(dir, "echo", new Date(0));
  store.writeHistory([]);
  await store.close();
  expect(readFileSync(join(store.dir, "history.jsonl"), "utf8")).toBe("");
  expect(readFileSync(join(store.dir, "history.txt"), "utf8")).toBe("");
});
