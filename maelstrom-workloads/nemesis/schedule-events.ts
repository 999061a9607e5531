import type { FaultSchedule } from "./fault-schedule.js";

/** One turn of a schedule: fault `index` starts, or ends, `atMs` after the main phase began. */
export interface ScheduleEvent {
  atMs: number;
  what: "start" | "end";
  index: number;
}

/**
 * A schedule's starts and ends in the order they are applied: by time; at
 * the same time, ends before starts (a fault that ends as another begins
 * never overlaps it), then by the faults' order in the file. A pure function
 * of the schedule, so a replay applies the same turns in the same order.
 */
export function scheduleEvents(s: FaultSchedule): ScheduleEvent[] {
  const events = s.faults.flatMap((f, index): ScheduleEvent[] => [
    { atMs: f.atMs, what: "start", index },
    { atMs: f.atMs + f.forMs, what: "end", index },
  ]);
  const rank = (e: ScheduleEvent) => (e.what === "end" ? 0 : 1);
  return events.sort((a, b) => a.atMs - b.atMs || rank(a) - rank(b) || a.index - b.index);
}
