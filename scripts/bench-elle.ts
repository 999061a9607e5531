// How fast the Elle checker (maelstrom-workloads/checkers/elle) judges a
// synthetic history the size of a 5-node, 60 s, --rate 100 run (6000 txns,
// 10 client processes): histories of an atomic in-memory store (valid), and
// of the same store reading stale snapshots (full of cycles, the slow case).
// Prints txns checked per second per kind and model.
//   npm run bench:elle -- [--txns 6000] [--seed 1]
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { checkElle } from "../maelstrom-workloads/checkers/elle/check-elle.js";
import { seededRng } from "../maelstrom-workloads/model/random.js";
import { storeHistory } from "./bench/store-history.js";

const { values } = parseArgs({ options: { txns: { type: "string", default: "6000" }, seed: { type: "string", default: "1" } } });
const txns = Number(values.txns);
const seed = Number(values.seed);
console.log(`| kind | store | model | txns | check s | txns/s | valid? | anomaly types |`);
console.log(`|---|---|---|---:|---:|---:|---|---|`);
for (const kind of ["list-append", "rw-register"] as const) {
  for (const stale of [false, true]) {
    const h = storeHistory(seededRng(seed), {
      kind, processes: 10, txns, keyCount: 10, maxTxnLength: 4, maxWritesPerKey: 16, failRate: 0.05, infoRate: 0.02, staleReads: stale,
    });
    for (const model of ["strict-serializable", "serializable", "read-committed"]) {
      const t0 = performance.now();
      const r = checkElle(h, { kind, consistencyModels: [model] });
      const s = (performance.now() - t0) / 1000;
      console.log(`| ${kind} | ${stale ? "stale reads" : "atomic"} | ${model} | ${txns} | ${s.toFixed(2)} | ${Math.round(txns / s)} | ${String(r["valid?"])} | ${(r["anomaly-types"] as string[]).join(" ")} |`);
    }
  }
}
