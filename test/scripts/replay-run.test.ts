// replay --run: feeding one node what it received in a stored run. A small
// store is made here: a two-node echo run whose journal has deliveries to n1
// and n2, a message that was sent but never delivered, and a late reply.
// The run's binary is a wrapper around nodes/echo.ts that logs its arguments,
// so the tests can see that test.json's bin and bin-args were used.
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { replayCli, usageError } from "../helpers/replay-cli.js";
import { parseCommandLine, type ReplayOptions } from "../../scripts/replay/options.js";
import { replayWithOutcome, type ReplayCall, type ReplayOutcome } from "../../scripts/replay/run-replay.js";
import { deliveredTo, loadStoredRun, parseJournal } from "../../scripts/replay/stored-run.js";

const root = resolve(import.meta.dirname, "../..");
const echo = join(root, "nodes/echo.ts");
const scratch = realpathSync(mkdtempSync(join(tmpdir(), "replay-run-test-")));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const store = join(scratch, "store");
const TS = "20261121T120102.345+0000";
const runDir = join(store, "echo", TS);

const wrapper = join(scratch, "echo-wrapper.sh");
writeFileSync(wrapper, `#!/bin/sh\necho "wrapper args: $*" >&2\nexec "${echo}" "$@"\n`);
chmodSync(wrapper, 0o755);

type Msg = { id: number; src: string; dest: string; body: Record<string, unknown> };
const msgs: Msg[] = [
  { id: 0, src: "c0", dest: "n1", body: { type: "init", node_id: "n1", node_ids: ["n1", "n2"], msg_id: 1 } },
  { id: 1, src: "c1", dest: "n2", body: { type: "init", node_id: "n2", node_ids: ["n1", "n2"], msg_id: 1 } },
  { id: 2, src: "n1", dest: "c0", body: { type: "init_ok", in_reply_to: 1, msg_id: 1 } },
  { id: 3, src: "c2", dest: "n1", body: { type: "echo", echo: "hello", msg_id: 1 } },
  { id: 4, src: "c3", dest: "n2", body: { type: "echo", echo: "for n2", msg_id: 1 } },
  // Sent, but never delivered (a partition): no recv, so not replayed.
  { id: 5, src: "n2", dest: "n1", body: { type: "echo", echo: "dropped", msg_id: 7 } },
  // A reply with a msg_id of its own: replay must not wait for an answer to it.
  { id: 6, src: "n2", dest: "n1", body: { type: "echo_ok", echo: "late", msg_id: 8, in_reply_to: 99 } },
  { id: 7, src: "c2", dest: "n1", body: { type: "echo", echo: { nested: [1, 2.5, null] }, msg_id: 2 } },
];
const byId = (id: number) => msgs.find((m) => m.id === id)!;

function journalText(): string {
  const events: { type: "send" | "recv"; message: Msg }[] = [];
  for (const m of msgs) events.push({ type: "send", message: m });
  for (const id of [0, 1, 2, 3, 4, 6, 7]) events.push({ type: "recv", message: byId(id) });
  return events.map((e, i) => JSON.stringify({ id: i, time: i * 1000, ...e }) + "\n").join("");
}

mkdirSync(join(runDir, "node-logs"), { recursive: true });
writeFileSync(join(runDir, "journal.jsonl"), journalText());
writeFileSync(
  join(runDir, "test.json"),
  JSON.stringify({ name: "echo", workload: "echo", bin: wrapper, "bin-args": ["--tag", "two words"], nodes: ["n1", "n2"], seed: 1, argv: [], "start-time": "2026-11-21T12:01:02.345Z", "exit-code": 0, crash: null }),
);
symlinkSync(`echo/${TS}`, join(store, "latest"));
symlinkSync(TS, join(store, "echo", "latest"));

/** Fast settings, with a reply wait long enough that skipping it for replies is visible. */
const fast = { quietMs: 40, replyMs: 4000, graceMs: 3000, timeoutMs: 15_000 } satisfies Partial<ReplayOptions>;

async function run(options: ReplayCall): Promise<ReplayOutcome & { report: string; errors: string }> {
  let report = "";
  let errors = "";
  const outcome = await replayWithOutcome({ ...fast, ...options } as ReplayCall, { write: (s) => void (report += s), error: (s) => void (errors += s) });
  return { ...outcome, report, errors };
}

describe("replay --run", () => {
  it("feeds the node exactly the messages delivered to it, in journal order, with the run's bin and bin-args", async () => {
    const started = performance.now();
    const r = await run({ run: runDir, node: "n1", trustRun: true });
    const took = performance.now() - started;
    expect(r.exitCode, r.report + r.errors).toBe(0);
    expect(r.session!.sent.map((l) => l.text)).toEqual([0, 3, 6, 7].map((id) => JSON.stringify(byId(id))));
    expect(r.session!.sent[0]!.text).toBe('{"id":0,"src":"c0","dest":"n1","body":{"type":"init","node_id":"n1","node_ids":["n1","n2"],"msg_id":1}}');
    expect(r.session!.stdout.map((l) => JSON.parse(l) as Msg)).toEqual([
      { src: "n1", dest: "c0", body: { type: "init_ok", msg_id: 1, in_reply_to: 1 } },
      { src: "n1", dest: "c2", body: { type: "echo_ok", echo: "hello", msg_id: 2, in_reply_to: 1 } },
      { src: "n1", dest: "c2", body: { type: "echo_ok", echo: { nested: [1, 2.5, null] }, msg_id: 3, in_reply_to: 2 } },
    ]);
    expect(r.session!.stderr).toContain("wrapper args: --tag two words");
    expect(r.report).toContain(`replay ${wrapper} --tag two words  (input 4 messages delivered to n1 in ${runDir};`);
    // The late reply got no wait of its own (that would take --reply-ms, 4 s).
    expect(took).toBeLessThan(4000);
  });

  it("takes store/latest, a workload's latest, or the store itself", async () => {
    for (const dir of [join(store, "latest"), join(store, "echo", "latest"), store]) {
      const r = await run({ run: dir, node: "n2", bin: echo });
      expect(r.exitCode, r.report + r.errors).toBe(0);
      expect(r.session!.sent.map((l) => l.text)).toEqual([1, 4].map((id) => JSON.stringify(byId(id))));
      expect(r.report).toContain(`input 2 messages delivered to n2 in ${dir} (${runDir})`);
      // --bin given: the run's binary and its arguments are not used.
      expect(r.session!.stderr.some((l) => l.includes("wrapper args"))).toBe(false);
    }
  });

  it("names the nodes present when --node is not one of them, or is missing", async () => {
    const r = await run({ run: runDir, node: "n9" });
    expect(r.exitCode).toBe(2);
    expect(r.errors).toContain(`replay: --node n9: no message was delivered to n9 in ${runDir}/journal.jsonl; the nodes in ${runDir}/journal.jsonl are n1, n2`);
    await expect(loadStoredRun(runDir, undefined, scratch)).rejects.toThrow("--run needs --node: say which node's input to replay; the nodes in");
    // Clients received replies, but they are not nodes.
    await expect(loadStoredRun(runDir, "c0", scratch)).rejects.toThrow("--node c0: c0 is not one of the run's nodes (a client or a service); the nodes in");
  });

  it("refuses directories without a journal, and says why for a real Maelstrom run", async () => {
    const empty = join(scratch, "empty-run");
    mkdirSync(join(empty, "net-journal"), { recursive: true });
    await expect(loadStoredRun("empty-run", "n1", scratch)).rejects.toThrow("--run empty-run has no journal.jsonl (a run of the real Maelstrom keeps its journal in net-journal/*.fressian");
    await expect(loadStoredRun("nowhere", "n1", scratch)).rejects.toThrow(`--run nowhere: no such directory (looked for ${join(scratch, "nowhere")})`);
    await expect(loadStoredRun(wrapper, "n1", scratch)).rejects.toThrow("is not a directory");
  });

  it("needs --bin when test.json does not name the binary, and picks the only node by itself", async () => {
    const solo = join(scratch, "solo");
    mkdirSync(solo);
    writeFileSync(join(solo, "journal.jsonl"), JSON.stringify({ id: 0, time: 0, type: "recv", message: byId(0) }) + "\n");
    const r = await run({ run: solo });
    expect(r.exitCode).toBe(2);
    expect(r.errors).toContain(`replay: ${solo}/test.json does not say which binary the run used; give --bin`);
    const loaded = await loadStoredRun(solo, undefined, scratch);
    expect(loaded.node).toBe("n1");
    expect(loaded.bin).toBeNull();
  });

  it("reads the journal strictly, except for a cut-off last line", () => {
    const good = JSON.stringify({ id: 0, time: 0, type: "recv", message: byId(3) });
    const { events, notes } = parseJournal(`${good}\n{"id":1,"time":5,"type":"re`, "j.jsonl");
    expect(deliveredTo(events, "n1")).toEqual([byId(3)]);
    expect(notes).toEqual([expect.stringContaining("j.jsonl: skipped its last line 2, which is cut off")]);
    expect(() => parseJournal(`${good}\nnope\n${good}\n`, "j.jsonl")).toThrow("j.jsonl line 2 is not a journal event: not valid JSON");
    expect(() => parseJournal(`{"type":"recv","message":{"src":"c1"}}\n`, "j.jsonl")).toThrow('line 1 is not a journal event: "message" must be {src, dest, body}');
  });
});

describe("replay's command line with --run", () => {
  it("makes --bin optional with --run", () => {
    const c = parseCommandLine(["--run", "store/latest", "--node", "n2"]);
    expect(c).toMatchObject({ help: false, options: { bin: "", run: "store/latest", node: "n2", input: null } });
  });

  it.each([
    [["--run", "d", "--input", "x.jsonl"], "--run and --input both say what to send"],
    [["--input", "-", "--run", "d"], "--run and --input both say what to send"],
    [["--run", "d", "--init", "n1"], "--run already sends the init the node received in that run; leave out --init"],
    [["--bin", "x", "--node", "n1"], "--node picks a node of a stored run; give the run too"],
    [["--run"], "--run needs a value (a stored run's directory), as in --run store/latest"],
    [["--nod", "n1"], 'unknown option "--nod" (did you mean --node?)'],
  ])("rejects %j", (argv, message) => {
    expect(usageError(argv)).toContain(message);
  });

  const cli = replayCli;

  it("replays a stored run from the CLI", async () => {
    const r = await cli(["--run", join(store, "latest"), "--node", "n1", "--trust-run", "--quiet-ms", "30"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("input 4 messages delivered to n1 in");
    expect(r.stdout).toContain('← n1 → c2   echo_ok  {"echo":"hello","in_reply_to":1,"msg_id":2}');
    expect(r.stdout).toContain("result    OK");
  });

  it("exits 2 with --run and --input together, and documents --run in --help", async () => {
    const bad = await cli(["--run", "store/latest", "--input", "x.jsonl"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split("\n")[0]).toBe("replay: --run and --input both say what to send: --run replays what a node of a stored run received; leave out one of them");
    const help = await cli(["--help"]);
    expect(help.stdout).toContain("--run DIR             replay what one node received in a stored run");
    expect(help.stdout).toContain("npm run replay -- --run store/latest --node n2 --trust-run");
  });
});
