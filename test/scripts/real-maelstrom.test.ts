// The real-Maelstrom wrapper: how our command line becomes Maelstrom's (a pure
// function), and the wrapper run as a CLI against a fake launcher that prints
// its working directory and arguments.
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { launchCommand, rewriteMaelstromArgv } from "../../scripts/real-maelstrom.js";
import { runScript } from "../helpers/run-script.js";

const scratch = realpathSync(mkdtempSync(join(tmpdir(), "real-maelstrom-test-")));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("rewriteMaelstromArgv", () => {
  it("passes Maelstrom's options through in order, making --bin absolute", () => {
    const argv = ["test", "-w", "broadcast", "--bin", "nodes/broadcast.ts", "--node-count", "5", "--time-limit", "20", "--rate", "10", "--nemesis", "partition", "--log-stderr"];
    expect(rewriteMaelstromArgv(argv, "/home/me/proj")).toEqual({
      args: ["test", "-w", "broadcast", "--bin", "/home/me/proj/nodes/broadcast.ts", "--node-count", "5", "--time-limit", "20", "--rate", "10", "--nemesis", "partition", "--log-stderr"],
      notes: [],
    });
  });

  it("leaves an absolute --bin alone and accepts --bin=FILE", () => {
    expect(rewriteMaelstromArgv(["test", "--bin", "/opt/node"], "/x").args).toEqual(["test", "--bin", "/opt/node"]);
    expect(rewriteMaelstromArgv(["test", "--bin=../n.ts"], "/x/y").args).toEqual(["test", "--bin", "/x/n.ts"]);
  });

  it("drops --seed N and --store DIR, in both forms, with a one-line note each", () => {
    const r = rewriteMaelstromArgv(["test", "--seed", "42", "-w", "echo", "--store=out", "--bin", "/b", "--store", "s2", "--seed=7"], "/x");
    expect(r.args).toEqual(["test", "-w", "echo", "--bin", "/b"]);
    expect(r.notes).toHaveLength(4);
    expect(r.notes[0]).toMatch(/^real-maelstrom: dropped --seed 42 \(/);
    expect(r.notes[1]).toMatch(/^real-maelstrom: dropped --store out \(/);
    expect(r.notes[2]).toMatch(/^real-maelstrom: dropped --store s2 \(/);
    expect(r.notes[3]).toMatch(/^real-maelstrom: dropped --seed 7 \(/);
    expect(r.notes.every((n) => !n.includes("\n"))).toBe(true);
  });

  it("drops kill and pause from --nemesis (ours only), and --nemesis itself when nothing is left, with a note", () => {
    const a = rewriteMaelstromArgv(["test", "--nemesis", "partition,kill,pause", "--loss", "0.1", "--nemesis-targets", "one"], "/here");
    expect(a.args).toEqual(["test", "--nemesis", "partition"]);
    expect(a.notes).toEqual([
      expect.stringMatching(/^real-maelstrom: dropped kill,pause from --nemesis \(faults only our harness has/),
      expect.stringMatching(/^real-maelstrom: dropped --loss 0\.1 \(/),
      expect.stringMatching(/^real-maelstrom: dropped --nemesis-targets one \(/),
    ]);
    const b = rewriteMaelstromArgv(["test", "--nemesis=kill", "--rate", "5"], "/here");
    expect(b.args).toEqual(["test", "--rate", "5"]);
    expect(b.notes).toEqual([expect.stringMatching(/dropped kill from --nemesis .*, and --nemesis with them$/)]);
  });

  it("never takes an option's value for an option, nor touches what follows --", () => {
    // `--seed` here is the value of --nodes-file, and after -- it is for the node.
    expect(rewriteMaelstromArgv(["test", "--nodes-file", "--seed", "--bin", "b", "--", "--seed", "1"], "/x")).toEqual({
      args: ["test", "--nodes-file", "--seed", "--bin", "/x/b", "--", "--seed", "1"],
      notes: [],
    });
    // A --seed without a value is still ours: dropped.
    expect(rewriteMaelstromArgv(["test", "--seed", "--log-stderr"], "/x").args).toEqual(["test", "--log-stderr"]);
    // A missing --bin value is left for Maelstrom to complain about.
    expect(rewriteMaelstromArgv(["test", "--bin"], "/x").args).toEqual(["test", "--bin"]);
  });

  it("does not change its input", () => {
    const argv = Object.freeze(["test", "--seed", "1", "--bin", "b"]);
    rewriteMaelstromArgv(argv, "/x");
    expect(argv).toEqual(["test", "--seed", "1", "--bin", "b"]);
  });
});

describe("launchCommand", () => {
  it("runs a script as it is and a jar with java -jar", () => {
    expect(launchCommand("/opt/maelstrom/maelstrom", ["test"])).toEqual({ command: "/opt/maelstrom/maelstrom", args: ["test"] });
    expect(launchCommand("/opt/maelstrom/lib/maelstrom.jar", ["test", "-w", "echo"])).toEqual({
      command: "java",
      args: ["-Djava.awt.headless=true", "-jar", "/opt/maelstrom/lib/maelstrom.jar", "test", "-w", "echo"],
    });
  });
});

describe("the real-maelstrom CLI", () => {
  const fakeDir = join(scratch, "maelstrom");
  mkdirSync(fakeDir);
  const fake = join(fakeDir, "maelstrom");
  writeFileSync(fake, '#!/bin/sh\necho "cwd: $(pwd)"\nfor a in "$@"; do echo "arg: $a"; done\nexit "${FAKE_EXIT:-0}"\n');
  chmodSync(fake, 0o755);
  const notExecutable = join(scratch, "plain");
  writeFileSync(notExecutable, "#!/bin/sh\n");

  function cli(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, npm_lifecycle_event: "maelstrom:real", INIT_CWD: scratch };
    delete childEnv.MAELSTROM;
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete childEnv[k];
      else childEnv[k] = v;
    }
    return runScript("scripts/real-maelstrom.ts", args, childEnv);
  }

  const argv = ["test", "-w", "echo", "--bin", "nodes/echo.ts", "--seed", "9", "--time-limit", "5"];

  it("runs the launcher in the directory npm was started from, with the rewritten arguments, and passes its exit status through", async () => {
    const r = await cli(argv, { MAELSTROM: fake, FAKE_EXIT: "3" });
    expect(r.code).toBe(3);
    expect(r.stdout.trimEnd().split("\n")).toEqual([`cwd: ${scratch}`, "arg: test", "arg: -w", "arg: echo", "arg: --bin", `arg: ${join(scratch, "nodes/echo.ts")}`, "arg: --time-limit", "arg: 5"]);
    expect(r.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(/^real-maelstrom: dropped --seed 9 \(/)]);
    expect((await cli(argv, { MAELSTROM: fake })).code).toBe(0);
  });

  it("accepts the directory that holds the maelstrom script", async () => {
    const r = await cli(["test"], { MAELSTROM: fakeDir, FAKE_EXIT: "2" });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("arg: test");
  });

  it.each([
    ["unset", undefined, "MAELSTROM is not set"],
    ["empty", "", "MAELSTROM is not set"],
    ["a missing file", join(scratch, "nope/maelstrom"), `MAELSTROM=${join(scratch, "nope/maelstrom")}: no such file`],
    ["a directory without the script", scratch, `MAELSTROM=${scratch} is a directory without a \`maelstrom\` script`],
  ])("exits 254 when MAELSTROM is %s, saying what to set and that the local harness needs no JVM", async (_what, value, message) => {
    const r = await cli(argv, { MAELSTROM: value });
    expect(r.code).toBe(254);
    expect(r.stderr).toContain(`real-maelstrom: ${message}`);
    expect(r.stderr).toContain("Set MAELSTROM to the real Maelstrom's launcher");
    expect(r.stderr).toContain("The local harness needs no JVM: npm run maelstrom -- test ...");
    expect(r.stdout).toBe("");
  });

  it("exits 254 when the launcher is not executable", async () => {
    const r = await cli(argv, { MAELSTROM: notExecutable });
    expect(r.code).toBe(254);
    expect(r.stderr).toContain(`chmod +x ${notExecutable}`);
  });

  it("prints its usage for --help, and with no arguments at all", async () => {
    const help = await cli(["--help"], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: MAELSTROM=/path/to/maelstrom npm run maelstrom:real -- test");
    const none = await cli([], {});
    expect(none.code).toBe(254);
    expect(none.stderr).toContain("Usage:");
  });
});
