// What analyze needs of a stored run's test.json: the workload, built as the
// run built it, and the checking options. test.json is read without trusting
// it (readTestJson); the options it does not record (--availability,
// --membership-deadline, --membership-period) are read again from the run's
// command line, which it does record, as Jepsen's analyze re-parses the
// stored test's argv.
import { applyValue } from "../../../maelstrom-workloads/options/apply-value.js";
import { defaultValues, OPTION_BY_NAME, SESSION_MODES, type OptionValues } from "../../../maelstrom-workloads/options/option-table.js";
import { readTestJson, type TestJsonFields } from "../../../maelstrom-workloads/model/store-format.js";
import { workloadContext } from "../../../maelstrom-workloads/run/run-config.js";
import type { Workload } from "../../../maelstrom-workloads/workload.js";
import { IMPLEMENTED_WORKLOADS } from "../../../maelstrom-workloads/options/index.js";
import { workloadFactory } from "../../../maelstrom-workloads/workloads.js";
import { shownValue } from "./shown-value.js";

export interface StoredTest {
  workloadName: string;
  workload: Workload;
  availability: undefined | "total" | number;
  seed: number;
  /** test.json's keys that hold the right type (for the report). */
  test: TestJsonFields;
  /** What is odd but does not stop the analysis: a key of the wrong type that the analysis does not use. */
  notes: string[];
}

/** The keys the workload and the checkers are built from; a run without one of them cannot be analysed. */
const NEEDED = ["workload", "nodes", "concurrency", "seed", "topology", "latency"] as const;
/** The options read again from the stored command line. */
const FROM_ARGV = ["--availability", "--membership-deadline", "--membership-period"] as const;

/** The stored run's workload and checking options from test.json's text, or why it cannot be analysed. */
export function storedTest(text: string): StoredTest | { error: string } {
  const read = readTestJson(text);
  if (read.test === null) return { error: read.problems[0]! };
  const t = read.test;
  const bad = read.problems.filter((p) => NEEDED.some((k) => p.startsWith(`test.json: "${k}"`)));
  if (bad.length > 0) return { error: bad.join("; ") };
  const missing = NEEDED.filter((k) => t[k] === undefined);
  if (missing.length > 0) return { error: `test.json has no ${missing.map((k) => `"${k}"`).join(", ")}: the workload cannot be built without ${missing.length === 1 ? "it" : "them"}` };
  const status = statusProblem(t);
  if (status) return { error: status };
  const factory = workloadFactory(t.workload!);
  if (!factory) return { error: `test.json: workload ${shownValue(t.workload)} is not one this harness implements (${IMPLEMENTED_WORKLOADS.join(", ")})` };
  if (t.nodes!.length === 0) return { error: `test.json: "nodes" is empty` };
  if (t.concurrency! < 1) return { error: `test.json: "concurrency" is ${t.concurrency}; a run has at least 1 client thread` };
  const sessions = t.sessions ?? "sticky";
  if (!(SESSION_MODES as readonly string[]).includes(sessions)) return { error: `test.json: "sessions" should be ${SESSION_MODES.join(" or ")}, got ${shownValue(sessions)}` };
  const problem = factory.optionsProblem?.({ nodes: t.nodes!, concurrency: t.concurrency! });
  if (problem) return { error: `test.json: the workload cannot run with these options: ${problem}` };
  const args = t.argv ?? [];
  const values = optionsFromArgv(args);
  if ("error" in values) return { error: `test.json: "argv" (the run's command line): ${values.error}` };
  let workload: Workload;
  try {
    workload = factory(
      workloadContext({
        nodes: t.nodes!,
        concurrency: t.concurrency!,
        seed: t.seed!,
        topology: t.topology!,
        sessions: sessions as (typeof SESSION_MODES)[number],
        latency: t.latency!,
        membershipDeadline: values.membershipDeadline,
        membershipPeriod: values.membershipPeriod,
      }),
    );
  } catch (e) {
    return { error: `test.json: the ${t.workload} workload cannot be built from it: ${e instanceof Error ? e.message : String(e)}` };
  }
  const notes = read.problems.filter((p) => !bad.includes(p));
  if (t.argv === undefined) notes.push(`test.json has no "argv": --availability, --membership-deadline and --membership-period take their defaults`);
  return { workloadName: t.workload!, workload, availability: values.availability, seed: t.seed!, test: t, notes };
}

/**
 * Only a finished run is judged: one still running (or killed so hard it
 * could not say how it ended), crashed or interrupted has a history cut
 * short, and its run computed no results either. A test.json from before
 * "status" was written has none and is taken as finished.
 */
function statusProblem(t: TestJsonFields): string | undefined {
  if (t.status === undefined || t.status === "done") return undefined;
  if (t.status === "running") return `test.json says the run is still running (pid ${t.pid ?? "unknown"}), or it was killed before it could say how it ended: its history is not whole`;
  if (t.status === "crashed") return `the run crashed (${t.crash ?? "no reason recorded"}): its history is not whole, and a crashed run has no results to check again`;
  return `the run was interrupted${t.interrupted ? ` by ${t.interrupted}` : ""}: its history is not whole, and an interrupted run has no results to check again`;
}

/**
 * The checking options of a stored command line, read as `maelstrom test`
 * reads them (the option table's own parsers), walking it as the parser does
 * (an option's value is the next argument or after "="; "--" ends the
 * options). Every other option is passed over unread: --nodes-file and
 * --schedule name files that may be gone, and test.json records the rest.
 */
function optionsFromArgv(argv: readonly string[]): Pick<OptionValues, "availability" | "membershipDeadline" | "membershipPeriod"> | { error: string } {
  const values = defaultValues();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") break;
    if (!arg.startsWith("-") || arg === "-") continue;
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const row = OPTION_BY_NAME.get(name);
    if (row === undefined || !row.kind.takesValue) continue;
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--") || OPTION_BY_NAME.has(next)) continue; // the value was left out
      value = next;
      i++;
    }
    if (!(FROM_ARGV as readonly string[]).includes(row.long)) continue;
    const problem = applyValue(row, value, values);
    if (problem) return { error: `${row.long}: expected ${problem.expected}, got ${shownValue(value)}` };
  }
  return { availability: values.availability, membershipDeadline: values.membershipDeadline, membershipPeriod: values.membershipPeriod };
}
