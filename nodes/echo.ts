#!/bin/sh
":" //; exec "$(dirname -- "$0")/../scripts/run-node.sh" "$0" "$@"

// The echo node: answers every `echo` request with `echo_ok` carrying the same
// payload. Run it under Maelstrom's echo workload, or feed it lines by hand:
//   echo '{"type":"echo","echo":"hi","msg_id":1}' | npm run replay -- --bin nodes/echo.ts --init n1
import { z } from "zod";
import { type Node, runIfMain } from "../lib/index.js";

const Echo = z.object({
  echo: z.custom<unknown>((v) => v !== undefined, { message: "required: the payload to send back" }),
});

/** Installs echo on a node: under stdio when this file is run, or in a simulator that imports it. */
export default function install(node: Node): void {
  node.on("echo", Echo, (msg) => ({ type: "echo_ok", echo: msg.body.echo }));
}

runIfMain(import.meta.url, install);
