import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

/** The line under a report's title: the time, the Node version and the number of cores. */
export function machineLine(): string {
  return `${new Date().toISOString()}, Node ${process.version}, ${cpus().length} cores`;
}

/** The time in a report's file name: ISO 8601 with ':' and '.' as '-'. */
export function fileStamp(): string {
  return new Date().toISOString().replace(/[:.]/g, "-");
}

/** Writes a benchmark's report, one line each, to store/bench/`file` (making the folder); returns its path. */
export function writeReport(file: string, lines: readonly string[]): string {
  const dir = join(root, "store/bench");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

/** A report printed line by line as the benchmark goes, then written whole with writeReport. */
export class Report {
  readonly lines: string[] = [];

  say(line: string): void {
    this.lines.push(line);
    console.log(line);
  }

  /** Writes the report to store/bench/`file` and says where. */
  write(file: string): void {
    console.log(`\nreport written to ${writeReport(file, this.lines)}`);
  }
}
