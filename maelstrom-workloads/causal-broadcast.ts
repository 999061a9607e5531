import { jsonText } from "./model/json-text.js";
import { causalBroadcastChecker } from "./checkers/causal-broadcast.js";
import { completeWithErrors } from "./model/complete-op.js";
import { deriveSeed, type Rng, seededRng } from "./model/random.js";
import { closedResponse, sequence } from "./model/response-schema.js";
import { pinnedNode } from "./run/client-threads.js";
import { topology } from "./topology.js";
import type { OpRequest, Workload, WorkloadFactory } from "./workload.js";

const TIMEOUT_MS = 5000;
/** Letters and digits a message is drawn from; 8 of them give 41 bits, and a repeat is drawn again. */
const ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
const MESSAGE_LENGTH = 8;

/** A causal token, as the protocol defines it: a JSON object of node ids to whole numbers >= 0. The client passes it on unread. */
const token = (v: unknown): string | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) && Object.values(v).every((n) => typeof n === "number" && Number.isInteger(n) && n >= 0)
    ? undefined
    : `must be a causal token (a JSON object of node ids to whole numbers >= 0, such as {"n1":3}), got ${jsonText(v) ?? "nothing"}`;

const topologyOk = closedResponse("topology_ok");
// Without deps, exactly Maelstrom's broadcast schemas; with deps, the same plus the clock.
const broadcastOk = closedResponse("broadcast_ok");
const readOk = closedResponse("read_ok", { messages: sequence });
const broadcastOkClock = closedResponse("broadcast_ok", { clock: token });
const readOkClock = closedResponse("read_ok", { messages: sequence, clock: token });

type Token = Record<string, number>;

/** A new message: random letters from the seed, never one drawn before. */
function drawMessage(rng: Rng, used: Set<string>): string {
  for (;;) {
    let s = "";
    for (let i = 0; i < MESSAGE_LENGTH; i++) s += ALPHABET[rng.int(0, ALPHABET.length)];
    if (!used.has(s)) {
      used.add(s);
      return s;
    }
  }
}

/**
 * Our causal-broadcast workload (Maelstrom has none). Each node first gets
 * the `topology` map, as for broadcast; then a 50/50 mix of `broadcast` of a
 * unique random string and `read` (whose `messages` are the node's delivery
 * order); after the main phase, heal, recovery and one final read per thread.
 *
 * Sessions (`--sessions`): sticky, each thread keeps to its own node and
 * sends requests exactly as Maelstrom's broadcast does; roaming, each op of
 * the main phase goes to a node drawn from the seed, and every request
 * carries `deps`, the `clock` of the thread's last reply (`{}` at first; a
 * thread's fresh client after an indeterminate op starts from the last token
 * it had). The final reads go to each thread's own node in both modes, so
 * that every node is read once the cluster has healed.
 *
 * History values are ours: `{"node", "message"}` for a broadcast,
 * `{"node"}` for a read invocation and `{"node", "messages"}` for its ok
 * completion, so the checker can tell each node's reads apart.
 */
export const causalBroadcastWorkload: WorkloadFactory = (ctx): Workload => {
  const roaming = ctx.sessions === "roaming";
  const mix = seededRng(deriveSeed(ctx.seed, "causal-broadcast-ops"));
  const messages = seededRng(deriveSeed(ctx.seed, "causal-broadcast-messages"));
  const route = seededRng(deriveSeed(ctx.seed, "causal-broadcast-nodes"));
  const topo = topology(ctx.topology as Parameters<typeof topology>[0], ctx.nodes);
  const used = new Set<string>();
  /** Each thread's last token (roaming). */
  const tokens = new Map<number, Token>();
  /** The thread each op was made for: invoke learns it from its op. */
  const threadOf = new WeakMap<OpRequest, number>();
  const made = (thread: number, op: OpRequest) => (threadOf.set(op, thread), op);

  return {
    name: "causal-broadcast",
    reusableClient: false,
    async setup(client, node) {
      await client.rpc(node, { type: "topology", topology: topo }, TIMEOUT_MS, topologyOk);
    },
    nextOp(thread) {
      const node = roaming ? route.pick(ctx.nodes) : pinnedNode(ctx.nodes, thread);
      return made(thread, mix.next() < 0.5 ? { f: "broadcast", value: { node, message: drawMessage(messages, used) } } : { f: "read", value: { node } });
    },
    finalOp: (thread) => made(thread, { f: "read", value: { node: pinnedNode(ctx.nodes, thread) }, final: true }),
    async invoke(client, _pinned, op) {
      const thread = threadOf.get(op);
      if (thread === undefined) throw new Error(`causal-broadcast: op ${jsonText(op)} was not made by this workload's nextOp or finalOp`);
      const v = op.value as { node: string; message?: string };
      const deps = roaming ? { deps: tokens.get(thread) ?? {} } : {};
      const remember = (reply: Record<string, unknown>) => {
        if (roaming) tokens.set(thread, reply.clock as Token);
      };
      if (op.f === "broadcast") {
        try {
          remember(await client.rpc(v.node, { type: "broadcast", message: v.message, ...deps }, TIMEOUT_MS, roaming ? broadcastOkClock : broadcastOk));
          return { type: "ok", value: op.value };
        } catch (e) {
          return completeWithErrors(e, op.value, false);
        }
      }
      try {
        const reply = await client.rpc(v.node, { type: "read", ...deps }, TIMEOUT_MS, roaming ? readOkClock : readOk);
        remember(reply);
        return { type: "ok", value: { node: v.node, messages: reply.messages } };
      } catch (e) {
        return completeWithErrors(e, op.value, true); // reads are idempotent: failures are :fail
      }
    },
    check: (history) => causalBroadcastChecker(history, { concurrency: ctx.concurrency }),
  };
};
