import type { Op } from "../model/op.js";
import { docVersions, type TaskRun, taskRuns } from "./job-doc-history.js";
import { laneOrder } from "./lane-order.js";
import { nodeRowsSvg, rowLayout } from "./node-rows-svg.js";
import { timeEndNs } from "./plots/plot-frame.js";
import { escapeXml, num, shorten } from "./plots/svg-text.js";
import type { FaultSpan, JournalMessage } from "./report-types.js";

/** The most task bars drawn; the rest are thinned (see jobsViewSvg). */
export const MAX_BARS = 3000;
/** The most leader terms drawn (a flapping lease can make many). */
export const MAX_TERMS = 500;
/** Bars a row stacks before they overlap on its last lane. */
const MAX_LANES = 8;
const BAR = 5;
const LEADER_STRIP = 12;

const COLOR: Record<TaskRun["outcome"], string> = { done: "#2ca02c", reopened: "#ff7f0e", stopped: "#7f7f7f", gone: "#8c564b", running: "#1f77b4" };
const LEADER_COLOR = "#c9a400";
const secs = (ns: number) => (Number.isFinite(ns) ? `${num(ns / 1e9)} s` : "the end");

/**
 * The bars to draw, at most `max`: every run that did not end done (the
 * interesting ones: reopened, stopped, never ended) first, up to `max`, then
 * the done ones evenly thinned to what is left. With the note saying so.
 */
export function boundRuns(runs: readonly TaskRun[], max = MAX_BARS): { drawn: TaskRun[]; note?: string } {
  if (runs.length <= max) return { drawn: [...runs] };
  const other = runs.filter((r) => r.outcome !== "done").slice(0, max);
  const done = runs.filter((r) => r.outcome === "done");
  const room = max - other.length;
  const step = room > 0 ? done.length / room : Infinity;
  const kept: TaskRun[] = [];
  for (let i = 0; room > 0 && i < room && Math.floor(i * step) < done.length; i++) kept.push(done[Math.floor(i * step)]!);
  const drawn = [...other, ...kept].sort((a, b) => a.fromNs - b.fromNs);
  return { drawn, note: `${drawn.length} of ${runs.length} task attempts drawn (at most ${max}): ${other.length} not done first, then 1 in ${num(step, 1)} of the ${done.length} done.` };
}

/**
 * jobs.svg: which tasks ran where. One row per worker node, time across,
 * from the cluster document's CAS history (the CAS messages to lin-kv of
 * `job-worker/cluster` that lin-kv answered cas_ok, in `messages`): a bar
 * per task attempt from the version that made it running on that worker
 * until the one that made it done (green), open again or superseded
 * (orange), stopped (grey), or never (blue, to the end); the leader of each
 * epoch as a strip on its row; the faults shaded. Undefined when no
 * version of the document is in `messages`.
 */
export function jobsViewSvg(history: readonly Op[], faults: readonly FaultSpan[], nodes: readonly string[], messages: readonly JournalMessage[] = []): string | undefined {
  const versions = docVersions(messages);
  if (versions.length === 0) return undefined;
  const { runs, terms } = taskRuns(versions);
  const { drawn, note } = boundRuns(runs);
  const notes = note ? [note] : [];
  let lastNs = versions.at(-1)!.atNs;
  for (const op of history) lastNs = Math.max(lastNs, op.time);
  const endNs = timeEndNs(lastNs, faults);

  // Each worker's bars in lanes, so that attempts running at once sit one under the other.
  const lanes = new Map<string, number[]>();
  const laneOf = new Map<TaskRun, number>();
  for (const r of drawn) {
    const ends = lanes.get(r.worker) ?? lanes.set(r.worker, []).get(r.worker)!;
    let lane = ends.findIndex((e) => e <= r.fromNs);
    if (lane < 0) lane = ends.length < MAX_LANES ? ends.push(0) - 1 : MAX_LANES - 1;
    ends[lane] = Math.max(ends[lane]!, Number.isFinite(r.toNs) ? r.toNs : endNs);
    laneOf.set(r, lane);
  }
  const workers = laneOrder([...nodes, ...drawn.map((r) => r.worker), ...terms.map((t) => t.leader)]);
  const l = rowLayout(workers, (w) => LEADER_STRIP + Math.max(1, lanes.get(w)?.length ?? 0) * (BAR + 2) + 4, endNs);

  const body: string[] = [];
  const shownTerms = terms.slice(0, MAX_TERMS);
  if (terms.length > shownTerms.length) notes.push(`${terms.length - shownTerms.length} of ${terms.length} leader terms are not drawn (at most ${MAX_TERMS}).`);
  for (const t of shownTerms) {
    const r = l.rows.get(t.leader)!;
    const x0 = l.x(t.fromNs);
    const x1 = Math.max(x0 + 1, l.x(Number.isFinite(t.toNs) ? t.toNs : endNs));
    const title = `${t.leader} leads epoch ${t.epoch} from ${secs(t.fromNs)} to ${secs(t.toNs)}`;
    const label = x1 - x0 > 40 ? `<text x="${num(x0 + 2, 1)}" y="${num(r.y + 8, 1)}" font-size="8" fill="#6b5800">leader e${t.epoch}</text>` : "";
    body.push(
      `<g class="leader-term" data-leader="${escapeXml(t.leader)}" data-epoch="${t.epoch}"><title>${escapeXml(title)}</title><rect x="${num(x0, 1)}" y="${num(r.y + 1, 1)}" width="${num(x1 - x0, 1)}" height="3" fill="${LEADER_COLOR}"/>${label}</g>`,
    );
  }
  for (const run of drawn) {
    const r = l.rows.get(run.worker)!;
    const x0 = l.x(run.fromNs);
    const x1 = Math.max(x0 + 1.5, l.x(Number.isFinite(run.toNs) ? run.toNs : endNs));
    const y = r.y + LEADER_STRIP + laneOf.get(run)! * (BAR + 2);
    const title = `${run.job} task ${run.task} attempt ${run.attempt} on ${run.worker} (epoch ${run.epoch}): from ${secs(run.fromNs)} to ${secs(run.toNs)}, ${run.outcome}`;
    body.push(
      `<rect class="task-run" data-worker="${escapeXml(run.worker)}" data-outcome="${run.outcome}" data-from="${Math.round(run.fromNs)}" x="${num(x0, 1)}" y="${num(y, 1)}" width="${num(x1 - x0, 1)}" height="${BAR}" fill="${COLOR[run.outcome]}" stroke="white" stroke-width="0.5"><title>${escapeXml(shorten(title, 300))}</title></rect>`,
    );
  }
  const counts = (o: TaskRun["outcome"]) => runs.filter((r) => r.outcome === o).length;
  notes.unshift(`${runs.length} task attempts: ${counts("done")} done, ${counts("reopened")} reopened, ${counts("stopped")} stopped, ${counts("running")} never ended; ${terms.length} leader terms; from ${versions.length} versions of the cluster document.`);
  return nodeRowsSvg(l, {
    kind: "jobs-view",
    title: "Which tasks ran where: task attempts by worker over time",
    faults,
    body: body.join("\n"),
    legend: [
      { color: COLOR.done, label: "done" },
      { color: COLOR.reopened, label: "reopened" },
      { color: COLOR.stopped, label: "stopped" },
      { color: COLOR.running, label: "never ended" },
      { color: LEADER_COLOR, label: "leader (epoch)" },
    ],
    notes,
  });
}
