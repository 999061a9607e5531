// `maelstrom serve` against a hostile or careless store: files that are links
// out of the store, a FIFO where test.json should be, results.json of 100 MiB.
// No page may show what is outside the store, block on one run, or read a
// huge file whole.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, realpathSync, symlinkSync, truncateSync, utimesSync, writeFileSync, writeSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { serveTeardown } from "../helpers/serve-teardown.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServeHandler, formatSize, listRuns, readInStore, RunCache, type RunSummary, SUMMARY_CAP } from "../../scripts/maelstrom/serve.js";

const root = resolve(import.meta.dirname, "../..");
const scratch = mkdtempSync(join(tmpdir(), "serve-hostile-"));
const store = join(scratch, "store");
const outside = join(scratch, "outside");

// A file outside the store whose contents, size and verdict must never show.
const SECRET = "SECRET-OUTSIDE-THE-STORE";
const SECRET_SIZE = 12345;
const secretHead = `{"valid?":true,"stats":{"count":424242},"note":"${SECRET}","pad":"`;
const secretFile = join(outside, "secret.json");
const secretDir = join(outside, "dir");
const SECRET_DIR_ENTRIES = 13;

const LINKED = "20261121T100000.000+0000";
const FIFO = "20261121T110000.000+0000";
const BIG = "20261121T120000.000+0000";
const BIG_TAIL = "20261121T130000.000+0000";
const INTERRUPTED = "20261121T140000.000+0000";
const BIG_SIZE = 100 * 1024 * 1024;

const fifos: string[] = [];

function runDir(workload: string, ts: string): string {
  const dir = join(store, workload, ts);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A sparse file of `size` bytes: `head` at its start, `tail` at its end, zeros between. */
function sparse(path: string, size: number, head = "", tail = ""): void {
  writeFileSync(path, head);
  truncateSync(path, size);
  if (tail !== "") {
    const fd = openSync(path, "r+");
    writeSync(fd, tail, size - Buffer.byteLength(tail));
    closeSync(fd);
  }
}

beforeAll(() => {
  mkdirSync(secretDir, { recursive: true });
  writeFileSync(secretFile, `${secretHead}${"x".repeat(SECRET_SIZE - secretHead.length - 2)}"}`);
  for (let i = 0; i < SECRET_DIR_ENTRIES; i++) writeFileSync(join(secretDir, `f${i}`), SECRET);

  const linked = runDir("echo", LINKED);
  for (const name of ["test.json", "results.json", "results.edn"]) symlinkSync(secretFile, join(linked, name));
  symlinkSync(secretDir, join(linked, "secret-dir"));
  writeFileSync(join(linked, "history.jsonl"), "");
  symlinkSync(`../${FIFO}/results.json`, join(linked, "inside.json")); // a link that stays in the store

  const fifo = runDir("echo", FIFO);
  writeFileSync(join(fifo, "results.json"), JSON.stringify({ "valid?": true, stats: { count: 77 } }));
  mkdirSync(join(fifo, "node-logs"));
  for (const path of [join(fifo, "test.json"), join(fifo, "node-logs", "n1.log")]) {
    execFileSync("mkfifo", [path]);
    fifos.push(path);
  }

  const big = runDir("broadcast", BIG);
  sparse(join(big, "results.json"), BIG_SIZE);
  writeFileSync(join(big, "test.json"), JSON.stringify({ nodes: ["n1", "n2"] }));
  sparse(join(runDir("broadcast", BIG_TAIL), "results.json"), BIG_SIZE, '{\n  "stats": {"count": 5},\n  "pad": "', '",\n  "valid?": false\n}\n');

  writeFileSync(join(runDir("echo", INTERRUPTED), "test.json"), JSON.stringify({ nodes: ["n1"], "exit-code": 130, interrupted: "SIGINT (Ctrl-C) during the main phase" }));
});

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer(createServeHandler(store));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => serveTeardown(server, fifos, scratch));

/** A GET that must answer within 3 s. */
async function get(path: string, at = base): Promise<{ status: number; text: string }> {
  const res = await fetch(at + path, { redirect: "manual", signal: AbortSignal.timeout(3000) });
  return { status: res.status, text: await res.text() };
}

/** The index's table row for the run `ts`. */
function rowOf(html: string, ts: string): string {
  const rows = html.split("<tr>").filter((r) => r.includes(encodeURIComponent(ts)));
  expect(rows, `one row for ${ts}`).toHaveLength(1);
  return rows[0]!;
}

/**
 * Runs `fn` while counting what every FileHandle.read returns (readInStore and
 * the file route's stream both read through it): the bytes in all, the most
 * in one call, and the calls.
 */
async function countReads<T>(fn: () => Promise<T>): Promise<{ result: T; bytes: number; largest: number; calls: number }> {
  const probe = await open(secretFile, "r");
  const proto = Object.getPrototypeOf(probe) as { read: (...args: unknown[]) => Promise<{ bytesRead: number }> };
  await probe.close();
  const original = proto.read;
  let bytes = 0;
  let largest = 0;
  let calls = 0;
  proto.read = function (this: unknown, ...args: unknown[]) {
    calls++;
    const p = original.apply(this, args);
    void p.then(
      ({ bytesRead }) => {
        bytes += bytesRead;
        largest = Math.max(largest, bytesRead);
      },
      () => undefined,
    );
    return p;
  };
  try {
    const result = await fn();
    return { result, bytes, largest, calls };
  } finally {
    proto.read = original;
  }
}

function expectNothingFromOutside(text: string, where: string): void {
  for (const leak of [SECRET, "424242", String(SECRET_SIZE), formatSize(SECRET_SIZE), `${SECRET_DIR_ENTRIES} entries`]) expect(text, `${where} shows ${leak}`).not.toContain(leak);
}

describe("files that lead outside the store (item 22)", () => {
  it("show neither their contents, their size nor their verdict on any page", async () => {
    const run = `/echo/${encodeURIComponent(LINKED)}`;
    const index = await get("/");
    expectNothingFromOutside(index.text, "the index");
    expect(rowOf(index.text, LINKED)).toContain("no results");
    expect(rowOf(index.text, LINKED)).toContain("results.json leads outside the store");
    expectNothingFromOutside((await get("/echo/")).text, "the echo index");
    const page = await get(`${run}/`);
    expect(page.status).toBe(200);
    expectNothingFromOutside(page.text, "the run page");
    expect(page.text).toContain("test.json leads outside the store");
    expect(page.text).toContain("results.edn leads outside the store");
    expect(page.text).toMatch(/secret-dir.*link out of the store/);
    for (const name of ["results.json", "test.json", "results.edn", "secret-dir/", "secret-dir/f0"]) {
      const r = await get(`${run}/${name}`);
      expect(r.status, name).toBe(404);
      expectNothingFromOutside(r.text, name);
    }
  });

  it("are refused by readInStore, the one check every page uses", async () => {
    const storeReal = realpathSync(store);
    const r = await readInStore(storeReal, join(store, "echo", LINKED, "results.json"), { cap: 1024 });
    expect(r).toMatchObject({ ok: false, kind: "outside" });
  });

  it("while links that stay inside the store are followed, as the file route does", async () => {
    const run = `/echo/${encodeURIComponent(LINKED)}`;
    const page = await get(`${run}/`);
    const size = JSON.stringify({ "valid?": true, stats: { count: 77 } }).length;
    expect(page.text).toContain(`href="${run}/inside.json"`);
    expect(page.text).toContain(`<span title="${size} bytes">${size} B</span>`);
    expect(JSON.parse((await get(`${run}/inside.json`)).text).stats.count).toBe(77);
  });
});

describe("a FIFO where a file should be (item 23)", () => {
  it("is skipped with a note, and never blocks a page, nor the next request", async () => {
    const run = `/echo/${encodeURIComponent(FIFO)}`;
    for (let round = 0; round < 2; round++) {
      const [index, page, logs, file] = await Promise.all([get("/"), get(`${run}/`), get(`${run}/node-logs/`), get(`${run}/test.json`)]);
      const row = rowOf(index.text, FIFO);
      expect(row).toContain(">valid<");
      expect(row).toContain("test.json is a FIFO, not a regular file: skipped");
      expect(page.status).toBe(200);
      expect(page.text).toContain("test.json is a FIFO, not a regular file: skipped");
      expect(page.text).toMatch(/test\.json <span class="muted">\(a FIFO: not served\)/);
      expect(logs.status).toBe(200);
      expect(logs.text).toMatch(/n1\.log <span class="muted">\(a FIFO: not served\)/);
      expect(file.status).toBe(404);
    }
  });

  it("leaves `npm run maelstrom -- serve` answering, and stopping on SIGTERM", async () => {
    const fifoStore = join(scratch, "fifo-store");
    const dir = join(fifoStore, "echo", FIFO);
    mkdirSync(dir, { recursive: true });
    execFileSync("mkfifo", [join(dir, "test.json")]);
    fifos.push(join(dir, "test.json"));
    // The tsx CLI, as `npm run maelstrom` starts it: it relays SIGTERM to the node process it runs.
    const child: ChildProcess = spawn(join(root, "node_modules/.bin/tsx"), ["scripts/maelstrom.ts", "serve", "-p", "0", "--store", fifoStore], { cwd: root, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const exited = new Promise<number | string>((r) => child.on("exit", (code, signal) => r(code ?? signal ?? "?")));
    try {
      const url = await new Promise<string>((r, reject) => {
        let out = "";
        child.stdout!.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /at (http:\/\/\S+\/)/.exec(out);
          if (m) r(m[1]!);
        });
        void exited.then(() => reject(new Error(`serve exited early: ${out}`)));
      });
      // More requests than libuv has threads: a blocked open() on each would exhaust them.
      const pages = await Promise.all(Array.from({ length: 6 }, () => get("", url.slice(0, -1) + "/")));
      for (const p of pages) expect(rowOf(p.text, FIFO)).toContain("test.json is a FIFO");
      child.kill("SIGTERM");
      const stopped = await Promise.race([exited, new Promise((r) => setTimeout(() => r("still running 3 s after SIGTERM"), 3000))]);
      expect(stopped).not.toBe("still running 3 s after SIGTERM");
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
    }
  });
});

describe("a results.json of 100 MiB (item 24)", () => {
  it("is summarised from at most 1 MiB: the verdict from its end when it is there, else a note", async () => {
    const { text } = await get("/");
    expect(rowOf(text, BIG)).toContain("results too large to summarise (100.0 MiB)");
    expect(rowOf(text, BIG_TAIL)).toContain(">invalid<");
    expect(rowOf(text, BIG_TAIL)).toContain("results.json is 100.0 MiB");
    const r = await readInStore(realpathSync(store), join(store, "broadcast", BIG, "results.json"), { cap: 1024 * 1024 });
    expect(r).toMatchObject({ ok: true, truncated: true, size: BIG_SIZE });
    expect(r.ok && r.text.length).toBe(1024 * 1024);
  });

  it("is read at most SUMMARY_CAP and a small tail per file when the cache is cold, and not again while cached", async () => {
    // A fresh handler (empty cache) over the whole store; counted: the bytes read through FileHandle.read.
    const s = createServer(createServeHandler(store));
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    const at = `http://127.0.0.1:${(s.address() as { port: number }).port}`;
    try {
      const cold = await countReads(() => get("/", at));
      expect(rowOf(cold.result.text, BIG_TAIL)).toContain(">invalid<");
      // Both 100 MiB files went through FileHandle.read (the count sees them), each only up to the cap and its tail.
      expect(cold.bytes).toBeGreaterThanOrEqual(2 * SUMMARY_CAP);
      expect(cold.bytes).toBeLessThanOrEqual(2 * (SUMMARY_CAP + 64 * 1024) + 64 * 1024);
      expect(cold.largest).toBeLessThanOrEqual(SUMMARY_CAP);
      const warm = await countReads(() => Promise.all(Array.from({ length: 5 }, () => get("/", at))));
      expect(warm.bytes).toBeLessThan(64 * 1024);
    } finally {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
  });

  it("shows a link to the file on the run page instead of the file, and streams the file", async () => {
    const run = `/broadcast/${encodeURIComponent(BIG)}`;
    const page = await get(`${run}/`);
    expect(page.text).toContain("results.json is 100.0 MiB: too large to show here");
    expect(page.text).toContain(`href="${run}/results.json"`);
    // The first 4 MiB of the body: every byte of it came through FileHandle.read, in reads of at most 1 MiB.
    const want = 4 * 1024 * 1024;
    const { result: received, bytes, largest, calls } = await countReads(async () => {
      const res = await fetch(`${base}${run}/results.json`, { signal: AbortSignal.timeout(30_000) });
      expect(res.headers.get("content-length")).toBe(String(BIG_SIZE));
      const reader = res.body!.getReader();
      let got = 0;
      while (got < want) {
        const chunk = await reader.read();
        if (chunk.done) break;
        got += chunk.value.byteLength;
      }
      await reader.cancel();
      return got;
    });
    expect(received).toBeGreaterThanOrEqual(want);
    expect(bytes).toBeGreaterThanOrEqual(received);
    expect(largest).toBeLessThanOrEqual(1024 * 1024);
    expect(calls).toBeGreaterThanOrEqual(4);
  });

  it("is read once while it does not change (cache by path, mtime, size and inode)", async () => {
    const cache = new RunCache<RunSummary | null>();
    const first = (await listRuns(store, "broadcast", { cache })).find((r) => r.timestamp === BIG)!;
    const again = (await listRuns(store, "broadcast", { cache })).find((r) => r.timestamp === BIG)!;
    expect(again).toBe(first);
    const later = new Date(Date.now() + 5000);
    utimesSync(join(store, "broadcast", BIG, "results.json"), later, later);
    const changed = (await listRuns(store, "broadcast", { cache })).find((r) => r.timestamp === BIG)!;
    expect(changed).not.toBe(first);
    expect(changed.verdict).toEqual(first.verdict);
  });
});

describe("the index in pages", () => {
  it("lists at most pageSize runs per page, with links to the others", async () => {
    const paged = join(scratch, "paged-store");
    for (let i = 0; i < 7; i++) {
      const dir = join(paged, "echo", `20261121T10000${i}.000+0000`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "test.json"), "{}");
    }
    const s = createServer(createServeHandler(paged, { pageSize: 3 }));
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    const at = `http://127.0.0.1:${(s.address() as { port: number }).port}`;
    try {
      const rows = (html: string) => html.split("<tr>").filter((r) => r.includes("/echo/2026")).length;
      const p1 = await get("/", at);
      expect(rows(p1.text)).toBe(3);
      expect(p1.text).toContain("runs 1 to 3 of 7");
      expect(p1.text).toContain('href="?page=2"');
      expect(p1.text).toContain(encodeURIComponent("20261121T100006.000+0000"));
      const p3 = await get("/?page=3", at);
      expect(rows(p3.text)).toBe(1);
      expect(p3.text).toContain(encodeURIComponent("20261121T100000.000+0000"));
      expect(rows((await get("/echo/?page=2", at)).text)).toBe(3);
      expect((await get("/?page=0", at)).status).toBe(400);
      expect((await get("/?page=x", at)).status).toBe(400);
      const beyond = await get("/?page=9", at);
      expect(beyond.status).toBe(404);
      expect(beyond.text).toContain("there are 3 pages");
    } finally {
      await new Promise<void>((r) => s.close(() => r()));
    }
  });
});

describe("a run stopped by SIGINT or SIGTERM", () => {
  it("shows as interrupted, not as still running", async () => {
    const row = rowOf((await get("/")).text, INTERRUPTED);
    expect(row).toContain(">interrupted<");
    expect(row).toContain("SIGINT (Ctrl-C) during the main phase");
  });
});
