import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Clock } from "../../../lib/runtime/clock.js";
import { MemoryTransport } from "../../../lib/runtime/memory-transport.js";
import { Node } from "../../../lib/runtime/node.js";
import { RealClock } from "../../../lib/runtime/real-clock.js";
import { VirtualClock } from "../../../lib/runtime/virtual-clock.js";
import { initNode } from "../../helpers/test-node.js";

const HOUR = 3_600_000;

// vitest's fake timers behave as Node's do: a delay of 2^31 ms or more runs after 1 ms.
describe("RealClock with delays Node's setTimeout does not honour (2^31 ms and more)", () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] }));
  afterEach(() => void vi.useRealTimers());

  it("after(2^31) fires after 2^31 ms, not after 1 ms", () => {
    const clock = new RealClock();
    let fired = 0;
    clock.after(2 ** 31, () => void fired++);
    vi.advanceTimersByTime(HOUR);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(2 ** 31 - HOUR - 1);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("every(2^32) ticks once per 2^32 ms, and cancel works between the steps of a wait", () => {
    const clock = new RealClock();
    let ticks = 0;
    const t = clock.every(2 ** 32, () => void ticks++);
    vi.advanceTimersByTime(10);
    expect(ticks).toBe(0);
    vi.advanceTimersByTime(2 ** 32 - 11);
    expect(ticks).toBe(0);
    vi.advanceTimersByTime(1);
    expect(ticks).toBe(1);
    vi.advanceTimersByTime(2 ** 32);
    expect(ticks).toBe(2);
    vi.advanceTimersByTime(2 ** 31); // half-way through a wait made of two steps
    t.cancel();
    expect(vi.getTimerCount()).toBe(0);
    const u = clock.after(3e9, () => void ticks++);
    vi.advanceTimersByTime(2 ** 31);
    u.cancel();
    vi.advanceTimersByTime(3e9);
    expect(ticks).toBe(2);
  });

  it("an every() callback may cancel its own long timer", () => {
    const clock = new RealClock();
    let ticks = 0;
    const t = clock.every(2 ** 31 + 5, () => {
      ticks++;
      t.cancel();
    });
    vi.advanceTimersByTime(3 * 2 ** 32);
    expect(ticks).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a node on the real clock: rpc({timeoutMs: 2^31}), every(2^32) and after(3e9) never fire early", async () => {
    const transport = new MemoryTransport();
    const node = new Node({ transport, logWrite: () => {}, logLevel: "off" });
    void node.run();
    transport.push(JSON.stringify({ src: "c0", dest: "n1", body: { type: "init", node_id: "n1", node_ids: ["n1", "n2"], msg_id: 1 } }));
    let outcome = "pending";
    node.rpc("n2", { type: "read" }, { timeoutMs: 2 ** 31 }).then(
      () => (outcome = "ok"),
      (e: Error) => (outcome = e.message),
    );
    const fired: string[] = [];
    node.every(2 ** 32, () => void fired.push("every"));
    node.after(3e9, () => void fired.push("after"));
    await vi.advanceTimersByTimeAsync(10);
    expect({ outcome, fired, pending: node.pendingRpcCount }).toEqual({ outcome: "pending", fired: [], pending: 1 });
    await vi.advanceTimersByTimeAsync(HOUR - 10);
    expect({ outcome, fired, pending: node.pendingRpcCount }).toEqual({ outcome: "pending", fired: [], pending: 1 });
    await vi.advanceTimersByTimeAsync(2 ** 31 - HOUR);
    expect(outcome).toMatch(/within 2147483648 ms/);
    expect(fired).toEqual([]);
    await vi.advanceTimersByTimeAsync(3e9 - 2 ** 31);
    expect(fired).toEqual(["after"]);
    await vi.advanceTimersByTimeAsync(2 ** 32 - 3e9);
    expect(fired).toEqual(["after", "every"]);
    node.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("delays that are not a finite number of ms >= 0", () => {
  const bad: Array<[unknown, string]> = [
    [NaN, "NaN"],
    [-1, "-1"],
    [Infinity, "Infinity"],
    [-Infinity, "-Infinity"],
    ["100", 'the string "100"'],
    [undefined, "undefined"],
  ];

  for (const [name, make] of [
    ["RealClock", () => new RealClock()],
    ["VirtualClock", () => new VirtualClock()],
  ] as Array<[string, () => Clock]>) {
    it(`${name} rejects them in after() and every() with a RangeError naming the value and the limit`, () => {
      const clock = make();
      for (const [ms, shown] of bad) {
        expect(() => clock.after(ms as number, () => {})).toThrow(new RangeError(`after: the delay must be a finite number of milliseconds >= 0; got ${shown}`));
        expect(() => clock.every(ms as number, () => {})).toThrow(new RangeError(`every: the interval must be a finite number of milliseconds > 0; got ${shown}`));
      }
      expect(() => clock.every(0, () => {})).toThrow(/every: the interval must be a finite number of milliseconds > 0; got 0/);
    });
  }

  it("a node rejects them in rpc, every and after before sending or scheduling anything", async () => {
    const t = initNode();
    for (const ms of [NaN, -5, Infinity]) {
      await expect(t.node.rpc("n2", { type: "read" }, { timeoutMs: ms })).rejects.toThrow(
        new RangeError(`rpc read to n2: timeoutMs must be a finite number of milliseconds >= 0; got ${ms}`),
      );
      expect(() => t.node.every(ms, () => {})).toThrow(/^every: the interval must be a finite number of milliseconds > 0; got/);
      expect(() => t.node.after(ms, () => {})).toThrow(/^after: the delay must be a finite number of milliseconds >= 0; got/);
    }
    expect(t.transport.output).toEqual([]);
    expect(t.node.pendingRpcCount).toBe(0);
    expect(t.clock.pending).toBe(0);
  });

  it("rpcWithRetry validates attemptTimeoutMs, deadlineMs, backoff and retryable before sending", async () => {
    const t = initNode();
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ attemptTimeoutMs: NaN }, /^rpcWithRetry\(op to n2\): attemptTimeoutMs must be a finite number of milliseconds >= 0; got NaN$/],
      [{ attemptTimeoutMs: 2 ** 31 * Infinity }, /attemptTimeoutMs must be a finite number of milliseconds >= 0; got Infinity/],
      [{ deadlineMs: -1 }, /^rpcWithRetry\(op to n2\): deadlineMs must be a number of milliseconds >= 0 \(Infinity for no deadline\); got -1$/],
      [{ deadlineMs: NaN }, /deadlineMs must be .*; got NaN/],
      [{ backoff: { multiplier: Infinity } }, /^rpcWithRetry\(op to n2\): backoff\.multiplier must be a finite number >= 1, got Infinity$/],
      [{ backoff: { initialMs: -1 } }, /backoff\.initialMs must be a finite number >= 0, got -1/],
      [{ backoff: { jitter: NaN } }, /backoff\.jitter must be in \[0, 1\], got NaN/],
      [{ retryable: true }, /^rpcWithRetry\(op to n2\): retryable must be a function \(err: RpcError\) => boolean; got a boolean$/],
    ];
    for (const [opts, re] of cases) {
      const err = await t.node.rpcWithRetry("n2", { type: "op" }, opts).catch((e: unknown) => e);
      expect(err, JSON.stringify(opts)).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(re);
    }
    expect(t.transport.output).toEqual([]);
    expect(t.clock.pending).toBe(0);
  });
});

describe("backoffDelay", () => {
  it("stays a finite number after many attempts, even from initialMs 0", async () => {
    const { backoffDelay, resolveBackoff } = await import("../../../lib/runtime/backoff.js");
    expect(backoffDelay(2000, resolveBackoff({ initialMs: 0, maxMs: 0 }), 0.5)).toBe(0);
    expect(backoffDelay(2000, resolveBackoff({ initialMs: 10, maxMs: 500 }), 0)).toBe(500);
  });
});
