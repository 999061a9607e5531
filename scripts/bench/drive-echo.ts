import { performance } from "node:perf_hooks";
import { spawnNode } from "../../maelstrom-workloads/harness/spawn-node.js";

export interface EchoRun {
  requests: number;
  seconds: number;
  perSecond: number;
}

/**
 * Starts `command`, answers init, then pushes `requests` echo requests through
 * its stdin as fast as the pipe takes them while counting replies on stdout.
 * Time runs from the first request to the last reply. The last reply is
 * checked, so a node that answers wrongly cannot post a figure.
 */
export function driveEcho(command: string[], requests: number): Promise<EchoRun> {
  return new Promise((resolve, reject) => {
    const [bin, ...args] = command as [string, ...string[]];
    const { child } = spawnNode(bin, args, { env: { ...process.env, MAELSTROM_NODE_LOG: "warn" } });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("exit", (code, sig) => {
      if (seen < requests + 1) reject(new Error(`${command.join(" ")} exited (${code ?? sig}) after ${seen} of ${requests + 1} replies; stderr:\n${stderr}`));
    });
    let seen = 0;
    let tail = "";
    let start = 0;
    child.stdout.on("data", (d: Buffer) => {
      const text = tail + d.toString("utf8");
      let i = -1;
      let from = 0;
      while ((i = text.indexOf("\n", from)) !== -1) {
        const line = text.slice(from, i);
        from = i + 1;
        seen++;
        if (seen === 1) {
          if (!line.includes('"init_ok"')) return reject(new Error(`expected init_ok first, got ${line}`));
          start = performance.now();
          void pump();
        } else if (seen === requests + 1) {
          const seconds = (performance.now() - start) / 1000;
          const body = JSON.parse(line).body;
          if (body.type !== "echo_ok" || body.in_reply_to !== requests || body.echo !== `Please echo ${requests % 128}`) {
            return reject(new Error(`last reply is wrong: ${line}`));
          }
          child.stdin.end();
          resolve({ requests, seconds, perSecond: requests / seconds });
        }
      }
      tail = text.slice(from);
    });

    async function pump() {
      const batch = 500;
      for (let k = 1; k <= requests; k += batch) {
        let chunk = "";
        for (let j = k; j < Math.min(k + batch, requests + 1); j++) {
          chunk += `{"id":${j},"src":"c1","dest":"n1","body":{"type":"echo","echo":"Please echo ${j % 128}","msg_id":${j}}}\n`;
        }
        if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once("drain", r));
      }
    }

    child.stdin.write('{"id":0,"src":"c0","dest":"n1","body":{"type":"init","node_id":"n1","node_ids":["n1"],"msg_id":1}}\n');
  });
}
