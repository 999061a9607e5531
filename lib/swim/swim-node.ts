import { RpcError } from "../protocol/rpc-error.js";
import type { Timer } from "../runtime/clock.js";
import type { Node } from "../runtime/node.js";
import { HashRing } from "../ring/hash-ring.js";
import { Awareness } from "./awareness.js";
import { Dissemination } from "./dissemination.js";
import type { Update } from "./member-status.js";
import { type Applied, MemberTable } from "./member-table.js";
import { type Probe, type ProbeEffect, type ProbeEvent, probeStep, startProbe } from "./probe.js";
import { pickRandom, ProbeOrder } from "./probe-order.js";
import { StallWatch } from "./stall.js";
import { Suspicion, suspicionBounds } from "./suspicion.js";
import type { SwimSettings } from "./swim-settings.js";
import { Ack, Gossip, Lookup, Nack, Ping, PingReq, Sync } from "./swim-wire.js";

/** Peers a starting node asks for their view (a restarted node learns its old incarnation from them and goes above it). */
const SYNC_PEERS = 3;
/** A helper nacks when the target has not acked within this share of its ping timeout, so the nack reaches the asker before its period ends. */
const NACK_SHARE = 0.8;
/**
 * Helpers are drawn from members heard from within this many periods, when
 * there are enough: after several nodes die at once, helpers drawn from every
 * member believed alive are often dead too, their nacks never come, and local
 * health would slow this (healthy) node's probing to a crawl just when
 * detection matters.
 */
const RECENT_PERIODS = 3;
/** The node marks itself awake at least this often (a share of the period), so that a gap of more than a period beyond it is surely a stall of its own. */
const BEAT_SHARE = 0.5;

/** What the node exposes to tests. */
export interface SwimHandle {
  /** The member table, once init has arrived. */
  table(): MemberTable | undefined;
  awareness(): number;
}

/**
 * SWIM with Lifeguard on a Maelstrom node (see the README): one probe each
 * period; ping-req through k helpers; suspicion that shrinks with independent
 * confirmations; news piggy-backed on every message and gossiped while there
 * is any; members believed dead pinged now and then. Clients ask `members`
 * and `lookup`. The decisions are lib/swim's pure pieces; this is the wiring:
 * messages in, timers, messages out.
 */
export function installSwim(node: Node, s: SwimSettings): SwimHandle {
  let table: MemberTable | undefined;
  const awareness = new Awareness(s.awarenessMax);
  const news = new Dissemination(s.lambda);
  const order = new ProbeOrder();
  const suspicions = new Map<string, Suspicion>();
  /** The probe of this period. */
  let probe: Probe | undefined;
  let seq = 0;
  /** Pings we sent for another node's ping_req, by our seq. */
  const relays = new Map<number, { origin: string; seq: number }>();
  /** Members that told us outdated news about us: our next message to each carries our record. */
  const owed = new Set<string>();
  /** When we last told a member what we believe about it (at most once a period). */
  const told = new Map<string, number>();
  let suspicionTimer: Timer | undefined;
  let ring: { key: string; ring: HashRing } | undefined;

  const random = () => node.random();
  const now = () => node.clock.now();
  const stall = new StallWatch(Math.max(1, Math.floor(s.periodMs * BEAT_SHARE)), s.periodMs);
  /**
   * Called first by every timer and message handler: if this node was
   * stalled, it recovers before anything acts on the timers that ran out
   * meanwhile (see recoverFromStall).
   */
  const awake = () => {
    const gap = stall.mark(now());
    if (gap > 0 && table) recoverFromStall(gap);
  };
  const after = (ms: number, fn: () => void): Timer => node.after(ms, () => {
    awake();
    fn();
  });
  const live = () => table!.ids("alive", "suspect");
  const livePeers = () => live().filter((id) => id !== node.id);
  /** When each peer last sent us anything: helpers are chosen among those heard from lately, who are likely up to nack. */
  const heardFrom = new Map<string, number>();
  const recentlyHeard = (id: string) => (heardFrom.get(id) ?? -Infinity) >= now() - RECENT_PERIODS * s.periodMs;
  const pickHelpers = (target: string): string[] => {
    const alive = table!.ids("alive").filter((id) => id !== node.id && id !== target);
    const recent = alive.filter(recentlyHeard);
    const helpers = pickRandom(recent, s.k, random);
    return helpers.length >= s.k ? helpers : [...helpers, ...pickRandom(alive.filter((id) => !helpers.includes(id)), s.k - helpers.length, random)];
  };

  /**
   * News for a message to `dest`: what we believe about it first if that is
   * not "alive" (so it can refute at once), our own record if it told us
   * something outdated about us, then the queue.
   */
  const updatesFor = (dest: string): Update[] => {
    const first: Update[] = [];
    const theirs = table!.record(dest);
    if (theirs && theirs.status !== "alive") first.push(theirs);
    if (owed.delete(dest)) first.push(table!.record(node.id)!);
    return [...first, ...news.take(s.maxPiggyback - first.length, live().length, new Set(first.map((u) => u.id)))];
  };

  const rearmSuspicions = () => {
    suspicionTimer?.cancel();
    let next = Infinity;
    for (const sp of suspicions.values()) next = Math.min(next, sp.deadline);
    if (next === Infinity) return;
    suspicionTimer = after(Math.max(0, next - now()), expireSuspicions);
  };

  const expireSuspicions = () => {
    const t = now();
    for (const [id, sp] of [...suspicions]) {
      if (sp.deadline > t) continue;
      suspicions.delete(id);
      const m = table!.get(id);
      if (m?.status !== "suspect") continue;
      node.log.info(`${id} declared dead (incarnation ${m.incarnation}; suspected for ${t - sp.startedAt} ms, ${sp.confirmations} confirmation(s))`);
      handle(table!.apply({ id, status: "dead", incarnation: m.incarnation }), node.id);
    }
    rearmSuspicions();
  };

  /**
   * Lifeguard: a node that could not run for `gapMs` (paused, descheduled)
   * heard nothing meanwhile, so the timers that ran out then say nothing
   * about others. A suspicion it held may have been refuted in that time (or
   * its member restarted, still at the incarnation we suspect), and the
   * refutation is perhaps still unread: declaring it dead now would outrank
   * the member's alive at that incarnation, and others would follow before it
   * could answer. So each suspicion starts again with its full timeout from
   * now, and its member is pinged with it (it refutes in the ack); the probe
   * of the period is dropped (its ack may be waiting unread); and the
   * local health score goes up a step, as this node proved to be the slow one.
   */
  const recoverFromStall = (gapMs: number) => {
    const t = now();
    node.log.warn(`stalled for ${gapMs} ms: restarting ${suspicions.size} suspicion(s) instead of acting on them, dropping probe ${probe?.seq ?? "(none)"}`);
    awareness.apply(1);
    probe = undefined;
    for (const [id, sp] of suspicions) {
      suspicions.set(id, sp.restart(t));
      told.set(id, t);
      node.send(id, { type: "ping", seq: ++seq, updates: updatesFor(id) });
    }
    rearmSuspicions();
  };

  /** Acts on what applying one piece of news did. `src` is who told us. */
  const handle = (r: Applied, src: string): void => {
    switch (r.kind) {
      case "stale":
        return;
      case "refuted":
        node.log.info(`refuting: alive at incarnation ${r.update.incarnation} (heard from ${src})`);
        news.add(r.update);
        // Lifeguard: being suspected hints that we may be the slow one.
        awareness.apply(1);
        return;
      case "confirmed": {
        const sp = suspicions.get(r.id);
        if (sp?.confirm(r.from)) {
          news.add({ ...table!.record(r.id)!, from: r.from });
          rearmSuspicions();
        }
        return;
      }
      case "changed": {
        const u = r.update;
        news.add(u);
        if (u.status === "suspect") {
          const { minMs, maxMs } = suspicionBounds(live().length, s.periodMs, s.suspicionMult, s.suspicionMaxMult);
          suspicions.set(u.id, new Suspicion(u.from ?? src, now(), Math.min(s.confirmations, Math.max(0, live().length - 2)), minMs, maxMs));
        } else suspicions.delete(u.id);
        rearmSuspicions();
        node.log.debug(`${u.id}: ${r.previous.status} ${r.previous.incarnation} -> ${u.status} ${u.incarnation} (from ${src})`);
        return;
      }
    }
  };
  /**
   * Applies a message's news. If the sender believes something outdated
   * about us (say, that we are suspect at an incarnation we have refuted: the
   * refutation may have missed it, and its queue may have retired it), we owe
   * it our record. If we believe it suspect or dead, it should hear that, to
   * refute. A reply (`replying`: an ack to a ping) carries both; otherwise a
   * gossip does, at most once a period per member.
   */
  const applyAll = (updates: readonly Update[], src: string, replying = false) => {
    heardFrom.set(src, now());
    const me = table!.get(node.id)!;
    for (const u of updates) {
      if (u.id === node.id && (u.incarnation < me.incarnation || (u.incarnation === me.incarnation && u.status !== "alive"))) owed.add(src);
      handle(table!.apply(u), src);
    }
    if (replying) return;
    const m = table!.get(src);
    if (!owed.has(src) && (!m || m.status === "alive")) return;
    if ((told.get(src) ?? -Infinity) + s.periodMs > now()) return;
    told.set(src, now());
    node.send(src, { type: "gossip", updates: updatesFor(src) });
  };

  const stepProbe = (e: ProbeEvent) => {
    if (!probe) return;
    const r = probeStep(probe, e);
    probe = r.probe;
    for (const eff of r.effects) effect(eff, r.probe);
  };

  const effect = (eff: ProbeEffect, p: Probe) => {
    switch (eff.type) {
      case "ping-req":
        for (const h of eff.helpers) node.send(h, { type: "ping_req", seq: p.seq, target: p.target, updates: updatesFor(h) });
        return;
      case "suspect": {
        const m = table!.get(eff.target);
        if (!m || m.status === "dead") return;
        node.log.debug(`${eff.target} did not answer probe ${p.seq}: suspect`);
        handle(table!.apply({ id: eff.target, status: "suspect", incarnation: m.incarnation, from: node.id }), node.id);
        // Lifeguard: the suspect hears of it at once, so it can refute before anyone gives up on it.
        told.set(eff.target, now());
        node.send(eff.target, { type: "gossip", updates: updatesFor(eff.target) });
        return;
      }
      case "health":
        awareness.apply(eff.delta);
        return;
    }
  };

  const probeTick = () => {
    stepProbe({ type: "period-end" });
    after(awareness.scale(s.periodMs), probeTick);
    const target = order.next(livePeers(), random);
    if (target === undefined) {
      probe = undefined;
      return;
    }
    const helpers = pickHelpers(target);
    probe = startProbe(target, ++seq, helpers, helpers.filter(recentlyHeard));
    const mine = probe.seq;
    node.send(target, { type: "ping", seq: mine, updates: updatesFor(target) });
    after(awareness.scale(s.pingTimeoutMs), () => {
      if (probe?.seq === mine) stepProbe({ type: "ping-timeout" });
    });
  };

  const gossipTick = () => {
    if (news.size === 0) return;
    // Alive members only: a suspect one is told of it directly, and a dead one is likely down.
    for (const peer of pickRandom(table!.ids("alive").filter((id) => id !== node.id), s.gossipFanout, random)) {
      const updates = updatesFor(peer);
      if (updates.length > 0) node.send(peer, { type: "gossip", updates });
    }
  };

  const deadProbeTick = () => {
    const dead = table!.ids("dead").filter((id) => id !== node.id);
    const target = pickRandom(dead, 1, random)[0];
    // Not a probe: nothing waits for the ack, whose news (a refutation) is all we want.
    if (target !== undefined) node.send(target, { type: "ping", seq: ++seq, updates: updatesFor(target) });
  };

  const currentRing = (): HashRing => {
    const members = live();
    const key = members.join(",");
    if (ring?.key !== key) ring = { key, ring: new HashRing(members, s.virtualNodes) };
    return ring.ring;
  };

  node.onInit((n) => {
    table = new MemberTable(n.id, n.nodeIds, 0);
    n.log.info(`swim: ${JSON.stringify(s)}`);
    // Start probing at a random point of the period, so nodes started together do not probe in step.
    awake();
    after(Math.floor(random() * s.periodMs), probeTick);
    n.every(stall.beatMs, awake);
    n.every(s.gossipIntervalMs, () => {
      awake();
      gossipTick();
    });
    if (s.deadProbeMs > 0) n.every(s.deadProbeMs, () => {
      awake();
      deadProbeTick();
    });
    for (const peer of pickRandom(n.peers, SYNC_PEERS, random)) n.send(peer, { type: "sync", members: table.snapshot(), reply: true });
  });

  /** Whether init has come; marks the node awake first (every message handler starts here). */
  const ready = () => {
    awake();
    return table !== undefined;
  };

  node.on("ping", Ping, (m) => {
    if (!ready()) return;
    applyAll(m.body.updates, m.src, true);
    node.send(m.src, { type: "ack", seq: m.body.seq, updates: updatesFor(m.src) });
  });

  node.on("ack", Ack, (m) => {
    if (!ready()) return;
    applyAll(m.body.updates, m.src);
    const relay = relays.get(m.body.seq);
    if (relay) {
      relays.delete(m.body.seq);
      node.send(relay.origin, { type: "ack", seq: relay.seq, updates: updatesFor(relay.origin) });
    } else if (probe?.seq === m.body.seq && (m.src === probe.target || probe.helpers.includes(m.src))) stepProbe({ type: "ack" });
  });

  node.on("ping_req", PingReq, (m) => {
    if (!ready()) return;
    applyAll(m.body.updates, m.src);
    const mine = ++seq;
    const relay = { origin: m.src, seq: m.body.seq };
    relays.set(mine, relay);
    node.send(m.body.target, { type: "ping", seq: mine, updates: updatesFor(m.body.target) });
    after(s.pingTimeoutMs * NACK_SHARE, () => {
      if (relays.has(mine)) node.send(relay.origin, { type: "nack", seq: relay.seq, updates: [] });
    });
    // A late ack is still forwarded until the asker's period is surely over.
    after(s.periodMs * s.awarenessMax, () => void relays.delete(mine));
  });

  node.on("nack", Nack, (m) => {
    if (!ready()) return;
    applyAll(m.body.updates, m.src);
    if (probe?.seq === m.body.seq) stepProbe({ type: "nack", from: m.src });
  });

  node.on("gossip", Gossip, (m) => {
    if (ready()) applyAll(m.body.updates, m.src);
  });

  node.on("sync", Sync, (m) => {
    if (!ready()) return;
    applyAll(Object.entries(m.body.members).map(([id, st]) => ({ id, ...st })), m.src);
    if (m.body.reply) node.send(m.src, { type: "sync", members: table!.snapshot(), reply: false });
  });

  const initialised = (): MemberTable => {
    if (!table) throw RpcError.temporarilyUnavailable("swim: not initialised yet");
    return table;
  };

  node.on("members", () => ({ type: "members_ok", members: initialised().snapshot() }));

  node.on("lookup", Lookup, (m) => {
    initialised();
    // Never empty: we count ourselves alive.
    return { type: "lookup_ok", owner: currentRing().owner(m.body.key)! };
  });

  return { table: () => table, awareness: () => awareness.score };
}
