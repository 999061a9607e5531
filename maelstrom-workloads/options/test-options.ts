/** Options given in code (test helpers, benchmarks, the simulator's callers): the table's defaults filled in and every value checked as on the command line. */

import { applyValue } from "./apply-value.js";
import { type AnyOptionRow, defaultValues, OPTIONS, type TestOptionsInput } from "./option-table.js";
import { defaultIo, resolveOptions, type TestArgsIo, type TestOptions } from "./resolve-options.js";

const BY_KEY: ReadonlyMap<string, AnyOptionRow> = new Map(OPTIONS.map((o) => [o.key, o]));

/**
 * The options of a run from any subset of them, by key (as in the table:
 * `{ workload: "echo", bin: "nodes/echo.ts", nodeCount: 3, nemesis: ["partition"] }`).
 * Each value given is read by the same parser as on the command line, so it
 * has the same range; an option left out (or undefined) takes the table's
 * default. A relative --bin, --store or --schedule is taken from io.baseDir,
 * by default the working folder. Throws an Error naming the option, the value
 * and what is expected.
 */
export function testOptions(input: TestOptionsInput, io: TestArgsIo = defaultIo): TestOptions {
  const values = defaultValues();
  const fail = (what: string): never => {
    throw new Error(`testOptions: ${what}`);
  };
  for (const [key, given] of Object.entries(input)) {
    if (key === "binArgs" || given === undefined) continue;
    const row = BY_KEY.get(key) ?? fail(`unknown option ${JSON.stringify(key)}; expected one of ${[...BY_KEY.keys()].join(", ")}`);
    const shown = typeof given === "number" ? String(given) : JSON.stringify(given);
    if (!row.kind.takesValue) {
      if (typeof given !== "boolean") fail(`${row.long} (${key}): expected true or false, got ${shown}`);
      (values as Record<string, unknown>)[key] = given;
      continue;
    }
    const texts = (row.kind.texts as (v: unknown) => string[] | undefined)(given) ?? fail(`${row.long} (${key}): expected ${row.kind.expected}, got ${shown}`);
    for (const text of texts) {
      const problem = applyValue(row, text, values);
      if (problem !== undefined) fail(`${row.long} (${key}): expected ${problem.expected}, got ${shown}${problem.hint ? `; ${problem.hint}` : ""}`);
    }
  }
  // Code takes relative paths from its working folder, never from INIT_CWD (see invocationDir).
  const resolved = resolveOptions(values, input.binArgs ?? [], io, io.baseDir ?? process.cwd());
  if (!resolved.ok) fail(resolved.error);
  return (resolved as { ok: true; options: TestOptions }).options;
}
