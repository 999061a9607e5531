import type { Comparison } from "./compare-output.js";
import { describeEnd, ordinal } from "./format-event.js";
import type { SessionResult } from "./session.js";
import type { Style } from "./style.js";

/**
 * The closing summary, and the list of problems that make replay exit 1:
 * the node ending badly, stdout lines that are not messages, and output that
 * differs from --expect.
 */
export function summarize(r: SessionResult, comparison: Comparison | undefined, expectPath: string | null, style: Style, notes: readonly string[] = []): { lines: string[]; problems: string[] } {
  const problems: string[] = [];
  const end = describeEnd(r.end);
  if (!end.ok) problems.push(`${r.node} ${end.text}`);
  if (r.invalidStdout > 0) problems.push(`${r.invalidStdout} stdout line${s(r.invalidStdout)} ${r.invalidStdout === 1 ? "is" : "are"} not a Maelstrom message`);
  if (comparison && !comparison.equal) problems.push(`stdout differs from ${expectPath}`);
  if (r.replies) problems.push(...unmatchedProblems(r.replies, r.node));

  const notJson = r.sent.filter((l) => l.kind === "not-json").length;
  const notMessage = r.sent.filter((l) => l.kind === "not-message").length;
  const oddSent = [notJson ? `${notJson} not JSON` : "", notMessage ? `${notMessage} JSON but not a message` : ""].filter(Boolean).join(", ");
  const unsent = r.unsent === null ? "; the rest of the input was not sent" : r.unsent > 0 ? `; ${r.unsent} not sent` : "";

  const lines = [
    style.bold("── summary"),
    `  sent      ${r.sent.length} line${s(r.sent.length)}${oddSent ? ` (${oddSent})` : ""}${r.inputDone || r.unsent === 0 ? "" : unsent}`,
    `  received  ${r.messages} message${s(r.messages)} on stdout${r.errorReplies ? ` (${r.errorReplies} error repl${r.errorReplies === 1 ? "y" : "ies"})` : ""}${r.invalidStdout ? style.red(`, and ${r.invalidStdout} line${s(r.invalidStdout)} that ${r.invalidStdout === 1 ? "is" : "are"} not a message`) : ""}`,
    `  stderr    ${r.stderr.length} line${s(r.stderr.length)}`,
    `  process   ${end.ok ? style.green(end.text) : style.red(end.text)}`,
  ];
  if (r.replies) lines.push(...repliesLines(r.replies, r.node, style));
  for (const [i, note] of notes.entries()) lines.push(`${i === 0 ? "  note      " : "            "}${style.dim(note)}`);
  if (comparison) lines.push(`  expected  ${comparison.equal ? style.green(`matches ${expectPath}`) : style.red(`differs from ${expectPath}`)}`);
  lines.push(problems.length === 0 ? style.green(style.bold("  result    OK")) : style.red(style.bold(`  result    FAILED: ${problems.join("; ")}`)));
  return { lines, problems };
}

function s(n: number): string {
  return n === 1 ? "" : "s";
}

/**
 * A service (seq-kv, lin-kv, ...) is anything that is neither a node (n1, ...)
 * nor a client (c1, ...): Maelstrom names nodes and clients so.
 */
function isService(id: string): boolean {
  return !/^[nc]\d+$/.test(id);
}

/**
 * Recorded replies from services left unsent are a problem: a node's RPCs to
 * services follow from its input, so a node that sends fewer of them, or sends
 * them only after replay has stopped, behaved otherwise than in the run.
 * Replies from other nodes are only reported: requests between nodes are
 * mostly gossip on timers, whose number depends on timing replay does not
 * reproduce (see --help).
 */
function unmatchedProblems(replies: NonNullable<SessionResult["replies"]>, node: string): string[] {
  const never = replies.unmatched.filter((h) => isService(h.origin.to)).length;
  const late = replies.late.filter((h) => isService(h.origin.to)).length;
  const out: string[] = [];
  if (never) out.push(`${never} recorded repl${never === 1 ? "y" : "ies"} from services unmatched (${node} never sent the request${never === 1 ? "" : "s"})`);
  if (late) out.push(`${late} recorded repl${late === 1 ? "y" : "ies"} from services unmatched (${node} sent the request${late === 1 ? "" : "s"} only after replay had stopped sending)`);
  return out;
}

/** How many recorded replies were rewritten to answer the replayed node's requests, and which could not be matched. */
function repliesLines(replies: NonNullable<SessionResult["replies"]>, node: string, style: Style): string[] {
  const { remapped, waited, unmatched, late } = replies;
  if (remapped === 0 && unmatched.length === 0 && late.length === 0) return [];
  const head = `  replies   ${remapped} recorded repl${remapped === 1 ? "y" : "ies"} remapped to ${node}'s own requests (by type, destination and position${waited ? `; ${waited} held until it sent the request` : ""})`;
  if (unmatched.length === 0 && late.length === 0) return [`${head}; all matched`];
  const SHOWN = 5;
  const list = (held: NonNullable<SessionResult["replies"]>["unmatched"]) => {
    const which = held.slice(0, SHOWN).map(({ line, origin }) => `line ${line.lineNo} (${String(line.message?.body.type)} for the ${ordinal(origin.ordinal + 1)} ${origin.type} to ${origin.to})`);
    return `${which.join(", ")}${held.length > SHOWN ? `, and ${held.length - SHOWN} more` : ""}`;
  };
  const lines = [head];
  if (unmatched.length > 0) {
    lines.push(style.yellow(`            ${unmatched.length} unmatched, not sent: the replayed ${node} sent fewer of those requests than the recorded one: ${list(unmatched)}`));
  }
  if (late.length > 0) {
    lines.push(
      style.yellow(`            ${late.length} unmatched, not sent: the replayed ${node} sent those requests only after replay had closed its stdin or run out of time (a larger --quiet-ms or --timeout-ms may help): ${list(late)}`),
    );
  }
  return lines;
}
