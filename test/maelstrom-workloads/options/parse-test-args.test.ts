import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  DEFAULT_NODES,
  IMPLEMENTED_WORKLOADS,
  MAELSTROM_WORKLOADS,
  OUR_WORKLOADS,
  nodeIdProblem,
  parseTestArgs,
  TEST_USAGE,
  type TestArgsIo,
  type TestOptions,
  unimplementedWorkloadError,
  WORKLOAD_NAMES,
} from "../../../maelstrom-workloads/options/index.js";
import { defaultIo } from "../../../maelstrom-workloads/options/resolve-options.js";
import { WORKLOADS } from "../../../maelstrom-workloads/workloads.js";

/** Where these tests run the command from: relative paths are taken from here. */
const BASE = "/base";

/** An io whose files are given in a map, by their paths relative to BASE. */
const files = (map: Record<string, string>): TestArgsIo => ({
  baseDir: BASE,
  readFile: (path) => {
    const text = map[relative(BASE, path)];
    if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return text;
  },
});

function options(argv: string[], io: TestArgsIo = { ...defaultIo, baseDir: BASE }): TestOptions {
  const r = parseTestArgs(argv, io);
  if (!r.ok) throw new Error(`expected options, got error: ${r.error}`);
  if (r.help) throw new Error("expected options, got help");
  return r.options;
}

function error(argv: string[], io: TestArgsIo = { ...defaultIo, baseDir: BASE }): string {
  const r = parseTestArgs(argv, io);
  if (r.ok) throw new Error(`expected an error for ${JSON.stringify(argv)}`);
  expect(r.error).not.toContain("\n");
  return r.error;
}

const withBin = (...rest: string[]) => ["--bin", "./node", ...rest];

describe("defaults", () => {
  it("are Maelstrom's", () => {
    expect(options(["--bin", "./node"])).toEqual({
      bin: "/base/node",
      binArgs: [],
      workload: "lin-kv",
      sessions: "sticky",
      membershipDeadline: 15,
      membershipPeriod: 1000,
      nodes: ["n1", "n2", "n3", "n4", "n5"],
      concurrency: 5,
      rate: 5,
      timeLimit: 60,
      latency: { mean: 0, dist: "constant" },
      loss: 0,
      nemesis: [],
      nemesisInterval: 10,
      nemesisTargets: ["one", "minority", "majority"],
      schedule: undefined,
      topology: "grid",
      availability: undefined,
      logStderr: false,
      logNetSend: false,
      logNetRecv: false,
      testCount: 1,
      leaveDbRunning: false,
      seed: undefined,
      storeDir: "/base/store",
      compat: { keyCount: undefined, maxTxnLength: 4, maxWritesPerKey: 16, consistencyModels: ["strict-serializable"] },
    } satisfies TestOptions);
    expect(DEFAULT_NODES).toEqual(["n1", "n2", "n3", "n4", "n5"]);
  });

  it("require --bin", () => {
    expect(error([])).toBe("--bin: missing; expected the node program to test, as in --bin ./my-node");
    expect(error(["-w", "echo"])).toMatch(/^--bin: missing/);
  });
});

describe("every option", () => {
  it("is read in the --opt value form", () => {
    const o = options([
      "--bin", "b",
      "-w", "broadcast",
      "--time-limit", "20",
      "--rate", "12.5",
      "--sessions", "roaming",
      "--concurrency", "3",
      "--test-count", "2",
      "--latency", "100",
      "--latency-dist", "exponential",
      "--loss", "0.25",
      "--topology", "tree4",
      "--nemesis", "partition",
      "--nemesis-interval", "2.5",
      "--availability", "0.75",
      "--log-stderr",
      "--log-net-send",
      "--log-net-recv",
      "--leave-db-running",
      "--seed", "1234",
      "--store", "out",
      "--key-count", "7",
      "--max-txn-length", "3",
      "--max-writes-per-key", "9",
      "--consistency-models", "serializable, snapshot-isolation",
    ]);
    expect(o).toEqual({
      bin: "/base/b",
      binArgs: [],
      workload: "broadcast",
      sessions: "roaming",
      membershipDeadline: 15,
      membershipPeriod: 1000,
      nodes: ["n1", "n2", "n3", "n4", "n5"],
      concurrency: 3,
      rate: 12.5,
      timeLimit: 20,
      latency: { mean: 100, dist: "exponential" },
      loss: 0.25,
      nemesis: ["partition"],
      nemesisInterval: 2.5,
      nemesisTargets: ["one", "minority", "majority"],
      schedule: undefined,
      topology: "tree4",
      availability: 0.75,
      logStderr: true,
      logNetSend: true,
      logNetRecv: true,
      testCount: 2,
      leaveDbRunning: true,
      seed: 1234,
      storeDir: "/base/out",
      compat: { keyCount: 7, maxTxnLength: 3, maxWritesPerKey: 9, consistencyModels: ["serializable", "snapshot-isolation"] },
    } satisfies TestOptions);
  });

  it("is read in the --opt=value form too, with the same result", () => {
    const spaced = ["--bin", "b", "--workload", "echo", "--rate", "3", "--latency", "5", "--latency-dist", "uniform", "--node-count", "3", "--concurrency", "2n", "--store", "s", "--seed", "9", "--availability", "total", "--nodes-file", "f"];
    const joined: string[] = [];
    for (let i = 0; i < spaced.length; i += 2) joined.push(`${spaced[i]}=${spaced[i + 1]}`);
    const io = files({ f: "a\n" });
    expect(options(joined, io)).toEqual(options(spaced, io));
    expect(options(joined, io)).toMatchObject({ workload: "echo", rate: 3, latency: { mean: 5, dist: "uniform" }, nodes: ["a", "n0", "n1", "n2"], concurrency: 8, seed: 9, availability: "total" });
  });

  it("keeps everything after the first = as the value", () => {
    expect(options(["--bin=./a=b"]).bin).toBe("/base/a=b");
    expect(options(["-w=echo", "--bin", "x"]).workload).toBe("echo");
  });

  it("lets a later occurrence replace an earlier one (as tools.cli does)", () => {
    const o = options(withBin("--rate", "1", "--rate", "2", "--bin", "other", "--nodes", "a", "--nodes", "b,d"));
    expect(o.rate).toBe(2);
    expect(o.bin).toBe("/base/other");
    expect(o.nodes).toEqual(["b", "d"]);
  });

  it("accepts Jepsen's SSH and logging options, which have no effect", () => {
    const base = options(withBin());
    expect(options(withBin("--logging-json", "--username", "u", "--password=p", "--strict-host-key-checking", "--no-ssh", "--ssh-private-key", "k"))).toEqual(base);
  });
});

describe("workload", () => {
  it("accepts every Maelstrom workload and ours, and exports which ones this harness runs", () => {
    expect(MAELSTROM_WORKLOADS).toEqual(["broadcast", "echo", "g-counter", "g-set", "kafka", "lin-kv", "pn-counter", "txn-list-append", "txn-rw-register", "unique-ids"]);
    for (const w of MAELSTROM_WORKLOADS) expect(options(withBin("-w", w)).workload).toBe(w);
    expect(options(withBin("-w", "causal-broadcast")).workload).toBe("causal-broadcast");
    // Implemented means registered in workloads.ts, in the order of WORKLOAD_NAMES; every registered name is one -w accepts.
    expect(IMPLEMENTED_WORKLOADS).toEqual(WORKLOAD_NAMES.filter((w) => Object.hasOwn(WORKLOADS, w)));
    expect(OUR_WORKLOADS).toEqual(["causal-broadcast", "membership", "jobs"]); // registered, and not Maelstrom names
    expect(IMPLEMENTED_WORKLOADS).toEqual(expect.arrayContaining(["echo", "broadcast", "causal-broadcast", "membership"]));
    for (const name of Object.keys(WORKLOADS)) expect(WORKLOAD_NAMES).toContain(name);
  });

  it("--sessions takes sticky (the default) or roaming, and nothing else", () => {
    expect(options(withBin("-w", "causal-broadcast")).sessions).toBe("sticky");
    expect(options(withBin("-w", "causal-broadcast", "--sessions", "roaming")).sessions).toBe("roaming");
    expect(error(withBin("--sessions", "roam"))).toMatch(/^--sessions: expected one of sticky, roaming, got "roam"/);
  });

  it("rejects others, suggesting the closest name", () => {
    expect(error(withBin("-w", "broadcats"))).toBe(
      '--workload: expected one of broadcast, echo, g-counter, g-set, kafka, lin-kv, pn-counter, txn-list-append, txn-rw-register, unique-ids, causal-broadcast, membership, jobs, got "broadcats"; did you mean broadcast?',
    );
    expect(error(withBin("--workload", "raft"))).toMatch(/^--workload: expected one of .*, got "raft"$/);
    expect(error(withBin("-w", "Echo"))).toMatch(/did you mean echo\?$/);
  });

  it("unimplementedWorkloadError names the workloads this harness runs", () => {
    expect(unimplementedWorkloadError("echo")).toBeUndefined();
    expect(unimplementedWorkloadError("broadcast")).toBeUndefined();
    // kafka (issue 16) is registered now, so the refusal no longer applies to it.
    expect(unimplementedWorkloadError("kafka")).toBeUndefined();
  });
});

describe("nodes", () => {
  it("--node-count N gives n0 … n(N−1)", () => {
    expect(options(withBin("--node-count", "3")).nodes).toEqual(["n0", "n1", "n2"]);
    expect(options(withBin("--node-count", "1")).nodes).toEqual(["n0"]);
    expect(options(withBin("--node-count", "12")).nodes.at(-1)).toBe("n11");
  });

  it("--nodes replaces the default; -n replaces it too and repeats", () => {
    expect(options(withBin("--nodes", "a,b, d ")).nodes).toEqual(["a", "b", "d"]);
    expect(options(withBin("-n", "x", "--node", "y", "-n=z")).nodes).toEqual(["x", "y", "z"]);
  });

  it("joins --nodes-file, then --nodes (or --node-count), then -n", () => {
    const io = files({ nodes: "f1\n  f2  \n\n\r\nf3\r\n" });
    expect(options(withBin("-n", "x", "--nodes", "a,b", "--nodes-file", "nodes"), io).nodes).toEqual(["f1", "f2", "f3", "a", "b", "x"]);
    expect(options(withBin("-n", "x", "--node-count", "2", "--nodes-file", "nodes"), io).nodes).toEqual(["f1", "f2", "f3", "n0", "n1", "x"]);
    expect(options(withBin("--nodes-file", "nodes"), io).nodes).toEqual(["f1", "f2", "f3"]);
  });

  it("--node-count overrides --nodes, in either order", () => {
    expect(options(withBin("--nodes", "a,b", "--node-count", "2")).nodes).toEqual(["n0", "n1"]);
    expect(options(withBin("--node-count", "2", "--nodes", "a,b")).nodes).toEqual(["n0", "n1"]);
  });

  it("reads a real --nodes-file by default", () => {
    const dir = mkdtempSync(join(tmpdir(), "test-options-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, "nodes.txt");
    writeFileSync(path, "alpha\nbeta\n");
    expect(options(withBin("--nodes-file", path)).nodes).toEqual(["alpha", "beta"]);
  });

  it("reports an unreadable or empty --nodes-file", () => {
    expect(error(withBin("--nodes-file", "missing"), files({}))).toBe(`--nodes-file: cannot read "missing" (looked for /base/missing): ENOENT: no such file or directory, open '/base/missing'`);
    expect(error(withBin("--nodes-file", "empty"), files({ empty: "\n \n" }))).toMatch(/^--nodes-file: "empty" lists no node ids/);
    // With other node options an empty file is fine.
    expect(options(withBin("--nodes-file", "empty", "-n", "a"), files({ empty: "" })).nodes).toEqual(["a"]);
  });

  it("rejects bad counts and lists", () => {
    expect(error(withBin("--node-count", "0"))).toBe('--node-count: expected an integer from 1 to 10000, got "0"');
    expect(error(withBin("--node-count", "two"))).toBe('--node-count: expected an integer from 1 to 10000, got "two"');
    expect(error(withBin("--node-count", "10001"))).toMatch(/^--node-count: expected an integer from 1 to 10000/);
    expect(error(withBin("--nodes", "a,,b"))).toBe('--nodes: expected comma-separated node ids, none of them empty (e.g. n1,n2,n3), got "a,,b"');
    expect(error(withBin("--nodes", ""))).toMatch(/^--nodes: expected comma-separated node ids/);
  });

  it("rejects repeated ids, naming where they came from", () => {
    expect(error(withBin("--nodes", "a,b,a"))).toBe('--nodes: node id "a" appears twice in --nodes; expected each node once');
    expect(error(withBin("--node-count", "2", "-n", "n1"))).toBe('--node: node id "n1" appears in both --node-count and --node; expected each node once');
  });

  it("rejects ids Maelstrom would confuse with clients or services", () => {
    expect(error(withBin("--nodes", "n1,c2"))).toMatch(/^--nodes: node id "c2" starts with "c", which Maelstrom reserves for its clients/);
    expect(error(withBin("-n", "lin-kv"))).toMatch(/^--node: node id "lin-kv" is the id of a Maelstrom service/);
    expect(error(withBin("-n", "n1,n2"))).toMatch(/^--node: node id "n1,n2" contains whitespace or a comma/);
    expect(nodeIdProblem("n1")).toBeUndefined();
    expect(nodeIdProblem("server-3")).toBeUndefined();
    expect(nodeIdProblem("")).toBe("is empty");
    expect(nodeIdProblem("a b")).toBeDefined();
  });
});

describe("concurrency", () => {
  it("defaults to 1n, resolved after the node list", () => {
    expect(options(withBin()).concurrency).toBe(5);
    expect(options(withBin("--node-count", "3")).concurrency).toBe(3);
    expect(options(withBin("-n", "a")).concurrency).toBe(1);
  });

  it("multiplies Nn by the node count whatever the argument order, and takes plain N as is", () => {
    expect(options(withBin("--concurrency", "2n", "--node-count", "4")).concurrency).toBe(8);
    expect(options(withBin("--node-count", "4", "--concurrency", "2n")).concurrency).toBe(8);
    expect(options(withBin("--concurrency", "7", "--node-count", "4")).concurrency).toBe(7);
  });

  it("rejects anything else, including 0", () => {
    for (const bad of ["0", "0n", "n", "2x", "-1", "1.5", "", "2N"]) {
      expect(error(withBin(`--concurrency=${bad}`))).toBe(`--concurrency: expected a positive integer, optionally followed by n (e.g. 4 or 2n), got ${JSON.stringify(bad)}`);
    }
  });
});

describe("numbers", () => {
  it("--rate: a number >= 0", () => {
    expect(options(withBin("--rate", "0")).rate).toBe(0);
    expect(options(withBin("--rate", "0.5")).rate).toBe(0.5);
    expect(options(withBin("--rate", ".5")).rate).toBe(0.5);
    expect(options(withBin("--rate", "1e3")).rate).toBe(1000);
    expect(Object.is(options(withBin("--rate", "-0")).rate, 0)).toBe(true);
    expect(error(withBin("--rate", "fast"))).toBe('--rate: expected a number >= 0, got "fast"');
    for (const bad of ["-1", "NaN", "Infinity", "1e999", "0x10", "5 ", ""]) expect(error(withBin(`--rate=${bad}`))).toBe(`--rate: expected a number >= 0, got ${JSON.stringify(bad)}`);
  });

  it("--time-limit: a number > 0 (fractions allowed)", () => {
    expect(options(withBin("--time-limit", "0.5")).timeLimit).toBe(0.5);
    expect(options(withBin("--time-limit", "300")).timeLimit).toBe(300);
    expect(error(withBin("--time-limit", "0"))).toBe('--time-limit: expected a number > 0, got "0"');
    expect(error(withBin("--time-limit", "1m"))).toBe('--time-limit: expected a number > 0, got "1m"');
  });

  it("--latency: whole milliseconds >= 0", () => {
    expect(options(withBin("--latency", "0")).latency.mean).toBe(0);
    expect(options(withBin("--latency", "+25")).latency.mean).toBe(25);
    expect(error(withBin("--latency", "-5"))).toBe('--latency: expected a whole number of milliseconds >= 0, got "-5"');
    expect(error(withBin("--latency", "1.5"))).toBe('--latency: expected a whole number of milliseconds >= 0, got "1.5"');
  });

  it("--nemesis-interval: seconds > 0", () => {
    expect(options(withBin("--nemesis-interval", "0.25")).nemesisInterval).toBe(0.25);
    expect(error(withBin("--nemesis-interval", "0"))).toBe('--nemesis-interval: expected a number of seconds > 0, got "0"');
  });

  it("--test-count, --key-count, --max-txn-length, --max-writes-per-key: positive integers", () => {
    expect(options(withBin("--test-count", "3")).testCount).toBe(3);
    for (const opt of ["--test-count", "--key-count", "--max-txn-length", "--max-writes-per-key"]) {
      expect(error(withBin(opt, "0"))).toBe(`${opt}: expected a positive integer, got "0"`);
      expect(error(withBin(opt, "2.0"))).toBe(`${opt}: expected a positive integer, got "2.0"`);
    }
  });

  it("--seed: an integer from 0 to 2^32 − 1", () => {
    expect(options(withBin("--seed", "0")).seed).toBe(0);
    expect(options(withBin("--seed", "4294967295")).seed).toBe(4294967295);
    for (const bad of ["-1", "4294967296", "1.5", "abc", "99999999999999999999"]) {
      expect(error(withBin("--seed", bad))).toBe(`--seed: expected an integer from 0 to 4294967295, got ${JSON.stringify(bad)}`);
    }
  });

  it("--availability: total or a number in [0, 1]", () => {
    expect(options(withBin("--availability", "total")).availability).toBe("total");
    expect(options(withBin("--availability", "0")).availability).toBe(0);
    expect(options(withBin("--availability", "1")).availability).toBe(1);
    expect(options(withBin("--availability", "0.999")).availability).toBe(0.999);
    for (const bad of ["1.01", "-0.1", "all", "Total", "50%"]) {
      expect(error(withBin("--availability", bad))).toBe(`--availability: expected total or a number from 0 to 1, got ${JSON.stringify(bad)}`);
    }
  });
});

describe("choices", () => {
  it("--latency-dist: constant, uniform, exponential", () => {
    expect(options(withBin("--latency", "10", "--latency-dist", "uniform")).latency).toEqual({ mean: 10, dist: "uniform" });
    expect(options(withBin("--latency-dist", "constant")).latency).toEqual({ mean: 0, dist: "constant" });
    expect(error(withBin("--latency-dist", "normal"))).toBe('--latency-dist: expected one of constant, uniform, exponential, got "normal"');
  });

  it("rejects uniform or exponential with --latency 0, saying Maelstrom would fail too", () => {
    for (const dist of ["uniform", "exponential"]) {
      const msg = error(withBin("--latency-dist", dist));
      expect(msg).toBe(
        `--latency-dist: expected constant when --latency is 0, got "${dist}"; uniform and exponential need --latency above 0 (Maelstrom fails at start-up with this combination too)`,
      );
      expect(error(withBin("--latency", "0", "--latency-dist", dist))).toBe(msg);
    }
  });

  it("--topology: Maelstrom's seven", () => {
    for (const t of ["line", "grid", "tree", "tree2", "tree3", "tree4", "total"]) expect(options(withBin("--topology", t)).topology).toBe(t);
    expect(error(withBin("--topology", "tree5"))).toBe('--topology: expected one of line, grid, tree, tree2, tree3, tree4, total, got "tree5"; did you mean tree?');
    expect(error(withBin("--topology", "star"))).toBe('--topology: expected one of line, grid, tree, tree2, tree3, tree4, total, got "star"');
  });

  it("--nemesis: partition, kill and pause, comma-separated, without duplicates", () => {
    expect(options(withBin("--nemesis", "partition")).nemesis).toEqual(["partition"]);
    expect(options(withBin("--nemesis", " partition , partition")).nemesis).toEqual(["partition"]);
    expect(options(withBin("--nemesis", "partition,kill,pause")).nemesis).toEqual(["partition", "kill", "pause"]);
    expect(error(withBin("--nemesis", "clock"))).toBe('--nemesis: expected a comma-separated list of faults from: partition, kill, pause, got "clock"');
    expect(error(withBin("--nemesis", "partition,pauze"))).toMatch(/got "partition,pauze"; did you mean pause\?$/);
    expect(error(withBin("--nemesis", "partiton"))).toMatch(/got "partiton"; did you mean partition\?$/);
    expect(error(withBin("--nemesis", "none"))).toMatch(/got "none"; to inject no faults, leave --nemesis out$/);
    expect(error(withBin("--nemesis="))).toMatch(/got ""; to inject no faults, leave --nemesis out$/);
  });

  it("--nemesis-targets: one, minority, majority, all; by default the first three", () => {
    expect(options(withBin()).nemesisTargets).toEqual(["one", "minority", "majority"]);
    expect(options(withBin("--nemesis-targets", "one")).nemesisTargets).toEqual(["one"]);
    expect(options(withBin("--nemesis-targets", "majority,all")).nemesisTargets).toEqual(["majority", "all"]);
    expect(error(withBin("--nemesis-targets", "two"))).toMatch(/^--nemesis-targets: expected a comma-separated list of targets from: one, minority, majority, all, got "two"/);
  });

  it("--consistency-models: a comma-separated list of Elle's model names (Maelstrom's one-of), duplicates dropped", () => {
    expect(options(withBin("--consistency-models", "read-committed, serializable,read-committed")).compat.consistencyModels).toEqual(["read-committed", "serializable"]);
    expect(error(withBin("--consistency-models", "read-committed,"))).toMatch(/^--consistency-models: expected a comma-separated list of consistency models \(Elle's names\) from: 1SR, PL-1, .*read-committed, read-uncommitted, .*strict-serializable/);
    expect(error(withBin("--consistency-models", "serialisable"))).toMatch(/got "serialisable"; did you mean serializable\?/);
  });

  it("--bin and --store may not be empty", () => {
    expect(error(["--bin="])).toBe('--bin: expected the path of the node program, got ""');
    expect(error(withBin("--store="))).toBe('--store: expected a directory, got ""');
  });
});

describe("flags", () => {
  it("take no value", () => {
    expect(error(withBin("--log-stderr=true"))).toBe('--log-stderr: takes no value, got "--log-stderr=true"; write just --log-stderr');
    expect(error(withBin("--leave-db-running=1"))).toMatch(/^--leave-db-running: takes no value/);
  });

  it("do not swallow the next argument", () => {
    const o = options(withBin("--log-stderr", "extra"));
    expect(o.logStderr).toBe(true);
    expect(o.binArgs).toEqual(["extra"]);
  });
});

describe("arguments for the node program", () => {
  it("are the non-option arguments, wherever they are, then everything after --", () => {
    const o = options(["first", "--bin", "./n", "second", "--rate", "1", "-", "--", "--rate", "x", "-w", "--"]);
    expect(o.binArgs).toEqual(["first", "second", "-", "--rate", "x", "-w", "--"]);
    expect(o.rate).toBe(1);
  });

  it("may follow -- right after --bin", () => {
    expect(options(["--bin", "./n", "--", "--port", "1"]).binArgs).toEqual(["--port", "1"]);
  });
});

describe("help", () => {
  it("-h and --help win over everything before --", () => {
    for (const argv of [["-h"], ["--help"], withBin("--rate", "fast", "-h"), ["--bogus", "--help"], ["--help", "--bin"]]) {
      expect(parseTestArgs(argv)).toEqual({ ok: true, help: true });
    }
  });

  it("after -- is an argument for the node", () => {
    expect(options(withBin("--", "--help")).binArgs).toEqual(["--help"]);
  });

  it("--help=x is an error", () => {
    expect(error(["--help=x"])).toMatch(/^--help: takes no value/);
  });
});

describe("mistakes", () => {
  it("unknown options suggest a close known one", () => {
    expect(error(withBin("--rat", "3"))).toBe('unknown option "--rat" (did you mean --rate?); run with --help to see the options');
    expect(error(withBin("--node_count", "3"))).toMatch(/^unknown option "--node_count" \(did you mean --node-count\?\)/);
    expect(error(withBin("--latancy", "3"))).toMatch(/did you mean --latency\?/);
    expect(error(withBin("--nemesis-intreval", "3"))).toMatch(/did you mean --nemesis-interval\?/);
    expect(error(["-bin", "x"])).toMatch(/^unknown option "-bin" \(did you mean --bin\?\)/);
    expect(error(["--BIN", "x"])).toMatch(/did you mean --bin\?/);
    expect(error(withBin("--topo", "line"))).toMatch(/did you mean --topology\?/);
    expect(error(withBin("--xyzzy"))).toBe('unknown option "--xyzzy"; run with --help to see the options');
    expect(error(withBin("-x"))).toBe('unknown option "-x"; run with --help to see the options');
  });

  it("an unknown option's name excludes its =value", () => {
    expect(error(withBin("--rat=3"))).toBe('unknown option "--rat" (did you mean --rate?); run with --help to see the options');
  });

  it("a missing value is reported, not filled with the next option", () => {
    expect(error(["--bin"])).toBe("--bin: missing value (it is the last argument); expected FILE, as in --bin ./my-node");
    expect(error(withBin("--rate", "--latency", "5"))).toBe('--rate: missing value (the next argument is "--latency"); expected RATE, as in --rate 10');
    expect(error(withBin("-w", "-n", "a"))).toBe('--workload: missing value (the next argument is "-n"); expected NAME, as in --workload echo');
    expect(error(withBin("--rate", "--"))).toMatch(/^--rate: missing value \(the next argument is "--"\)/);
  });

  it("a value that starts with a single dash is taken as the value", () => {
    expect(error(withBin("--latency", "-5"))).toMatch(/got "-5"$/);
  });

  it("the first problem in argument order is the one reported", () => {
    expect(error(withBin("--rate", "x", "--latency", "y"))).toMatch(/^--rate:/);
    expect(error(withBin("--zzz", "--rate", "x"))).toMatch(/^unknown option "--zzz"/);
    // Per-option problems come before whole-command ones such as a missing --bin.
    expect(error(["--rate", "x"])).toMatch(/^--rate:/);
  });

  it("never throws, whatever the arguments", () => {
    const token = fc.oneof(
      fc.constantFrom("--bin", "-w", "-n", "--nodes", "--node-count", "--concurrency", "--rate", "--latency", "--latency-dist", "--nemesis", "--topology", "--availability", "--seed", "--help", "--", "-", "x", "1", "0", "2n", "uniform", "echo", "=", "--log-stderr"),
      fc.string(),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 12 }), (argv) => {
        const r = parseTestArgs(argv, files({}));
        if (!r.ok) {
          expect(r.error.length).toBeGreaterThan(0);
          expect(r.error).not.toContain("\n");
        } else if (!r.help) {
          expect(r.options.nodes.length).toBeGreaterThan(0);
          expect(r.options.concurrency).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("TEST_USAGE", () => {
  const allOptions = [
    "--bin", "--workload", "-w", "--node-count", "--node", "-n", "--nodes", "--nodes-file", "--concurrency", "--rate", "--time-limit", "--latency",
    "--latency-dist", "--nemesis", "--nemesis-interval", "--topology", "--availability", "--log-stderr", "--log-net-send", "--log-net-recv",
    "--test-count", "--leave-db-running", "--seed", "--store", "--key-count", "--max-txn-length", "--max-writes-per-key", "--consistency-models",
    "--help", "-h",
  ];

  it("names every option", () => {
    for (const o of allOptions) expect(TEST_USAGE).toMatch(new RegExp(`(^|[ ,])${o}( |,|$)`, "m"));
  });

  it("states each default", () => {
    const line = (opt: string) => {
      const lines = TEST_USAGE.split("\n");
      const start = lines.findIndex((l) => new RegExp(`^  (-\\w, )?\\s*${opt}\\b(?!-)`).test(l));
      expect(start, opt).toBeGreaterThanOrEqual(0);
      let text = lines[start]!;
      for (let k = start + 1; k < lines.length && /^ {10,}/.test(lines[k]!); k++) text += ` ${lines[k]!.trim()}`;
      return text;
    };
    const defaults: Record<string, string> = {
      "--workload": "(default: lin-kv)",
      "--time-limit": "(default: 60)",
      "--rate": "(default: 5)",
      "--concurrency": "(default: 1n)",
      "--test-count": "(default: 1)",
      "--node-count": "(default: none)",
      "--node": "(default: n1 n2 n3 n4 n5)",
      "--latency": "(default: 0)",
      "--latency-dist": "(default: constant)",
      "--topology": "(default: grid)",
      "--nemesis": "(default: none)",
      "--nemesis-interval": "(default: 10)",
      "--availability": "(default: none)",
      "--log-stderr": "(default: off)",
      "--seed": "(default: random, printed)",
      "--store": "(default: store)",
      "--max-txn-length": "(default: 4)",
      "--max-writes-per-key": "(default: 16)",
      "--consistency-models": "(default: strict-serializable)",
    };
    for (const [opt, def] of Object.entries(defaults)) expect(line(opt), opt).toContain(def);
    expect(line("--bin")).toContain("(required)");
  });

  it("marks exactly --sessions, --loss, --nemesis-targets, --schedule, --membership-deadline, --membership-period, --seed and --store as going beyond Maelstrom", () => {
    const marked = TEST_USAGE.split("\n").filter((l) => l.includes("[+] ") && /^ {2}/.test(l));
    expect(marked.map((l) => l.trim().split(/\s+/)[0])).toEqual(["--sessions", "--loss", "--nemesis-targets", "--schedule", "--membership-deadline", "--membership-period", "--seed", "--store"]);
    expect(TEST_USAGE).toContain("Options marked [+] go beyond Maelstrom");
  });

  it("fits in 80 columns and ends with a newline", () => {
    for (const l of TEST_USAGE.split("\n")) expect(l.length, l).toBeLessThanOrEqual(80);
    expect(TEST_USAGE.endsWith("\n")).toBe(true);
  });
});
