import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, readFileSync, statSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadNodeProgram } from "../../../lib/runtime/node-program.js";
import { laneOrder } from "../../../maelstrom-workloads/report/lane-order.js";
import { readJournal } from "../../../maelstrom-workloads/report/read-journal.js";
import { faultSpans } from "../../../maelstrom-workloads/report/fault-spans.js";
import { traceValue } from "../../../maelstrom-workloads/report/trace-value.js";
import type { Op } from "../../../maelstrom-workloads/model/op.js";
import { runServe } from "../../../scripts/maelstrom/serve.js";
import { ROOT } from "../../helpers/run-harness.js";
import { simRun } from "../../helpers/sim-run.js";

// A stored run's report.html and serve's listing, opened in headless Chromium
// (Debian's chromium package; .ci/run installs it). Without a browser on PATH
// the tests are skipped, and their name says why.

const BROWSERS = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
const browser = BROWSERS.find((b) => spawnSync("sh", ["-c", `command -v ${b}`]).status === 0);
const SKIPPED = `SKIPPED: none of ${BROWSERS.join(", ")} is on PATH (apt-get install chromium; .ci/run installs it)`;

/** Runs the browser headless on `url` with `args`; its stdout (the DOM with --dump-dom). Not sync: serve answers it from this process. */
async function chromium(url: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(browser!, ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--virtual-time-budget=5000", ...args, url], { encoding: "utf8", timeout: 60_000, maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}
/** The diagram as drawn in the page: from #diagram-view to the end of its SVG (the page's script holds the same markup in templates). */
const drawn = (dom: string) => {
  const at = dom.indexOf('id="diagram-view"');
  return at < 0 ? "" : dom.slice(at, dom.indexOf("</svg>", at));
};
const count = (html: string, re: RegExp) => (html.match(re) ?? []).length;
const attr = (html: string, id: string, name: string) => new RegExp(`id="${id}"[^>]*\\b${name}="([^"]*)"|\\b${name}="([^"]*)"[^>]*id="${id}"`).exec(html)?.slice(1).find((x) => x !== undefined);

describe.skipIf(!browser)(browser ? `report.html and serve in headless ${browser}` : `report.html and serve in a headless browser (${SKIPPED})`, () => {
  it("the drops-gossip fixture's report: a lane per node and client, an arrow per message of the window, the verdict, and a trace of a lost value that says which nodes never got it; a screenshot beside it", async () => {
    const install = await loadNodeProgram(join(ROOT, "test/fixtures/nodes/drops-gossip.ts"));
    const r = await simRun({ workloadName: "broadcast", install, bin: "test/fixtures/nodes/drops-gossip.ts", nodeCount: 5, timeLimit: 10, nemesis: ["partition"], nemesisInterval: 3, seed: 1, report: true });
    const label = `store ${r.dir}\n${r.output}`;
    expect(r.exitCode, label).toBe(1);
    expect(r.output, label).toMatch(/report {7}.*report\.html \(6 files in \d+\.\d s\)$/m);
    const lost = (r.file("results.json").workload.lost as unknown[]) ?? [];
    expect(lost.length, label).toBeGreaterThan(0);
    const value = lost[0];

    const { messages } = await readJournal(join(r.dir, "journal.jsonl"));
    const history = r.text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l) as Op);
    const lanes = laneOrder(new Set([...r.cfg.nodes, ...messages.flatMap((m) => [m.src, m.dest])]));
    const expected = traceValue(messages, value, faultSpans(history, r.cfg.nodes), lanes);

    const dom = await chromium(`file://${join(r.dir, "report.html")}#trace=${encodeURIComponent(JSON.stringify(value))}`, "--dump-dom");
    expect(dom, label).toContain('data-verdict="invalid"');
    const view = drawn(dom);
    // One lane per node and client (and service) of the run.
    expect(count(view, /<g class="lane"/g), label).toBe(lanes.length);
    // An arrow per journaled message in the chosen window: the window says how many it holds.
    const inWindow = Number(attr(dom, "diagram-window", "data-count"));
    expect(inWindow, label).toBe(Math.min(1000, messages.length));
    expect(count(view, /<g class="msg[ "]/g), label).toBe(inWindow);
    // The trace ran on load: every message carrying the value, and where it stopped.
    expect(Number(attr(dom, "trace-result", "data-count")), label).toBe(expected.carriers.length);
    expect((attr(dom, "trace-result", "data-never") ?? "").split(" ").filter(Boolean).sort(), label).toEqual([...expected.neverDelivered].sort());
    expect(expected.neverDelivered.length, label).toBeGreaterThan(0); // the dropped gossip: some node never got it
    const result = dom.slice(dom.indexOf('id="trace-result"'), dom.indexOf("</div>", dom.indexOf('id="trace-result"')));
    for (const n of expected.neverDelivered) expect(result, label).toContain(n);

    const shot = join(r.dir, "report.png");
    await chromium(`file://${join(r.dir, "report.html")}#trace=${encodeURIComponent(JSON.stringify(value))}`, `--screenshot=${shot}`, "--window-size=1400,2000");
    expect(existsSync(shot) && statSync(shot).size > 10_000, `${shot} written`).toBe(true);
    expect(readFileSync(shot).subarray(1, 4).toString(), shot).toBe("PNG");
  }, 120_000);

  it("serve's index lists the stored run with its verdict and a link to its report", async () => {
    const install = await loadNodeProgram(join(ROOT, "nodes/echo.ts"));
    const r = await simRun({ workloadName: "echo", install, bin: "nodes/echo.ts", timeLimit: 2, report: true });
    expect(r.exitCode, r.output).toBe(0);
    const store = join(r.dir, "..", "..");
    let server: Server | undefined;
    const url = await new Promise<string>((resolve) => {
      void runServe(["--store", store, "--port", "0"], { out: () => {}, err: () => {}, onListening: (s, u) => ((server = s), resolve(u)) });
    });
    try {
      const index = await chromium(url, "--dump-dom");
      expect(index).toContain("echo");
      expect(index).toMatch(/valid/);
      expect(index).toMatch(/href="[^"]*report\.html"/);
      const page = await chromium(new URL(`/${r.dir.slice(store.length + 1)}/report.html`, url).href, "--dump-dom");
      expect(page).toContain('data-verdict="valid"');
      expect(count(drawn(page), /<g class="lane"/g)).toBeGreaterThan(3);
    } finally {
      server?.close();
    }
  }, 120_000);
});
