// Relative paths (--bin, --store, --nodes-file, --findings, run folders, replay's --input)
// are taken from the folder the user ran the command from, and the store is written there,
// in every command: npm runs our scripts in the package's folder and says where the user
// stood in INIT_CWD (see invocationDir).
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadNodeProgram } from "../../lib/runtime/node-program.js";
import { runReportCommand } from "../../scripts/maelstrom/report-command.js";
import { runServe } from "../../scripts/maelstrom/serve.js";
import { runTestCommand } from "../../scripts/maelstrom/test-command.js";
import { mergeCommand } from "../../scripts/sim/merge-command.js";
import { searchCommand } from "../../scripts/sim/search-command.js";
import type { RunConfig } from "../../maelstrom-workloads/run/run-config.js";
import type { TestOptions } from "../../maelstrom-workloads/options/index.js";
import { projectEnv } from "../helpers/run-script.js";

const root = resolve(import.meta.dirname, "../..");
const scratch = realpathSync(mkdtempSync(join(tmpdir(), "where-you-stand-")));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the command functions, with INIT_CWD set as npm sets it", () => {
  let saved: string | undefined;
  let here: string;
  beforeEach(() => {
    saved = process.env.INIT_CWD;
    here = mkdtempSync(join(scratch, "user-"));
    process.env.INIT_CWD = here;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.INIT_CWD;
    else process.env.INIT_CWD = saved;
    vi.restoreAllMocks();
  });

  /** Runs `test` with a host that records what it was asked to run instead of running it. */
  async function testCommand(argv: string[]): Promise<{ code: number; options?: TestOptions; cfg?: RunConfig; errors: string }> {
    let options: TestOptions | undefined;
    let cfg: RunConfig | undefined;
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((s: string) => void errors.push(s));
    vi.spyOn(console, "log").mockImplementation(() => {});
    const code = await runTestCommand(argv, {
      name: "maelstrom test",
      help: "",
      prepare: async (o) => ((options = o), { run: async (c) => ((cfg = c), { exitCode: 0 }) }),
      crashed: (e) => {
        throw e;
      },
    });
    return { code, options, cfg, errors: errors.join("\n") };
  }

  it("maelstrom test and sim test: --bin, --store and --nodes-file are taken from there, and the store is made there", async () => {
    writeFileSync(join(here, "nodes.txt"), "a\nb\n");
    const r = await testCommand(["-w", "echo", "--bin", "./my-node.ts", "--store", "runs", "--nodes-file", "nodes.txt"]);
    expect(r.code, r.errors).toBe(0);
    expect(r.options).toMatchObject({ bin: join(here, "my-node.ts"), storeDir: join(here, "runs"), nodes: ["a", "b"] });
    expect(r.cfg).toMatchObject({ bin: join(here, "my-node.ts"), storeDir: join(here, "runs") });
    expect(existsSync(join(here, "runs"))).toBe(true);
  });

  it("the default store, store, is made there too", async () => {
    const r = await testCommand(["-w", "echo", "--bin", "my-node.ts"]);
    expect(r.code, r.errors).toBe(0);
    expect(r.cfg?.storeDir).toBe(join(here, "store"));
    expect(existsSync(join(here, "store"))).toBe(true);
  });

  it("a file that is not there is named with where it was looked for", async () => {
    const r = await testCommand(["-w", "echo", "--bin", "my-node.ts", "--nodes-file", "missing.txt"]);
    expect(r.code).toBe(254);
    expect(r.errors).toContain(`--nodes-file: cannot read "missing.txt" (looked for ${join(here, "missing.txt")})`);
    await expect(loadNodeProgram("nope.ts", here)).rejects.toThrow(`nope.ts: no such file (looked for ${join(here, "nope.ts")})`);
  });

  it("sim search: --findings, --bin and --store", async () => {
    const warned: string[] = [];
    const io = { say: () => {}, warn: (l: string) => void warned.push(l) };
    expect(await searchCommand(["-w", "echo", "--bin", "my-node.ts", "--store", "runs", "--findings", "no-such-dir/f.json"], io)).toBe(254);
    expect(warned.join("\n")).toContain(`--findings ${join(here, "no-such-dir/f.json")}: cannot write it (ENOENT)`);
    expect(await searchCommand(["-w", "echo", "--bin", "my-node.ts", "--store", "runs"], io)).toBe(254);
    expect(warned.join("\n")).toContain(`--bin my-node.ts: no such file (looked for ${join(here, "my-node.ts")})`);
    expect(existsSync(join(here, "runs"))).toBe(true);
  });

  it("sim search-merge: findings files and --store", async () => {
    const warned: string[] = [];
    const code = await mergeCommand(["--store", "merged", "shard-1.json"], { say: () => {}, warn: (l) => void warned.push(l) });
    expect(code).toBe(254);
    expect(warned.join("\n")).toContain(`cannot read ${join(here, "shard-1.json")}`);
  });

  it("report: a run folder", async () => {
    const errors: string[] = [];
    expect(await runReportCommand(["store/latest"], () => {}, (s) => void errors.push(s))).toBe(254);
    expect(errors.join("\n")).toContain(`no history.jsonl in ${join(here, "store/latest")}`);
  });

  it("serve: --store (its help says where relative paths are taken from)", async () => {
    let out = "";
    expect(await runServe(["--help"], { out: (s) => void (out += s), err: () => {} })).toBe(0);
    expect(out).toContain(`(relative paths are taken from ${here})`);
  });
});

/** Runs `npm --prefix <project> run --silent <script> -- args` from `cwd`, as a user of the project would from elsewhere. */
function npmRun(cwd: string, script: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn("npm", ["--prefix", root, "run", "--silent", script, "--", ...args], { cwd, env: projectEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, out }));
  });
}

describe("npm --prefix <project> run ..., from another folder", () => {
  it("maelstrom test: a relative --bin and --store are that folder's, the store is written there, current and latest point at the run", async () => {
    const here = mkdtempSync(join(scratch, "npm-"));
    // A path to the project's echo node that is right only from `here`.
    const bin = relative(here, join(root, "nodes/echo.ts"));
    const store = `runs-${process.pid}`; // if it went to the project folder instead, it is removed there
    const r = await npmRun(here, "maelstrom", ["test", "-w", "echo", "--bin", bin, "--node-count", "1", "--time-limit", "1", "--store", store]).finally(() => rmSync(join(root, store), { recursive: true, force: true }));
    expect(r.code, r.out).toBe(0);
    const run = join(here, store, readlinkSync(join(here, store, "latest")));
    expect(readlinkSync(join(here, store, "current"))).toBe(readlinkSync(join(here, store, "latest")));
    expect(JSON.parse(readFileSync(join(run, "test.json"), "utf8"))).toMatchObject({ status: "done", "exit-code": 0 });
    expect(r.out).toContain(`stored in    ${run}`);
  }, 60_000);

  it("replay: a relative --bin and --input are that folder's", async () => {
    const here = mkdtempSync(join(scratch, "npm-"));
    copyFileSync(join(root, "test/fixtures/echo-session.jsonl"), join(here, "session.jsonl"));
    const r = await npmRun(here, "replay", ["--no-color", "--bin", relative(here, join(root, "nodes/echo.ts")), "--input", "session.jsonl"]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/echo_ok/);
  }, 60_000);
});
