import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lostValues, reportHtml, verdictOf, whyLines } from "../../../maelstrom-workloads/report/report-html.js";
import { REPORT_FILES, writeReport } from "../../../maelstrom-workloads/report/write-report.js";
import { runReportCommand } from "../../../scripts/maelstrom/report-command.js";
import { installEcho, simRun } from "../../helpers/sim-run.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("report.html's parts", () => {
  it.each([
    ["done", true, "valid"],
    ["done", false, "invalid"],
    ["done", "unknown", "unknown"],
    [undefined, undefined, "unknown"],
    ["running", undefined, "abandoned"],
    ["crashed", undefined, "crashed"],
    ["interrupted", true, "interrupted"],
  ] as const)("status %s, valid? %s: %s", (status, valid, verdict) => expect(verdictOf(status, valid)).toBe(verdict));

  it("why: each checker not valid, with the sentences it wrote, and nothing of the valid ones or the harness's notes", () => {
    const lines = whyLines({
      "valid?": false,
      workload: { "valid?": false, "first-failure": "op 12 read 3, the register held 1", keys: [{ text: "key 0: not linearizable" }] },
      stats: { "valid?": true, text: "never shown" },
      harness: { note: "no valid? here" },
    });
    expect(lines).toEqual(["workload: valid? false", "  op 12 read 3, the register held 1", "  key 0: not linearizable"]);
    expect(whyLines(undefined)).toEqual([]);
  });

  it("why also shows what the checker counted and listed: a set-full result has no sentences, only its lost values", () => {
    const lines = whyLines({ workload: { "valid?": false, "lost-count": 3, "ok-count": 10, lost: [4, 7, 9], "stable-count": 2 } });
    expect(lines).toEqual(["workload: valid? false", "  lost-count: 3", "  lost (3): 4, 7, 9"]);
  });

  it("lost values: the workload's list of plain values, not objects", () => {
    expect(lostValues({ workload: { lost: [1, "a", { x: 1 }, null] } })).toEqual([1, "a", null]);
    expect(lostValues({ workload: { lost: "many" } })).toEqual([]);
    expect(lostValues(undefined)).toEqual([]);
  });

  it("escapes what nodes and checkers wrote", () => {
    const html = reportHtml({
      test: { workload: "echo", status: "done", argv: ["--bin", "<script>x</script>"] },
      results: { "valid?": false, workload: { "valid?": false, text: `"</pre><script>alert(1)</script>` } },
      history: [],
      faults: [],
      summary: ["<b>summary</b>"],
      diagram: "<p id=diagram-stub></p>",
      files: ["report.html"],
      messages: 0,
      unreadable: 0,
    });
    expect(html).not.toContain("<script>alert(1)");
    expect(html).not.toContain("<script>x</script>");
    expect(html).toContain("&lt;b&gt;summary&lt;/b&gt;");
    expect(html).toContain('data-verdict="invalid"');
    expect(html).toContain("<p id=diagram-stub></p>"); // the diagram section is trusted markup, put in as it is
  });
});

describe("writeReport", () => {
  it("writes every file of a stored run, again from the folder alone; a journal cut short and a missing results.json are no obstacle", async () => {
    const r = await simRun({ workloadName: "echo", install: installEcho, bin: "nodes/echo.ts", timeLimit: 2 });
    dirs.push(r.dir);
    expect(existsSync(join(r.dir, "report.html"))).toBe(false); // a run writes its report only when asked (report: true)
    appendFileSync(join(r.dir, "journal.jsonl"), '{"id":99999,"time":1,"type":"se'); // killed mid-line
    rmSync(join(r.dir, "results.json"));
    const w = await writeReport(r.dir);
    expect(w.problems).toEqual([]);
    expect(w.written).toEqual([...REPORT_FILES]);
    const html = readFileSync(join(r.dir, "report.html"), "utf8");
    expect(html).toContain("1 line could not be read");
    expect(html).toContain("no results were computed");
    for (const f of REPORT_FILES.filter((f) => f !== "report.html")) expect(html).toContain(`href="${f}"`);
    expect(readFileSync(join(r.dir, "messages.svg"), "utf8")).toMatch(/^<\?xml|^<svg/);
  });

  it("a file that cannot be made is named, and the others are still written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "report-"));
    dirs.push(dir);
    writeFileSync(join(dir, "history.jsonl"), "");
    writeFileSync(join(dir, "test.json"), "{not json");
    const w = await writeReport(dir);
    expect(w.problems.join("\n")).toMatch(/reading test\.json/);
    expect(w.written).toContain("report.html");
  });

  it("`maelstrom report RUN_DIR` writes them; a folder that is no run, or no folder, is exit 254 with the reason", async () => {
    const r = await simRun({ workloadName: "echo", install: installEcho, bin: "nodes/echo.ts", timeLimit: 2 });
    dirs.push(r.dir);
    const out: string[] = [];
    const err: string[] = [];
    expect(await runReportCommand([r.dir], (s) => out.push(s), (s) => err.push(s))).toBe(0);
    expect(out.join("\n")).toMatch(/report\.html: 6 files in \d+\.\d s$/);
    expect(existsSync(join(r.dir, "timeline.html"))).toBe(true);
    expect(await runReportCommand([tmpdir()], (s) => out.push(s), (s) => err.push(s))).toBe(254);
    expect(err.join("\n")).toMatch(/is not a run's folder \(no history\.jsonl in /);
    expect(await runReportCommand([], (s) => out.push(s), (s) => err.push(s))).toBe(254);
    expect(await runReportCommand(["--frobnicate"], (s) => out.push(s), (s) => err.push(s))).toBe(254);
  });
});
