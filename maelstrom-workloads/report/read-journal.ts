import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { clipBody } from "./clip-body.js";
import type { JournalMessage } from "./report-types.js";
import { watchValues } from "./watch-values.js";

/** What readJournal found in a journal.jsonl. */
export interface JournalRead {
  /** Every message sent, in the order the journal has their sends (send time, ascending). */
  messages: JournalMessage[];
  /**
   * Lines it could not use: not JSON (a line cut short when a run was
   * killed, garbage), not a journal event, or a recv/drop of a message whose
   * send it never saw. Blank lines are not counted.
   */
  unreadable: number;
  /** How many bodies were cut to maxBodyChars. */
  clipped: number;
  /** For each value of `watch` (by its JSON text): the indices of the messages whose body was cut but whose whole body carried it. */
  watched: Record<string, number[]>;
}

export interface ReadJournalOptions {
  /**
   * Cut each body to about this many characters of JSON as it is read
   * (clipBody), so memory holds what the report shows rather than every
   * read_ok's full list. Default: keep bodies whole.
   */
  maxBodyChars?: number;
  /** Values (a run's lost values) to find in the bodies it cuts, before the cut (see watchValues); bodies not cut can be searched later. */
  watch?: readonly unknown[];
}

// A recv or drop line as the hosts write it (keys in the order model/journal-event.ts
// documents): only its time, type, why and message id are needed, so the fast path
// reads them from the line's head and never parses the body a second time.
const TAIL_EVENT = /^\{"id":\d+,"time":(\d+),"type":"(recv|drop)",(?:"why":"([a-z]+)",)?"message":\{"id":(\d+),/;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Reads a journal.jsonl a line at a time and pairs each message's send with
 * its recv or drop (by message id). Memory holds the messages (with their
 * bodies, which the diagram and the trace need, cut to maxBodyChars if
 * given) and the ids still in flight, never the lines' text, so a journal of
 * hundreds of MB is read in the space its messages take.
 *
 * Event types: `send` starts a message, `recv` sets its recvNs, `drop` (ours:
 * loss, partition, down, closed) sets `drop` and leaves recvNs null. Any
 * other type (a later format) is skipped without being counted as unreadable.
 */
export async function readJournal(path: string, opts: ReadJournalOptions = {}): Promise<JournalRead> {
  const messages: JournalMessage[] = [];
  const inFlight = new Map<number, JournalMessage>();
  let unreadable = 0;
  let clipped = 0;
  const watch = watchValues(opts.watch ?? []);
  const watching = (opts.watch ?? []).length > 0;
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });

  const settle = (kind: string, time: number, msgId: number, why: string | undefined): void => {
    const m = inFlight.get(msgId);
    if (m === undefined) {
      unreadable++;
      return;
    }
    inFlight.delete(msgId);
    if (kind === "recv") m.recvNs = time;
    else m.drop = { atNs: time, why: why ?? "unknown" };
  };

  for await (const line of lines) {
    if (line.trim() === "") continue;
    // A line cut short (a killed run) must not count as a delivery: the fast path takes whole lines only.
    const head = line.endsWith("}}") ? TAIL_EVENT.exec(line) : null;
    if (head) {
      settle(head[2]!, Number(head[1]), Number(head[4]), head[3]);
      continue;
    }
    let e: unknown;
    try {
      e = JSON.parse(line);
    } catch {
      unreadable++;
      continue;
    }
    const msg = isObject(e) ? e.message : undefined;
    if (!isObject(e) || typeof e.time !== "number" || typeof e.type !== "string" || !isObject(msg) || typeof msg.id !== "number") {
      unreadable++;
      continue;
    }
    if (e.type === "send") {
      let body = msg.body;
      if (opts.maxBodyChars !== undefined) {
        const c = clipBody(body, opts.maxBodyChars);
        if (c.clipped) {
          clipped++;
          if (watching) watch.see(messages.length, body);
        }
        body = c.body;
      }
      const m: JournalMessage = {
        id: msg.id,
        src: String(msg.src),
        dest: String(msg.dest),
        sendNs: e.time,
        recvNs: null,
        type: isObject(msg.body) && typeof msg.body.type === "string" ? msg.body.type : "",
        body,
      };
      messages.push(m);
      inFlight.set(m.id, m);
    } else if (e.type === "recv" || e.type === "drop") {
      settle(e.type, e.time, msg.id, typeof e.why === "string" ? e.why : undefined);
    }
  }
  return { messages, unreadable, clipped, watched: watch.carriers };
}
