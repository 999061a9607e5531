import { commandName } from "../../maelstrom-workloads/options/command-name.js";
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { RUN_FILES } from "../../maelstrom-workloads/model/store-format.js";
import { writeReport } from "../../maelstrom-workloads/report/write-report.js";
import { invocationDir } from "../../maelstrom-workloads/options/invocation-dir.js";

export const REPORT_USAGE = `Usage: ${commandName("maelstrom")} report RUN_DIR...

Writes a stored run's report files into its folder again, from its
history.jsonl, journal.jsonl, results.json and test.json: report.html,
messages.svg, timeline.html, latency-raw.svg, latency-quantiles.svg and rate.svg
(ours: Maelstrom writes its files only during a test). For runs stored before
reports were written, or after a change to the report. RUN_DIR is a run's
folder, e.g. store/broadcast/latest. Exit 0 when every file of every run was
written, 1 when some could not be made (each is named), 254 on bad arguments.`;

/** `maelstrom report RUN_DIR...`: the exit code. */
export async function runReportCommand(argv: readonly string[], out: (s: string) => void, err: (s: string) => void, baseDir = invocationDir()): Promise<number> {
  if (argv.includes("-h") || argv.includes("--help")) {
    out(REPORT_USAGE);
    return 0;
  }
  const bad = argv.find((a) => a.startsWith("-"));
  if (argv.length === 0 || bad) {
    err(`report: ${bad ? `unknown option ${JSON.stringify(bad)}` : "which run? give its folder, e.g. store/broadcast/latest"}\n\n${REPORT_USAGE}`);
    return 254;
  }
  let code = 0;
  for (const arg of argv) {
    const dir = resolve(baseDir, arg);
    if (!existsSync(dir) || !statSync(dir).isDirectory() || !existsSync(join(dir, RUN_FILES.history))) {
      err(`report: ${arg} is not a run's folder (no ${RUN_FILES.history} in ${dir})`);
      return 254;
    }
    const r = await writeReport(dir);
    out(`${join(dir, "report.html")}: ${r.written.length} files in ${(r.ms / 1000).toFixed(1)} s${r.problems.length ? `; not made: ${r.problems.join("; ")}` : ""}`);
    if (r.problems.length) code = 1;
  }
  return code;
}
