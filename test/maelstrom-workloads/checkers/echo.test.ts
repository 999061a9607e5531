import { describe, expect, it } from "vitest";
import { echoChecker } from "../../../maelstrom-workloads/checkers/echo.js";
import type { Op, OpType } from "../../../maelstrom-workloads/model/op.js";

/** A tiny history builder: ops get consecutive indices and 1 ms apart. */
function history() {
  const ops: Op[] = [];
  const push = (type: OpType, process: Op["process"], value: unknown, f = "echo"): Op => {
    const op: Op = { index: ops.length, time: ops.length * 1_000_000, type, process, f, value };
    ops.push(op);
    return op;
  };
  return {
    ops,
    invoke: (p: number, v: unknown) => push("invoke", p, v),
    ok: (p: number, v: unknown) => push("ok", p, v),
    fail: (p: number, v: unknown) => push("fail", p, v),
    info: (p: number, v: unknown) => push("info", p, v),
    nemesis: (f: string, v: unknown) => push("info", "nemesis", v, f),
  };
}

const body = (echo: unknown, inReplyTo = 1) => ({ type: "echo_ok", echo, msg_id: inReplyTo + 1, in_reply_to: inReplyTo });

describe("echoChecker", () => {
  it("is valid with no errors when every ok echoes the sent string", () => {
    const h = history();
    h.invoke(0, "Please echo 42");
    h.ok(0, body("Please echo 42"));
    h.invoke(1, "Please echo 7");
    h.ok(1, body("Please echo 7"));
    expect(echoChecker(h.ops)).toEqual({ "valid?": true, errors: [] });
  });

  it("is valid for an empty history", () => {
    expect(echoChecker([])).toEqual({ "valid?": true, errors: [] });
  });

  it("records Maelstrom's error entry when the echo differs", () => {
    const h = history();
    h.invoke(0, "Please echo 15");
    const bad = body("not-right");
    h.ok(0, bad);
    expect(echoChecker(h.ops)).toEqual({
      "valid?": false,
      errors: [["Expected a message with :echo", "Please echo 15", "But received", bad]],
    });
  });

  it("counts every fail as an error (the fail value is the sent string, which has no echo)", () => {
    const h = history();
    h.invoke(0, "Please echo 3");
    h.fail(0, "Please echo 3");
    expect(echoChecker(h.ops)).toEqual({
      "valid?": false,
      errors: [["Expected a message with :echo", "Please echo 3", "But received", "Please echo 3"]],
    });
  });

  it("ignores info completions and invocations that never completed", () => {
    const h = history();
    h.invoke(0, "Please echo 1");
    h.info(0, "Please echo 1");
    h.invoke(2, "Please echo 2"); // the thread's next process after the info
    h.ok(2, body("Please echo 2"));
    h.invoke(1, "Please echo 9"); // never completes
    expect(echoChecker(h.ops)).toEqual({ "valid?": true, errors: [] });
  });

  it("ignores nemesis ops", () => {
    const h = history();
    h.nemesis("start-partition", "majority");
    h.invoke(0, "Please echo 1");
    h.nemesis("start-partition", ["isolated", { n1: ["n2"] }]);
    h.ok(0, body("Please echo 1"));
    expect(echoChecker(h.ops)["valid?"]).toBe(true);
  });

  it.each([
    ["a missing echo field", { type: "echo_ok", in_reply_to: 1 }, false],
    ["a null echo", { type: "echo_ok", echo: null, in_reply_to: 1 }, false],
    ["a number instead of the string", { type: "echo_ok", echo: 42, in_reply_to: 1 }, false],
    ["an array body", ["Please echo 42"], false],
    ["the right echo", { type: "echo_ok", echo: "Please echo 42", in_reply_to: 1 }, true],
  ])("judges a completion with %s", (_name, value, valid) => {
    const h = history();
    h.invoke(0, "Please echo 42");
    h.ok(0, value);
    const r = echoChecker(h.ops);
    expect(r["valid?"]).toBe(valid);
    expect((r["errors"] as unknown[]).length).toBe(valid ? 0 : 1);
  });

  it("compares payloads with deep JSON equality, ignoring key order", () => {
    const h = history();
    h.invoke(0, { a: [1, { b: 2, c: 3 }] });
    h.ok(0, body({ a: [1, { c: 3, b: 2 }] }));
    h.invoke(0, { a: [1, 2] });
    h.ok(0, body({ a: [2, 1] }));
    const r = echoChecker(h.ops);
    expect(r["errors"]).toEqual([["Expected a message with :echo", { a: [1, 2] }, "But received", body({ a: [2, 1] })]]);
  });

  it("pairs by process and lists errors in invocation order", () => {
    const h = history();
    h.invoke(0, "Please echo 0");
    h.invoke(1, "Please echo 1");
    h.fail(1, "Please echo 1");
    h.ok(0, body("wrong"));
    h.invoke(1, "Please echo 2");
    h.ok(1, body("Please echo 2"));
    expect(echoChecker(h.ops)["errors"]).toEqual([
      ["Expected a message with :echo", "Please echo 0", "But received", body("wrong")],
      ["Expected a message with :echo", "Please echo 1", "But received", "Please echo 1"],
    ]);
  });

  it("rejects a completion with no pending invocation, like knossos", () => {
    const h = history();
    h.ok(0, body("Please echo 1"));
    expect(() => echoChecker(h.ops)).toThrow(/no pending invocation/);
  });
});
