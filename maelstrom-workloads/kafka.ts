import { checkKafka } from "./checkers/kafka.js";
import { type Completion, completeWithErrors } from "./model/complete-op.js";
import { deriveSeed, seededRng } from "./model/random.js";
import type { MaelstromClient } from "./run/client.js";
import { FinalPolls } from "./kafka/final-polls.js";
import { CRASH_INTERVAL_S, DEFAULT_KEY_COUNT, KafkaGenerator } from "./kafka/generator.js";
import { commitOffsetsOk, highestOffsets, listCommittedOffsetsOk, pollOk, polledMsgs, sendOk } from "./kafka/rpcs.js";
import type { OpRequest, Workload, WorkloadContext, WorkloadFactory } from "./workload.js";

/** Maelstrom's client timeout for every RPC (client.clj's default-timeout). */
const TIMEOUT_MS = 5000;

/**
 * Maelstrom's kafka workload (Gossip Glomers 5): append-only logs by string
 * key. `send {key, msg}` -> `send_ok {offset}`; `poll {offsets: {k: o}}` ->
 * `poll_ok {msgs: {k: [[o, msg], ...]}}`; `commit_offsets {offsets}` ->
 * `commit_offsets_ok`; `list_committed_offsets {keys}` ->
 * `list_committed_offsets_ok {offsets}`; each reply checked against its
 * closed schema within 5 s.
 *
 * The client keeps, as Maelstrom's does, the offset it polls next for each
 * assigned key; a fresh client (after any info, `crash` included: clients are
 * not reusable) starts with none. History ops as Jepsen records them:
 * `send` [["send", k, v]] -> ok [["send", k, [offset, v]]]; `poll` [["poll"]]
 * -> ok [["poll", {k: [[o, v], ...]}]] (after which the client commits the
 * highest offset polled per key: an ok poll's commit was acknowledged);
 * `assign` [k, ...] (list_committed_offsets, then each key starts at the
 * client's own offset, else the committed one, else 0); `crash` null -> info.
 * Ours: an ok assign records {keys, committed} (what list_committed_offsets
 * said, which Jepsen does not keep), so that the checker can see committed
 * offsets go backwards; the final phase's assign (marked final) seeks to the
 * beginning and records {keys, "seek-to-beginning": true}.
 *
 * Only assign is idempotent (a timeout fails it); a send or poll that times
 * out is info. Keys per --key-count (default 10), each retired after
 * 1 + zipf(--max-writes-per-key) sends. Checker: checkers/kafka.ts.
 */
export const kafkaWorkload: WorkloadFactory = (ctx: WorkloadContext): Workload => {
  const keyCount = ctx.txn?.keyCount ?? DEFAULT_KEY_COUNT;
  const maxWritesPerKey = ctx.txn?.maxWritesPerKey ?? 16;
  const gen = new KafkaGenerator(seededRng(deriveSeed(ctx.seed, "kafka-ops")), keyCount, maxWritesPerKey, (CRASH_INTERVAL_S * 1000) / ctx.concurrency);
  /** Key -> highest offset any ok op sent or polled (Jepsen's track-key-offsets), for the final polls. */
  const maxOffsets = new Map<string, number>();
  const finalPolls = new FinalPolls(maxOffsets, seededRng(deriveSeed(ctx.seed, "kafka-final")));
  /** Each client's next offset per assigned key (Maelstrom's client offsets atom). */
  const clientOffsets = new WeakMap<MaelstromClient, Map<string, number>>();
  /** The thread each final op was made for. */
  const finalThread = new WeakMap<OpRequest, number>();
  let now: (() => number) | undefined;

  const seen = (sent: Record<string, number>, polled: Record<string, number>) => {
    for (const m of [sent, polled]) for (const [k, o] of Object.entries(m)) maxOffsets.set(k, Math.max(maxOffsets.get(k) ?? -1, o));
    gen.observe({ sent, polled });
  };

  async function perform(client: MaelstromClient, node: string, op: OpRequest): Promise<Completion> {
    const offsets = clientOffsets.get(client) ?? new Map<string, number>();
    clientOffsets.set(client, offsets);
    switch (op.f) {
      case "crash":
        return { type: "info", value: op.value };
      case "assign": {
        const keys = op.value as string[];
        if (op.final) {
          offsets.clear();
          for (const k of keys) offsets.set(k, 0);
          return { type: "ok", value: { keys, "seek-to-beginning": true } };
        }
        const reply = await client.rpc(node, { type: "list_committed_offsets", keys }, TIMEOUT_MS, listCommittedOffsetsOk);
        const committed = reply.offsets as Record<string, number>;
        const next = new Map(keys.map((k) => [k, offsets.get(k) ?? committed[k] ?? 0] as const));
        offsets.clear();
        for (const [k, o] of next) offsets.set(k, o);
        return { type: "ok", value: { keys, committed } };
      }
      case "send": {
        const [[, key, msg]] = op.value as [["send", string, unknown]];
        const reply = await client.rpc(node, { type: "send", key, msg }, TIMEOUT_MS, sendOk);
        const offset = reply.offset as number;
        seen({ [key]: offset }, {});
        return { type: "ok", value: [["send", key, [offset, msg]]] };
      }
      case "poll": {
        const reply = await client.rpc(node, { type: "poll", offsets: Object.fromEntries(offsets) }, TIMEOUT_MS, pollOk);
        const msgs = polledMsgs(reply.msgs);
        for (const [k, pairs] of Object.entries(msgs)) {
          const next = pairs.reduce((m, [o]) => Math.max(m, o), -1) + 1;
          offsets.set(k, Math.max(offsets.get(k) ?? 0, next));
        }
        const highest = highestOffsets(msgs);
        if (Object.keys(highest).length > 0) await client.rpc(node, { type: "commit_offsets", offsets: highest }, TIMEOUT_MS, commitOffsetsOk);
        seen({}, highest);
        const thread = finalThread.get(op);
        if (thread !== undefined) finalPolls.polled(thread, highest);
        return { type: "ok", value: [["poll", msgs]] };
      }
      default:
        throw new Error(`kafka: unknown op ${JSON.stringify(op.f)}`);
    }
  }

  return {
    name: "kafka",
    reusableClient: false,
    nextOp: () => gen.next(now?.()),
    finalOps: (thread) => {
      const op = finalPolls.next(thread, now?.() ?? 0);
      if (op) finalThread.set(op, thread);
      return op;
    },
    async invoke(client, node, op) {
      now ??= () => client.clock.now();
      try {
        return await perform(client, node, op);
      } catch (e) {
        return completeWithErrors(e, op.value, op.f === "assign");
      }
    },
    check: (history) => checkKafka(history),
  };
};
