import type { FaultSpan, JournalMessage } from "./report-types.js";

/** How drawDiagram draws one window. */
export interface DrawOptions {
  /** Lanes left to right; every src and dest of `messages` must be one of them (a message with an unknown end is not drawn). */
  lanes: string[];
  faults: FaultSpan[];
  /** Ids of messages to draw highlighted (a value's trace); the others are dimmed when any is given. */
  highlight?: Set<number>;
  /** Lines of text under the diagram (what was left out, and where to see it). */
  notes?: string[];
}

/**
 * A Lamport diagram of `messages` as one standalone SVG document: one lane
 * per node id, time flowing down, one arrow per message from (src, its send)
 * to (dest, its recv), as Maelstrom's messages.svg draws them, and the
 * faults shaded behind.
 *
 * As in Maelstrom, the vertical axis is the order of events, not a time
 * scale: every send and every recv or drop takes one step (ties in time:
 * lower message id first, a send before its own recv), so messages sent at
 * the same nanosecond (the simulator's zero-latency client traffic) still
 * get arrows of their own. The left margin gives the time of every 25th step.
 * An undelivered message is a short stub ending in a cross, at its drop's
 * step (or one step below its send when it was still in flight at the end).
 *
 * Colours are Maelstrom's: client traffic light blue, errors (body.type
 * "error") pink, the rest black. Each arrow carries the body type and a
 * short body (no type, msg_id, in_reply_to; an error's text), cut to 48
 * characters, and the whole message as its <title> (bodies past 2,000
 * characters cut, saying how many more).
 *
 * Kept self-contained (no imports at run time, no module-level values, only
 * its arguments and its inner functions): report.html inlines it with
 * toString() and draws each window with this same code in the browser.
 */
export function drawDiagram(messages: JournalMessage[], o: DrawOptions): string {
  const STEP = 18;
  const TOP = 64;
  const LEFT = 78;
  const TITLE_CHARS = 2000;
  const LABEL_CHARS = 48;
  const esc = (s: string): string =>
    s.replace(/[&<>"']|[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) =>
      c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : c === "'" ? "&#39;" : "\ufffd",
    );
  const json = (v: unknown): string => {
    try {
      const s = JSON.stringify(v);
      return s === undefined ? String(v) : s;
    } catch {
      return String(v);
    }
  };
  const secs = (ns: number): string => (ns / 1e9).toFixed(3) + " s";
  const num = (x: number): string => String(Math.round(x * 10) / 10);
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
  const shortBody = (m: JournalMessage): string => {
    const b = m.body;
    let rest: string;
    if (isObj(b) && b.type === "error") rest = typeof b.text === "string" ? b.text : json(b.code);
    else if (isObj(b)) {
      const c: Record<string, unknown> = {};
      for (const k of Object.keys(b)) if (k !== "type" && k !== "msg_id" && k !== "in_reply_to") c[k] = b[k];
      rest = json(c);
    } else rest = json(b);
    const s = (m.type + " " + rest).trim();
    return s.length <= LABEL_CHARS ? s : s.slice(0, LABEL_CHARS - 1) + "…";
  };

  const lanes = o.lanes;
  const laneIx = new Map<string, number>();
  lanes.forEach((l, i) => laneIx.set(l, i));
  const laneW = Math.max(90, Math.min(180, Math.floor(1100 / Math.max(1, lanes.length))));
  const width = LEFT + lanes.length * laneW + 20;
  const x = (i: number): number => LEFT + (i + 0.5) * laneW;
  const msgs = messages.filter((m) => laneIx.has(m.src) && laneIx.has(m.dest));

  // Steps: one per send and per recv or drop, ordered by (time, message id, send first).
  const n = msgs.length;
  const evT: number[] = [];
  const evId: number[] = [];
  const evKind: number[] = [];
  const evMsg: number[] = [];
  for (let i = 0; i < n; i++) {
    const m = msgs[i]!;
    const end = m.recvNs ?? (m.drop ? m.drop.atNs : null);
    for (const [t, kind] of end === null ? [[m.sendNs, 0]] : [[m.sendNs, 0], [Math.max(end, m.sendNs), 1]]) {
      evT.push(t!);
      evId.push(m.id);
      evKind.push(kind!);
      evMsg.push(i);
    }
  }
  const order = evT.map((_, i) => i).sort((a, b) => evT[a]! - evT[b]! || evId[a]! - evId[b]! || evKind[a]! - evKind[b]!);
  const sendStep = new Array<number>(n).fill(0);
  const endStep = new Array<number>(n).fill(-1);
  const stepT: number[] = [];
  order.forEach((e, s) => {
    stepT.push(evT[e]!);
    if (evKind[e] === 0) sendStep[evMsg[e]!] = s;
    else endStep[evMsg[e]!] = s;
  });
  const steps = Math.max(1, stepT.length);
  const y = (s: number): number => TOP + (s + 0.5) * STEP;
  const bottom = y(steps) + STEP;
  const notes = o.notes ?? [];
  const height = bottom + 16 + notes.length * 18 + 10;
  // The first step at or after time t (binary search over the ordered step times).
  const stepAt = (t: number): number => {
    let lo = 0;
    let hi = stepT.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (stepT[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const out: string[] = [];
  const hl = o.highlight && o.highlight.size > 0 ? o.highlight : null;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" class="lamport${hl ? " tracing" : ""}" width="${width}" height="${num(height)}" viewBox="0 0 ${width} ${num(height)}" data-messages="${n}" data-steps="${stepT.length}">`,
    `<style>
.lamport{font-family:Helvetica,Arial,sans-serif;font-size:11px;background:#fff}
.lamport .lane line{stroke:#ccc}.lamport .lane text{fill:#000;text-anchor:middle}.lamport .lane text.again{fill:#aaa}
.lamport .time{fill:#888;font-size:10px;text-anchor:end}
.lamport .msg line,.lamport .msg path{stroke:#000;stroke-width:1.5;fill:none}.lamport .msg text{fill:#000;text-anchor:middle;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
.lamport .msg.client line,.lamport .msg.client path{stroke:#81bffc}.lamport .msg.error line,.lamport .msg.error path{stroke:#ff1e90}.lamport .msg.error text{fill:#c00060}
.lamport .msg.undelivered line{stroke-dasharray:4 2}.lamport .msg .cross{stroke:#d00;stroke-width:2}
.lamport .msg:hover line,.lamport .msg:hover path{stroke-width:3}
.lamport.tracing .msg{opacity:.25}.lamport.tracing .msg.hl{opacity:1}.lamport .msg.hl line,.lamport .msg.hl path{stroke:#e8710a;stroke-width:3}.lamport .msg.hl text{fill:#a04000;font-weight:bold}
.lamport .fault rect{stroke:none}.lamport .fault.partition rect{fill:#f4b0b0;fill-opacity:.35}.lamport .fault.loss rect{fill:#b0b8f4;fill-opacity:.3}.lamport .fault.latency rect{fill:#d8b0f4;fill-opacity:.3}
.lamport .fault.kill rect{fill:#888;fill-opacity:.35}.lamport .fault.pause rect{fill:#f4d080;fill-opacity:.5}.lamport .fault text{fill:#903030;font-size:10px}
.lamport .note{fill:#d96918;text-anchor:middle}.lamport .legend text{fill:#333}
</style>`,
    `<defs>`,
    ...[
      ["ah", "#000"],
      ["ah-client", "#81bffc"],
      ["ah-error", "#ff1e90"],
      ["ah-hl", "#e8710a"],
    ].map(([id, c]) => `<marker id="${id}" viewBox="0 0 10 8" refX="10" refY="4" markerWidth="10" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0L10,4L0,8z" fill="${c}"/></marker>`),
    `</defs>`,
    `<rect x="0" y="0" width="${width}" height="${num(height)}" fill="#fff"/>`,
  );

  // Legend.
  const legend: [string, string, string][] = [
    ["client traffic", "#81bffc", ""],
    ["between servers", "#000", ""],
    ["error", "#ff1e90", ""],
    ["never delivered", "#000", "4 2"],
  ];
  out.push(`<g class="legend">`);
  legend.forEach(([t, c, dash], i) => {
    const lx = LEFT + i * 130;
    out.push(`<line x1="${lx}" y1="12" x2="${lx + 24}" y2="12" stroke="${c}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ""}/><text x="${lx + 30}" y="16">${esc(t)}</text>`);
  });
  out.push(`</g>`);

  // Faults, behind everything else.
  const y0 = y(0) - STEP / 2;
  const yEnd = y(steps - 1) + STEP / 2;
  for (const f of o.faults) {
    const a = f.fromNs <= (stepT[0] ?? 0) ? y0 : y(stepAt(f.fromNs)) - STEP / 2;
    const b = f.toNs === Infinity || stepAt(f.toNs) >= stepT.length ? yEnd : y(stepAt(f.toNs)) - STEP / 2;
    if (stepT.length === 0 || f.toNs < stepT[0]! || f.fromNs > stepT[stepT.length - 1]! || b <= a) continue;
    const title = `<title>${esc(`${f.kind}: ${f.label} (${secs(f.fromNs)} to ${f.toNs === Infinity ? "the end" : secs(f.toNs)}${f.nodes.length ? "; " + f.nodes.join(", ") : ""})`)}</title>`;
    const attrs = `class="fault ${esc(f.kind)}" data-kind="${esc(f.kind)}" data-from-ns="${f.fromNs}" data-to-ns="${f.toNs === Infinity ? "Infinity" : f.toNs}"`;
    if (f.kind === "kill" || f.kind === "pause") {
      for (const node of f.nodes) {
        const i = laneIx.get(node);
        if (i === undefined) continue;
        out.push(`<g ${attrs} data-lane="${esc(node)}">${title}<rect x="${num(x(i) - 12)}" y="${num(a)}" width="24" height="${num(b - a)}"/><text x="${num(x(i) + 14)}" y="${num(a + 11)}">${esc(f.kind === "kill" ? "killed" : "paused")}</text></g>`);
      }
    } else {
      const label = `${f.kind}: ${f.label}`;
      out.push(`<g ${attrs}>${title}<rect x="${LEFT}" y="${num(a)}" width="${lanes.length * laneW}" height="${num(b - a)}"/><text x="${LEFT + 4}" y="${num(a + 11)}">${esc(label.length > 120 ? label.slice(0, 119) + "…" : label)}</text></g>`);
    }
  }

  // Lanes, their names at the top and again every 50 steps, and times in the margin.
  lanes.forEach((l, i) => {
    const parts = [`<g class="lane" data-lane="${esc(l)}"><line x1="${num(x(i))}" y1="${num(TOP - 6)}" x2="${num(x(i))}" y2="${num(bottom - STEP / 2)}"/>`];
    parts.push(`<text x="${num(x(i))}" y="${TOP - 12}">${esc(l)}</text>`);
    for (let s = 50; s < stepT.length; s += 50) parts.push(`<text class="again" x="${num(x(i))}" y="${num(y(s) - STEP / 2 + 4)}">${esc(l)}</text>`);
    out.push(parts.join("") + `</g>`);
  });
  out.push(`<g class="times">`);
  for (let s = 0; s < stepT.length; s += 25) out.push(`<text class="time" x="${LEFT - 6}" y="${num(y(s) + 3)}">${secs(stepT[s]!)}</text>`);
  out.push(`</g>`);

  // Messages.
  out.push(`<g class="msgs">`);
  for (let i = 0; i < n; i++) {
    const m = msgs[i]!;
    const si = laneIx.get(m.src)!;
    const di = laneIx.get(m.dest)!;
    const x0 = x(si);
    const x1 = x(di);
    const ya = y(sendStep[i]!);
    const delivered = m.recvNs !== null;
    const yb = endStep[i]! >= 0 ? y(endStep[i]!) : ya + STEP;
    const b = m.body;
    const isError = m.type === "error";
    const isClient = m.src.charAt(0) === "c" || m.dest.charAt(0) === "c";
    const lit = hl !== null && hl.has(m.id);
    const cls = `msg${isClient ? " client" : ""}${isError ? " error" : ""}${delivered ? "" : " undelivered"}${lit ? " hl" : ""}`;
    let bodyText = json(b);
    if (bodyText.length > TITLE_CHARS) bodyText = bodyText.slice(0, TITLE_CHARS) + `… (${bodyText.length - TITLE_CHARS} more characters)`;
    const fate = delivered
      ? `sent ${secs(m.sendNs)}, received ${secs(m.recvNs!)}`
      : m.drop
        ? `sent ${secs(m.sendNs)}, never delivered: dropped (${m.drop.why}) at ${secs(m.drop.atNs)}`
        : `sent ${secs(m.sendNs)}, never delivered: still in flight when the run ended`;
    const title = `<title>${esc(`#${m.id} ${m.src} → ${m.dest} ${bodyText}\n${fate}`)}</title>`;
    const marker = lit ? "ah-hl" : isError ? "ah-error" : isClient ? "ah-client" : "ah";
    const head = `<g class="${cls}" data-id="${m.id}" data-type="${esc(m.type)}" data-src="${esc(m.src)}" data-dest="${esc(m.dest)}"${delivered ? "" : ` data-why="${esc(m.drop ? m.drop.why : "in-flight")}"`}>${title}`;
    let shape: string;
    let lx: number;
    let ly: number;
    let angle = 0;
    if (si === di) {
      // A message to itself: a loop out to the right.
      shape = `<path d="M${num(x0)},${num(ya)} C${num(x0 + 40)},${num(ya)} ${num(x0 + 40)},${num(yb)} ${num(x0)},${num(yb)}"${delivered ? ` marker-end="url(#${marker})"` : ""}/>`;
      lx = x0 + 34;
      ly = (ya + yb) / 2;
    } else if (delivered) {
      shape = `<line x1="${num(x0)}" y1="${num(ya)}" x2="${num(x1)}" y2="${num(yb)}" marker-end="url(#${marker})"/>`;
      lx = (x0 + x1) / 2;
      ly = (ya + yb) / 2;
      angle = (Math.atan2(yb - ya, x1 - x0) * 180) / Math.PI;
    } else {
      // The stub: a third of the way towards the receiver, ending in a cross.
      const ex = x0 + (x1 - x0) / 3;
      const ey = ya + (yb - ya) / 3;
      const c = 4;
      shape = `<line x1="${num(x0)}" y1="${num(ya)}" x2="${num(ex)}" y2="${num(ey)}"/><path class="cross" d="M${num(ex - c)},${num(ey - c)}L${num(ex + c)},${num(ey + c)}M${num(ex - c)},${num(ey + c)}L${num(ex + c)},${num(ey - c)}"/>`;
      lx = (x0 + ex) / 2;
      ly = (ya + ey) / 2;
      angle = (Math.atan2(ey - ya, ex - x0) * 180) / Math.PI;
    }
    if (angle > 90) angle -= 180;
    else if (angle < -90) angle += 180;
    const label = `<text transform="translate(${num(lx)} ${num(ly)}) rotate(${num(angle)})" y="-3">${esc(shortBody(m))}</text>`;
    out.push(head + shape + label + `</g>`);
  }
  out.push(`</g>`);

  notes.forEach((t, i) => out.push(`<text class="note" x="${num(width / 2)}" y="${num(bottom + 16 + i * 18)}">${esc(t)}</text>`));
  out.push(`</svg>`);
  return out.join("\n");
}
