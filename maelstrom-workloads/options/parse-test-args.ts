/**
 * The command line of `maelstrom test`, read by the option table
 * (option-table.ts). Pure except that `--nodes-file` is read through `io`.
 */

import { applyValue } from "./apply-value.js";
import { closest } from "./did-you-mean.js";
import { defaultValues, OPTION_BY_NAME, OPTION_NAMES } from "./option-table.js";
import { invocationDir } from "./invocation-dir.js";
import { defaultIo, resolveOptions, type TestArgsIo, type TestOptions } from "./resolve-options.js";

export type TestArgsResult = { ok: true; help: true } | { ok: true; help: false; options: TestOptions } | { ok: false; error: string };

const q = (s: string) => JSON.stringify(s);

/**
 * Parses the arguments of `maelstrom test` (argv without the word `test`).
 *
 * - `-h`/`--help` anywhere before `--` gives `{ ok: true, help: true }`, even
 *   when other arguments are wrong (as in Jepsen).
 * - Otherwise the first problem, in argument order, gives `{ ok: false, error }`
 *   with a one-line message naming the option, the bad value and what is
 *   expected; checks that involve several options (--bin missing, the node
 *   list, --concurrency, --latency with --latency-dist) come after.
 * - A later occurrence of an option replaces an earlier one, except `-n/--node`,
 *   which accumulates.
 * - --bin, --store, --schedule and --nodes-file are taken from `io.baseDir`,
 *   by default the folder the user ran the command from (invocationDir), and
 *   --bin and --store come out as absolute paths.
 */
export function parseTestArgs(argv: readonly string[], io: TestArgsIo = defaultIo): TestArgsResult {
  const values = defaultValues();
  const binArgs: string[] = [];
  let firstError: string | undefined;
  const fail = (msg: string) => {
    firstError ??= msg;
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      binArgs.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      binArgs.push(arg);
      continue;
    }

    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const row = OPTION_BY_NAME.get(name);
    if (row === undefined) {
      const hint = closest(name, OPTION_NAMES);
      fail(`unknown option ${q(name)}${hint ? ` (did you mean ${hint}?)` : ""}; run with --help to see the options`);
      continue;
    }

    if (!row.kind.takesValue) {
      if (inline !== undefined) fail(`${row.long}: takes no value, got ${q(arg)}; write just ${row.long}`);
      else applyValue(row, "", values);
      continue;
    }

    let value: string;
    if (inline !== undefined) {
      value = inline;
    } else {
      const next = argv[i + 1];
      // A following option (anything starting with --, or a known short
      // option) means the value was left out; a value that looks like an
      // option can still be given as --opt=VALUE.
      if (next === undefined || next.startsWith("--") || OPTION_BY_NAME.has(next)) {
        const after = next === undefined ? "it is the last argument" : `the next argument is ${q(next)}`;
        const metavar = "metavar" in row ? row.metavar : "VALUE";
        const example = "example" in row ? row.example : metavar;
        fail(`${row.long}: missing value (${after}); expected ${metavar}, as in ${row.long} ${example}`);
        continue;
      }
      value = next;
      i++;
    }
    const problem = applyValue(row, value, values);
    if (problem !== undefined) fail(`${row.long}: expected ${problem.expected}, got ${q(value)}${problem.hint ? `; ${problem.hint}` : ""}`);
  }

  if (values.help) return { ok: true, help: true };
  if (firstError !== undefined) return { ok: false, error: firstError };
  const resolved = resolveOptions(values, binArgs, io, io.baseDir ?? invocationDir());
  return resolved.ok ? { ok: true, help: false, options: resolved.options } : resolved;
}
