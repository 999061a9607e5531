// replay --run and the command a stored run names: a store may come from
// someone else, so its test.json's bin and bin-args are shown, not run, unless
// the user passes --bin or --trust-run.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { replayCli, usageError } from "../helpers/replay-cli.js";
import { parseCommandLine } from "../../scripts/replay/options.js";
import { replayWithOutcome, type ReplayCall } from "../../scripts/replay/run-replay.js";
import { shellQuote } from "../../scripts/replay/shell-quote.js";

const root = resolve(import.meta.dirname, "../..");
const echo = join(root, "nodes/echo.ts");
const scratch = realpathSync(mkdtempSync(join(tmpdir(), "replay-trust-test-")));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// The stored binary leaves a mark when it runs, then acts as the echo node.
const marker = join(scratch, "it-ran");
const storedBin = join(scratch, "stored node.sh");
writeFileSync(storedBin, `#!/bin/sh\ntouch '${marker}'\nexec "${echo}" "$@"\n`);
chmodSync(storedBin, 0o755);

const runDir = join(scratch, "store", "echo", "20261201T000000.000+0000");
mkdirSync(runDir, { recursive: true });
const init = { id: 0, src: "c0", dest: "n1", body: { type: "init", node_id: "n1", node_ids: ["n1"], msg_id: 1 } };
writeFileSync(join(runDir, "journal.jsonl"), JSON.stringify({ id: 0, time: 0, type: "recv", message: init }) + "\n");
writeFileSync(join(runDir, "test.json"), JSON.stringify({ workload: "echo", bin: storedBin, "bin-args": ["--tag", "it's"], nodes: ["n1"] }));

const shownCmd = `'${storedBin}' --tag 'it'\\''s'`;
const refusal = `this run's test.json (${runDir}/test.json) says to run: ${shownCmd}. Pass --bin '${storedBin}' -- --tag 'it'\\''s' to run it, or --trust-run to run what the store says`;

const fast = { quietMs: 30, replyMs: 2000, graceMs: 3000, timeoutMs: 15_000 };
async function run(options: ReplayCall) {
  let report = "";
  let errors = "";
  const outcome = await replayWithOutcome({ ...fast, ...options } as ReplayCall, { write: (s) => void (report += s), error: (s) => void (errors += s) });
  return { ...outcome, report, errors };
}

beforeEach(() => rmSync(marker, { force: true }));

describe("replay --run without --bin", () => {
  it("shows the stored command and refuses to run it (usage error, exit 2), starting nothing", async () => {
    const r = await run({ run: runDir });
    expect(r.exitCode).toBe(2);
    expect(r.errors.split("\n")[0]).toBe(`replay: ${refusal}`);
    expect(r.session).toBeUndefined();
    expect(existsSync(marker)).toBe(false);
  });

  it("runs the stored command with --trust-run", async () => {
    const r = await run({ run: runDir, trustRun: true });
    expect(r.exitCode, r.report + r.errors).toBe(0);
    expect(existsSync(marker)).toBe(true);
    expect(r.session!.stdout.map((l) => JSON.parse(l))).toEqual([{ src: "n1", dest: "c0", body: { type: "init_ok", in_reply_to: 1, msg_id: 1 } }]);
  });

  it("runs --bin instead when it is given, never the stored one", async () => {
    const r = await run({ run: runDir, bin: echo });
    expect(r.exitCode, r.report + r.errors).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });
});

describe("the command line", () => {
  it("takes --trust-run with --run only, and not together with --bin", () => {
    expect(parseCommandLine(["--run", "d", "--trust-run"])).toMatchObject({ help: false, options: { run: "d", bin: "", trustRun: true } });
    expect(parseCommandLine(["--run", "d"])).toMatchObject({ options: { trustRun: false } });
    expect(usageError(["--bin", "x", "--trust-run"])).toContain("--trust-run lets --run start the binary its test.json names; give the run too");
    expect(usageError(["--run", "d", "--bin", "x", "--trust-run"])).toContain("--bin and --trust-run both say which binary to run");
    expect(usageError(["--run", "d", "--trust-run=yes"])).toContain("--trust-run takes no value");
  });

  it("exits 2 with the stored command on stderr, runs it with --trust-run, and documents the flag", async () => {
    const refused = await replayCli(["--run", runDir, "--quiet-ms", "30"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.split("\n")[0]).toBe(`replay: ${refusal}`);
    expect(existsSync(marker)).toBe(false);
    const trusted = await replayCli(["--run", runDir, "--trust-run", "--quiet-ms", "30"]);
    expect(trusted.code, trusted.stdout + trusted.stderr).toBe(0);
    expect(existsSync(marker)).toBe(true);
    const help = await replayCli(["--help"]);
    expect(help.stdout).toContain("--trust-run           with --run and no --bin: run the binary and arguments");
  });
});

describe("shellQuote", () => {
  it.each([
    ["nodes/echo.ts", "nodes/echo.ts"],
    ["two words", "'two words'"],
    ["it's", "'it'\\''s'"],
    ["", "''"],
    ["$(rm -rf ~)", "'$(rm -rf ~)'"],
    // Control characters (a terminal escape in a hostile test.json) are shown escaped, never raw.
    ["a\u001b[2Jb", "$'a\\x1b[2Jb'"],
    ["tab\there 'q' \\", "$'tab\\x09here \\'q\\' \\\\'"],
    ["c1\u009bx", "$'c1\\u009bx'"],
  ])("%j -> %s", (word, quoted) => {
    expect(shellQuote(word)).toBe(quoted);
  });
});
