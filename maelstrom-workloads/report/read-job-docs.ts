import { createReadStream } from "node:fs";
import { JOB_DOC_KEY, JOB_DOC_SERVICE } from "./job-doc-history.js";
import type { JournalMessage } from "./report-types.js";

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Of a cluster document, what jobsViewSvg reads: the epoch, the leader, each job's tasks and end, each archived job's status. */
function slim(doc: unknown): unknown {
  if (!isObject(doc)) return doc;
  const jobs: Record<string, unknown> = {};
  if (isObject(doc.jobs))
    for (const [id, j] of Object.entries(doc.jobs)) jobs[id] = isObject(j) ? { tasks: j.tasks, stopped: j.stopped, ended: j.ended } : j;
  const archive: Record<string, unknown> = {};
  if (isObject(doc.archive)) for (const [id, a] of Object.entries(doc.archive)) archive[id] = isObject(a) ? { status: a.status } : a;
  return { epoch: doc.epoch, leader: doc.leader, jobs, archive };
}

const NEWLINE = 0x0a;
/** CASes held while their answer is awaited: far more than a cluster has in flight. */
const MAX_PENDING = 1000;
const KEY = Buffer.from(JOB_DOC_KEY);
const ANSWER = Buffer.from('"cas_ok"');
const TO = Buffer.from(',"to":');
const AFTER_TO = [Buffer.from(',"create_if_not_exists":'), Buffer.from(',"msg_id":')];
// A CAS line as our hosts write it: its head and its tail name the sender, the times and the msg_id.
const CAS_HEAD = /^\{"id":\d+,"time":(\d+),"type":"send","message":\{"id":(\d+),"src":"([^"\\]+)","dest":"lin-kv","body":\{"type":"cas","key":"job-worker\/cluster",/;
const CAS_TAIL = /"msg_id":(\d+)\}\}\}$/;

/**
 * Calls `line` with the bounds of each line of [from, to) of `buf` that holds
 * KEY or ANSWER (and whether it was ANSWER), in order: Buffer.indexOf finds them at memory speed, where
 * splitting every line of a journal of gigabytes into strings takes most of
 * a minute.
 */
function scanLines(buf: Buffer, from: number, to: number, line: (start: number, end: number, answer: boolean) => void): void {
  let nextKey = -2;
  let nextAnswer = -2;
  let i = from;
  while (i < to) {
    if (nextKey !== -1 && nextKey < i) nextKey = buf.indexOf(KEY, i);
    if (nextAnswer !== -1 && nextAnswer < i) nextAnswer = buf.indexOf(ANSWER, i);
    const hit = nextKey === -1 ? nextAnswer : nextAnswer === -1 ? nextKey : Math.min(nextKey, nextAnswer);
    if (hit === -1 || hit >= to) return;
    const start = Math.max(from, buf.lastIndexOf(NEWLINE, hit) + 1);
    let end = buf.indexOf(NEWLINE, hit);
    if (end === -1 || end > to) end = to;
    line(start, end, hit === nextAnswer);
    i = end + 1;
  }
}

/** A CAS awaiting its answer: the message without its body, and its line (or, read the slow way, its `to` already). */
interface Pending {
  msg: Omit<JournalMessage, "body" | "type">;
  msgId: number;
  line?: Buffer;
  to?: unknown;
}

/**
 * The `to` of a CAS line: only that part is decoded and parsed (the line
 * holds `from` too, as big). It ends where create_if_not_exists or msg_id
 * begins; it starts at the last `,"to":` before that from which the rest
 * parses (one inside `to` leaves braces unbalanced; inside a string a quote
 * is always escaped). Undefined if none does.
 */
function toOf(line: Buffer): unknown {
  let end = -1;
  for (const a of AFTER_TO) if ((end = line.lastIndexOf(a)) !== -1) break;
  for (let at = end === -1 ? -1 : line.lastIndexOf(TO, end); at !== -1; at = at === 0 ? -1 : line.lastIndexOf(TO, at - 1)) {
    try {
      return JSON.parse(line.toString("utf8", at + TO.length, end));
    } catch {
      // a `,"to":` inside the document: try the one before
    }
  }
  return undefined;
}

/**
 * The CAS messages of a job-worker cluster's document from a journal.jsonl,
 * for jobsViewSvg: each CAS of JOB_DOC_KEY sent to lin-kv that lin-kv
 * answered cas_ok, its `to` cut to what the picture reads (no `from`, no
 * inputs or results), followed by that answer. Only lines that name the
 * document or a cas_ok are decoded at all, and a CAS's `to` only once its
 * cas_ok comes (a jobs run at --rate 50 for 60 s journals 8.6 GB, of which
 * 2 GB are CASes, each with two whole documents, and most of the rest
 * read_ok of the document). recvNs is not read (null).
 */
export async function readJobDocs(path: string): Promise<JournalMessage[]> {
  const out: JournalMessage[] = [];
  // By (node, msg_id): a restarted node reuses ids, and the newer CAS takes the key.
  const pending = new Map<string, Pending>();
  const parse = (text: string): { time: number; msg: Record<string, unknown>; body: Record<string, unknown> } | undefined => {
    let e: unknown;
    try {
      e = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!isObject(e) || e.type !== "send" || typeof e.time !== "number" || !isObject(e.message) || !isObject(e.message.body)) return undefined;
    return { time: e.time, msg: e.message, body: e.message.body };
  };
  const hold = (p: Pending) => {
    const key = `${p.msg.src}\u0000${p.msgId}`;
    pending.delete(key); // to the end of the order
    pending.set(key, p);
    // CASes never answered (their node killed, the network cut) are forgotten, oldest first.
    if (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value!);
  };
  const line = (buf: Buffer, start: number, end: number, answer: boolean) => {
    if (answer && end - start < 400) {
      const a = parse(buf.toString("utf8", start, end));
      if (!a || a.msg.src !== JOB_DOC_SERVICE || a.body.type !== "cas_ok" || typeof a.body.in_reply_to !== "number") return;
      const key = `${String(a.msg.dest)}\u0000${a.body.in_reply_to}`;
      const p = pending.get(key);
      if (p === undefined) return;
      pending.delete(key);
      const to = p.line ? toOf(p.line) : p.to;
      if (to === undefined) return;
      out.push({ ...p.msg, type: "cas", body: { type: "cas", key: JOB_DOC_KEY, msg_id: p.msgId, to: slim(to) } });
      out.push({ id: Number(a.msg.id), src: JOB_DOC_SERVICE, dest: String(a.msg.dest), sendNs: a.time, recvNs: null, type: "cas_ok", body: a.body });
      return;
    }
    const head = CAS_HEAD.exec(buf.toString("utf8", start, Math.min(end, start + 200)));
    const tail = head && CAS_TAIL.exec(buf.toString("utf8", Math.max(start, end - 40), end));
    if (head && tail) {
      hold({ msg: { id: Number(head[2]), src: head[3]!, dest: JOB_DOC_SERVICE, sendNs: Number(head[1]), recvNs: null }, msgId: Number(tail[1]), line: Buffer.from(buf.subarray(start, end)) });
      return;
    }
    const text = buf.toString("utf8", start, end);
    if (!text.includes('"cas"')) return;
    const c = parse(text);
    if (!c || c.msg.dest !== JOB_DOC_SERVICE || c.body.type !== "cas" || c.body.key !== JOB_DOC_KEY || typeof c.body.msg_id !== "number") return;
    hold({ msg: { id: Number(c.msg.id), src: String(c.msg.src), dest: JOB_DOC_SERVICE, sendNs: c.time, recvNs: null }, msgId: c.body.msg_id, to: slim(c.body.to) });
  };
  // Lines are scanned where they lie in each chunk read; only a line cut by a chunk's end is copied to be joined with the next.
  let carry: Buffer | undefined;
  for await (const data of createReadStream(path, { highWaterMark: 1 << 22 })) {
    const chunk = data as Buffer;
    let from = 0;
    if (carry) {
      const nl = chunk.indexOf(NEWLINE);
      if (nl === -1) {
        carry = Buffer.concat([carry, chunk]);
        continue;
      }
      const joined = Buffer.concat([carry, chunk.subarray(0, nl)]);
      scanLines(joined, 0, joined.length, (s, e, a) => line(joined, s, e, a));
      carry = undefined;
      from = nl + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= from) scanLines(chunk, from, last, (s, e, a) => line(chunk, s, e, a));
    if (last + 1 < chunk.length) carry = Buffer.from(chunk.subarray(Math.max(from, last + 1)));
  }
  if (carry) scanLines(carry, 0, carry.length, (s, e, a) => line(carry!, s, e, a));
  return out;
}
