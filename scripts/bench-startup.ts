// Start-up under load: N node processes started at once (Maelstrom starts all
// nodes in parallel, and each must answer init within 10 s), timed until the
// last one has answered init. Compares our echo node started as a file (its
// launcher runs the compiled JavaScript via scripts/run-node.sh), the same
// node bundled once with esbuild as the harness runs a .ts --bin (one file,
// with its source map), through tsx, and the bare readline loop as a floor.
//   npm run bench:startup -- [--nodes 25] [--rounds 3]
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { bundleNode } from "../maelstrom-workloads/run/bundle-node.js";
import { spawnNode } from "../maelstrom-workloads/harness/spawn-node.js";
import { benchArgs, usageError } from "./bench/cli.js";
import { fileStamp, machineLine, Report } from "./bench/report.js";
import { median } from "./bench/stats.js";

const root = resolve(import.meta.dirname, "..");
const usage = "usage: npm run bench:startup -- [--nodes N (default 25)] [--rounds R (default 3)]";
const { values } = benchArgs("bench-startup", usage, { options: { nodes: { type: "string", default: "25" }, rounds: { type: "string", default: "3" } } });
const n = Number(values.nodes);
const rounds = Number(values.rounds);
if (!Number.isInteger(n) || n < 1 || !Number.isInteger(rounds) || rounds < 1) usageError("bench-startup", usage, "--nodes and --rounds must be positive integers");

const bundle = await bundleNode(join(root, "nodes/echo.ts"));
process.on("exit", () => bundle.removeSync());
const variants: Array<{ name: string; command: string[] }> = [
  // Through sh, as exec would run its #! line: spawnNode would bundle a .ts file itself.
  { name: "nodes/echo.ts (compiled JS via run-node.sh)", command: ["/bin/sh", join(root, "nodes/echo.ts")] },
  { name: "nodes/echo.ts bundled with esbuild (a .ts --bin)", command: [process.execPath, "--enable-source-maps", bundle.file] },
  { name: "nodes/echo.ts through tsx", command: [process.execPath, "--import", `file://${root}/node_modules/tsx/dist/loader.mjs`, join(root, "nodes/echo.ts")] },
  { name: "bare readline loop (floor)", command: [process.execPath, join(root, "scripts/bench/bare-echo.mjs")] },
];

/** Starts `count` processes at once; resolves with each one's ms from start to init_ok. */
function startAll(command: string[], count: number): Promise<number[]> {
  const t0 = performance.now();
  return Promise.all(
    Array.from({ length: count }, (_, i) => {
      const id = `n${i}`;
      return new Promise<number>((res, rej) => {
        const [bin, ...args] = command as [string, ...string[]];
        const { child, killGroup } = spawnNode(bin, args);
        let out = "";
        let err = "";
        const timer = setTimeout(() => {
          killGroup();
          rej(new Error(`${id} did not answer init within 30 s; stderr: ${err}`));
        }, 30_000);
        child.stderr.on("data", (d: Buffer) => (err += d));
        child.stdout.on("data", (d: Buffer) => {
          out += d;
          if (out.includes('"init_ok"')) {
            const ms = performance.now() - t0;
            clearTimeout(timer);
            killGroup();
            res(ms);
          }
        });
        child.on("error", rej);
        child.stdin.write(JSON.stringify({ id: i, src: `c${i}`, dest: id, body: { type: "init", node_id: id, node_ids: [id], msg_id: 1 } }) + "\n");
      });
    }),
  );
}

const report = new Report();
const say = (l: string) => report.say(l);
say(`# Start-up of ${n} nodes at once, ${rounds} rounds`);
say(machineLine());
say("");
say("| round | variant | last init_ok (ms) | median node (ms) |");
say("|---:|---|---:|---:|");
const lasts: number[][] = variants.map(() => []);
for (let r = 0; r < rounds; r++) {
  for (const [i, v] of variants.entries()) {
    const times = await startAll(v.command, n);
    lasts[i]!.push(Math.max(...times));
    say(`| ${r + 1} | ${v.name} | ${Math.round(Math.max(...times))} | ${Math.round(median(times))} |`);
  }
}
say("");
say("| variant | median of last init_ok (ms) | vs compiled |");
say("|---|---:|---:|");
const base = median(lasts[0]!);
variants.forEach((v, i) => say(`| ${v.name} | ${Math.round(median(lasts[i]!))} | ${(median(lasts[i]!) / base).toFixed(2)}x |`));
say("");
say("Maelstrom's init deadline is 10000 ms per node.");
report.write(`startup-${fileStamp()}.md`);
