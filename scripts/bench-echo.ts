// Echo throughput through a real process boundary: our echo node (schema
// validation on) against a bare readline + JSON loop, side by side, rounds
// alternating. Prints per-round figures, medians and the ratio, and writes the
// same report to store/bench/.
//   npm run bench:echo -- [--requests 200000] [--rounds 5] [--bin OTHER_NODE]
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { benchArgs, usageError } from "./bench/cli.js";
import { driveEcho, type EchoRun } from "./bench/drive-echo.js";
import { fileStamp, machineLine, Report } from "./bench/report.js";
import { median } from "./bench/stats.js";

const root = resolve(import.meta.dirname, "..");
const usage = "usage: npm run bench:echo -- [--requests N (default 200000)] [--rounds R (default 5)] [--bin NODE (default nodes/echo.ts)]";

const fail = (why: string) => usageError("bench-echo", usage, why);
const { values } = benchArgs("bench-echo", usage, { options: { requests: { type: "string", default: "200000" }, rounds: { type: "string", default: "5" }, bin: { type: "string" } } });
const requests = Number(values.requests);
const rounds = Number(values.rounds);
if (!Number.isInteger(requests) || requests < 1) fail(`--requests must be a positive integer, got ${values.requests}`);
if (!Number.isInteger(rounds) || rounds < 1) fail(`--rounds must be a positive integer, got ${values.rounds}`);

const ours = values.bin ? resolve(values.bin) : join(root, "nodes/echo.ts");
const sides: Array<{ name: string; command: string[] }> = [
  { name: "bare readline+JSON loop", command: [process.execPath, join(root, "scripts/bench/bare-echo.mjs")] },
  { name: values.bin ? values.bin : "nodes/echo.ts (zod schema on)", command: [ours] },
];

const runs: EchoRun[][] = sides.map(() => []);
const report = new Report();
const say = (l: string) => report.say(l);
say(`# Echo throughput, ${requests} requests per run, ${rounds} rounds`);
say(`${machineLine()} (${cpus()[0]?.model ?? "?"})`);
say("");
say("| round | side | seconds | msgs/s |");
say("|---:|---|---:|---:|");
for (let r = 0; r < rounds; r++) {
  // Alternate which side goes first, so drift on a shared machine hits both.
  const order = r % 2 === 0 ? [0, 1] : [1, 0];
  for (const i of order) {
    const run = await driveEcho(sides[i]!.command, requests);
    runs[i]!.push(run);
    say(`| ${r + 1} | ${sides[i]!.name} | ${run.seconds.toFixed(3)} | ${Math.round(run.perSecond)} |`);
  }
}
const med = runs.map((rs) => median(rs.map((x) => x.perSecond)));
const perRound = runs[1]!.map((x, k) => x.perSecond / runs[0]![k]!.perSecond);
say("");
say("| side | median msgs/s |");
say("|---|---:|");
sides.forEach((s, i) => say(`| ${s.name} | ${Math.round(med[i]!)} |`));
say("");
say(`ratio (ours / bare), of medians: ${(med[1]! / med[0]!).toFixed(3)}; median of per-round ratios: ${median(perRound).toFixed(3)} (target >= 0.85)`);
report.write(`echo-throughput-${fileStamp()}.md`);
