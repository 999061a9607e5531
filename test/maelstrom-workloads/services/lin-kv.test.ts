import { describe, expect, it } from "vitest";
import { LinKv } from "../../../maelstrom-workloads/services/lin-kv.js";
import { LinTso } from "../../../maelstrom-workloads/services/lin-tso.js";

const missing = { type: "error", code: 20, text: "key does not exist" };

/** Runs the requests in order on a fresh service; returns each reply. */
function run(requests: Array<Record<string, unknown>>): unknown[] {
  const kv = new LinKv();
  return requests.map((b) => kv.handle("n1", b));
}

describe("lin-kv", () => {
  it.each<[string, Array<Record<string, unknown>>, unknown[]]>([
    ["a missing key reads as 20", [{ type: "read", key: "x" }], [missing]],
    ["write then read", [{ type: "write", key: "x", value: 1 }, { type: "read", key: "x" }], [{ type: "write_ok" }, { type: "read_ok", value: 1 }]],
    [
      "cas from the current value",
      [{ type: "write", key: "x", value: 1 }, { type: "cas", key: "x", from: 1, to: 2 }, { type: "read", key: "x" }],
      [{ type: "write_ok" }, { type: "cas_ok" }, { type: "read_ok", value: 2 }],
    ],
    [
      "cas from another value: 22 with both pr-str'd",
      [{ type: "write", key: "x", value: 1 }, { type: "cas", key: "x", from: 7, to: 8 }, { type: "write", key: "s", value: "a" }, { type: "cas", key: "s", from: "b", to: "c" }],
      [{ type: "write_ok" }, { type: "error", code: 22, text: "current value 1 is not 7" }, { type: "write_ok" }, { type: "error", code: 22, text: 'current value "a" is not "b"' }],
    ],
    ["cas on a missing key: 20", [{ type: "cas", key: "x", from: 1, to: 2 }], [missing]],
    [
      "cas on a missing key with create_if_not_exists stores `to`, whatever `from`",
      [{ type: "cas", key: "x", from: 9, to: 2, create_if_not_exists: true }, { type: "read", key: "x" }],
      [{ type: "cas_ok" }, { type: "read_ok", value: 2 }],
    ],
    [
      "create_if_not_exists is Clojure-truthy: 0 creates, false and null do not",
      [{ type: "cas", key: "a", from: 1, to: 2, create_if_not_exists: false }, { type: "cas", key: "a", from: 1, to: 2, create_if_not_exists: null }, { type: "cas", key: "a", from: 1, to: 2, create_if_not_exists: 0 }],
      [missing, missing, { type: "cas_ok" }],
    ],
    [
      "keys and values compare structurally (object key order does not matter, array order does)",
      [
        { type: "write", key: { a: 1, b: [1, 2] }, value: { p: 1, q: 2 } },
        { type: "read", key: { b: [1, 2], a: 1 } },
        { type: "read", key: { a: 1, b: [2, 1] } },
        { type: "cas", key: { b: [1, 2], a: 1 }, from: { q: 2, p: 1 }, to: [0] },
        { type: "read", key: { a: 1, b: [1, 2] } },
      ],
      [{ type: "write_ok" }, { type: "read_ok", value: { p: 1, q: 2 } }, missing, { type: "cas_ok" }, { type: "read_ok", value: [0] }],
    ],
    [
      "a missing key or value field is null, as Clojure's nil",
      [{ type: "write" }, { type: "read", key: null }, { type: "cas", from: null, to: 3 }, { type: "read" }],
      [{ type: "write_ok" }, { type: "read_ok", value: null }, { type: "cas_ok" }, { type: "read_ok", value: 3 }],
    ],
    [
      "other types get no reply and change nothing",
      [{ type: "write", key: "x", value: 1 }, { type: "read_ok", value: 5 }, { type: "error", code: 20 }, { type: "ts" }, { key: "x" }, { type: "read", key: "x" }],
      [{ type: "write_ok" }, undefined, undefined, undefined, undefined, { type: "read_ok", value: 1 }],
    ],
  ])("%s", (_name, requests, replies) => {
    expect(run(requests)).toEqual(replies);
  });
});

describe("lin-tso", () => {
  it("counts from 0 across every requester, and ignores other types", () => {
    const tso = new LinTso();
    expect([tso.handle("n1", { type: "ts" }), tso.handle("n2", { type: "ts" }), tso.handle("c3", { type: "read" }), tso.handle("n1", { type: "ts", msg_id: 9 })]).toEqual([
      { type: "ts_ok", ts: 0 },
      { type: "ts_ok", ts: 1 },
      undefined,
      { type: "ts_ok", ts: 2 },
    ]);
  });
});
