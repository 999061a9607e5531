// Both readers of the store, `serve` and `replay --run`, read test.json through
// model/store-format.ts: a key of the wrong type is left out and said so.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listRuns } from "../../scripts/maelstrom/serve.js";
import { loadStoredRun } from "../../scripts/replay/stored-run.js";

const scratch = mkdtempSync(join(tmpdir(), "test-json-readers-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const journal = JSON.stringify({ id: 0, time: 0, type: "recv", message: { id: 0, src: "c0", dest: "n1", body: { type: "echo", echo: "hi", msg_id: 1 } } }) + "\n";

/** A run folder holding these files, under store/echo/. */
function run(ts: string, files: Record<string, string>): string {
  const dir = join(scratch, "store", "echo", ts);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("serve", () => {
  it("keeps the keys of the right type, and notes each one of the wrong type", async () => {
    run("20261121T120000.000+0000", { "test.json": JSON.stringify({ nodes: "n1 n2", "exit-code": 1, crash: 5, interrupted: true }) });
    const [r] = await listRuns(join(scratch, "store"));
    expect(r!.test).toEqual({ "exit-code": 1 });
    expect(r!.notes).toEqual([
      'test.json: "nodes" should be a list of strings, got "n1 n2"',
      'test.json: "crash" should be a string or null, got 5',
      'test.json: "interrupted" should be a string (the signal\'s name), got true',
    ]);
    expect(r!.verdict).toEqual({ kind: "crashed", label: "crashed", detail: "exit code 1, and no results.json" });
    expect(r!.figures.nodes).toBeUndefined();
  });
});

describe("replay --run", () => {
  it("notes a key of the wrong type and goes on without it", async () => {
    const dir = run("20261121T130000.000+0000", { "journal.jsonl": journal, "test.json": JSON.stringify({ bin: 42, "bin-args": ["--x"], nodes: ["n1"] }) });
    const loaded = await loadStoredRun(dir, undefined, scratch);
    expect(loaded.bin).toBeNull();
    expect(loaded.binArgs).toEqual(["--x"]);
    expect(loaded.notes).toEqual([`${dir}/test.json: "bin" should be a string, got 42`]);
  });

  it("refuses a test.json that is not JSON, naming it; one that is not an object names nothing", async () => {
    const bad = run("20261121T140000.000+0000", { "journal.jsonl": journal, "test.json": '{"bin": ' });
    await expect(loadStoredRun(bad, "n1", scratch)).rejects.toThrow(`${bad}/test.json is not valid JSON (`);
    const list = run("20261121T150000.000+0000", { "journal.jsonl": journal, "test.json": "[]" });
    const loaded = await loadStoredRun(list, "n1", scratch);
    expect([loaded.bin, loaded.notes]).toEqual([null, []]);
  });
});
