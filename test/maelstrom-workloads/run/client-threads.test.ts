import { expect, it } from "vitest";
import type { MaelstromClient } from "../../../maelstrom-workloads/run/client.js";
import { ClientThreads } from "../../../maelstrom-workloads/run/client-threads.js";
import type { Completion } from "../../../maelstrom-workloads/model/complete-op.js";
import { History } from "../../../maelstrom-workloads/model/history.js";
import type { Workload } from "../../../maelstrom-workloads/workload.js";

function rig(outcomes: Array<Completion["type"]>, reusableClient = false) {
  const calls: Array<{ client: string; node: string }> = [];
  let opened = 0;
  const workload: Workload = {
    name: "fake",
    reusableClient,
    nextOp: () => ({ f: "x", value: null }),
    invoke: async (client, node) => {
      calls.push({ client: client.id, node });
      return { type: outcomes.shift() ?? "ok", value: null };
    },
    check: () => ({ "valid?": true }),
  };
  const history = new History(() => 0);
  const threads = new ClientThreads(["n1", "n2"], 3, workload, history, () => ({ id: `c${opened++}`, close() {} }) as unknown as MaelstromClient);
  return { threads, history, calls };
}

it("hands ops to free threads in rotating order, each pinned to node t mod N", async () => {
  const { threads, calls } = rig([]);
  const picked: number[] = [];
  for (let i = 0; i < 4; i++) {
    const th = threads.pickFree()!;
    picked.push(th.index);
    await threads.start(th, { f: "x", value: null });
  }
  expect(picked).toEqual([0, 1, 2, 0]);
  expect(calls.map((c) => c.node)).toEqual(["n1", "n2", "n1", "n1"]);
});

it("skips busy threads and says when none is free", () => {
  const { threads } = rig([]);
  void threads.start({ index: 0 }, { f: "x", value: null });
  void threads.start({ index: 1 }, { f: "x", value: null });
  expect(threads.pickFree()).toMatchObject({ index: 2 });
  void threads.start({ index: 2 }, { f: "x", value: null });
  expect(threads.pickFree()).toBeUndefined();
});

it("after an info, a thread becomes process + concurrency and opens a new client at its next op", async () => {
  const { threads, history, calls } = rig(["info", "ok"]);
  await threads.start({ index: 0 }, { f: "x", value: null });
  await threads.start({ index: 0 }, { f: "x", value: null });
  expect(history.ops.map((o) => [o.process, o.type])).toEqual([
    [0, "invoke"],
    [0, "info"],
    [3, "invoke"],
    [3, "ok"],
  ]);
  expect(calls.map((c) => c.client)).toEqual(["c0", "c1"]);
});

it("keeps a reusable client across an info", async () => {
  const { threads, calls } = rig(["info", "ok"], true);
  await threads.start({ index: 0 }, { f: "x", value: null });
  await threads.start({ index: 0 }, { f: "x", value: null });
  expect(calls.map((c) => c.client)).toEqual(["c0", "c0"]);
});

it("a workload's pickThread chooses among the free threads only, and a choice of a busy thread is a clear error", () => {
  const offered: number[][] = [];
  let choose = (free: readonly number[]) => free[free.length - 1]!;
  const workload: Workload = {
    name: "picky",
    reusableClient: true,
    nextOp: () => ({ f: "x", value: null }),
    pickThread: (free) => (offered.push([...free]), choose(free)),
    invoke: () => new Promise<Completion>(() => {}), // never completes: the thread stays busy
    check: () => ({ "valid?": true }),
  };
  const threads = new ClientThreads(["n1"], 3, workload, new History(() => 0), () => ({ id: "c0", close() {} }) as unknown as MaelstromClient);
  expect(threads.pickFree()).toMatchObject({ index: 2 });
  void threads.start({ index: 2 }, { f: "x", value: null });
  expect(threads.pickFree()).toMatchObject({ index: 1 });
  expect(offered).toEqual([[0, 1, 2], [0, 1]]);
  choose = () => 2;
  expect(() => threads.pickFree()).toThrow(/picky: pickThread chose thread 2, which is not one of the free threads 0, 1/);
  void threads.start({ index: 0 }, { f: "x", value: null });
  void threads.start({ index: 1 }, { f: "x", value: null });
  expect(threads.pickFree()).toBeUndefined(); // none free: pickThread is not asked
  expect(offered).toHaveLength(3);
});
