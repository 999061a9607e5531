import { jsonText } from "./model/json-text.js";
import { membershipChecker } from "./checkers/membership.js";
import { completeWithErrors, crashed } from "./model/complete-op.js";
import { deriveSeed, type Rng, seededRng } from "./model/random.js";
import { closedResponse } from "./model/response-schema.js";
import { pinnedNode } from "./run/client-threads.js";
import type { MaelstromClient } from "./run/client.js";
import type { Completion } from "./model/complete-op.js";
import type { OpRequest, Workload, WorkloadFactory } from "./workload.js";

/** Maelstrom's client timeout, for the final views: a node then has every chance to answer. */
const TIMEOUT_MS = 5000;
/**
 * The main phase's polls wait less: a live node answers a client at once (clients have no latency), and a
 * thread that waited 5 s on each dead node it polls would see the others' views only every 5 s or so while
 * many nodes are down, which would make the detection times it measures mostly its own polling.
 */
const POLL_TIMEOUT_MS = 1000;
/** How many keys every lookup asks about: enough to see a 1/25 share move (about 2.5 keys a kill at 25 nodes), few enough to ask in one round. */
export const PROBE_KEY_COUNT = 64;
/** The share of main-phase ops that are `members` polls; the rest are lookups of every probe key. */
const MEMBERS_SHARE = 0.75;
const STATUSES = ["alive", "suspect", "dead"] as const;
export type MemberStatus = (typeof STATUSES)[number];
export type MembersView = Record<string, { status: MemberStatus; incarnation: number }>;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** `members`: exactly one entry per node id of the test, each exactly {status, incarnation}. */
function membersField(nodes: readonly string[]) {
  const known = new Set(nodes);
  return (v: unknown): string | undefined => {
    if (!isObject(v)) return `must be an object of node ids to {"status", "incarnation"}, got ${jsonText(v) ?? "nothing"}`;
    const unknown = Object.keys(v).filter((k) => !known.has(k));
    if (unknown.length) return `names ${unknown.map((k) => jsonText(k)).join(", ")}, not node(s) of this test (${nodes.join(", ")})`;
    const missing = nodes.filter((n) => !(n in v));
    if (missing.length) return `lacks ${missing.join(", ")}: every node id of node_ids must be present once the node has initialised`;
    for (const [id, m] of Object.entries(v)) {
      if (!isObject(m)) return `["${id}"] must be {"status", "incarnation"}, got ${jsonText(m)}`;
      const extra = Object.keys(m).filter((k) => k !== "status" && k !== "incarnation");
      if (extra.length) return `["${id}"] has unexpected field(s) ${extra.map((k) => jsonText(k)).join(", ")} (only status and incarnation)`;
      if (!(STATUSES as readonly unknown[]).includes(m.status)) return `["${id}"].status must be one of ${STATUSES.join(", ")}, got ${jsonText(m.status) ?? "nothing"}`;
      if (typeof m.incarnation !== "number" || !Number.isInteger(m.incarnation) || m.incarnation < 0) return `["${id}"].incarnation must be a whole number >= 0, got ${jsonText(m.incarnation) ?? "nothing"}`;
    }
    return undefined;
  };
}

/** `owner`: one of the test's node ids. */
function ownerField(nodes: readonly string[]) {
  const known = new Set(nodes);
  return (v: unknown): string | undefined => (typeof v === "string" && known.has(v) ? undefined : `must be a node id of this test (${nodes.join(", ")}), got ${jsonText(v) ?? "nothing"}`);
}

/** The probe keys: `count` distinct strings drawn from the seed, so that a run's lookups are the same on both hosts. */
export function probeKeys(rng: Rng, count = PROBE_KEY_COUNT): string[] {
  const keys = new Set<string>();
  while (keys.size < count) keys.add(`k${rng.int(0, 2 ** 30).toString(36)}`);
  return [...keys];
}

/**
 * Our membership workload (Maelstrom has none), for failure detectors such
 * as SWIM. No setup: nodes learn each other from init. Clients poll every
 * node in turn: `members` (the node's view, every node of the test with
 * status alive, suspect or dead and an incarnation) three times in four,
 * otherwise `lookup` of every probe key (64 keys drawn from the seed, one
 * RPC each, one after another) answered with the key's owner on the node's ring.
 * Polls go on through the recovery wait (pollsDuringRecovery), so the
 * checker sees how soon the cluster recovers after the final heal; then
 * each node gets a final `view`: its members, then its lookups.
 *
 * Replies are checked against closed schemas, as Maelstrom's are (a members
 * map that misses a node id or names another is malformed, too). History
 * values name the node each op went to: `{"node"}` invoked, and completed
 * `{"node", "members"}`, `{"node", "owners": {key: owner}}`, or for a final
 * view `{"node", "views": [{"node", "members", "owners"}, ...]}` (the
 * thread's node, and with fewer threads than nodes the others it stands for). Every op is a read: a failure is
 * `fail`.
 */
export const membershipWorkload: WorkloadFactory = (ctx): Workload => {
  const nodes = ctx.nodes;
  const mix = seededRng(deriveSeed(ctx.seed, "membership-ops"));
  const keys = probeKeys(seededRng(deriveSeed(ctx.seed, "membership-keys")));
  const membersOk = closedResponse("members_ok", { members: membersField(nodes) });
  const lookupOk = closedResponse("lookup_ok", { owner: ownerField(nodes) });
  let turn = 0;

  const members = async (client: MaelstromClient, node: string, timeoutMs: number) => (await client.rpc(node, { type: "members" }, timeoutMs, membersOk)).members as MembersView;
  // One request at a time: a Maelstrom client has at most one outstanding. Clients have no latency, so a round is quick.
  const lookups = async (client: MaelstromClient, node: string, timeoutMs: number) => {
    const owners: Record<string, string> = {};
    for (const key of keys) owners[key] = (await client.rpc(node, { type: "lookup", key }, timeoutMs, lookupOk)).owner as string;
    return owners;
  };

  return {
    name: "membership",
    reusableClient: false,
    pollsDuringRecovery: true,
    // Round robin over the nodes, so each is polled as often whatever the concurrency.
    nextOp: () => ({ f: mix.next() < MEMBERS_SHARE ? "members" : "lookup", value: { node: nodes[turn++ % nodes.length]! } }),
    // The thread's own node; with fewer threads than nodes the view covers every node the thread stands for.
    finalOp: (thread) => ({ f: "view", value: { node: pinnedNode(nodes, thread), nodes: nodes.filter((_, i) => i % Math.min(ctx.concurrency, nodes.length) === thread % nodes.length) }, final: true }),
    async invoke(client, _pinned, op: OpRequest): Promise<Completion> {
      const v = op.value as { node: string; nodes?: string[] };
      try {
        if (op.f === "members") return { type: "ok", value: { node: v.node, members: await members(client, v.node, POLL_TIMEOUT_MS) } };
        if (op.f === "lookup") return { type: "ok", value: { node: v.node, owners: await lookups(client, v.node, POLL_TIMEOUT_MS) } };
        if (op.f === "view") {
          const views = [];
          for (const node of v.nodes ?? [v.node]) views.push({ node, members: await members(client, node, TIMEOUT_MS), owners: await lookups(client, node, TIMEOUT_MS) });
          return { type: "ok", value: { node: v.node, views } };
        }
        return crashed(new Error(`membership: unknown op ${jsonText(op.f)}`), op.value);
      } catch (e) {
        return completeWithErrors(e, op.value, true); // every op is a read: failures are :fail
      }
    },
    check: (history, cc) => membershipChecker(history, { nodes, deadlineMs: (ctx.membershipDeadline ?? 15) * 1000, periodMs: ctx.membershipPeriod ?? 1000, serverSendCount: cc.serverSendCount }),
  };
};
