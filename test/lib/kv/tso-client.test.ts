import { describe, expect, it } from "vitest";
import { TsoClient } from "../../../lib/index.js";
import { RpcError } from "../../../lib/protocol/rpc-error.js";
import { initNode, settle } from "../../helpers/test-node.js";

/** A lin-tso stand-in on the wire: answers each ts with `reply(n)` (n counts from 0), in_reply_to set, no msg_id. */
function withTso(t: ReturnType<typeof initNode>, reply: (n: number) => Record<string, unknown> | undefined = (n) => ({ type: "ts_ok", ts: n })) {
  const seen: Array<Record<string, unknown>> = [];
  t.transport.onOutput((line) => {
    const m = JSON.parse(line);
    if (m.dest !== "lin-tso") return;
    seen.push(m.body);
    const body = reply(seen.length - 1);
    if (body) queueMicrotask(() => t.feed({ src: "lin-tso", dest: m.src, body: { ...body, in_reply_to: m.body.msg_id } }));
  });
  return seen;
}

describe("TsoClient", () => {
  it("sends Maelstrom's ts request and returns the stamps in order", async () => {
    const t = initNode();
    const seen = withTso(t);
    const tso = new TsoClient(t.node);
    expect([await tso.ts(), await tso.ts(), await tso.ts()]).toEqual([0, 1, 2]);
    expect(seen).toEqual([
      { type: "ts", msg_id: 2 },
      { type: "ts", msg_id: 3 },
      { type: "ts", msg_id: 4 },
    ]);
  });

  it("rejects a reply that is not ts_ok with a whole-number ts as a crash (13), naming what came", async () => {
    const t = initNode();
    const replies = [{ type: "read_ok", value: 1 }, { type: "ts_ok", ts: "7" }, { type: "ts_ok" }, { type: "error", code: 11, text: "busy" }];
    withTso(t, (n) => replies[n]);
    const tso = new TsoClient(t.node);
    const errs = [];
    for (let i = 0; i < replies.length; i++) errs.push(await tso.ts().catch((e: unknown) => e));
    expect(errs.map((e) => [(e as RpcError).code, (e as RpcError).text])).toEqual([
      [13, 'lin-tso answered ts with "read_ok", expected "ts_ok"'],
      [13, 'lin-tso answered ts with ts "7", expected a whole number'],
      [13, "lin-tso answered ts with ts missing, expected a whole number"],
      [11, "busy"],
    ]);
    expect(errs.every((e) => e instanceof RpcError)).toBe(true);
  });

  it("rejects with an indefinite timeout when the oracle does not answer", async () => {
    const t = initNode();
    withTso(t, () => undefined);
    const p = new TsoClient(t.node, "lin-tso", { timeoutMs: 200 }).ts().catch((e: unknown) => e);
    t.clock.advance(200);
    await settle();
    expect(await p).toMatchObject({ code: 0, definite: false });
  });

  it("refuses a bad service or timeout at construction", () => {
    const t = initNode();
    expect(() => new TsoClient(t.node, "")).toThrow(/TsoClient: service must be a non-empty string/);
    expect(() => new TsoClient(t.node, "lin-tso", { timeoutMs: -1 })).toThrow(/TsoClient\(lin-tso\): timeoutMs/);
  });
});
