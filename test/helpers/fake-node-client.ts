import { VirtualClock } from "../../lib/runtime/virtual-clock.js";
import { Network } from "../../maelstrom-workloads/network/network.js";
import { MaelstromClient } from "../../maelstrom-workloads/run/client.js";

/**
 * One Maelstrom client `c1` against a fake node `n1` that answers every request
 * with `reply(body)` (plus in_reply_to), or not at all for undefined, at once
 * or `delayMs` later (a slow cluster); on a virtual clock, so a test can run
 * out a client's timeout with `clock`. `sent` holds every request body n1 got.
 * For testing a workload's `invoke`: its request shapes, closed response
 * schemas and error mapping.
 */
export function fakeNodeClient(reply: (req: Record<string, unknown>) => Record<string, unknown> | undefined, delayMs = 0) {
  const clock = new VirtualClock();
  const net = new Network({ clock, latency: () => 0, journal: () => {}, nowNs: () => 0 });
  const sent: Record<string, unknown>[] = [];
  net.register("n1", {
    deliver: (m) => {
      sent.push(m.body);
      const body = reply(m.body);
      if (!body) return;
      const answer = () => net.send("n1", m.src, { ...body, in_reply_to: m.body.msg_id });
      if (delayMs > 0) clock.after(delayMs, answer);
      else answer();
    },
  });
  return { clock, sent, client: new MaelstromClient("c1", net, clock).open() };
}
