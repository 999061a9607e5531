import type { Message } from "../../lib/protocol/message.js";
import { parseLine } from "../../lib/protocol/parse-line.js";

/** A line that is sent to the node, and what replay made of it. */
export interface SendLine {
  /** 1-based line number in the input; null for the message made by --init. */
  lineNo: number | null;
  /** Exactly what is written to the node's stdin (without the newline). */
  text: string;
  /** message: a {src,dest,body} envelope; not-json: sent as written; not-message: JSON, but no envelope. */
  kind: "message" | "not-json" | "not-message";
  message?: Message<Record<string, unknown>>;
  /** For not-json and not-message: why. */
  reason?: string;
  /** True when the line was a bare body that replay wrapped in an envelope. */
  wrapped: boolean;
  /** For a recorded reply whose in_reply_to replay rewrote (see ReplyRemapper): the recorded value. */
  inReplyToWas?: number;
}

export type InputLine = { kind: "blank"; lineNo: number } | { kind: "comment"; lineNo: number; text: string } | { kind: "send"; line: SendLine };

/** True for lines that are not sent: blank ones and `#` or `//` comments. */
export function isCommentOrBlank(raw: string): boolean {
  const t = raw.trim();
  return t === "" || t.startsWith("#") || t.startsWith("//");
}

/**
 * Classifies one input line. Comments and blank lines are not sent; a JSON
 * object with `type` and no `body` is a bare body, wrapped as a message from
 * c1 to `nodeId`; anything else is sent exactly as written.
 */
export function classifyInputLine(raw: string, lineNo: number, nodeId: string): InputLine {
  const t = raw.trim();
  if (t === "") return { kind: "blank", lineNo };
  if (t.startsWith("#") || t.startsWith("//")) return { kind: "comment", lineNo, text: t };

  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    return { kind: "send", line: { lineNo, text: raw, kind: "not-json", reason: (e as Error).message, wrapped: false } };
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value) && "type" in value && !("body" in value)) {
    const message = { src: "c1", dest: nodeId, body: value as Record<string, unknown> };
    return { kind: "send", line: { lineNo, text: JSON.stringify(message), kind: "message", message, wrapped: true } };
  }
  const parsed = parseLine(raw);
  if (!parsed.ok) return { kind: "send", line: { lineNo, text: raw, kind: "not-message", reason: parsed.reason, wrapped: false } };
  return { kind: "send", line: { lineNo, text: raw, kind: "message", message: parsed.message, wrapped: false } };
}
