import { build } from "esbuild";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, describe, expect, it } from "vitest";
import { RealClock } from "../../lib/runtime/real-clock.js";
import { NodeProcess } from "../../maelstrom-workloads/harness/node-process.js";
import { type NetMessage, Network } from "../../maelstrom-workloads/network/network.js";
import { ROOT } from "../helpers/run-harness.js";

// Issue 15: a node file started as Maelstrom starts it (executed: its first lines hand it to
// scripts/run-node.sh, which runs its compiled JavaScript in dist/, with a .js.map beside each file) writes
// stack traces that name the .ts source and line. The project's own dist/ is rebuilt by others as they
// work, so this builds a project of its own in a temporary folder: run-node.sh, the fixture node, and the
// fixture compiled with its source map into dist/ (esbuild, as tsc would: a .js.map named by a
// sourceMappingURL comment), with dist/.built newer than every source. The harness is given a script that
// executes the .ts file, as Maelstrom would (given the .ts itself, our harness bundles it instead).

const FIXTURE = "test/fixtures/nodes/throws-in-handler.ts";
const throwLine = readFileSync(join(ROOT, FIXTURE), "utf8").split("\n").findIndex((l) => l.includes("// THROW LINE")) + 1;
const tmp = mkdtempSync(join(tmpdir(), "source-maps-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function project(): Promise<string> {
  for (const f of ["scripts/run-node.sh", FIXTURE]) {
    mkdirSync(dirname(join(tmp, f)), { recursive: true });
    copyFileSync(join(ROOT, f), join(tmp, f));
    chmodSync(join(tmp, f), 0o755);
  }
  const js = join(tmp, "dist", FIXTURE.replace(/\.ts$/, ".js"));
  await build({ entryPoints: [join(ROOT, FIXTURE)], outfile: js, bundle: true, platform: "node", format: "esm", target: "node20", sourcemap: true, logLevel: "silent" });
  writeFileSync(join(tmp, "dist", ".built"), new Date().toISOString());
  const bin = join(tmp, "start-node");
  writeFileSync(bin, `#!/bin/sh\nexec "${join(tmp, FIXTURE)}" "$@"\n`, { mode: 0o755 });
  return bin;
}

describe("scripts/run-node.sh runs dist/ with source maps", () => {
  it(`a handler's throw is logged with a frame at ${FIXTURE}:${throwLine}, each log line after its time`, async () => {
    const bin = await project();
    const network = new Network({ clock: new RealClock(), latency: () => 0, journal: () => {}, nowNs: () => 0 });
    const replies: NetMessage[] = [];
    network.register("c1", { deliver: (m) => replies.push(m) });
    const logPath = join(tmp, "n1.log");
    const t0 = performance.now();
    const p = new NodeProcess({ id: "n1", bin, args: [], network, logPath, now: () => performance.now() - t0, onOutputStopped: () => {}, onExit: () => {} });
    network.register("n1", p);
    p.start();
    p.deliver({ id: 1, src: "c1", dest: "n1", body: { type: "init", msg_id: 1, node_id: "n1", node_ids: ["n1"] } });
    p.deliver({ id: 2, src: "c1", dest: "n1", body: { type: "echo", msg_id: 2, echo: "hi" } });
    const deadline = Date.now() + 15_000;
    while (replies.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await p.kill();
    network.shutdown();
    const log = readFileSync(logPath, "utf8");
    expect(log).not.toMatch(/\[run-node\]/); // it ran dist/, not the tsx fallback (which maps .ts lines by itself)
    expect(replies.map((m) => m.body.type), log).toEqual(["init_ok", "error"]);
    expect(log).toMatch(/^ *\d+ ms \[n1\] error: handler for echo threw: Error: thrown by the echo handler on purpose$/m);
    expect(log).toMatch(new RegExp(`^ *\\d+ ms +at .*throws-in-handler\\.ts:${throwLine}:\\d+\\)?$`, "m"));
    expect(log).not.toMatch(/throws-in-handler\.js:/);
  }, 30_000);
});
