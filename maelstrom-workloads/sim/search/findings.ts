import { commandName } from "../../options/command-name.js";
import { z } from "zod";
import { FAULT_KINDS, type FaultSchedule, parseFaultSchedule, ScheduleError } from "../../nemesis/fault-schedule.js";

/**
 * What one search (one shard of a campaign) found, as a file: the search's
 * settings, how many runs it made, and its finding (the shrunk schedule with
 * its run seed, the unshrunk one, the verdict and the history's digest), or
 * null. Self-contained, so that `npm run sim -- search-merge` can read the
 * files of shards that ran elsewhere (CI jobs, pods) and pick the smallest.
 */
export const FINDINGS_KIND = "maelstrom-nodes search findings";
export const FINDINGS_VERSION = 1;

const scheduleShape = z.object({ version: z.literal(1), faults: z.array(z.unknown()) }).loose();

const findingsSchema = z.object({
  kind: z.literal(FINDINGS_KIND, { error: `kind: expected ${JSON.stringify(FINDINGS_KIND)} (is this a findings file of ${commandName("sim")} search?)` }),
  version: z.literal(FINDINGS_VERSION, { error: `version: expected ${FINDINGS_VERSION}` }),
  search: z.object({
    workload: z.string(),
    bin: z.string(),
    /** The test's arguments as given to the search, without the search's own: the replay command is made from them. */
    testArgs: z.array(z.string()),
    seed: z.number().int(),
    shard: z.object({ index: z.number().int().min(1), count: z.number().int().min(1) }),
    budget: z.number().int().min(0),
    runSeed: z.number().int().nullable(),
    faults: z.array(z.enum(FAULT_KINDS)),
    targets: z.array(z.string()),
    maxFaults: z.number().int(),
  }),
  runs: z.number().int().min(0),
  shrinkRuns: z.number().int().min(0),
  wallMs: z.number().min(0),
  finding: z
    .object({
      case: z.number().int().min(0),
      runSeed: z.number().int(),
      exitCode: z.number().int(),
      why: z.string(),
      schedule: scheduleShape,
      original: scheduleShape,
      historySha256: z.string(),
    })
    .nullable(),
});

export type SearchFindings = Omit<z.infer<typeof findingsSchema>, "finding"> & {
  finding: (Omit<NonNullable<z.infer<typeof findingsSchema>["finding"]>, "schedule" | "original"> & { schedule: FaultSchedule; original: FaultSchedule }) | null;
};

/** Reads a findings file's text; throws an Error naming the file and the first problem. */
export function parseFindings(text: string, file: string): SearchFindings {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not JSON: ${(e as Error).message}`);
  }
  const r = findingsSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    const path = i.path.join(".");
    throw new Error(`${file}: ${path && !i.message.startsWith(`${path}:`) ? `${path}: ` : ""}${i.message}`);
  }
  const f = r.data.finding;
  if (f === null) return { ...r.data, finding: null };
  try {
    const schedule = parseFaultSchedule(JSON.stringify(f.schedule), `${file}: finding.schedule`);
    const original = parseFaultSchedule(JSON.stringify(f.original), `${file}: finding.original`);
    return { ...r.data, finding: { ...f, schedule, original } };
  } catch (e) {
    if (e instanceof ScheduleError) throw new Error(e.message);
    throw e;
  }
}

/** A schedule's size for "smallest": fewer faults first, then less fault time in all. */
export const scheduleSize = (s: FaultSchedule): [number, number] => [s.faults.length, s.faults.reduce((t, f) => t + f.forMs, 0)];

/**
 * The smallest finding among several searches' (fewest faults, then least
 * fault time, then the lowest case number), with the file it came from; and
 * the runs of all of them. Undefined `best` when none found anything.
 */
export function smallestFinding(all: readonly { file: string; findings: SearchFindings }[]): { best: { file: string; findings: SearchFindings } | undefined; runs: number; shrinkRuns: number } {
  let best: { file: string; findings: SearchFindings } | undefined;
  const key = (x: SearchFindings) => [...scheduleSize(x.finding!.schedule), x.finding!.case];
  for (const x of all) {
    if (!x.findings.finding) continue;
    if (!best) {
      best = x;
      continue;
    }
    const [a, b] = [key(x.findings), key(best.findings)];
    const i = a.findIndex((v, j) => v !== b[j]);
    if (i >= 0 && a[i]! < b[i]!) best = x;
  }
  return { best, runs: all.reduce((n, x) => n + x.findings.runs, 0), shrinkRuns: all.reduce((n, x) => n + x.findings.shrinkRuns, 0) };
}
