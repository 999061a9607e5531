import { pairCompletions } from "../checkers/pair-ops.js";
import type { Op } from "../model/op.js";
import { laneOrder } from "./lane-order.js";
import { nodeRowsSvg, rowLayout } from "./node-rows-svg.js";
import { timeEndNs } from "./plots/plot-frame.js";
import { escapeXml, num, shorten } from "./plots/svg-text.js";
import type { FaultSpan } from "./report-types.js";

type Status = "alive" | "suspect" | "dead";

/** One change in what a node said of another: `observer` answered that `subject` was `status` (it had said `before`). */
export interface ViewChange {
  observer: string;
  subject: string;
  status: Status;
  before: Status;
  incarnation: number;
  /** When the answer was asked for and when it came (the node said it somewhere in between). */
  invokeNs: number;
  atNs: number;
  /** The completion's history index and op (members, or a final view). */
  index: number;
  f: string;
}

/** The most marks drawn: a long run under loss can flap thousands of times. Changes to and from dead are kept first. */
export const MAX_MARKS = 3000;
const LABEL_LANES = 3;
const STRIP = 16;
const ROW = STRIP + LABEL_LANES * 11 + 4;
const CHAR_PX = 5.6;
const COLOR: Record<Status, string> = { dead: "#d62728", alive: "#2ca02c", suspect: "#ff9f1c" };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const isStatus = (s: unknown): s is Status => s === "alive" || s === "suspect" || s === "dead";

/** Every ok answer carrying a members view, as (observer, view, when), in order of completion. */
function answers(history: readonly Op[]): Array<{ observer: string; members: Record<string, unknown>; invokeNs: number; atNs: number; index: number; f: string }> {
  let pairs: Map<number, Op>;
  try {
    pairs = pairCompletions(history);
  } catch {
    pairs = new Map(); // a malformed history still draws, each answer as an instant
  }
  const out = [];
  for (const op of history) {
    if (op.type !== "ok" || typeof op.process !== "number" || !isObject(op.value)) continue;
    const invokeNs = pairs.get(op.index)?.time ?? op.time;
    const v = op.value;
    const base = { invokeNs, atNs: op.time, index: op.index, f: op.f };
    if (op.f === "members" && typeof v.node === "string" && isObject(v.members)) out.push({ ...base, observer: v.node, members: v.members });
    else if (op.f === "view" && Array.isArray(v.views))
      for (const w of v.views) if (isObject(w) && typeof w.node === "string" && isObject(w.members)) out.push({ ...base, observer: w.node, members: w.members });
  }
  return out.sort((a, b) => a.atNs - b.atNs || a.index - b.index);
}

/**
 * What each node said of each other over a membership run: a change each
 * time an answer of `observer` gives `subject` another status than its
 * previous answer did (every node starts out alive, so a first answer
 * saying dead is a change). From the members polls and the final views.
 */
export function viewChanges(history: readonly Op[]): { changes: ViewChange[]; answers: Array<{ observer: string; atNs: number }> } {
  const last = new Map<string, Status>();
  const changes: ViewChange[] = [];
  const all = answers(history);
  for (const a of all) {
    for (const [subject, m] of Object.entries(a.members)) {
      if (!isObject(m) || !isStatus(m.status)) continue;
      const key = `${a.observer}\u0000${subject}`;
      const before = last.get(key) ?? "alive";
      last.set(key, m.status);
      if (m.status === before) continue;
      changes.push({ observer: a.observer, subject, status: m.status, before, incarnation: typeof m.incarnation === "number" ? m.incarnation : 0, invokeNs: a.invokeNs, atNs: a.atNs, index: a.index, f: a.f });
    }
  }
  return { changes, answers: all.map((a) => ({ observer: a.observer, atNs: a.atNs })) };
}

const secs = (ns: number) => `${num(ns / 1e9)} s`;

/**
 * membership.svg: who thought whom dead, when. One row per node as an
 * observer, time across, the faults shaded (a kill or pause on its node's
 * row); on each row a mark where the node's answer first called another
 * node dead (red, labelled "n3 dead"), alive again (green, labelled), or
 * suspect (orange, labelled only after dead), at the answer's completion, the op in the hover
 * text; grey ticks under it where the node answered at all. Undefined when
 * the history has no members answers.
 */
export function membershipViewSvg(history: readonly Op[], faults: readonly FaultSpan[], nodes: readonly string[]): string | undefined {
  const { changes, answers: heard } = viewChanges(history);
  if (heard.length === 0) return undefined;
  const observers = laneOrder([...nodes, ...heard.map((a) => a.observer)]);
  let lastNs = 0;
  for (const op of history) lastNs = Math.max(lastNs, op.time);
  const l = rowLayout(observers, () => ROW, timeEndNs(lastNs, faults));

  const main = changes.filter((c) => c.status === "dead" || c.before === "dead");
  const suspect = changes.filter((c) => !(c.status === "dead" || c.before === "dead"));
  const drawn = [...main.slice(0, MAX_MARKS), ...suspect.slice(0, Math.max(0, MAX_MARKS - main.length))].sort((a, b) => a.atNs - b.atNs || a.index - b.index);
  const notes: string[] = [];
  if (drawn.length < changes.length) notes.push(`${changes.length - drawn.length} of ${changes.length} changes are not drawn (at most ${MAX_MARKS}; changes to and from dead first).`);

  const body: string[] = [];
  // Where each node answered: one tick per pixel column, as one path per row.
  const ticks = new Map<string, Set<number>>();
  for (const a of heard) (ticks.get(a.observer) ?? ticks.set(a.observer, new Set()).get(a.observer)!).add(Math.round(l.x(a.atNs)));
  for (const [obs, xs] of ticks) {
    const r = l.rows.get(obs)!;
    const y = r.y + STRIP - 3;
    body.push(`<path class="answers" data-node="${escapeXml(obs)}" d="${[...xs].map((x) => `M${x} ${num(y, 1)}v3`).join("")}" stroke="#999" stroke-width="1"/>`);
  }
  const laneEnds = new Map<string, number[]>();
  let unlabelled = 0;
  for (const c of drawn) {
    const r = l.rows.get(c.observer)!;
    const x = l.x(c.atNs);
    const y = r.y + 8;
    const shape =
      c.status === "dead"
        ? `<path d="M${num(x - 4, 1)} ${num(y - 4, 1)}h8l-4 7z" fill="${COLOR.dead}"/>`
        : c.status === "alive"
          ? `<path d="M${num(x - 4, 1)} ${num(y + 3, 1)}h8l-4 -7z" fill="${COLOR.alive}"/>`
          : `<circle cx="${num(x, 1)}" cy="${num(y, 1)}" r="2.5" fill="${COLOR.suspect}"/>`;
    const title = `${c.observer} said ${c.subject} ${c.status} (incarnation ${c.incarnation}; before: ${c.before}) in ${c.f} op ${c.index}, asked at ${secs(c.invokeNs)}, answered at ${secs(c.atNs)}`;
    let label = "";
    if (c.status === "dead" || c.before === "dead") {
      const text = `${shorten(c.subject, 12)} ${c.status}`;
      const ends = laneEnds.get(c.observer) ?? laneEnds.set(c.observer, []).get(c.observer)!;
      let lane = ends.findIndex((e) => e < x - 3);
      if (lane < 0 && ends.length < LABEL_LANES) lane = ends.push(0) - 1;
      if (lane >= 0) {
        ends[lane] = x - 3 + text.length * CHAR_PX + 4;
        label = `<text x="${num(x - 3, 1)}" y="${num(r.y + STRIP + 9 + 11 * lane, 1)}" font-size="10" fill="${COLOR[c.status]}">${escapeXml(text)}</text>`;
      } else unlabelled++;
    }
    body.push(
      `<g class="view-change" data-observer="${escapeXml(c.observer)}" data-subject="${escapeXml(c.subject)}" data-status="${c.status}" data-at="${c.atNs}"><title>${escapeXml(title)}</title>${shape}${label}</g>`,
    );
  }
  if (unlabelled) notes.push(`${unlabelled} marks had no room for a label: hover over them.`);
  return nodeRowsSvg(l, {
    kind: "membership-view",
    title: "Who thought whom dead: each node's answers over time",
    faults,
    body: body.join("\n"),
    legend: [
      { color: COLOR.dead, label: "said dead" },
      { color: COLOR.alive, label: "said alive again" },
      { color: COLOR.suspect, label: "said suspect" },
      { color: "#999", label: "answered a poll" },
    ],
    notes,
  });
}
