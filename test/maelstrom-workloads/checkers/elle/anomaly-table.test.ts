import { describe, expect, it } from "vitest";
import { checkElle, type ElleOptions } from "../../../../maelstrom-workloads/checkers/elle/check-elle.js";
import { history, serial, type Event } from "./txn-history.js";

/**
 * One small hand-built history per anomaly class, each judged under several
 * models: the anomaly must be named where a model forbids it, and the
 * history accepted where the models allow it.
 */

interface Row {
  name: string;
  kind: ElleOptions["kind"];
  events: Event[];
  /** The anomaly the row is about, as Elle names it. */
  anomaly: string;
  /** Model -> expected "valid?". */
  verdicts: Record<string, boolean | "unknown">;
  /** Extra checker options (rw-register's linearizableKeys). */
  opts?: Partial<ElleOptions>;
}

// Two unrelated txns that give every history at least one edge (else Elle says empty-transaction-graph).
const filler: Event[] = [
  [9, "invoke"], [9, "ok", [["append", 100, 1]]],
  [9, "invoke"], [9, "ok", [["r", 100, [1]]]],
];
const fillerW: Event[] = [
  [9, "invoke"], [9, "ok", [["w", 100, 1]]],
  [9, "invoke"], [9, "ok", [["r", 100, 1]]],
];

const rows: Row[] = [
  {
    name: "G0: two txns append to keys 1 and 2 in opposite orders",
    kind: "list-append",
    events: [
      [0, "invoke"], [1, "invoke"],
      [0, "ok", [["append", 1, 1], ["append", 2, 1]]],
      [1, "ok", [["append", 1, 2], ["append", 2, 2]]],
      [2, "invoke"], [2, "ok", [["r", 1, [1, 2]], ["r", 2, [2, 1]]]],
    ],
    anomaly: "G0",
    verdicts: { "read-uncommitted": false, "read-committed": false, serializable: false, "strict-serializable": false },
  },
  {
    name: "G1a: a read sees an element only a failed txn appended",
    kind: "list-append",
    events: [...filler, [0, "invoke"], [0, "fail", [["append", 1, 1]]], [1, "invoke"], [1, "ok", [["r", 1, [1]]]]],
    anomaly: "G1a",
    verdicts: { "read-uncommitted": true, "read-committed": false, serializable: false, "strict-serializable": false },
  },
  {
    name: "G1b: a read ends in a txn's non-final append",
    kind: "list-append",
    events: [
      ...filler,
      [0, "invoke"], [1, "invoke"],
      [1, "ok", [["r", 1, [1]]]],
      [0, "ok", [["append", 1, 1], ["append", 1, 2]]],
    ],
    anomaly: "G1b",
    verdicts: { "read-uncommitted": true, "read-committed": false, serializable: false },
  },
  {
    name: "G1c: each of two txns reads the other's append",
    kind: "list-append",
    events: [
      [0, "invoke"], [1, "invoke"],
      [0, "ok", [["append", 1, 1], ["r", 2, [1]]]],
      [1, "ok", [["append", 2, 1], ["r", 1, [1]]]],
    ],
    anomaly: "G1c",
    verdicts: { "read-uncommitted": true, "read-committed": false, serializable: false },
  },
  {
    name: "G-single-item: read skew, one key seen after T1, the other before",
    kind: "list-append",
    events: [
      [0, "invoke"], [1, "invoke"],
      [0, "ok", [["append", 1, 1], ["append", 2, 1]]],
      [1, "ok", [["r", 1, [1]], ["r", 2, []]]],
    ],
    anomaly: "G-single-item",
    verdicts: { "read-committed": true, "repeatable-read": false, "snapshot-isolation": false, serializable: false },
  },
  {
    name: "G2-item: write skew, each txn misses the other's append",
    kind: "list-append",
    events: [
      [0, "invoke"], [1, "invoke"],
      [0, "ok", [["r", 1, []], ["r", 2, []], ["append", 1, 1]]],
      [1, "ok", [["r", 1, []], ["r", 2, []], ["append", 2, 1]]],
      [2, "invoke"], [2, "ok", [["r", 1, [1]], ["r", 2, [1]]]],
    ],
    anomaly: "G2-item",
    verdicts: { "read-committed": true, "snapshot-isolation": true, "repeatable-read": false, serializable: false },
  },
  {
    name: "internal: a txn does not read its own append",
    kind: "list-append",
    events: [...filler, [0, "invoke"], [0, "ok", [["append", 1, 5], ["r", 1, []]]]],
    anomaly: "internal",
    verdicts: { "read-committed": true, serializable: false, "strict-serializable": false },
  },
  {
    name: "incompatible-order: two reads disagree on the order of appends",
    kind: "list-append",
    events: [
      [0, "invoke"], [0, "ok", [["append", 1, 1]]],
      [1, "invoke"], [1, "ok", [["append", 1, 2]]],
      [2, "invoke"], [2, "ok", [["r", 1, [1, 2]]]],
      [3, "invoke"], [3, "ok", [["r", 1, [2, 1]]]],
    ],
    anomaly: "incompatible-order",
    verdicts: { "read-committed": false, serializable: false },
  },
  {
    name: "garbage-read: a read holds an element nobody appended",
    kind: "list-append",
    events: [...filler, [0, "invoke"], [0, "ok", [["r", 1, [7]]]]],
    anomaly: "garbage-read",
    verdicts: { "read-uncommitted": true, "read-committed": false, serializable: false },
  },
  {
    name: "duplicate-elements: a read holds one element twice",
    kind: "list-append",
    events: [...filler, [0, "invoke"], [0, "ok", [["append", 1, 3]]], [1, "invoke"], [1, "ok", [["r", 1, [3, 3]]]]],
    anomaly: "duplicate-elements",
    verdicts: { "read-uncommitted": false, serializable: false },
  },
  {
    name: "G-single-item-realtime: a txn invoked after an append completed reads the key empty",
    kind: "list-append",
    events: [
      [0, "invoke"], [0, "ok", [["append", 1, 1]]],
      [1, "invoke"], [1, "ok", [["r", 1, []]]],
    ],
    anomaly: "G-single-item-realtime",
    verdicts: { serializable: true, "strict-serializable": false },
  },
  {
    name: "G-single-item-process: a process misses its own earlier append",
    kind: "list-append",
    events: [
      [0, "invoke"], [0, "ok", [["append", 1, 1]]],
      [0, "invoke"], [0, "ok", [["r", 1, []]]],
    ],
    anomaly: "G-single-item-process",
    verdicts: { serializable: true, "strong-session-serializable": false },
  },
  {
    name: "rw-register G1a: reads a value only a failed txn wrote",
    kind: "rw-register",
    events: [...fillerW, [0, "invoke"], [0, "fail", [["w", 1, 5]]], [1, "invoke"], [1, "ok", [["r", 1, 5]]]],
    anomaly: "G1a",
    verdicts: { "read-uncommitted": true, "read-committed": false },
  },
  {
    name: "rw-register G1b: reads a value its writer overwrote in the same txn",
    kind: "rw-register",
    events: [...fillerW, [0, "invoke"], [1, "invoke"], [1, "ok", [["r", 1, 5]]], [0, "ok", [["w", 1, 5], ["w", 1, 6]]]],
    anomaly: "G1b",
    verdicts: { "read-uncommitted": true, "read-committed": false },
  },
  {
    name: "rw-register G1c: two txns read each other's writes",
    kind: "rw-register",
    events: [
      [0, "invoke"], [1, "invoke"],
      [0, "ok", [["w", 1, 1], ["r", 2, 1]]],
      [1, "ok", [["w", 2, 1], ["r", 1, 1]]],
    ],
    anomaly: "G1c",
    verdicts: { "read-uncommitted": true, "read-committed": false },
  },
  {
    name: "rw-register G-single-item: reads key 1 after T1 but key 2 before it (nil precedes every value)",
    kind: "rw-register",
    events: [
      [0, "invoke"], [1, "invoke"],
      [0, "ok", [["w", 1, 1], ["w", 2, 1]]],
      [1, "ok", [["r", 1, 1], ["r", 2, null]]],
    ],
    anomaly: "G-single-item",
    verdicts: { "read-committed": true, serializable: false },
  },
  {
    name: "rw-register lost-update: two txns read key 1 = 1 and both write it (writes-follow-reads orders 1 first)",
    kind: "rw-register",
    events: [
      [0, "invoke"], [0, "ok", [["w", 1, 1]]],
      [1, "invoke"], [2, "invoke"],
      [1, "ok", [["r", 1, 1], ["w", 1, 2]]],
      [2, "ok", [["r", 1, 1], ["w", 1, 3]]],
    ],
    anomaly: "lost-update",
    verdicts: { "read-committed": true, "repeatable-read": false, serializable: false },
  },
  {
    name: "rw-register internal: a txn reads other than it wrote",
    kind: "rw-register",
    events: [...fillerW, [0, "invoke"], [0, "ok", [["w", 1, 5], ["r", 1, 4]]], [1, "invoke"], [1, "ok", [["w", 1, 4]]]],
    anomaly: "internal",
    verdicts: { "read-committed": true, serializable: false },
  },
  {
    name: "rw-register G-single-item-realtime: a stale read after a completed write",
    kind: "rw-register",
    events: [
      [0, "invoke"], [0, "ok", [["w", 1, 1]]],
      [1, "invoke"], [1, "ok", [["r", 1, null]]],
    ],
    anomaly: "G-single-item-realtime",
    verdicts: { serializable: true, "strict-serializable": false },
  },
  {
    name: "rw-register stale read with linearizableKeys: reads x = 1 after x = 2's txn completed (versions ordered by real time)",
    kind: "rw-register",
    events: [
      [0, "invoke"], [0, "ok", [["w", 1, 1]]],
      [1, "invoke"], [1, "ok", [["w", 1, 2]]],
      [2, "invoke"], [2, "ok", [["r", 1, 1]]],
    ],
    anomaly: "G-single-item-realtime",
    verdicts: { serializable: true, "strict-serializable": false },
    opts: { linearizableKeys: true },
  },
  {
    name: "rw-register stale read without linearizableKeys (as Maelstrom): x = 1 and x = 2 are unordered, so no cycle",
    kind: "rw-register",
    events: [
      [0, "invoke"], [0, "ok", [["w", 1, 1]]],
      [1, "invoke"], [1, "ok", [["w", 1, 2]]],
      [2, "invoke"], [2, "ok", [["r", 1, 1]]],
    ],
    anomaly: "G-single-item-realtime",
    verdicts: { serializable: true, "strict-serializable": true },
  },
];

describe("checkElle: one history per anomaly class, judged per model", () => {
  for (const row of rows) {
    for (const [model, expected] of Object.entries(row.verdicts)) {
      it(`${row.name} | ${model} -> ${String(expected)}`, () => {
        const r = checkElle(history(row.events), { kind: row.kind, consistencyModels: [model], ...row.opts });
        expect(r["valid?"], JSON.stringify(r, null, 1)).toBe(expected);
        if (expected === false) expect(r["anomaly-types"]).toContain(row.anomaly);
        else expect(r["anomaly-types"]).not.toContain(row.anomaly);
      });
    }
  }
});

describe("checkElle: valid histories", () => {
  it("a serial list-append history is strict-serializable", () => {
    const h = serial([
      [0, [["append", 1, 1], ["r", 1, [1]]]],
      [1, [["r", 1, [1]], ["append", 1, 2], ["append", 2, 1]]],
      [0, [["r", 1, [1, 2]], ["r", 2, [1]]]],
    ]);
    const r = checkElle(h, { kind: "list-append", consistencyModels: ["strict-serializable"] });
    expect(r).toMatchObject({ "valid?": true, "anomaly-types": [], "allowed-anomaly-types": [] });
  });
  it("a serial rw-register history is strict-serializable", () => {
    const h = serial([
      [0, [["r", 1, null], ["w", 1, 1]]],
      [1, [["r", 1, 1], ["w", 1, 2], ["w", 2, 1]]],
      [0, [["r", 1, 2], ["r", 2, 1]]],
    ]);
    const r = checkElle(h, { kind: "rw-register", consistencyModels: ["strict-serializable"] });
    expect(r).toMatchObject({ "valid?": true, "anomaly-types": [] });
  });
  it("no edges at all is unknown (Elle's empty-transaction-graph)", () => {
    const r = checkElle(serial([[0, [["r", 1, []]]]]), { kind: "list-append", consistencyModels: ["serializable"] });
    expect(r["valid?"]).toBe("unknown");
    expect(r["anomaly-types"]).toEqual(["empty-transaction-graph"]);
  });
});
