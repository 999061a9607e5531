import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runConfigFrom } from "../../maelstrom-workloads/run/run-config.js";
import { type RunHooks, runTest } from "../../maelstrom-workloads/harness/run-test.js";
import type { TestOptionsInput, Workload } from "../../maelstrom-workloads/options/option-table.js";
import { testOptions } from "../../maelstrom-workloads/options/test-options.js";

export const ROOT = resolve(import.meta.dirname, "../..");

/** Options as testOptions takes them (workload and bin required; bin relative to the project), and the wait before the final reads (Maelstrom's is 10 s). */
export type HarnessOverrides = TestOptionsInput & { workload: Workload; bin: string; recoverySeconds?: number };

/**
 * Runs the harness in-process with small settings (overridable; every other
 * option takes the option table's default) and a temporary store: 3 nodes,
 * --rate 10, --time-limit 3, --nemesis-interval 1, 1 s before the final
 * reads. The seed is fixed (7 unless the caller passes one) so a failing run
 * can be repeated.
 */
export async function runHarness(overrides: HarnessOverrides, hooks: RunHooks = {}) {
  const { bin, recoverySeconds = 1, ...rest } = overrides;
  const options = testOptions({
    nodeCount: 3,
    rate: 10,
    timeLimit: 3,
    nemesisInterval: 1,
    seed: 7,
    storeDir: mkdtempSync(join(tmpdir(), "harness-store-")),
    ...rest,
    bin: resolve(ROOT, bin),
  });
  const cfg = { ...runConfigFrom(options, []), recoverySeconds };
  const lines: string[] = [];
  const outcome = await runTest(cfg, (l) => lines.push(l), hooks);
  const read = (name: string) => (existsSync(join(outcome.dir, name)) ? JSON.parse(readFileSync(join(outcome.dir, name), "utf8")) : undefined);
  const text = (name: string) => readFileSync(join(outcome.dir, name), "utf8");
  return { ...outcome, cfg, output: lines.join("\n"), file: read, text, label: `seed ${cfg.seed}, store ${outcome.dir}` };
}
