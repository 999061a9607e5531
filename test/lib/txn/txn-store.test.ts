import { describe, expect, it } from "vitest";
import { ReplicationLog } from "../../../lib/txn/replication-log.js";
import { applyAppendTxn } from "../../../lib/txn/append-doc.js";
import { laterThan, TxnStore } from "../../../lib/txn/txn-store.js";

describe("TxnStore: whole transactions, last writer wins by Lamport stamp", () => {
  it("reads see the copy and the transaction's own earlier writes; a missing key reads null", () => {
    const s = new TxnStore("n0");
    expect(s.applyLocal([["r", 1, null], ["w", 1, 5], ["r", 1, null], ["w", 1, 6], ["r", 2, null]]).completed).toEqual([["r", 1, null], ["w", 1, 5], ["r", 1, 5], ["w", 1, 6], ["r", 2, null]]);
    expect(s.read(1)).toBe(6);
  });

  it("a read-only transaction has nothing to replicate; a writing one replicates only its last write per key", () => {
    const s = new TxnStore("n0");
    expect(s.applyLocal([["r", 1, null]]).entry).toBeUndefined();
    expect(s.applyLocal([["w", 1, 5], ["w", 2, 1], ["w", 1, 6]]).entry).toEqual({ stamp: [2, "n0"], writes: [[1, 6], [2, 1]] });
  });

  it("copies that apply the same entries in any order (and twice) hold the same values", () => {
    const a = new TxnStore("n0");
    const b = new TxnStore("n1");
    const ea = a.applyLocal([["w", 1, 1], ["w", 2, 1]]).entry!;
    const eb = b.applyLocal([["w", 1, 2]]).entry!;
    a.applyEntry(eb);
    b.applyEntry(ea);
    b.applyEntry(ea);
    expect([a.read(1), a.read(2)]).toEqual([b.read(1), b.read(2)]);
    expect(a.read(1)).toBe(2); // same counter 1: n1 > n0 breaks the tie
  });

  it("a local transaction's stamp is above every stamp the copy has seen, so it overwrites what it read", () => {
    const a = new TxnStore("n0");
    a.applyEntry({ stamp: [41, "n9"], writes: [[1, 7]] });
    const { completed, entry } = a.applyLocal([["r", 1, null], ["w", 1, 8]]);
    expect(completed[0]).toEqual(["r", 1, 7]);
    expect(entry!.stamp).toEqual([42, "n0"]);
    expect(a.read(1)).toBe(8);
    expect(laterThan([2, "n0"], [1, "n9"])).toBe(true);
    expect(laterThan([1, "n0"], [1, "n1"])).toBe(false);
  });
});

describe("ReplicationLog: what each peer lacks, pulled", () => {
  it("sends each peer what it has not acknowledged, in batches; drops entries every peer has", () => {
    const log = new ReplicationLog<string>(["n1", "n2"]);
    for (const e of ["a", "b", "c"]) log.append(e);
    expect(log.pending("n1", 2)).toEqual({ from: 0, entries: ["a", "b"] });
    log.acked("n1", 2);
    expect(log.pending("n1", 2)).toEqual({ from: 2, entries: ["c"] });
    log.acked("n1", 1); // an old acknowledgement changes nothing
    expect(log.pending("n1", 5)).toEqual({ from: 2, entries: ["c"] });
    log.acked("n2", 3);
    expect(log.pending("n2", 5)).toBeUndefined();
    log.acked("n1", 3);
    log.append("d");
    expect(log.pending("n1", 5)).toEqual({ from: 3, entries: ["d"] });
    expect(log.length).toBe(4);
    expect(() => log.pending("n7", 1)).toThrow(/"n7" is not a peer \(peers: n1, n2\)/);
  });
});

describe("applyAppendTxn: a list-append transaction on one document", () => {
  it("reads see earlier appends of the transaction; a read-only transaction leaves the document as it was", () => {
    const doc = { "1": [1] };
    const r = applyAppendTxn(doc, [["r", 1, null], ["append", 1, 2], ["r", 1, null], ["append", 3, 1], ["r", 2, null]]);
    expect(r.completed).toEqual([["r", 1, [1]], ["append", 1, 2], ["r", 1, [1, 2]], ["append", 3, 1], ["r", 2, null]]);
    expect(r.doc).toEqual({ "1": [1, 2], "3": [1] });
    expect(doc).toEqual({ "1": [1] });
    expect(applyAppendTxn(doc, [["r", 1, null]])).toMatchObject({ doc, wrote: false });
  });
});
