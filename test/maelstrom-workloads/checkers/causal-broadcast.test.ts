import { describe, expect, it } from "vitest";
import { CAUSAL_ANOMALIES, causalBroadcastChecker } from "../../../maelstrom-workloads/checkers/causal-broadcast.js";
import { EVIDENCE_LIMIT } from "../../../maelstrom-workloads/checkers/causal-findings.js";
import type { Op } from "../../../maelstrom-workloads/model/op.js";

// Hand-written causal-broadcast histories, one per kind of anomaly, and valid
// ones beside them that differ in the one point that matters.

/** Builds a history as the workload records it; times 1 ms apart. */
class H {
  readonly ops: Op[] = [];
  #add(op: Omit<Op, "index" | "time">): Op {
    const full = { index: this.ops.length, time: this.ops.length * 1_000_000, ...op } as Op;
    this.ops.push(full);
    return full;
  }
  /** A broadcast invoked and completed at once; returns the completion's index. */
  b(process: number, node: string, message: string, type: "ok" | "info" | "fail" = "ok"): number {
    this.#add({ type: "invoke", process, f: "broadcast", value: { node, message } });
    return this.#add({ type, process, f: "broadcast", value: { node, message } }).index;
  }
  /** An ok read; returns its completion's index. */
  r(process: number, node: string, messages: unknown[] | null, final = false): number {
    this.#add({ type: "invoke", process, f: "read", value: { node }, ...(final ? { final } : {}) });
    return this.#add({ type: "ok", process, f: "read", value: { node, messages }, ...(final ? { final } : {}) }).index;
  }
  /** A read invoked now, completed by the function returned. */
  startRead(process: number, node: string): (messages: unknown[]) => number {
    this.#add({ type: "invoke", process, f: "read", value: { node } });
    return (messages) => this.#add({ type: "ok", process, f: "read", value: { node, messages } }).index;
  }
  kill(node: string): void {
    this.#add({ type: "info", process: "nemesis", f: "kill", value: "one" });
    this.#add({ type: "info", process: "nemesis", f: "kill", value: { [node]: "killed" } });
  }
  /** One final read per listed process, on its node, each returning `messages`. */
  finals(byProcess: Record<number, string>, messages: unknown[]): void {
    for (const [p, node] of Object.entries(byProcess)) this.r(Number(p), node, messages, true);
  }
  check(concurrency = 3) {
    return causalBroadcastChecker(this.ops, { concurrency });
  }
}

type Result = ReturnType<typeof causalBroadcastChecker>;
const anomalies = (r: Result, kind: string) => ((r.anomalies as Record<string, Array<Record<string, unknown>>>)[kind] ?? []);
const counts = (r: Result) => r["anomaly-counts"] as Record<string, number>;
/** Every kind except those named has a count of 0. */
function onlyKinds(r: Result, ...kinds: string[]) {
  for (const k of CAUSAL_ANOMALIES) expect((counts(r)[k] ?? 0) > 0, `${k}: ${JSON.stringify(anomalies(r, k))}`).toBe(kinds.includes(k));
  expect(r["anomaly-types"]).toEqual(CAUSAL_ANOMALIES.filter((k) => kinds.includes(k)));
}

/** A reply "b" to a question "a": process 0 asks on n0, process 1 reads it on n1 and replies. Returns the ops' indexes. */
function question(h: H) {
  const askOk = h.b(0, "n0", "a");
  const readA = h.r(1, "n1", ["a"]);
  const replyInvoke = h.ops.length;
  h.b(1, "n1", "b");
  return { askOk, readA, replyInvoke };
}

describe("causal-broadcast checker: valid histories", () => {
  it("accepts a chain of replies delivered in causal order everywhere, with complete final reads", () => {
    const h = new H();
    question(h);
    h.r(2, "n2", ["a"]);
    h.r(2, "n2", ["a", "b"]);
    h.b(2, "n2", "c"); // c depends on a and b, through what process 2 read
    h.r(0, "n0", ["a", "b", "c"]);
    h.finals({ 0: "n0", 1: "n1", 2: "n2" }, ["a", "b", "c"]);
    const r = h.check();
    expect(r["valid?"]).toBe(true);
    onlyKinds(r);
    expect(r["final-read-count"]).toBe(3);
    expect(r["lost-count"]).toBe(0);
    expect(r["stable-count"]).toBe(3);
    expect(r["stable-latencies"]).toBeDefined();
  });

  it("accepts concurrent messages in different orders on different nodes", () => {
    const h = new H();
    h.b(0, "n0", "x");
    h.b(1, "n1", "y"); // nobody read x before: x and y are concurrent
    h.r(0, "n0", ["x", "y"]);
    h.r(1, "n1", ["y", "x"]);
    h.finals({ 0: "n0" }, ["x", "y"]);
    h.finals({ 1: "n1", 2: "n2" }, ["y", "x"]);
    expect(h.check()["valid?"]).toBe(true);
  });

  it("says unknown when there were broadcasts but no final read succeeded", () => {
    const h = new H();
    h.b(0, "n0", "a");
    h.r(0, "n0", ["a"]);
    const r = h.check();
    expect(r["valid?"]).toBe("unknown");
    onlyKinds(r);
  });
});

describe("causal-broadcast checker: (a) causal order within a read", () => {
  it("finds a reply read before its question, with the question's position and why it precedes", () => {
    const h = new H();
    const { readA, replyInvoke } = question(h);
    const bad = h.r(2, "n2", ["b", "a"]);
    h.finals({ 0: "n0", 1: "n1" }, ["a", "b"]);
    h.finals({ 2: "n2" }, ["b", "a"]); // the same log: the same finding, shown again
    const r = h.check();
    expect(r["valid?"]).toBe(false);
    onlyKinds(r, "causal-order");
    expect(anomalies(r, "causal-order")).toEqual([
      expect.objectContaining({ node: "n2", read: bad, process: 2, position: 0, message: "b", broadcast: replyInvoke, "missing-count": 1, missing: [{ message: "a", broadcast: 0, "later-at": 1, via: { op: readA, f: "read" } }], reads: 2 }),
    ]);
    expect(anomalies(r, "causal-order")[0]!.text).toBe(`read op ${bad} (process 2, node n2) holds "b" at position 0 before "a" (position 1), but "b" was broadcast (op ${replyInvoke}) by a client that had read "a" before (op ${readA})`);
  });

  it("finds a reply read without its question, and counts each read that shows it once", () => {
    const h = new H();
    question(h);
    const first = h.r(2, "n2", ["b"]);
    h.r(2, "n2", ["b"]); // the same log again
    h.r(2, "n2", ["b", "a"]); // and extended: the same finding, no new one
    h.finals({ 0: "n0", 1: "n1" }, ["a", "b"]);
    const r = h.check();
    onlyKinds(r, "causal-order");
    const [f] = anomalies(r, "causal-order");
    expect(f).toMatchObject({ read: first, message: "b", missing: [{ message: "a", absent: true }], reads: 3 });
    expect(f!.text).toMatch(/holds "b" at position 0 without "a" before it/);
  });

  it("follows happened-before transitively: c depends on a through b", () => {
    const h = new H();
    question(h); // a -> b
    const readB = h.r(2, "n2", ["a", "b"]);
    const cInvoke = h.ops.length;
    h.b(2, "n2", "c");
    const bad = h.r(0, "n0", ["a", "c", "b"]);
    const r = h.check();
    const [f] = anomalies(r, "causal-order");
    expect(f).toMatchObject({ read: bad, message: "c", broadcast: cInvoke, position: 1, "missing-count": 1, missing: [{ message: "b", "later-at": 2, via: { op: readB, f: "read" } }] });
    // A predecessor that came in through another value names that value.
    const h2 = new H();
    question(h2); // a -> b
    const readOnlyB = h2.r(2, "n3", ["b"]); // (itself b without a)
    h2.b(2, "n3", "c");
    const readC = h2.r(0, "n0", ["c"]);
    const r2 = h2.check();
    const onC = anomalies(r2, "causal-order").find((x) => x.message === "c");
    expect(onC).toMatchObject({
      read: readC,
      "missing-count": 2,
      missing: [
        { message: "a", absent: true, via: { op: readOnlyB, f: "read", through: "b" } },
        { message: "b", absent: true, via: { op: readOnlyB, f: "read" } },
      ],
    });
    expect(onC!.text).toMatch(/by a client that had read "b", which depends on "a", before \(op \d+\); 2 of its predecessors are missing before it$/);
  });

  it("orders a client's own broadcasts: its second may not come before its first", () => {
    const h = new H();
    h.b(0, "n0", "first");
    h.b(0, "n0", "second");
    h.r(1, "n1", ["second", "first"]);
    const r = h.check();
    onlyKinds(r, "causal-order");
    expect(anomalies(r, "causal-order")[0]).toMatchObject({ message: "second", missing: [{ message: "first", via: { op: 1, f: "broadcast" } }] });
  });

  it("an indeterminate broadcast may be missing, but where it appears its predecessors must come first", () => {
    const ok = new H();
    ok.b(0, "n0", "a");
    ok.r(1, "n1", ["a"]);
    ok.b(1, "n1", "x", "info"); // x depends on a; its outcome is unknown
    ok.r(2, "n2", ["a", "x"]);
    ok.finals({ 2: "n2" }, ["a", "x"]);
    ok.finals({ 0: "n0" }, ["a", "x"]);
    expect(ok.check()["valid?"]).toBe(true);

    const never = new H();
    never.b(0, "n0", "a");
    never.r(1, "n1", ["a"]);
    never.b(1, "n1", "x", "info");
    never.finals({ 0: "n0", 2: "n2" }, ["a"]); // x never appeared: not lost
    expect(never.check()["valid?"]).toBe(true);

    const bad = new H();
    bad.b(0, "n0", "a");
    bad.r(1, "n1", ["a"]);
    bad.b(1, "n1", "x", "info");
    bad.r(2, "n2", ["x", "a"]);
    const r = bad.check();
    onlyKinds(r, "causal-order");
    expect(anomalies(r, "causal-order")[0]).toMatchObject({ message: "x", missing: [{ message: "a" }] });
  });

  it("a failed broadcast is no one's predecessor: the next broadcast of the client does not depend on it", () => {
    const h = new H();
    h.b(0, "n0", "gone", "fail");
    h.b(0, "n0", "next");
    h.r(1, "n1", ["next"]);
    h.finals({ 0: "n0", 1: "n1" }, ["next"]);
    expect(h.check()["valid?"]).toBe(true);
  });
});

describe("causal-broadcast checker: (b) one node's reads are prefixes of one another", () => {
  it("finds two reads of one node that diverge, naming the position and both values", () => {
    const h = new H();
    h.b(0, "n0", "x");
    h.b(1, "n1", "y"); // concurrent with x
    const one = h.r(2, "n2", ["x", "y"]);
    const two = h.r(2, "n2", ["y", "x"]);
    h.finals({ 0: "n0", 1: "n1", 2: "n2" }, ["y", "x"]);
    const r = h.check();
    onlyKinds(r, "not-prefix");
    const [f] = anomalies(r, "not-prefix");
    expect(f).toMatchObject({ node: "n2", read: two, "other-read": one, position: 0, lengths: [2, 2] });
    expect(f!.text).toBe(`read op ${two} (process 2, node n2) and read op ${one} of the same node are not prefixes of one another: at position 0 the first has "y", the other "x"`);
  });

  it("finds a shorter read that is not a prefix of an earlier longer one", () => {
    const h = new H();
    h.b(0, "n0", "x");
    h.b(1, "n1", "y");
    h.r(2, "n2", ["x", "y"]);
    h.r(1, "n2", ["y"]);
    onlyKinds(h.check(), "not-prefix");
  });

  it("accepts a shorter read after a longer one when it is a prefix (concurrent reads), and reads of different nodes in different orders", () => {
    const h = new H();
    h.b(0, "n0", "x");
    h.b(1, "n1", "y");
    const late = h.startRead(2, "n2");
    h.r(0, "n2", ["x", "y"]);
    late(["x"]);
    h.r(1, "n1", ["y", "x"]);
    h.finals({ 0: "n0", 2: "n2" }, ["x", "y"]);
    h.finals({ 1: "n1" }, ["y", "x"]);
    const r = h.check();
    onlyKinds(r);
    expect(r["valid?"]).toBe(true);
  });

  it("starts a node's log afresh after the nemesis killed it, but not a read that straddles the kill", () => {
    const h = new H();
    h.b(0, "n0", "x");
    h.b(1, "n1", "y");
    h.r(2, "n2", ["x", "y"]);
    h.kill("n2");
    h.r(2, "n2", ["y", "x"]); // a new node, a new log
    h.finals({ 0: "n0", 1: "n1", 2: "n2" }, ["y", "x"]);
    expect(h.check()["valid?"]).toBe(true);

    const s = new H();
    s.b(0, "n0", "x");
    s.b(1, "n1", "y");
    s.r(2, "n2", ["x", "y"]);
    const straddling = s.startRead(8, "n2");
    s.kill("n2");
    straddling(["y"]); // answered by the old node or the new one: not compared
    s.r(0, "n2", ["y", "x"]);
    s.r(7, "n2", ["x"]); // compared with the new node's log: diverges
    const r = s.check(10);
    onlyKinds(r, "not-prefix");
    expect(counts(r)["not-prefix"]).toBe(1);
    expect(anomalies(r, "not-prefix")[0]).toMatchObject({ restarts: 1 });
  });
});

describe("causal-broadcast checker: (c) a client sees its own broadcasts, and what it read", () => {
  it("finds a read lacking the client's own acknowledged broadcast (on another node: roaming)", () => {
    const h = new H();
    const ok = h.b(0, "n0", "mine");
    const bad = h.r(0, "n1", []);
    h.finals({ 0: "n0", 1: "n1" }, ["mine"]);
    const r = h.check();
    onlyKinds(r, "read-your-writes");
    const [f] = anomalies(r, "read-your-writes");
    expect(f).toMatchObject({ node: "n1", read: bad, process: 0, message: "mine", broadcast: 0, "broadcast-node": "n0" });
    expect(f!.text).toBe(`read op ${bad} (process 0, node n1) lacks "mine", which the same client broadcast earlier (op 0, acknowledged at op ${ok})`);
  });

  it("keeps the session across a new process after an indeterminate op, but not the indeterminate broadcast", () => {
    const h = new H();
    h.b(0, "n0", "mine");
    h.b(0, "n0", "maybe", "info"); // process 0 ends; thread 0 goes on as process 3
    const bad = h.r(3, "n1", []);
    const r = h.check(3);
    onlyKinds(r, "read-your-writes");
    expect(anomalies(r, "read-your-writes").map((f) => [f.message, f.read, f.process])).toEqual([["mine", bad, 3]]);
    // Without the thread count each process is its own session: nothing to hold the read to.
    expect(counts(causalBroadcastChecker(h.ops))["read-your-writes"]).toBe(0);
  });

  it("finds a read lacking a value the same client had read before (monotonic reads)", () => {
    const h = new H();
    h.b(1, "n1", "v");
    const seen = h.r(0, "n1", ["v"]);
    const bad = h.r(0, "n2", []);
    const r = h.check();
    onlyKinds(r, "monotonic-reads");
    expect(anomalies(r, "monotonic-reads")[0]).toMatchObject({ read: bad, message: "v", "read-before": seen });
  });

  it("accepts a client that reads its own broadcast on every node it visits", () => {
    const h = new H();
    h.b(0, "n0", "mine");
    h.r(0, "n1", ["mine"]);
    h.r(0, "n2", ["mine"]);
    h.finals({ 0: "n0", 1: "n1", 2: "n2" }, ["mine"]);
    expect(h.check()["valid?"]).toBe(true);
  });
});

describe("causal-broadcast checker: (d) the final reads, and values that should not be there", () => {
  it("finds an acknowledged broadcast missing from a final read (lost), naming the read and its node", () => {
    const h = new H();
    h.b(0, "n0", "a");
    h.b(1, "n1", "b");
    h.finals({ 0: "n0", 1: "n1" }, ["a", "b"]);
    const bad = h.r(2, "n2", ["a"], true);
    const r = h.check();
    onlyKinds(r, "lost");
    expect(r["lost-count"]).toBe(1);
    expect(r.lost).toEqual(["b"]);
    expect(anomalies(r, "lost")[0]).toMatchObject({ message: "b", outcome: "ok", "missing-from": [{ read: bad, node: "n2" }], "final-reads": 3, reads: 1 });
  });

  it("an indeterminate broadcast that some read returned is lost if a final read lacks it; one never read is not", () => {
    const h = new H();
    h.b(0, "n0", "seen", "info");
    h.b(1, "n1", "unseen", "info");
    h.r(2, "n0", ["seen"]);
    h.finals({ 4: "n2" }, []);
    const r = h.check();
    onlyKinds(r, "lost");
    expect(r.lost).toEqual(["seen"]);
    expect(anomalies(r, "lost")[0]).toMatchObject({ outcome: "info" });
  });

  it("finds a value twice in one read", () => {
    const h = new H();
    h.b(0, "n0", "a");
    const bad = h.r(1, "n1", ["a", "a"]);
    h.finals({ 0: "n0" }, ["a"]);
    const r = h.check();
    onlyKinds(r, "duplicated");
    expect(anomalies(r, "duplicated")[0]).toMatchObject({ node: "n1", read: bad, message: "a", position: 1, first: 0 });
  });

  it("finds values no one broadcast, one whose broadcast failed, and one read before its broadcast began", () => {
    const h = new H();
    h.b(0, "n0", "failed", "fail");
    const early = h.r(1, "n1", ["made-up", "failed", "future"]);
    h.b(2, "n2", "future");
    h.finals({ 2: "n2" }, ["future"]);
    const r = h.check();
    onlyKinds(r, "never-broadcast");
    expect(anomalies(r, "never-broadcast").map((f) => [f.message, f.read, f.why])).toEqual([
      ["made-up", early, "no client broadcast it"],
      ["failed", early, "its broadcast (op 0) failed, so it never happened"],
      ["future", early, `its broadcast was invoked at op ${early + 1}, after this read ended`],
    ]);
  });

  it("reads null as an empty read, as Maelstrom's schema does", () => {
    const h = new H();
    h.b(0, "n0", "a");
    h.r(1, "n1", null, true);
    expect(h.check().lost).toEqual(["a"]);
  });
});

describe("causal-broadcast checker: evidence", () => {
  it(`lists the first ${EVIDENCE_LIMIT} findings of a kind with their evidence and counts them all`, () => {
    const h = new H();
    const n = EVIDENCE_LIMIT + 5;
    for (let i = 0; i < n; i++) h.b(0, "n0", `m${i}`);
    h.finals({ 1: "n1" }, []);
    const r = h.check();
    expect(counts(r).lost).toBe(n);
    expect(anomalies(r, "lost")).toHaveLength(EVIDENCE_LIMIT);
    expect((r.lost as unknown[]).length).toBe(n);
  });

  it("refuses a history where a value is broadcast twice, naming both ops", () => {
    const h = new H();
    h.b(0, "n0", "a");
    h.b(1, "n1", "a");
    expect(() => h.check()).toThrow(/message "a" is broadcast twice \(ops 0 and 2\)/);
  });
});
