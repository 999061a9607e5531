// `maelstrom serve` against a store made here: four runs (valid, invalid,
// unknown, crashed), the latest symlinks, node logs, and things that must not
// be reachable (files outside the store, a symlink leading out of it).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServeHandler, ednTopLevelValid, listRuns, parseRequestPath, parseServeArgs, parseTimestamp, runServe, VERDICT_COLORS } from "../../scripts/maelstrom/serve.js";

const scratch = mkdtempSync(join(tmpdir(), "serve-test-"));
const store = join(scratch, "store");
writeFileSync(join(scratch, "secret.txt"), "outside the store\n");

const VALID = "20261121T120000.000+0000";
const INVALID = "20261121T121500.500+0000";
const CRASHED = "20261121T123000.000+0000";
const UNKNOWN = "20261121T110000.000+0000";

function writeRun(workload: string, ts: string, files: Record<string, unknown>): string {
  const dir = join(store, workload, ts);
  mkdirSync(join(dir, "node-logs"), { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
  }
  return dir;
}

function testJson(workload: string, extra: Record<string, unknown> = {}) {
  return { name: workload, workload, bin: "/abs/nodes/echo.ts", "bin-args": [], nodes: ["n1", "n2", "n3"], seed: 7, argv: ["test", "-w", workload], "start-time": "2026-11-21T12:00:00.000Z", "exit-code": 0, crash: null, ...extra };
}

const historyLine = '{"index":0,"time":1,"type":"invoke","process":0,"f":"echo","value":"hi"}\n';

beforeAll(() => {
  writeRun("broadcast", VALID, {
    "results.json": {
      "valid?": true,
      stats: { "valid?": true, count: 1991, "ok-count": 1991 },
      net: { all: { "msgs-per-op": 7.02 }, servers: { "send-count": 9980, "msgs-per-op": 5.0123 }, "valid?": true },
      workload: { "valid?": true, "lost-count": 0, "stable-latencies": { "0": 0, "0.5": 3, "0.95": 8, "1": 11 } },
      availability: { "valid?": true, "ok-fraction": 1 },
    },
    "test.json": testJson("broadcast", { nodes: ["n1", "n2", "n3", "n4", "n5"] }),
    "history.jsonl": historyLine,
  });
  const invalid = writeRun("echo", INVALID, {
    "results.json": { "valid?": false, stats: { count: 10 }, net: { servers: { "msgs-per-op": 0 } }, workload: { "valid?": false, errors: ["x"] } },
    "test.json": testJson("echo", { "exit-code": 1 }),
    "history.jsonl": historyLine,
    "history.txt": "0\tinvoke\techo\thi\t\n",
    "journal.jsonl": '{"id":0,"time":5,"type":"send","message":{"id":0,"src":"c1","dest":"n1","body":{"type":"echo"}}}\n',
    "run.log": "Everything looks good? No.\n",
  });
  writeFileSync(join(invalid, "node-logs", "n1.log"), "[n1] hello from n1\n");
  writeFileSync(join(invalid, "node-logs", "n2.log"), "");
  symlinkSync("../../../secret.txt", join(invalid, "escape.txt"));
  writeRun("echo", CRASHED, {
    "test.json": testJson("echo", { "exit-code": 255, crash: "node n2 crashed: exited with code 3 <before teardown>" }),
    "history.jsonl": "",
  });
  writeRun("g-set", UNKNOWN, { "results.json": { "valid?": "unknown", stats: { count: 5 } }, "test.json": testJson("g-set") });
  // Not runs: the benchmarks' reports, and symlinks to runs.
  mkdirSync(join(store, "bench"));
  writeFileSync(join(store, "bench", "echo-throughput.md"), "# bench\n");
  symlinkSync(`echo/${CRASHED}`, join(store, "latest"));
  symlinkSync(CRASHED, join(store, "echo", "latest"));
});

let server: Server;
let base: string;
let port: number;

beforeAll(async () => {
  server = createServer(createServeHandler(store));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  if (typeof addr !== "object" || addr === null) throw new Error("no address");
  port = addr.port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(scratch, { recursive: true, force: true });
});

async function get(path: string): Promise<{ status: number; type: string | null; text: string; location: string | null }> {
  const res = await fetch(base + path, { redirect: "manual" });
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text(), location: res.headers.get("location") };
}

/** A request with the path sent exactly as written (fetch would normalise `..` away). */
function raw(path: string, method = "GET"): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The table row of the index that links to the run `ts`. */
function rowOf(html: string, ts: string): string {
  const rows = html.split("<tr>").filter((r) => r.includes(encodeURIComponent(ts)));
  expect(rows, `one row for ${ts}`).toHaveLength(1);
  return rows[0]!;
}

describe("the index", () => {
  it("lists every run, newest first, with links, and nothing that is not a run", async () => {
    const r = await get("/");
    expect(r.status).toBe(200);
    expect(r.type).toBe("text/html; charset=utf-8");
    const order = [CRASHED, INVALID, VALID, UNKNOWN].map((ts) => r.text.indexOf(encodeURIComponent(ts)));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(r.text).toContain(`href="/echo/${encodeURIComponent(INVALID)}/"`);
    expect(r.text).toContain("2026-11-21 12:15:00.500 +0000");
    expect(r.text).toContain("4 runs in");
    expect(r.text).not.toContain("echo-throughput");
    expect(r.text).not.toContain("/latest/");
  });

  it("colours each verdict like Maelstrom: blue valid, pink invalid, orange unknown, and crashed in its own colour with its message", async () => {
    const { text } = await get("/");
    expect(rowOf(text, VALID)).toContain(`class="verdict verdict-valid" style="background:${VERDICT_COLORS.valid}">valid<`);
    expect(rowOf(text, INVALID)).toContain(`style="background:${VERDICT_COLORS.invalid}">invalid<`);
    expect(rowOf(text, UNKNOWN)).toContain(`style="background:${VERDICT_COLORS.unknown}">unknown<`);
    const crashed = rowOf(text, CRASHED);
    expect(crashed).toContain(`style="background:${VERDICT_COLORS.crashed}">crashed<`);
    expect(crashed).toContain("node n2 crashed: exited with code 3 &#60;before teardown&#62;");
    expect(new Set(Object.values(VERDICT_COLORS)).size).toBe(6);
  });

  it("shows the key figures when the results have them", async () => {
    const { text } = await get("/");
    const row = rowOf(text, VALID);
    for (const cell of ["1991", "5.01", ">3<", ">11<", ">0<", ">5<"]) expect(row).toContain(cell.startsWith(">") ? cell : `>${cell}<`);
    expect(rowOf(text, INVALID)).toContain('<td class="num">10</td>');
    expect(rowOf(text, CRASHED)).not.toContain("1991");
  });

  it("filters by workload under /<workload>/", async () => {
    const r = await get("/echo/");
    expect(r.status).toBe(200);
    expect(r.text).toContain("Maelstrom runs: echo");
    expect(r.text).toContain(encodeURIComponent(INVALID));
    expect(r.text).not.toContain(encodeURIComponent(VALID));
  });

  it("says how to make a run when the store does not exist", async () => {
    const missing = join(scratch, "no-store-here");
    const s = createServer(createServeHandler(missing));
    await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
    try {
      const addr = s.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${addr.port}/`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain(`no runs yet in ${missing}`);
      expect(text).toContain("run <code>npm run maelstrom -- test ...</code>");
      expect((await fetch(`http://127.0.0.1:${addr.port}/echo/`)).status).toBe(404);
    } finally {
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });
});

describe("a run's page", () => {
  it("lists its files with sizes and shows results.json pretty-printed", async () => {
    const r = await get(`/echo/${encodeURIComponent(INVALID)}/`);
    expect(r.status).toBe(200);
    expect(r.text).toContain(`href="/echo/${encodeURIComponent(INVALID)}/results.json"`);
    expect(r.text).toContain(`href="/echo/${encodeURIComponent(INVALID)}/node-logs/"`);
    expect(r.text).toContain(`<span title="${historyLine.length} bytes">${historyLine.length} B</span>`);
    expect(r.text).toContain("2 entries");
    expect(r.text).toContain("&#34;valid?&#34;: false,\n  &#34;stats&#34;: {\n    &#34;count&#34;: 10");
    expect(r.text).toContain(`style="background:${VERDICT_COLORS.invalid}"`);
    expect(r.text).toContain("/abs/nodes/echo.ts");
    expect(r.text).toContain("--node n1");
  });

  it("shows a crashed run's crash message", async () => {
    const r = await get(`/echo/${encodeURIComponent(CRASHED)}/`);
    expect(r.text).toContain("<h2>Crash</h2><pre>node n2 crashed: exited with code 3 &#60;before teardown&#62;</pre>");
    expect(r.text).not.toContain("results.json</a>");
  });

  it("follows the latest symlinks", async () => {
    for (const path of ["/latest/", "/echo/latest/"]) {
      const r = await get(path);
      expect(r.status, path).toBe(200);
      expect(r.text).toContain(`<h2>Crash</h2>`);
      expect(r.text).toContain(`href="/echo/${encodeURIComponent(CRASHED)}/test.json"`);
    }
    const t = await get("/latest/test.json");
    expect(JSON.parse(t.text)["exit-code"]).toBe(255);
  });

  it("redirects a directory without its trailing slash", async () => {
    const r = await get(`/echo/${encodeURIComponent(INVALID)}`);
    expect(r.status).toBe(301);
    expect(r.location).toBe(`/echo/${encodeURIComponent(INVALID)}/`);
  });
});

describe("files", () => {
  const run = `/echo/${encodeURIComponent(INVALID)}`;

  it("serves .json, .jsonl, .txt and .log as UTF-8 plain text, byte for byte", async () => {
    for (const [name, content] of [
      ["history.jsonl", historyLine],
      ["history.txt", "0\tinvoke\techo\thi\t\n"],
      ["run.log", "Everything looks good? No.\n"],
      ["node-logs/n1.log", "[n1] hello from n1\n"],
    ] as const) {
      const r = await get(`${run}/${name}`);
      expect(r.status, name).toBe(200);
      expect(r.type, name).toBe("text/plain; charset=utf-8");
      expect(r.text, name).toBe(content);
    }
    const results = await get(`${run}/results.json`);
    expect(results.type).toBe("text/plain; charset=utf-8");
    expect(JSON.parse(results.text)["valid?"]).toBe(false);
    expect((await get(`${run}/node-logs/n2.log`)).text).toBe("");
  });

  it("lists subfolders", async () => {
    const r = await get(`${run}/node-logs/`);
    expect(r.status).toBe(200);
    expect(r.text).toContain(`href="${run}/node-logs/n1.log"`);
    expect(r.text).toContain(`<span title="19 bytes">19 B</span>`);
  });

  it("answers HEAD without a body, other methods with 405, and unknown paths with 404", async () => {
    const head = await raw(`${run}/run.log`, "HEAD");
    expect(head).toEqual({ status: 200, body: "" });
    expect((await raw("/", "POST")).status).toBe(405);
    expect((await get("/echo/nope/")).status).toBe(404);
    expect((await get(`${run}/nope.json`)).status).toBe(404);
  });
});

describe("path traversal", () => {
  it.each([
    "/../secret.txt",
    "/../../../../etc/passwd",
    "/echo/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/%2e%2e/etc/passwd",
    "/echo/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/..%2fsecret.txt",
    "/%2fetc%2fpasswd",
    "//etc/passwd",
    "/..%5csecret.txt",
    "/%00",
    "/%zz",
    "/./latest/",
    `/echo/${encodeURIComponent(INVALID)}/escape.txt`,
    "http://127.0.0.1/../secret.txt",
  ])("refuses %s", async (path) => {
    const r = await raw(path);
    expect([400, 404]).toContain(r.status);
    expect(r.body).not.toContain("outside the store");
    expect(r.body).not.toContain("root:");
  });

  it("parses request paths into safe segments", () => {
    expect(parseRequestPath("/echo/20261121T120102.345%2B0000/node-logs/?x=1")).toEqual({ ok: true, segments: ["echo", "20261121T120102.345+0000", "node-logs"], trailingSlash: true });
    expect(parseRequestPath("/a/%2e%2e/b")).toMatchObject({ ok: false });
    expect(parseRequestPath("*")).toMatchObject({ ok: false });
  });
});

describe("serve's command line", () => {
  function capture() {
    const out = { out: "", err: "" };
    return { out, io: { out: (s: string) => void (out.out += s), err: (s: string) => void (out.err += s), baseDir: scratch } };
  }

  it("has documented defaults, and reads both option forms", () => {
    expect(parseServeArgs([])).toEqual({ host: "127.0.0.1", port: 8080, store: "store" });
    expect(parseServeArgs(["-b", "0.0.0.0", "--port=0", "--store", "s"])).toEqual({ host: "0.0.0.0", port: 0, store: "s" });
    expect(parseServeArgs(["--host=::1", "-p9000"])).toEqual({ host: "::1", port: 9000, store: "store" });
    expect(parseServeArgs(["-h"])).toBeNull();
  });

  it.each([
    [["--bogus"], 'unknown option "--bogus"'],
    [["-p", "http"], '-p must be a port number from 0 to 65535, but got "http"'],
    [["--port", "70000"], "--port must be a port number"],
    [["--store"], "--store needs a value"],
    [["-b", "--port", "1"], "-b needs a value"],
    [["extra"], 'unexpected argument "extra"'],
  ])("returns 254 for %j with a one-line error and the usage", async (argv, message) => {
    const { out, io } = capture();
    expect(await runServe(argv, io)).toBe(254);
    const lines = out.err.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(`serve: ${lines[0]!.slice(7)}`);
    expect(lines[0]).toContain(message);
    expect(lines[1]).toMatch(/^usage: npm run maelstrom -- serve/);
    expect(out.out).toBe("");
  });

  it("prints help, saying it binds to loopback unlike real Maelstrom", async () => {
    const { out, io } = capture();
    expect(await runServe(["--help"], io)).toBe(0);
    expect(out.out).toContain("Usage: npm run maelstrom -- serve [options]");
    expect(out.out).toContain("Default 127.0.0.1");
    expect(out.out).toContain("Real Maelstrom listens on 0.0.0.0");
  });

  it("serves until stopped, and returns 255 when the port is taken", async () => {
    const { out, io } = capture();
    let started: Server | undefined;
    const url = await new Promise<string>((resolve) => {
      void runServe(["-p", "0", "--store", "store"], { ...io, onListening: (s, u) => ((started = s), resolve(u)) });
    });
    try {
      expect(out.out).toContain(`Serving ${store} at ${url}`);
      expect(await (await fetch(url)).text()).toContain(encodeURIComponent(VALID));
      const taken = capture();
      expect(await runServe(["-p", String(port)], taken.io)).toBe(255);
      expect(taken.out.err).toContain(`port ${port} is in use`);
    } finally {
      await new Promise<void>((resolve) => started!.close(() => resolve()));
    }
  });
});

describe("run directory names", () => {
  it("parse as Jepsen's basic date-time, with our harness's -N suffix for runs started in the same ms", () => {
    expect(parseTimestamp("20261121T120102.345+0000")?.toISOString()).toBe("2026-11-21T12:01:02.345Z");
    expect(parseTimestamp("20210223T093526.128-0500")?.toISOString()).toBe("2021-02-23T14:35:26.128Z");
    expect(parseTimestamp("20261121T120102.345+0000-2")?.toISOString()).toBe("2026-11-21T12:01:02.345Z");
    expect(parseTimestamp("latest")).toBeNull();
  });

  it("sort newest first, then by suffix", async () => {
    const s = join(scratch, "suffix-store");
    for (const ts of ["20261121T120102.345+0000", "20261121T120102.345+0000-2", "20261121T120102.345+0000-10", "20261121T110000.000+0000"]) {
      mkdirSync(join(s, "echo", ts), { recursive: true });
      writeFileSync(join(s, "echo", ts, "test.json"), "{}");
    }
    expect((await listRuns(s)).map((r) => r.timestamp)).toEqual(["20261121T120102.345+0000-10", "20261121T120102.345+0000-2", "20261121T120102.345+0000", "20261121T110000.000+0000"]);
  });
});

describe("real Maelstrom's results.edn", () => {
  it("takes the top-level :valid?, not a nested one", () => {
    expect(ednTopLevelValid('{:perf {:valid? false}, :x "a :valid? false }", :valid? true}')).toBe(true);
    expect(ednTopLevelValid("{:stats {:valid? true} ; :valid? true\n :valid? :unknown}")).toBe("unknown");
    expect(ednTopLevelValid("{:workload {:valid? true} :valid? false}")).toBe(false);
    expect(ednTopLevelValid("{:workload {:valid? true}}")).toBeUndefined();
  });
});
