import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { usageError } from "../helpers/replay-cli.js";
import { checkOptions } from "../../scripts/replay/check-options.js";
import { effectivePace, parseCommandLine, type ReplayOptions, withDefaults } from "../../scripts/replay/options.js";
import { makeStyle, shouldColor } from "../../scripts/replay/style.js";
import { UsageError, usageText } from "../../scripts/replay/usage.js";

function options(argv: string[]): ReplayOptions {
  const c = parseCommandLine(argv);
  if (c.help) throw new Error("expected options, got help");
  return c.options;
}


describe("parseCommandLine", () => {
  it("uses the documented defaults", () => {
    expect(options(["--bin", "x"])).toEqual({
      bin: "x",
      binArgs: [],
      input: null,
      init: null,
      expect: null,
      quietMs: 200,
      replyMs: 1000,
      burst: false,
      graceMs: 2000,
      timeoutMs: 60_000,
      cwd: null,
      noColor: false,
      trustRun: false,
      pace: null,
    });
  });

  it("reads every option, in both --opt value and --opt=value forms, and the node's arguments after --", () => {
    const o = options([
      "--bin=./node",
      "--input",
      "in.jsonl",
      "--init",
      "n1, n2,n3",
      "--expect=out.jsonl",
      "--quiet-ms",
      "0",
      "--reply-ms=10",
      "--burst",
      "--grace-ms",
      "5",
      "--timeout-ms",
      "99",
      "--cwd",
      "/var/tmp",
      "--no-color",
      "--",
      "--port",
      "-",
      "--bin",
    ]);
    expect(o).toEqual({
      bin: "./node",
      binArgs: ["--port", "-", "--bin"],
      input: "in.jsonl",
      init: ["n1", "n2", "n3"],
      expect: "out.jsonl",
      quietMs: 0,
      replyMs: 10,
      burst: true,
      graceMs: 5,
      timeoutMs: 99,
      cwd: "/var/tmp",
      noColor: true,
      trustRun: false,
      pace: null,
    });
  });

  it("takes --pace with --run: a factor for the recorded gaps, 1 unless given (0 with --burst)", () => {
    expect(options(["--run", "d", "--pace", "0.25"]).pace).toBe(0.25);
    expect(options(["--run", "d", "--pace=.5"]).pace).toBe(0.5);
    expect(options(["--run", "d", "--pace", "0", "--burst"])).toMatchObject({ pace: 0, burst: true });
    expect(effectivePace(options(["--run", "d"]))).toBe(1);
    expect(effectivePace(options(["--run", "d", "--burst"]))).toBe(0);
    expect(effectivePace(options(["--run", "d", "--pace", "0"]))).toBe(0);
    expect(effectivePace(options(["--bin", "x"]))).toBe(0);
  });

  it("documents --pace, the reply remapping and what replay cannot compare in --help", () => {
    const help = usageText();
    expect(help).toContain("--pace F              with --run: send each message F times its recorded");
    expect(help).toContain("replay pairs them\n                        by position");
    expect(help).toContain("Replay does not compare the requests the node sends");
  });

  it("says in --help that --pace does not speed up the node's own timers, which unmatched replies fail the replay, and when --reply-ms does not wait", () => {
    const help = usageText();
    expect(help).toContain("0.1 ten\n                        times faster, 2 half as fast. Only the input is\n                        sped up or slowed down: the node's own timers\n                        (gossip, RPC timeouts) run at their usual speed.");
    expect(help).toContain("Unmatched replies from a service (seq-kv,\n                        lin-kv, ...) make replay exit 1");
    expect(help).toContain("With --run, not for a request the\n                        recorded node answered only after more input");
    expect(help).toContain("A node that was restarted in the run gets each new\n                        init in the same process");
  });

  it('takes "-" as stdin for --input', () => {
    expect(options(["--bin", "x", "--input", "-"]).input).toBeNull();
  });

  it("answers help before complaining about a missing --bin", () => {
    expect(parseCommandLine(["-h"])).toEqual({ help: true });
    expect(parseCommandLine(["--input", "x", "--help"])).toEqual({ help: true });
  });

  it.each([
    [[], "missing --bin"],
    [["--input", "a"], "missing --bin: say which node executable to run"],
    [["--bin"], "--bin needs a value (the node's executable)"],
    [["--bin", "--input", "a"], "--bin needs a value"],
    [["--bin", "x", "--bogus"], 'unknown option "--bogus"; run with --help'],
    [["--bin", "x", "--quiet", "5"], 'unknown option "--quiet" (did you mean --quiet-ms?)'],
    [["--bin", "x", "-q"], 'unknown option "-q"'],
    [["--bin", "x", "stray"], 'unexpected argument "stray"'],
    [["--bin", "x", "--quiet-ms", "fast"], '--quiet-ms needs a whole number of milliseconds, but got "fast"'],
    [["--bin", "x", "--grace-ms", "-1"], '--grace-ms needs a whole number of milliseconds, but got "-1"'],
    [["--bin", "x", "--grace-ms=1.5"], '--grace-ms needs a whole number of milliseconds, but got "1.5"'],
    [["--bin", "x", "--timeout-ms", "0"], "--timeout-ms must be at least 1"],
    [["--bin", "x", "--timeout-ms", "9999999999"], "--timeout-ms must be at most 2147483647"],
    [["--bin", "x", "--init", "n1,,n2"], "has an empty node id"],
    [["--bin", "x", "--init", "n1,n1"], 'lists node "n1" twice'],
    [["--bin", "x", "--burst=yes"], "--burst takes no value"],
    [["--bin", "x", "--bin", "y"], "--bin is given twice"],
    [["--bin", "x", "--input="], "--input needs a value"],
    [["--bin", "x", "--pace", "1"], "--pace sends a stored run's messages at their recorded times; lines from --input or stdin carry no times"],
    [["--run", "d", "--pace", "fast"], '--pace needs a factor for the recorded gaps, a number of 0 or more (1: as recorded, 0.1: ten times faster, 0: not paced), but got "fast"'],
    [["--run", "d", "--pace", "-1"], "--pace must be 0 or more (1: as recorded, 0.1: ten times faster, 0: not paced), but got -1"],
    [["--run", "d", "--pace", "-0.5"], "--pace must be 0 or more"],
    [["--run", "d", "--pace", "--burst"], "--pace needs a value"],
    [["--run", "d", "--pace", "1e3"], "--pace needs a factor"],
    [["--run", "d", "--pace", "2000"], "--pace must be at most 1000"],
    [["--run", "d", "--pace", "0.5", "--burst"], "--burst sends every message at once, --pace 0.5 at their recorded times; leave out one of them"],
  ])("rejects %j: %s", (argv, message) => {
    expect(usageError(argv)).toContain(message);
  });
});

describe("checkOptions", () => {
  const dir = mkdtempSync(join(tmpdir(), "replay-options-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const exe = join(dir, "node.sh");
  writeFileSync(exe, "#!/bin/sh\nexit 0\n");
  chmodSync(exe, 0o755);
  const plain = join(dir, "plain.txt");
  writeFileSync(plain, "{}\n");
  mkdirSync(join(dir, "sub"));

  const check = (o: Partial<ReplayOptions>) => checkOptions(withDefaults({ bin: "node.sh", baseDir: dir, ...o }));

  it("resolves paths against the base directory and runs the node in the system temp dir by default", async () => {
    const c = await check({ input: "plain.txt", expect: "plain.txt" });
    expect(c.bin).toBe(exe);
    expect(c.input).toBe(plain);
    expect(c.expect).toBe(plain);
    expect(c.cwd).toBe(tmpdir());
    expect(c.shown).toEqual({ bin: "node.sh", input: "plain.txt", expect: "plain.txt" });
    expect((await check({ cwd: "sub" })).cwd).toBe(join(dir, "sub"));
  });

  it.each([
    [{ bin: "missing" }, `--bin missing: no such file (looked for ${join(dir, "missing")})`],
    [{ bin: "sub" }, "--bin sub is a directory"],
    [{ bin: "plain.txt" }, "--bin plain.txt is not executable; make it so with: chmod +x plain.txt"],
    [{ input: "nope.jsonl" }, "--input nope.jsonl: no such file"],
    [{ input: "sub" }, "--input sub is a directory"],
    [{ expect: "nope.jsonl" }, "--expect nope.jsonl: no such file"],
    [{ cwd: "nowhere" }, "--cwd nowhere: no such directory"],
    [{ cwd: "plain.txt" }, "--cwd plain.txt is not a directory"],
    [{ quietMs: -5 }, "--quiet-ms must be a whole number"],
    [{ timeoutMs: 0 }, "--timeout-ms must be a whole number of milliseconds from 1"],
    [{ init: [] }, "--init needs at least one node id"],
  ] as const)("rejects %j", async (o, message) => {
    await expect(check(o as Partial<ReplayOptions>)).rejects.toThrow(message);
    await expect(check(o as Partial<ReplayOptions>)).rejects.toBeInstanceOf(UsageError);
  });
});

describe("colour", () => {
  it("is only used on a terminal, without --no-color or NO_COLOR", () => {
    expect(shouldColor(false, {}, true)).toBe(true);
    expect(shouldColor(false, {}, false)).toBe(false);
    expect(shouldColor(true, {}, true)).toBe(false);
    expect(shouldColor(false, { NO_COLOR: "1" }, true)).toBe(false);
    expect(shouldColor(false, { NO_COLOR: "" }, true)).toBe(true);
  });

  it("wraps text in ANSI codes only when on", () => {
    expect(makeStyle(false).red("x")).toBe("x");
    expect(makeStyle(true).red("x")).toBe("\x1b[31mx\x1b[39m");
  });
});
