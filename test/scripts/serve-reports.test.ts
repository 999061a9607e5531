// `maelstrom serve` and the report files each run may hold (report.html,
// messages.svg, timeline.html, latency-raw.svg, latency-quantiles.svg,
// rate.svg): the index lists every run across workloads, newest first, with
// its node count, its verdict in Maelstrom's colours and a link to its report
// when there is one; a run's page links only the report files it has; they are
// served with their content types; a missing one is a 404 that names it.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serveTeardown } from "../helpers/serve-teardown.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPORT_FILES as WRITTEN, WORKLOAD_FILES } from "../../maelstrom-workloads/report/write-report.js";
import { createServeHandler, REPORT_FILES, VERDICT_COLORS, type VerdictKind } from "../../scripts/maelstrom/serve.js";

const scratch = mkdtempSync(join(tmpdir(), "serve-reports-"));
const store = join(scratch, "store");
const SECRET = "SECRET-OUTSIDE-THE-STORE";

// Interleaved across workloads, so that newest first is not "by workload".
const FULL = "20261121T100000.000+0000"; // echo, valid, every report file
const PARTIAL = "20261121T100500.000+0000"; // broadcast, invalid, report.html and rate.svg only
const OLD = "20261121T090000.000+0000"; // g-set, unknown, no report (made before reports)
const CRASHED = "20261121T110000.000+0000"; // echo, status crashed
const INTERRUPTED = "20261121T094500.000+0000"; // broadcast, status interrupted
const NO_RESULTS = "20261121T080000.000+0000"; // echo, no results and no status
const RUNNING = "20261121T120000.000+0000"; // echo, status running, this process's pid
const HOSTILE = "20261121T070000.000+0000"; // broadcast: report.html links out of the store, messages.svg is a FIFO
const LATER = "20261121T060000.000+0000"; // echo: report.html written after the first listing

const NEWEST_FIRST = [RUNNING, CRASHED, PARTIAL, FULL, INTERRUPTED, OLD, NO_RESULTS, HOSTILE, LATER];

/** Each report file's body: hostile-looking text, to check it is served byte for byte. */
const body = (name: string) => (name.endsWith(".svg") ? `<svg xmlns="http://www.w3.org/2000/svg"><text>${name} &lt;/script&gt;</text></svg>\n` : `<!doctype html><title>${name}</title><script>document.title = "é ${name}"</script>\n`);

const fifos: string[] = [];

function writeRun(workload: string, ts: string, files: Record<string, unknown>): string {
  const dir = join(store, workload, ts);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
  return dir;
}

const testJson = (workload: string, nodes: number, extra: Record<string, unknown> = {}) => ({ name: workload, workload, nodes: Array.from({ length: nodes }, (_, i) => `n${i + 1}`), "start-time": "2026-11-21T12:00:00.000Z", ...extra });

beforeAll(() => {
  writeFileSync(join(scratch, "secret.html"), SECRET);
  writeRun("echo", FULL, {
    "test.json": testJson("echo", 3, { status: "done", "exit-code": 0, crash: null }),
    "results.json": { "valid?": true, stats: { count: 10 } },
    ...Object.fromEntries(REPORT_FILES.map((f) => [f.name, body(f.name)])),
  });
  writeRun("broadcast", PARTIAL, {
    "test.json": testJson("broadcast", 5, { status: "done", "exit-code": 1, crash: null }),
    "results.json": { "valid?": false, workload: { "lost-count": 9 } },
    "report.html": body("report.html"),
    "rate.svg": body("rate.svg"),
  });
  writeRun("g-set", OLD, { "test.json": testJson("g-set", 2), "results.json": { "valid?": "unknown" } });
  writeRun("echo", CRASHED, { "test.json": testJson("echo", 1, { status: "crashed", "exit-code": 255, crash: "node n1 crashed: exited with code 3" }) });
  writeRun("broadcast", INTERRUPTED, { "test.json": testJson("broadcast", 5, { status: "interrupted", "exit-code": 130, crash: "interrupted by SIGINT", interrupted: "SIGINT" }) });
  writeRun("echo", NO_RESULTS, { "test.json": testJson("echo", 1) });
  writeRun("echo", RUNNING, { "test.json": testJson("echo", 4, { status: "running", pid: process.pid }) });
  const hostile = writeRun("broadcast", HOSTILE, { "test.json": testJson("broadcast", 2), "results.json": { "valid?": true } });
  symlinkSync(join(scratch, "secret.html"), join(hostile, "report.html"));
  execFileSync("mkfifo", [join(hostile, "messages.svg")]);
  fifos.push(join(hostile, "messages.svg"));
  writeRun("echo", LATER, { "test.json": testJson("echo", 1), "results.json": { "valid?": true } });
});

let server: Server;
let base: string;
let port: number;

beforeAll(async () => {
  server = createServer(createServeHandler(store));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as { port: number }).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(() => serveTeardown(server, fifos, scratch));

async function get(path: string): Promise<{ status: number; type: string | null; csp: string | null; text: string }> {
  const res = await fetch(base + path, { redirect: "manual", signal: AbortSignal.timeout(3000) });
  return { status: res.status, type: res.headers.get("content-type"), csp: res.headers.get("content-security-policy"), text: await res.text() };
}

/** The index's table rows, one per run, in the order shown. */
function rows(html: string): string[] {
  return html.split("<tr>").filter((r) => /href="\/[^/"]+\/2026/.test(r));
}

function rowOf(html: string, ts: string): string {
  const found = rows(html).filter((r) => r.includes(encodeURIComponent(ts)));
  expect(found, `one row for ${ts}`).toHaveLength(1);
  return found[0]!;
}

const runHref = (workload: string, ts: string) => `/${workload}/${encodeURIComponent(ts)}/`;

describe("the index", () => {
  it("lists every run of every workload, newest first, each with its workload and node count", async () => {
    const { text } = await get("/");
    const shown = rows(text).map((r) => NEWEST_FIRST.find((ts) => r.includes(encodeURIComponent(ts))));
    expect(shown).toEqual(NEWEST_FIRST);
    const cells = (ts: string) => [...rowOf(text, ts).matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((m) => m[1]!);
    expect(cells(PARTIAL).slice(1, 3)).toEqual(['<a href="/broadcast/">broadcast</a>', "5"]);
    expect(cells(FULL).slice(1, 3)).toEqual(['<a href="/echo/">echo</a>', "3"]);
    expect(cells(RUNNING)[2]).toBe("4");
    expect(text.indexOf("2026-11-21 12:00:00.000 +0000")).toBeGreaterThan(0);
  });

  it.each<[string, VerdictKind, string]>([
    [FULL, "valid", "valid"],
    [PARTIAL, "invalid", "invalid"],
    [OLD, "unknown", "unknown"],
    [CRASHED, "crashed", "crashed"],
    [INTERRUPTED, "interrupted", "interrupted"],
    [NO_RESULTS, "incomplete", "no results"],
    [RUNNING, "incomplete", "running"],
  ])("shows run %s as %s, in its class and colour", async (ts, kind, label) => {
    const row = rowOf((await get("/")).text, ts);
    expect(row).toContain(`<td class="verdict verdict-${kind}" style="background:${VERDICT_COLORS[kind]}">${label}`);
    expect(row.match(/class="verdict /g)).toHaveLength(1);
  });

  it("uses Maelstrom's colours for its verdicts, and a colour of its own for each of the others", () => {
    // jepsen.web (Jepsen 0.3, which Maelstrom 0.2 serves with): ok, info, fail, and no results.
    expect([VERDICT_COLORS.valid, VERDICT_COLORS.unknown, VERDICT_COLORS.invalid, VERDICT_COLORS.incomplete].map((c) => c.toUpperCase())).toEqual(["#6DB6FE", "#FFAA26", "#FEB5DA", "#EAEAEA"]);
    expect(new Set(Object.values(VERDICT_COLORS).map((c) => c.toUpperCase())).size).toBe(6);
  });

  it("says what each colour means", async () => {
    const { text } = await get("/");
    for (const kind of Object.keys(VERDICT_COLORS)) expect(text).toContain(`<span class="verdict-${kind}" style="background:${VERDICT_COLORS[kind as VerdictKind]}">`);
  });

  it("links a run's report only when report.html is a file of the store, and its files always", async () => {
    const { text } = await get("/");
    for (const [workload, ts] of [["echo", FULL], ["broadcast", PARTIAL]] as const) expect(rowOf(text, ts)).toContain(`<a href="${runHref(workload, ts)}report.html">report</a> · <a href="${runHref(workload, ts)}">files</a>`);
    for (const ts of [OLD, CRASHED, HOSTILE]) {
      expect(rowOf(text, ts)).not.toContain("report.html");
      expect(rowOf(text, ts)).toMatch(/<td class="open"><a href="[^"]+">files<\/a><\/td>/);
    }
    expect(text).not.toContain(SECRET);
  });

  it("links a report written after the run was first listed (the cache sees report.html change)", async () => {
    expect(rowOf((await get("/")).text, LATER)).not.toContain("report.html");
    writeFileSync(join(store, "echo", LATER, "report.html"), body("report.html"));
    expect(rowOf((await get("/")).text, LATER)).toContain(`href="${runHref("echo", LATER)}report.html"`);
  });
});

describe("a run's page", () => {
  it("knows every file the report writer can write (a new one would otherwise never be linked or served)", () => {
    const served = REPORT_FILES.map((f) => f.name as string).sort();
    expect(served).toEqual([...WRITTEN, ...Object.values(WORKLOAD_FILES)].sort());
  });

  /** The href of every report file the page links in its Report section, in order. */
  function reportLinks(html: string): string[] {
    const section = /<h2>Report<\/h2>(.*?)<h2>Files<\/h2>/s.exec(html)?.[1] ?? "";
    return [...section.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
  }

  it("links every report file the run has, in order, each with what it shows", async () => {
    const { text } = await get(runHref("echo", FULL));
    expect(reportLinks(text)).toEqual(REPORT_FILES.map((f) => `${runHref("echo", FULL)}${f.name}`));
    expect(text).toContain("messages.svg</a>: the Lamport diagram");
    expect(text).not.toContain("Not in this run");
  });

  it("links only the ones that are there, and names the others", async () => {
    const { text } = await get(runHref("broadcast", PARTIAL));
    expect(reportLinks(text)).toEqual([`${runHref("broadcast", PARTIAL)}report.html`, `${runHref("broadcast", PARTIAL)}rate.svg`]);
    expect(text).toContain("Not in this run: messages.svg, timeline.html, latency-raw.svg, latency-quantiles.svg.");
  });

  it("says a run without a report has none, and what to do", async () => {
    const { text } = await get(runHref("g-set", OLD));
    expect(reportLinks(text)).toEqual([]);
    expect(text).toContain("This run has no report files.");
    expect(text).toContain("Runs stored before reports were written have none: run the test again");
  });

  it("does not link a report file that leads out of the store or is a FIFO", async () => {
    const { text } = await get(runHref("broadcast", HOSTILE));
    expect(reportLinks(text)).toEqual([]);
    expect(text).not.toContain(SECRET);
    expect(text).toMatch(/messages\.svg <span class="muted">\(a FIFO: not served\)/);
  });
});

describe("report files", () => {
  it.each(REPORT_FILES.map((f) => f.name))("serves %s with its content type, byte for byte, and a policy that allows no network", async (name) => {
    const r = await get(`${runHref("echo", FULL)}${name}`);
    expect(r.status).toBe(200);
    expect(r.type).toBe(name.endsWith(".svg") ? "image/svg+xml" : "text/html; charset=utf-8");
    expect(r.text).toBe(body(name));
    expect(r.csp).toBe("default-src 'self' 'unsafe-inline' data: blob:");
  });

  it("serve's own pages allow no scripts", async () => {
    for (const path of ["/", runHref("echo", FULL)]) expect((await get(path)).csp).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src 'self'");
  });

  it.each([
    ["messages.svg", "the Lamport diagram"],
    ["timeline.html", "each client&#39;s operations over time"],
    ["report.html", "the verdict, why"],
  ])("a missing %s is a 404 page that names it and says why older runs have none", async (name, what) => {
    const r = await get(`${runHref("g-set", OLD)}${name}`);
    expect(r.status).toBe(404);
    expect(r.type).toBe("text/html; charset=utf-8");
    expect(r.text).toContain(`<h1>Not found: ${name}</h1>`);
    expect(r.text).toContain(`has no <code>${name}</code> (${what}`);
    expect(r.text).toContain("Runs stored before reports were written have none");
    expect(r.text).toContain(`href="${runHref("g-set", OLD)}"`);
  });

  it("answers HEAD of a missing one with 404 and no body", async () => {
    const head = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path: `${runHref("g-set", OLD)}rate.svg`, method: "HEAD" }, (res) => {
        let b = "";
        res.on("data", (c: Buffer) => (b += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: b }));
      });
      req.on("error", reject);
      req.end();
    });
    expect(head).toEqual({ status: 404, body: "" });
  });

  it("gives the plain 404, saying nothing of it, for one that leads out of the store or is a FIFO, and for a folder that is not there", async () => {
    for (const path of [`${runHref("broadcast", HOSTILE)}report.html`, `${runHref("broadcast", HOSTILE)}messages.svg`, "/echo/nope/messages.svg"]) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      expect(r.text, path).toContain("<h1>Not found</h1>");
      expect(r.text, path).not.toContain("Runs stored before");
      expect(r.text, path).not.toContain(SECRET);
    }
  });
});
