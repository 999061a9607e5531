import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadNodeProgram } from "../lib/runtime/node-program.js";
import { ROOT } from "./helpers/run-harness.js";
import { simRun } from "./helpers/sim-run.js";

// The README's "Write a node" example must run on the harness as it stands:
// its ```ts block is taken out of README.md, written to a temporary file (under
// store/, inside the project so that it resolves zod) with its `../lib/index.js`
// import pointed at this repository's lib/, loaded as the simulator loads a
// program, and run under Maelstrom's g-counter workload, which must judge it valid.

const README = join(ROOT, "README.md");

/** The first ```ts block after the "## Write a node" heading, before the next "## " heading. */
function writeANodeExample(markdown: string): string {
  const start = markdown.search(/^## Write a node\s*$/m);
  if (start < 0) throw new Error(`${README} has no "## Write a node" section`);
  const rest = markdown.slice(start + 1);
  const end = rest.search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  const block = /^```ts\n([\s\S]*?)^```\s*$/m.exec(section);
  if (!block) throw new Error(`${README}: no \`\`\`ts block under "## Write a node"`);
  return block[1]!;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("the README's Write a node example", () => {
  it("passes -w g-counter on the simulator (3 nodes, --rate 10, 5 s, seed 7), with its adds counted", async () => {
    const source = writeANodeExample(readFileSync(README, "utf8"));
    expect(source, "the example imports the runtime as ../lib/index.js").toContain('"../lib/index.js"');
    mkdirSync(join(ROOT, "store"), { recursive: true });
    const dir = mkdtempSync(join(ROOT, "store", "readme-example-"));
    dirs.push(dir);
    const lib = relative(dir, join(ROOT, "lib/index.js")).split("\\").join("/");
    const file = join(dir, "counter.ts");
    writeFileSync(file, source.replaceAll('"../lib/index.js"', JSON.stringify(lib)));
    const install = await loadNodeProgram(file);
    const r = await simRun({ workloadName: "g-counter", install, bin: file });
    const label = `${file}, store ${r.dir}\n${r.output}`;
    expect(r.exitCode, label).toBe(0);
    const w = r.file("results.json").workload;
    expect(w["valid?"], label).toBe(true);
    expect(w["final-reads"], label).toHaveLength(3);
    expect(w.acceptable[0][0], `some adds were counted: ${label}`).toBeGreaterThan(0);
  });
});
