import { errorName } from "../../lib/protocol/error-table.js";
import type { Message } from "../../lib/protocol/message.js";
import type { SendLine } from "./input-line.js";
import type { ProcessEnd, SessionEvent } from "./session.js";
import type { Style } from "./style.js";

const ROUTE_WIDTH = 10;

/**
 * Makes the function that turns each session event into report lines (one
 * line per event, except where the node ended badly). It remembers a little
 * (whether a warning was already explained) so the report does not repeat
 * long explanations.
 */
export function createEventFormatter(style: Style): (e: SessionEvent) => string[] {
  let explainedBadStdout = false;
  let explainedLateReply = false;
  let explainedHold = false;

  return (e) => {
    switch (e.kind) {
      case "comment":
        return [style.dim(e.text)];
      case "blank":
        return [""];
      case "sent":
        return [formatSent(e.line, style)];
      case "stdout": {
        if (!e.parsed.ok) {
          const shown = e.text === "" ? "(an empty line)" : e.text;
          const lines = [style.red(style.bold(`✗ not a Maelstrom message on stdout: ${shown}`)), style.red(`    ${e.parsed.reason}`)];
          if (!explainedBadStdout) {
            explainedBadStdout = true;
            lines.push(style.red(`    Real Maelstrom stops reading ${e.node}'s stdout after such a line: nothing ${e.node} writes after it would be delivered. Logs go to stderr.`));
          }
          return lines;
        }
        const lines = [formatMessage("←", e.parsed.message, style)];
        if (e.answersEarlier && !explainedLateReply) {
          explainedLateReply = true;
          const what = e.answersEarlier.lineNo === null ? "the --init message" : `input line ${e.answersEarlier.lineNo}`;
          lines.push(style.yellow(`    ↑ this answers ${what}, not the line sent last: ${e.node} took longer to answer than replay waited. Raise --reply-ms / --quiet-ms to keep replies next to their requests.`));
        }
        return lines;
      }
      case "stderr":
        return [`${style.dim(`  ${e.node} stderr │`)} ${e.text}`];
      case "held": {
        // Against a service that answered at once in the run, every reply waits a moment for the
        // replayed node's request: explain the first, and let the summary count the rest.
        if (explainedHold) return [];
        explainedHold = true;
        const { origin } = e;
        const nth = ordinal(origin.ordinal + 1);
        return [
          style.dim(
            `· line ${e.line.lineNo} held: this ${String(e.line.message?.body.type)} from ${e.line.message?.src ?? "?"} answered ${e.node}'s ${nth} ${origin.type} to ${origin.to} in the run (msg_id ${origin.recordedMsgId}); replay sends it, with in_reply_to rewritten, once the replayed ${e.node} sends its ${nth} (it has sent ${e.sentSoFar}). Later holds are not shown; the summary counts them`,
          ),
        ];
      }
      case "stdin-closed":
        return [style.dim(`· stdin closed (EOF); waiting up to ${e.graceMs} ms for ${e.node} to exit`)];
      case "ended":
        return formatEnd(e, style);
    }
  };
}

/** A message as one line: arrow, route, type (error code and name for errors), the rest of the body. */
export function formatMessage(arrow: string, msg: Message<Record<string, unknown>>, style: Style): string {
  const route = `${msg.src} → ${msg.dest}`;
  const paddedRoute = route.length >= ROUTE_WIDTH ? `${route} ` : route.padEnd(ROUTE_WIDTH);
  const { type, ...others } = msg.body;
  const isError = type === "error";
  let head = `${arrow} ${paddedRoute}${typeof type === "string" ? type : "(no type)"}`;
  let fields = others;
  if (isError) {
    const { code, ...withoutCode } = others;
    head += ` ${codeText(code)}`;
    fields = withoutCode;
  }
  const restText = compact(fields);
  const line = restText === "" ? head : `${head}  ${restText}`;
  if (isError) return style.red(line);
  if (typeof type !== "string") return style.yellow(line);
  return arrow === "←" ? style.green(line) : line;
}

function codeText(code: unknown): string {
  if (typeof code !== "number") return `(no numeric code: ${JSON.stringify(code) ?? "missing"})`;
  if (code >= 1000) return `${code} (user-defined)`;
  return `${code} ${errorName(code)}`;
}

/** The body's fields, top-level keys sorted, as compact JSON; "" when there are none. */
function compact(fields: Record<string, unknown>): string {
  const keys = Object.keys(fields).sort();
  if (keys.length === 0) return "";
  const sorted: Record<string, unknown> = {};
  for (const k of keys) sorted[k] = fields[k];
  return JSON.stringify(sorted);
}

function formatSent(line: SendLine, style: Style): string {
  const at = line.lineNo === null ? "" : `line ${line.lineNo}: `;
  switch (line.kind) {
    case "message": {
      const shown = formatMessage("→", line.message!, style);
      const body = line.message!.body;
      // A common slip with bare bodies: without a msg_id, a node has nothing to reply to.
      const noId = body.msg_id === undefined && body.in_reply_to === undefined;
      if (noId) return `${shown}  ${style.dim("(no msg_id, so no reply is expected)")}`;
      return line.inReplyToWas === undefined ? shown : `${shown}  ${style.dim(`(in_reply_to ${line.inReplyToWas} in the run)`)}`;
    }
    case "not-json":
      return `→ ${style.yellow(`(${at}not JSON, sent as written)`)}  ${line.text}`;
    case "not-message":
      return `→ ${style.yellow(`(${at}JSON but not a message: ${line.reason}; sent as written)`)}  ${line.text}`;
  }
}

function formatEnd(e: Extract<SessionEvent, { kind: "ended" }>, style: Style): string[] {
  const { end, node } = e;
  const lines: string[] = [];
  const bad = (s: string) => style.red(style.bold(`✗ ${s}`));
  if (end.how === "exited" && end.stdinClosed && end.code === 0) return [style.green(`■ ${node} exited with code 0 after its stdin was closed`)];
  if (end.how === "exited") {
    const status = end.signal ? `was killed by signal ${end.signal}` : `exited with code ${end.code}`;
    if (end.stdinClosed) {
      lines.push(bad(`${node} ${status} after its stdin was closed (expected: exit code 0)`));
    } else {
      const left =
        e.unsent === 0 ? "all input lines were sent, but its stdin was still open" : e.unsent === null ? "the rest of the input was not sent" : `${e.unsent} more input line${e.unsent === 1 ? " was" : "s were"} not sent`;
      lines.push(bad(`${node} ${status} early, before its input was done: ${left}`));
    }
  } else if (end.how === "killed-after-grace") {
    lines.push(bad(`${node} did not exit on EOF: still running ${end.graceMs} ms after its stdin was closed, so replay killed it (SIGKILL). A node should exit once its stdin ends.`));
    return lines;
  } else {
    lines.push(bad(`gave up after --timeout-ms ${end.timeoutMs} while ${end.during}; killed ${node} (SIGKILL)`));
    return lines;
  }
  if (e.stderrTail.length === 0) {
    lines.push(style.red(`    ${node} wrote nothing on stderr.`));
  } else {
    lines.push(style.red(`    ${node}'s last stderr line${e.stderrTail.length === 1 ? "" : "s"}:`));
    for (const l of e.stderrTail) lines.push(`    ${style.dim(`${node} stderr │`)} ${l}`);
  }
  return lines;
}

/** The end of the process in a few words, for the summary. */
export function describeEnd(end: ProcessEnd): { text: string; ok: boolean } {
  switch (end.how) {
    case "exited": {
      const status = end.signal ? `killed by signal ${end.signal}` : `exited with code ${end.code}`;
      if (!end.stdinClosed) return { text: `${status} early, before its stdin was closed`, ok: false };
      return { text: `${status} after its stdin was closed`, ok: end.code === 0 };
    }
    case "killed-after-grace":
      return { text: `did not exit within ${end.graceMs} ms of EOF; killed (SIGKILL)`, ok: false };
    case "timed-out":
      return { text: `still running at --timeout-ms ${end.timeoutMs}; killed (SIGKILL)`, ok: false };
  }
}

/** 1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, 21st. */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}
