import type { Clock } from "../../lib/runtime/clock.js";
import type { JournalEvent } from "../model/journal-event.js";
import { deriveSeed, seededRng } from "../model/random.js";
import { latencySampler } from "../network/latency.js";
import { Network } from "../network/network.js";
import { registerServices } from "../services/default-services.js";
import { type RunConfig, runPausesNodes } from "./run-config.js";

/**
 * The network of a run, as both hosts build it from the run's config: its
 * latency and loss each drawn from their own stream of the seed, late replies
 * to closed clients dropped when the run can pause nodes, and Maelstrom's four
 * services (lin-kv, seq-kv, lww-kv, lin-tso) on it, their randomness from the
 * seed too. The host gives the clock, the journal and how to read the time for
 * journal entries.
 */
export function runNetwork(cfg: Pick<RunConfig, "latency" | "loss" | "seed" | "nemesis" | "schedule">, clock: Clock, nowNs: () => number, journal: (e: JournalEvent) => void): Network {
  const network = new Network({
    clock,
    latency: latencySampler(cfg.latency, seededRng(deriveSeed(cfg.seed, "latency"))),
    loss: cfg.loss,
    lossDraw: seededRng(deriveSeed(cfg.seed, "loss")).next,
    dropToClosedClients: runPausesNodes(cfg),
    nowNs,
    journal,
  });
  registerServices(network, cfg.seed);
  return network;
}
