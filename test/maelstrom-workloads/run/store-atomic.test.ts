import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it, vi } from "vitest";
import { RunStore } from "../../../maelstrom-workloads/run/store.js";

// Two harnesses started in the same millisecond both look before either
// creates its folder: each sees the name free. Make every such look say
// "free", as it did for both, and check the two runs still get two folders.
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  return { ...fs, existsSync: () => false };
});

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

it("gives two runs started in the same millisecond two folders, even when both found the name free", async () => {
  const store = mkdtempSync(join(tmpdir(), "store-"));
  dirs.push(store);
  const at = new Date(Date.UTC(2026, 0, 1));
  const a = new RunStore(store, "echo", at);
  const b = new RunStore(store, "echo", at);
  const c = new RunStore(store, "echo", at);
  await Promise.all([a.close(), b.close(), c.close()]);
  expect(new Set([a.dir, b.dir, c.dir]).size).toBe(3);
  expect(readdirSync(join(store, "echo")).sort()).toEqual(["20260101T000000.000+0000", "20260101T000000.000+0000-1", "20260101T000000.000+0000-2"]);
});
