// The report's figures for a big run (issue 14): how long writing a run's report
// files takes, and how long headless Chromium takes to open report.html and run
// a trace of a lost value on load (its own start included). Medians of --runs.
//   npm run bench:report -- [--run RUN_DIR] [--runs 3]
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadNodeProgram } from "../lib/runtime/node-program.js";
import { testOptions } from "../maelstrom-workloads/options/test-options.js";
import { readJournal } from "../maelstrom-workloads/report/read-journal.js";
import { lostValues } from "../maelstrom-workloads/report/report-html.js";
import { writeReport } from "../maelstrom-workloads/report/write-report.js";
import { runConfigFrom } from "../maelstrom-workloads/run/run-config.js";
import { runSim } from "../maelstrom-workloads/sim/run-sim.js";
import { benchArgs, usageError } from "./bench/cli.js";
import { fileStamp, machineLine, Report } from "./bench/report.js";
import { median } from "./bench/stats.js";

const NAME = "bench-report";
const FIXTURE = "test/fixtures/nodes/drops-gossip.ts";
const USAGE = `usage: npm run bench:report -- [--run RUN_DIR] [--runs 3]

Without --run, first makes the largest run the README quotes: -w broadcast --bin
${FIXTURE} --node-count 5 --time-limit 60 --rate 500 on the simulator (about
120,000 messages, a 250 MB journal, thousands of lost values), in a temporary
store deleted at the end. Then, --runs times each: writes the run's report files
(writeReport, as \`npm run maelstrom -- report\` does) and opens report.html in
headless Chromium with #trace=<the first lost value>, to the end of the page's
scripts (--dump-dom; the browser's start included). Prints medians and sizes;
the report goes to store/bench/report-<time>.md. Exit 1 if a trace found nothing.`;

const { values } = benchArgs(NAME, USAGE, { options: { run: { type: "string" }, runs: { type: "string", default: "3" } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) usageError(NAME, USAGE, `--runs takes a whole number from 1, got ${JSON.stringify(values.runs)}`);

const report = new Report();
const say = (l: string) => report.say(l);
say(`# report files of a big run, ${runs} runs each`);
say(machineLine());

let dir = values.run === undefined ? undefined : resolve(values.run);
let scratch: string | undefined;
if (dir === undefined) {
  scratch = mkdtempSync(join(tmpdir(), "bench-report-"));
  const options = testOptions({ workload: "broadcast", bin: FIXTURE, nodeCount: 5, timeLimit: 60, rate: 500, seed: 1, storeDir: scratch });
  const t = performance.now();
  const out = await runSim({ ...runConfigFrom(options, []), install: await loadNodeProgram(resolve(FIXTURE)) }, () => {});
  dir = out.dir;
  say(`made the run: -w broadcast --bin ${FIXTURE} --node-count 5 --time-limit 60 --rate 500 --seed 1 (simulator, ${((performance.now() - t) / 1000).toFixed(1)} s)`);
}
const { messages, unreadable } = await readJournal(join(dir, "journal.jsonl"));
const results = JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as Record<string, unknown>;
const lost = lostValues(results);
const mb = (f: string) => (statSync(join(dir!, f)).size / 1e6).toFixed(1);
say(`run ${dir}: ${messages.length.toLocaleString("en-US")} messages (${unreadable} unreadable lines), journal ${mb("journal.jsonl")} MB, ${lost.length.toLocaleString("en-US")} lost values`);

const writes: number[] = [];
for (let i = 0; i < runs; i++) {
  const r = await writeReport(dir);
  if (r.problems.length) say(`  problems: ${r.problems.join("; ")}`);
  writes.push(r.ms);
}
say(`writing the report files: median ${(median(writes) / 1000).toFixed(2)} s (${writes.map((x) => (x / 1000).toFixed(2)).join(", ")}); report.html ${mb("report.html")} MB, messages.svg ${mb("messages.svg")} MB, timeline.html ${mb("timeline.html")} MB`);

let ok = true;
const browser = ["chromium", "chromium-browser", "google-chrome"].find((b) => spawnSync("sh", ["-c", `command -v ${b}`]).status === 0);
if (!browser) say("opening in a browser: no chromium on PATH (apt-get install chromium); not measured");
else {
  const url = `file://${join(dir, "report.html")}#trace=${encodeURIComponent(JSON.stringify(lost[0] ?? 0))}`;
  const opens: number[] = [];
  let carriers = "";
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const dom = execFileSync(browser, ["--headless=new", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000", "--dump-dom", url], { encoding: "utf8", maxBuffer: 512 * 1024 * 1024, stdio: ["ignore", "pipe", "ignore"] });
    opens.push(performance.now() - t);
    carriers = /id="trace-result"[^>]*data-count="(\d+)"|data-count="(\d+)"[^>]*id="trace-result"/.exec(dom)?.slice(1).find((x) => x !== undefined) ?? "";
  }
  ok = Number(carriers) > 0;
  say(`opening report.html#trace=${JSON.stringify(lost[0] ?? 0)} in headless ${browser}, to the end of its scripts: median ${(median(opens) / 1000).toFixed(2)} s (${opens.map((x) => (x / 1000).toFixed(2)).join(", ")}); the trace found ${carriers || "no"} messages carrying it`);
}
if (scratch) rmSync(scratch, { recursive: true, force: true });
report.write(`report-${fileStamp()}.md`);
process.exit(ok ? 0 : 1);
