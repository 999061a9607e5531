// `maelstrom serve`: a small web UI over the store directory, like Jepsen's.
// The index lists every run, newest first, with its verdict coloured as Jepsen
// does; each run has a page with its files and its results; files are served
// as they are. Plain HTML, no scripts. Run: npm run maelstrom -- serve --help
import { createReadStream, type Dirent } from "node:fs";
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join, relative, resolve, sep } from "node:path";

export const SERVE_DEFAULTS = { host: "127.0.0.1", port: 8080, store: "store" } as const;

export interface ServeOptions {
  host: string;
  port: number;
  /** The store directory, as given (resolved against the base directory when used). */
  store: string;
}

/** A bad command line; runServe prints the message and the usage line and returns 254. */
export class ServeUsageError extends Error {
  override readonly name = "ServeUsageError";
}

export const SERVE_USAGE_LINE = "usage: npm run maelstrom -- serve [-b HOST] [-p PORT] [--store DIR]  (--help for details)";

/** The full `serve --help` text. */
export function serveUsageText(baseDir: string = process.cwd()): string {
  return `Usage: npm run maelstrom -- serve [options]

Serves the results of past test runs (the store directory) as web pages: every
run, newest first, with its verdict in a coloured cell (blue: valid, orange:
unknown, pink: invalid, grey: crashed or unfinished) and its key figures; each
run's page lists its files (results, history, journal, node logs) and shows
results.json. Runs until killed (Ctrl-C).

Options:
  -b, --host HOST   the address to listen on. Default ${SERVE_DEFAULTS.host}: this machine only.
                    Real Maelstrom listens on 0.0.0.0 (every interface) by default;
                    this one binds to loopback unless told otherwise, because the
                    pages show your runs' files to anyone who can connect. Give
                    -b 0.0.0.0 to share them on your network.
  -p, --port PORT   the port to listen on, 0 to 65535 (0: any free port).
                    Default ${SERVE_DEFAULTS.port}.
      --store DIR   the store directory that \`test\` writes to. Default ${SERVE_DEFAULTS.store}
                    (relative paths are taken from ${baseDir}).
  -h, --help        show this help.

Exit status: none while serving (it runs until killed); 254 bad arguments;
255 could not listen (say, the port is in use).
`;
}

/** Parses serve's options (the word `serve` already removed). Returns null for --help. */
export function parseServeArgs(argv: readonly string[]): ServeOptions | null {
  const opts: ServeOptions = { ...SERVE_DEFAULTS };
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h" || arg === "--help") {
      help = true;
      continue;
    }
    let name: string;
    let value: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      name = eq > 0 ? arg.slice(0, eq) : arg;
      if (eq > 0) value = arg.slice(eq + 1);
    } else if (/^-[bp]./.test(arg)) {
      name = arg.slice(0, 2);
      value = arg.slice(2);
    } else {
      name = arg;
    }
    const canonical = name === "-b" ? "--host" : name === "-p" ? "--port" : name;
    if (canonical !== "--host" && canonical !== "--port" && canonical !== "--store") {
      if (!arg.startsWith("-")) throw new ServeUsageError(`unexpected argument ${JSON.stringify(arg)}; serve takes only options`);
      throw new ServeUsageError(`unknown option ${JSON.stringify(name)}; the options are -b/--host, -p/--port, --store and -h/--help`);
    }
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith("-") && next !== "-")) throw new ServeUsageError(`${name} needs a value, as in ${name} ${example(canonical)}`);
      value = next;
      i++;
    }
    if (value === "") throw new ServeUsageError(`${name} needs a value, but got an empty one; as in ${name} ${example(canonical)}`);
    if (canonical === "--port") {
      if (!/^\d+$/.test(value) || Number(value) > 65535) throw new ServeUsageError(`${name} must be a port number from 0 to 65535, but got ${JSON.stringify(value)}`);
      opts.port = Number(value);
    } else if (canonical === "--host") {
      opts.host = value;
    } else {
      opts.store = value;
    }
  }
  return help ? null : opts;
}

function example(option: string): string {
  return option === "--port" ? "8080" : option === "--host" ? "0.0.0.0" : "store";
}

export interface ServeIO {
  out(text: string): void;
  err(text: string): void;
  /** Relative --store paths are taken from here. Default: process.cwd(). */
  baseDir?: string;
  /** Called once the server listens (tests use it to learn the port and close it). */
  onListening?(server: Server, url: string): void;
}

const defaultIO: ServeIO = { out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s) };

/**
 * `maelstrom serve`. Resolves with 0 after --help, 254 on bad arguments, 255 if
 * it cannot listen; otherwise it serves until the process is killed (and never
 * resolves).
 */
export async function runServe(argv: string[], io: ServeIO = defaultIO): Promise<number> {
  const baseDir = io.baseDir ?? process.cwd();
  let opts: ServeOptions | null;
  try {
    opts = parseServeArgs(argv);
  } catch (e) {
    if (!(e instanceof ServeUsageError)) throw e;
    io.err(`serve: ${e.message}\n${SERVE_USAGE_LINE}\n`);
    return 254;
  }
  if (opts === null) {
    io.out(serveUsageText(baseDir));
    return 0;
  }
  const storeDir = resolve(baseDir, opts.store);
  const server = createServer(createServeHandler(storeDir));
  const { host, port } = opts;
  return new Promise<number>((resolvePromise) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      const why = e.code === "EADDRINUSE" ? `port ${port} is in use; pick another with -p PORT` : e.code === "EACCES" ? `no permission to listen on port ${port}; use a port above 1023` : `${e.code ?? e.message}; check -b ${host}`;
      io.err(`serve: cannot listen on ${host}:${port}: ${why}\n`);
      resolvePromise(255);
    });
    server.listen(port, host, () => {
      const address = server.address();
      const actualPort = typeof address === "object" && address !== null ? address.port : port;
      const everywhere = host === "0.0.0.0" || host === "::";
      const shownHost = everywhere ? "localhost" : host.includes(":") ? `[${host}]` : host;
      const url = `http://${shownHost}:${actualPort}/`;
      io.out(`Serving ${storeDir} at ${url}${everywhere ? ` (listening on every interface, ${host})` : ""}; Ctrl-C to stop.\n`);
      io.onListening?.(server, url);
    });
  });
}

// ---------------------------------------------------------------------------
// Reading the store

export type VerdictKind = "valid" | "invalid" | "unknown" | "crashed" | "incomplete";

/** Background colours of the verdict cell, after Jepsen's web UI. */
export const VERDICT_COLORS: Readonly<Record<VerdictKind, string>> = {
  valid: "#b3d9ff",
  unknown: "#ffc680",
  invalid: "#ffb3c6",
  crashed: "#d9d9d9",
  incomplete: "#ececec",
};

export interface Verdict {
  kind: VerdictKind;
  /** The word in the cell. */
  label: string;
  /** More, shown under the word: the crash message, or where the verdict came from. */
  detail?: string;
}

export interface RunFigures {
  ops?: number;
  msgsPerOp?: number;
  latencyMedian?: number;
  latencyMax?: number;
  lost?: number;
  nodes?: number;
}

export interface RunSummary {
  workload: string;
  timestamp: string;
  /** Absolute path of the run directory. */
  dir: string;
  /** The link to the run's page. */
  href: string;
  /** When it started, if known (from the directory name, else test.json). */
  time: Date | null;
  verdict: Verdict;
  figures: RunFigures;
  test: Record<string, unknown> | null;
  /** results.json, parsed; null when absent or unreadable. */
  results: Record<string, unknown> | null;
}

/**
 * A run directory's name: Joda basic date-time, as in 20261121T120102.345+0000,
 * with "-1", "-2"... added by our harness when two runs start in the same ms.
 */
const TIMESTAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?(Z|[+-]\d{4})(?:-(\d+))?$/;

export function parseTimestamp(name: string): Date | null {
  const m = TIMESTAMP.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms, zone] = m;
  const offset = zone === "Z" ? "Z" : `${zone!.slice(0, 3)}:${zone!.slice(3)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${(ms ?? "0").padEnd(3, "0")}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Every run in the store, newest first. A missing store has none. */
export async function listRuns(storeDir: string, onlyWorkload?: string): Promise<RunSummary[]> {
  const workloads = await dirents(storeDir);
  const runs: Promise<RunSummary | null>[] = [];
  for (const w of workloads) {
    // Symlinks (latest, current) are skipped: they point at runs listed anyway.
    if (!w.isDirectory() || (onlyWorkload !== undefined && w.name !== onlyWorkload)) continue;
    for (const r of await dirents(join(storeDir, w.name))) {
      if (r.isDirectory()) runs.push(readRun(storeDir, w.name, r.name));
    }
  }
  const found = (await Promise.all(runs)).filter((r): r is RunSummary => r !== null);
  return found.sort((a, b) => (b.time?.getTime() ?? -Infinity) - (a.time?.getTime() ?? -Infinity) || b.timestamp.localeCompare(a.timestamp, "en", { numeric: true }));
}

/** One run's summary; null if the directory does not look like a run. */
export async function readRun(storeDir: string, workload: string, timestamp: string): Promise<RunSummary | null> {
  const dir = join(storeDir, workload, timestamp);
  const [testText, resultsText, ednText] = await Promise.all([readMaybe(join(dir, "test.json")), readMaybe(join(dir, "results.json")), readMaybe(join(dir, "results.edn"))]);
  let time = parseTimestamp(timestamp);
  if (time === null && testText === null && resultsText === null && ednText === null) return null;
  const test = testText === null ? null : asObject(parseJson(testText));
  const results = resultsText === null ? null : asObject(parseJson(resultsText));
  if (time === null && typeof test?.["start-time"] === "string") {
    const t = new Date(test["start-time"]);
    if (!Number.isNaN(t.getTime())) time = t;
  }
  let verdict: Verdict;
  if (resultsText !== null) {
    verdict = results === null ? { kind: "unknown", label: "unknown", detail: "results.json is not a JSON object" } : verdictOf(results["valid?"]);
  } else if (ednText !== null) {
    verdict = { ...verdictOf(ednTopLevelValid(ednText)), detail: "from results.edn (real Maelstrom)" };
  } else if (typeof test?.crash === "string" && test.crash !== "") {
    verdict = { kind: "crashed", label: "crashed", detail: test.crash };
  } else if (typeof test?.["exit-code"] === "number") {
    verdict = { kind: "crashed", label: "crashed", detail: `exit code ${test["exit-code"]}, and no results.json` };
  } else {
    verdict = { kind: "incomplete", label: "no results", detail: "no results.json: still running, or stopped before the analysis" };
  }
  const figures = results === null ? {} : figuresOf(results);
  if (Array.isArray(test?.nodes)) figures.nodes = test.nodes.length;
  const href = `/${encodeURIComponent(workload)}/${encodeURIComponent(timestamp)}/`;
  return { workload, timestamp, dir, href, time, verdict, figures, test, results };
}

function verdictOf(valid: unknown): Verdict {
  if (valid === true) return { kind: "valid", label: "valid" };
  if (valid === false) return { kind: "invalid", label: "invalid" };
  if (valid === "unknown" || valid === ":unknown") return { kind: "unknown", label: "unknown" };
  return { kind: "unknown", label: "unknown", detail: `"valid?" is ${JSON.stringify(valid) ?? "missing"}` };
}

function figuresOf(results: Record<string, unknown>): RunFigures {
  const f: RunFigures = {};
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  const stats = asObject(results.stats);
  const servers = asObject(asObject(results.net)?.servers);
  const workload = asObject(results.workload);
  const latencies = asObject(workload?.["stable-latencies"]);
  const set = <K extends keyof RunFigures>(k: K, v: number | undefined) => {
    if (v !== undefined) f[k] = v;
  };
  set("ops", num(stats?.count));
  set("msgsPerOp", num(servers?.["msgs-per-op"]));
  set("latencyMedian", num(latencies?.["0.5"]));
  set("latencyMax", num(latencies?.["1"] ?? latencies?.["1.0"]));
  set("lost", num(workload?.["lost-count"]));
  return f;
}

/**
 * The top-level `:valid?` of an EDN results map (real Maelstrom's results.edn),
 * found without a full EDN reader: the key at nesting depth 1, outside strings
 * and comments. Returns true, false, "unknown", or undefined if not found.
 */
export function ednTopLevelValid(text: string): boolean | "unknown" | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === ";") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "\\") {
      i++; // a character literal such as \{ or \newline
    } else if (c === "{" || c === "[" || c === "(") {
      depth++;
    } else if (c === "}" || c === "]" || c === ")") {
      depth--;
    } else if (depth === 1 && c === ":" && text.startsWith(":valid?", i) && /[\s,]/.test(text[i + 7] ?? "")) {
      const m = /^[\s,]*(true|false|:unknown)(?![\w?!*+-])/.exec(text.slice(i + 7));
      if (m) return m[1] === "true" ? true : m[1] === "false" ? false : "unknown";
    }
  }
  return undefined;
}

async function dirents(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

async function readMaybe(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return null;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asObject(v: unknown): Record<string, unknown> | null {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

// ---------------------------------------------------------------------------
// HTTP

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** The request path as decoded segments, or why it is refused. */
export type ParsedPath = { ok: true; segments: string[]; trailingSlash: boolean } | { ok: false; reason: string };

/**
 * Splits a request target into decoded path segments, refusing anything that
 * could leave the store: `.` and `..` (plain or percent-encoded), and segments
 * that decode to contain a slash, a backslash or NUL. Empty segments are dropped.
 */
export function parseRequestPath(target: string): ParsedPath {
  let path = target.replace(/[?#].*$/s, "");
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(path);
  if (absolute) path = path.slice(absolute[0].length) || "/";
  if (!path.startsWith("/")) return { ok: false, reason: "the path must start with /" };
  const segments: string[] = [];
  for (const raw of path.split("/")) {
    if (raw === "") continue;
    let s: string;
    try {
      s = decodeURIComponent(raw);
    } catch {
      return { ok: false, reason: `bad percent-encoding in ${JSON.stringify(raw)}` };
    }
    if (s === "." || s === "..") return { ok: false, reason: `"${s}" is not allowed in a path` };
    if (/[/\\\0]/.test(s)) return { ok: false, reason: `a path segment may not contain a slash, backslash or NUL (${JSON.stringify(raw)})` };
    segments.push(s);
  }
  return { ok: true, segments, trailingSlash: path.endsWith("/") };
}

/**
 * The request handler for a store directory: mount it on any HTTP server.
 * GET and HEAD only. Follows symlinks (store/latest) but never serves anything
 * whose real path is outside the store.
 */
export function createServeHandler(storeDir: string): Handler {
  const store = resolve(storeDir);
  return (req, res) => {
    handle(store, req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, req, 500, "text/plain; charset=utf-8", `internal error: ${(e as Error).message}\n`);
      else res.destroy();
    });
  };
}

async function handle(store: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("Allow", "GET, HEAD");
    return send(res, req, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
  }
  const parsed = parseRequestPath(req.url ?? "/");
  if (!parsed.ok) return send(res, req, 400, "text/plain; charset=utf-8", `bad path: ${parsed.reason}\n`);
  const { segments } = parsed;
  if (segments.length === 0) return sendHtml(res, req, 200, await indexPage(store, await listRuns(store)));

  const storeReal = await realpath(store).catch(() => null);
  if (storeReal === null) return notFound(res, req, segments);
  const target = await realpath(join(storeReal, ...segments)).catch(() => null);
  if (target === null || (target !== storeReal && !target.startsWith(storeReal + sep))) return notFound(res, req, segments);
  const st = await stat(target).catch(() => null);
  if (st === null) return notFound(res, req, segments);

  if (st.isDirectory()) {
    const canonical = `/${segments.map(encodeURIComponent).join("/")}/`;
    if (!parsed.trailingSlash) {
      res.setHeader("Location", canonical);
      return send(res, req, 301, "text/plain; charset=utf-8", `see ${canonical}\n`);
    }
    const rel = relative(storeReal, target).split(sep).filter((s) => s !== "");
    if (rel.length === 0) return sendHtml(res, req, 200, await indexPage(store, await listRuns(store)));
    if (rel.length === 1) {
      const runs = await listRuns(storeReal, rel[0]);
      if (runs.length > 0) return sendHtml(res, req, 200, await indexPage(store, runs, rel[0]));
    }
    if (rel.length === 2) {
      const run = await readRun(storeReal, rel[0]!, rel[1]!);
      if (run !== null) return sendHtml(res, req, 200, await runPage(store, run));
    }
    return sendHtml(res, req, 200, await listingPage(target, rel));
  }
  if (!st.isFile()) return notFound(res, req, segments);
  res.writeHead(200, {
    "Content-Type": contentType(target),
    "Content-Length": st.size,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",
  });
  if (req.method === "HEAD" || st.size === 0) return void res.end();
  // Only the bytes announced: a log still being written may grow meanwhile.
  const stream = createReadStream(target, { start: 0, end: st.size - 1 });
  stream.on("error", () => res.destroy());
  stream.pipe(res);
}

const TEXT_EXTENSIONS = new Set([".json", ".jsonl", ".txt", ".log", ".edn", ".md", ".csv", ".tsv"]);
const OTHER_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".css": "text/css; charset=utf-8",
};

/** The Content-Type a stored file is served with. */
export function contentType(path: string): string {
  const ext = extname(path).toLowerCase();
  if (TEXT_EXTENSIONS.has(ext)) return "text/plain; charset=utf-8";
  return OTHER_TYPES[ext] ?? "application/octet-stream";
}

function send(res: ServerResponse, req: IncomingMessage, status: number, type: string, body: string): void {
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body), "X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache" });
  res.end(req.method === "HEAD" ? undefined : body);
}

function sendHtml(res: ServerResponse, req: IncomingMessage, status: number, html: string): void {
  res.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'");
  send(res, req, status, "text/html; charset=utf-8", html);
}

function notFound(res: ServerResponse, req: IncomingMessage, segments: string[]): void {
  sendHtml(res, req, 404, layout("Not found", `<h1>Not found</h1><p>There is no <code>${esc(segments.join("/"))}</code> in the store.</p><p><a href="/">All runs</a></p>`));
}

// ---------------------------------------------------------------------------
// Pages

const CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem 2rem; color: #222; line-height: 1.4; }
h1 { font-size: 1.4rem; margin: 0 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
a { color: #0550ae; text-decoration: none; } a:hover { text-decoration: underline; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #ccc; padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.verdict { font-weight: 600; white-space: nowrap; }
td.verdict small { display: block; font-weight: normal; white-space: pre-wrap; max-width: 40rem; overflow-wrap: anywhere; }
pre { background: #f7f7f7; border: 1px solid #ddd; padding: .6rem; overflow: auto; max-height: 40rem; }
.muted { color: #777; }
nav { margin-bottom: 1rem; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** Escapes text for HTML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function verdictCell(v: Verdict, tag: "td" | "div" = "td"): string {
  const detail = v.detail === undefined ? "" : `<small>${esc(truncate(v.detail, 300))}</small>`;
  const title = v.detail !== undefined && v.detail.length > 300 ? ` title="${esc(v.detail)}"` : "";
  return `<${tag} class="verdict verdict-${v.kind}" style="background:${VERDICT_COLORS[v.kind]}"${title}>${esc(v.label)}${detail}</${tag}>`;
}

function showTime(run: RunSummary): string {
  const m = TIMESTAMP.exec(run.timestamp);
  if (m) return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}${m[7] ? `.${m[7]}` : ""} ${m[8]}${m[9] ? ` (${m[9]})` : ""}`;
  return run.time ? run.time.toISOString() : run.timestamp;
}

function numCell(v: number | undefined, digits = 0): string {
  return `<td class="num">${v === undefined ? "" : esc(digits > 0 && !Number.isInteger(v) ? v.toFixed(digits) : String(v))}</td>`;
}

async function indexPage(store: string, runs: RunSummary[], workload?: string): Promise<string> {
  const heading = workload === undefined ? "Maelstrom runs" : `Maelstrom runs: ${workload}`;
  const nav = workload === undefined ? "" : `<nav><a href="/">All runs</a></nav>`;
  if (runs.length === 0) {
    const exists = await stat(store).then((s) => s.isDirectory()).catch(() => false);
    const where = exists ? `no runs yet in ${store}` : `no runs yet in ${store} (it does not exist yet)`;
    return layout(heading, `${nav}<h1>${esc(heading)}</h1><p>${esc(where)}; run <code>npm run maelstrom -- test ...</code> to make one.</p>`);
  }
  const counts = new Map<VerdictKind, number>();
  for (const r of runs) counts.set(r.verdict.kind, (counts.get(r.verdict.kind) ?? 0) + 1);
  const summary = [...counts].map(([k, n]) => `${n} ${k}`).join(", ");
  const rows = runs.map((r) => {
    const f = r.figures;
    return `<tr>
<td><a href="${esc(r.href)}">${esc(showTime(r))}</a></td>
<td><a href="/${esc(encodeURIComponent(r.workload))}/">${esc(r.workload)}</a></td>
${verdictCell(r.verdict)}
${numCell(f.ops)}${numCell(f.msgsPerOp, 2)}${numCell(f.latencyMedian)}${numCell(f.latencyMax)}${numCell(f.lost)}${numCell(f.nodes)}
</tr>`;
  });
  return layout(
    heading,
    `${nav}<h1>${esc(heading)}</h1>
<p class="muted">${runs.length} run${runs.length === 1 ? "" : "s"} in ${esc(store)}, newest first (${esc(summary)}).</p>
<table>
<thead><tr><th>Time</th><th>Workload</th><th>Valid?</th><th title="client operations (stats.count)">Ops</th><th title="server messages per operation (net.servers.msgs-per-op)">Msgs/op</th><th title="median stable latency, ms (workload.stable-latencies 0.5)">Stable lat. p50</th><th title="maximum stable latency, ms (workload.stable-latencies 1)">Stable lat. max</th><th title="workload.lost-count">Lost</th><th>Nodes</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>`,
  );
}

async function runPage(store: string, run: RunSummary): Promise<string> {
  const files = await fileRows(run.dir, [run.workload, run.timestamp]);
  const t = run.test;
  const facts: string[] = [];
  const fact = (k: string, v: unknown) => {
    if (v === undefined || v === null) return;
    const text = Array.isArray(v) ? v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(" ") : typeof v === "string" ? v : JSON.stringify(v);
    facts.push(`<tr><th>${esc(k)}</th><td><code>${esc(text)}</code></td></tr>`);
  };
  if (t) {
    for (const k of ["workload", "bin", "bin-args", "nodes", "seed", "start-time", "exit-code", "argv"]) fact(k, t[k]);
  }
  const crash = typeof t?.crash === "string" && t.crash !== "" ? `<h2>Crash</h2><pre>${esc(t.crash)}</pre>` : "";
  const nodes = Array.isArray(t?.nodes) ? t.nodes.filter((n): n is string => typeof n === "string") : [];
  const replayHint =
    nodes.length > 0
      ? `<p class="muted">Replay what one node received: <code>npm run replay -- --run ${esc(join(store, run.workload, run.timestamp))} --node ${esc(nodes[0]!)}</code></p>`
      : "";
  let results = "";
  if (run.results !== null) {
    results = `<h2>results.json</h2><pre>${esc(JSON.stringify(run.results, null, 2))}</pre>`;
  } else {
    const raw = (await readMaybe(join(run.dir, "results.json"))) ?? (await readMaybe(join(run.dir, "results.edn")));
    if (raw !== null) results = `<h2>Results</h2><pre>${esc(raw)}</pre>`;
  }
  const title = `${run.workload} ${run.timestamp}`;
  return layout(
    title,
    `<nav><a href="/">All runs</a> / <a href="/${esc(encodeURIComponent(run.workload))}/">${esc(run.workload)}</a> / ${esc(run.timestamp)}</nav>
<h1>${esc(run.workload)} <span class="muted">${esc(showTime(run))}</span></h1>
<table><tr><th>Valid?</th>${verdictCell(run.verdict)}</tr>${facts.join("")}</table>
${crash}${replayHint}
<h2>Files</h2>
${files}
${results}`,
  );
}

async function listingPage(dir: string, rel: string[]): Promise<string> {
  const crumbs = rel.map((s, i) => (i === rel.length - 1 ? esc(s) : `<a href="/${rel.slice(0, i + 1).map(encodeURIComponent).map(esc).join("/")}/">${esc(s)}</a>`));
  const title = rel.join("/");
  return layout(title, `<nav><a href="/">All runs</a> / ${crumbs.join(" / ")}</nav><h1>${esc(title)}/</h1>${await fileRows(dir, rel)}`);
}

/** A table of a directory's entries (name, size) with links; symlinks are shown as where they lead. */
async function fileRows(dir: string, rel: string[]): Promise<string> {
  const entries = (await dirents(dir)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (entries.length === 0) return `<p class="muted">(empty)</p>`;
  const base = `/${rel.map(encodeURIComponent).join("/")}/`;
  const rows = await Promise.all(
    entries.map(async (e) => {
      const st = await stat(join(dir, e.name)).catch(() => null);
      const isDir = st?.isDirectory() ?? false;
      const href = `${base}${encodeURIComponent(e.name)}${isDir ? "/" : ""}`;
      let size = "";
      if (st && isDir) {
        const n = (await dirents(join(dir, e.name))).length;
        size = `${n} entr${n === 1 ? "y" : "ies"}`;
      } else if (st) {
        size = `<span title="${st.size} bytes">${esc(formatSize(st.size))}</span>`;
      }
      const name = `${esc(e.name)}${isDir ? "/" : ""}${e.isSymbolicLink() ? ' <span class="muted">(link)</span>' : ""}`;
      return `<tr><td>${st ? `<a href="${esc(href)}">${name}</a>` : `${name} <span class="muted">(broken link)</span>`}</td><td class="num">${size}</td></tr>`;
    }),
  );
  return `<table><thead><tr><th>Name</th><th>Size</th></tr></thead><tbody>${rows.join("\n")}</tbody></table>`;
}

/** Bytes as people read them: 512 B, 1.5 KiB, 2.0 MiB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}
