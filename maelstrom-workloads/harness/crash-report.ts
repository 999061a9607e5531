import { accessSync, constants, statSync } from "node:fs";
import { shownLine } from "../run/output-stopped.js";
import { RunCrashed } from "../run/run-crashed.js";
import type { NodeProcess } from "./node-process.js";


/** Throws RunCrashed unless `bin` (an absolute path) is an executable file. */
export function checkBinary(bin: string, asGiven: string, mustBeExecutable = true): void {
  let st;
  try {
    st = statSync(bin);
  } catch {
    throw new RunCrashed(`--bin ${asGiven}: no such file${asGiven === bin ? "" : ` (looked for ${bin})`}`);
  }
  if (!st.isFile()) throw new RunCrashed(`--bin ${asGiven}: not a file`);
  if (!mustBeExecutable) return;
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    throw new RunCrashed(`--bin ${asGiven}: not executable; try chmod +x ${asGiven}`);
  }
}

/** Why a node stopped, with its last words and where its log is. */
export function crashReport(p: NodeProcess, logPath: string, when: string): string {
  const head = p.spawnError ? `node ${p.id} ${p.describeExit()}.` : `node ${p.id} ${p.describeExit()} ${when}; Maelstrom treats a node that exits before teardown as a crash of the run.`;
  const out = p.lastStdout.slice(-3);
  return head + lastWords(p) + (out.length ? `\nLast stdout lines of ${p.id}:\n  ${out.map((l) => clip(l)).join("\n  ")}` : "") + `\nIts log: ${logPath}`;
}

/** Why a node failed init. */
export function initFailure(p: NodeProcess, cause: Error, logPath: string): string {
  const s = p.outputStopped;
  const why = s
    ? `before it answered, it wrote a line that Maelstrom cannot route, so (as Maelstrom does) the harness stopped reading its stdout and no answer could arrive` +
      ` (Maelstrom would fail the run the same way after its 10 s init timeout).\n  why:  ${s.reason}\n  line: ${shownLine(s)}`
    : `${cause.message}.`;
  return `node ${p.id} did not answer init: ${why}` + (p.alive ? "" : ` The process ${p.describeExit()}.`) + lastWords(p) + `\nIts log: ${logPath}`;
}

function lastWords(p: NodeProcess): string {
  const err = p.lastStderr.slice(-10);
  return err.length ? `\nLast stderr lines of ${p.id}:\n  ${err.join("\n  ")}` : `\n${p.id} wrote nothing on stderr.`;
}

export function clip(s: string, max = 300): string {
  return s.length <= max ? s : `${s.slice(0, max)}… (${s.length} characters)`;
}
