import type { Op } from "../model/op.js";
import type { FaultSpan, JournalMessage } from "./report-types.js";

/**
 * How far the journal's clock runs ahead of the history's, in ns. Both hosts
 * time the journal from the run's start and the history from the end of init
 * and setup (as Jepsen's history does); on the simulator init takes no
 * virtual time, on real processes it takes hundreds of ms. The first client
 * op is sent the moment it is invoked, so the offset is the first client send
 * after setup (of the op's own type, else of any type but init and topology)
 * less that invocation's time. 0 when there is no client op or no such send.
 */
export function historyOffsetNs(history: readonly Op[], messages: readonly JournalMessage[]): number {
  const first = history.find((o) => o.type === "invoke" && o.process !== "nemesis");
  if (!first) return 0;
  const fromClient = messages.filter((m) => m.src.startsWith("c") && m.type !== "init" && m.type !== "topology");
  const send = fromClient.find((m) => m.type === first.f) ?? fromClient[0];
  return send === undefined ? 0 : Math.max(0, send.sendNs - first.time);
}

/** Fault spans (history time) on the journal's clock. */
export function onJournalClock(faults: readonly FaultSpan[], offsetNs: number): FaultSpan[] {
  return faults.map((f) => ({ ...f, fromNs: f.fromNs + offsetNs, toNs: f.toNs + offsetNs }));
}
