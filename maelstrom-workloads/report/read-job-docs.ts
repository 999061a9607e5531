import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
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

/**
 * The CAS messages of a job-worker cluster's document from a journal.jsonl,
 * for jobsViewSvg: each CAS of JOB_DOC_KEY sent to lin-kv that lin-kv
 * answered cas_ok, its `to` cut to what the picture reads (no `from`, no
 * inputs or results), followed by that answer. Failed CASes are dropped as
 * their answer comes, so memory holds the versions rather than every try
 * (a jobs run journals hundreds of MB, mostly whole documents). Only lines
 * that can be such messages are parsed. recvNs is not read (null).
 */
export async function readJobDocs(path: string): Promise<JournalMessage[]> {
  const out: JournalMessage[] = [];
  const pending = new Map<string, JournalMessage>();
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const line of lines) {
    const isCas = line.includes(JOB_DOC_KEY) && line.includes('"cas"');
    const isAnswer = !isCas && line.length < 400 && line.includes(JOB_DOC_SERVICE) && (line.includes('"cas_ok"') || line.includes('"error"'));
    if (!isCas && !isAnswer) continue;
    let e: unknown;
    try {
      e = JSON.parse(line);
    } catch {
      continue;
    }
    if (!isObject(e) || e.type !== "send" || typeof e.time !== "number" || !isObject(e.message) || !isObject(e.message.body)) continue;
    const msg = e.message;
    const b = msg.body as Record<string, unknown>;
    const m = (body: unknown): JournalMessage => ({ id: Number(msg.id), src: String(msg.src), dest: String(msg.dest), sendNs: e.time as number, recvNs: null, type: String(b.type), body });
    if (isCas && msg.dest === JOB_DOC_SERVICE && b.type === "cas" && b.key === JOB_DOC_KEY && typeof b.msg_id === "number") {
      pending.set(`${String(msg.src)}\u0000${b.msg_id}`, m({ type: "cas", key: b.key, msg_id: b.msg_id, to: slim(b.to) }));
    } else if (isAnswer && msg.src === JOB_DOC_SERVICE && typeof b.in_reply_to === "number") {
      const key = `${String(msg.dest)}\u0000${b.in_reply_to}`;
      const cas = pending.get(key);
      if (!cas) continue;
      pending.delete(key);
      if (b.type === "cas_ok") out.push(cas, m(b));
    }
  }
  return out;
}
