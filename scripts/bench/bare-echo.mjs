#!/usr/bin/env node
// The upper bound for echo throughput: readline, JSON.parse, JSON.stringify,
// one write per reply, and nothing else (no validation, no dispatch, no logs).
import { createInterface } from "node:readline";

let next = 0;
const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on("line", (line) => {
  const m = JSON.parse(line);
  const b = m.body;
  const type = b.type === "init" ? "init_ok" : "echo_ok";
  const body = type === "init_ok" ? { type, msg_id: ++next, in_reply_to: b.msg_id } : { type, echo: b.echo, msg_id: ++next, in_reply_to: b.msg_id };
  process.stdout.write(JSON.stringify({ src: m.dest, dest: m.src, body }) + "\n");
});
rl.on("close", () => process.exit(0));
