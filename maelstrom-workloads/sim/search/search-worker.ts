// A worker thread of a search (see CaseRunners): loads the node program once,
// then runs the cases it is sent one at a time, each in its own simulation,
// and posts back each verdict. Started with tsx's loader, so the program may
// be TypeScript.
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { loadNodeProgram } from "../../../lib/runtime/node-program.js";
import { importNodeModule } from "../../run/bundle-node.js";
import { runCase, type SearchCase, type SearchRunSpec } from "./run-case.js";

const { spec, bin } = workerData as { spec: SearchRunSpec; bin: string };
const port = parentPort!;
// A node program's promise nobody awaited (a fire-and-forget rpc to a killed peer) must not end the
// worker: a node process logs it and goes on, and so does `npm run sim`. Counted, not printed.
let unhandled = 0;
process.on("unhandledRejection", () => void unhandled++);

/**
 * Where a run's temporary store goes: /dev/shm (memory) where there is one,
 * else the temporary folder. Each run writes its store and deletes it within
 * tens of ms; on a disk, two workers' runs then wait on the disk, and on
 * this project's 2-core machine a run took 25 ms on /tmp and 18 on /dev/shm.
 */
function scratchDir(): string {
  try {
    accessSync("/dev/shm", constants.W_OK);
    return "/dev/shm";
  } catch {
    return tmpdir();
  }
}

const install = await loadNodeProgram(bin, process.cwd(), importNodeModule);
const storeDir = mkdtempSync(join(scratchDir(), "maelstrom-search-"));
process.on("exit", () => rmSync(storeDir, { recursive: true, force: true }));
port.on("message", (c: SearchCase | "close") => {
  if (c === "close") {
    rmSync(storeDir, { recursive: true, force: true });
    port.close();
    return;
  }
  runCase(spec, install, c, storeDir).then(
    (r) => port.postMessage({ ok: r }),
    (e: unknown) => port.postMessage({ error: { id: c.id, message: e instanceof Error ? (e.stack ?? e.message) : String(e) } }),
  );
});
port.postMessage({ ready: true });
