// Replay starts a TypeScript --bin as the harness does: bundled with esbuild and run with node, so a
// node of one's own needs neither the launcher line nor the executable bit; one that cannot be
// bundled is a usage error naming where.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { replayWithOutcome } from "../../scripts/replay/run-replay.js";
import { ROOT } from "../helpers/run-harness.js";

const dir = mkdtempSync(join(tmpdir(), "replay-ts-bin-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function replayFile(bin: string): Promise<{ code: number; report: string; errors: string }> {
  let report = "";
  let errors = "";
  const { exitCode } = await replayWithOutcome(
    { bin, input: join(ROOT, "test/fixtures/echo-session.jsonl"), expect: join(ROOT, "test/fixtures/echo-session.expected.jsonl"), quietMs: 40, replyMs: 5000, graceMs: 3000, timeoutMs: 15_000 },
    { write: (s) => void (report += s), error: (s) => void (errors += s) },
  );
  return { code: exitCode, report, errors };
}

describe("replay of a .ts file", () => {
  it("bundles a node that is not executable and has no launcher line, and replays it", async () => {
    // The echo node as a user would write it outside this repository: no #! lines, mode 644.
    const src = readFileSync(join(ROOT, "nodes/echo.ts"), "utf8").split("\n").slice(2).join("\n").replace('"../lib/index.js"', JSON.stringify(join(ROOT, "lib/index.js")));
    const file = join(dir, "my-echo.ts");
    writeFileSync(file, src);
    chmodSync(file, 0o644);
    const r = await replayFile(file);
    expect(r.errors).toBe("");
    expect(r.report).toContain("result    OK");
    expect(r.code).toBe(0);
  });

  it("names where a file cannot be bundled, as a usage error (exit 2)", async () => {
    const file = join(dir, "broken.ts");
    writeFileSync(file, "export default function install( {\n");
    const r = await replayFile(file);
    expect(r.code).toBe(2);
    expect(r.errors).toMatch(/could not start --bin: .*broken\.ts could not be bundled to run: .*broken\.ts:2:1:/);
  });
});
