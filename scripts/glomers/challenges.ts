// The Gossip Glomers challenges (fly.io/dist-sys): for each, the flags fly.io
// gives for `./maelstrom test`, and this project's example node that passes it.
// `npm run glomers` runs them all; test/scripts/glomers.test.ts runs them on
// the simulator with a shorter time limit.
/** The challenges: fly.io's flags for each (its --bin replaced by ours). */
export const CHALLENGES: readonly { id: string; name: string; bin: string; flags: string }[] = [
  { id: "1", name: "Echo", bin: "nodes/echo.ts", flags: "-w echo --node-count 1 --time-limit 10" },
  { id: "2", name: "Unique ID Generation", bin: "nodes/unique-ids.ts", flags: "-w unique-ids --time-limit 30 --rate 1000 --node-count 3 --availability total --nemesis partition" },
  { id: "3a", name: "Single-Node Broadcast", bin: "nodes/broadcast.ts", flags: "-w broadcast --node-count 1 --time-limit 20 --rate 10" },
  { id: "3b", name: "Multi-Node Broadcast", bin: "nodes/broadcast.ts", flags: "-w broadcast --node-count 5 --time-limit 20 --rate 10" },
  { id: "3c", name: "Fault Tolerant Broadcast", bin: "nodes/broadcast.ts", flags: "-w broadcast --node-count 5 --time-limit 20 --rate 10 --nemesis partition" },
  { id: "3d", name: "Efficient Broadcast, Part I", bin: "nodes/broadcast.ts", flags: "-w broadcast --node-count 25 --time-limit 20 --rate 100 --latency 100" },
  { id: "3e", name: "Efficient Broadcast, Part II", bin: "nodes/broadcast.ts", flags: "-w broadcast --node-count 25 --time-limit 20 --rate 100 --latency 100" },
  { id: "4", name: "Grow-Only Counter", bin: "nodes/g-counter.ts", flags: "-w g-counter --node-count 3 --rate 100 --time-limit 20 --nemesis partition" },
  { id: "5a", name: "Single-Node Kafka-Style Log", bin: "nodes/kafka.ts", flags: "-w kafka --node-count 1 --concurrency 2n --time-limit 20 --rate 1000" },
  { id: "5b", name: "Multi-Node Kafka-Style Log", bin: "nodes/kafka.ts", flags: "-w kafka --node-count 2 --concurrency 2n --time-limit 20 --rate 1000" },
  { id: "5c", name: "Efficient Kafka-Style Log", bin: "nodes/kafka.ts", flags: "-w kafka --node-count 2 --concurrency 2n --time-limit 20 --rate 1000" },
  { id: "6a", name: "Single-Node, Totally-Available Transactions", bin: "nodes/txn-rw-register.ts", flags: "-w txn-rw-register --node-count 1 --time-limit 20 --rate 1000 --concurrency 2n --consistency-models read-uncommitted --availability total" },
  { id: "6b", name: "Totally-Available, Read Uncommitted Transactions", bin: "nodes/txn-rw-register.ts", flags: "-w txn-rw-register --node-count 2 --concurrency 2n --time-limit 20 --rate 1000 --consistency-models read-uncommitted --availability total --nemesis partition" },
  { id: "6c", name: "Totally-Available, Read Committed Transactions", bin: "nodes/txn-rw-register.ts", flags: "-w txn-rw-register --node-count 2 --concurrency 2n --time-limit 20 --rate 1000 --consistency-models read-committed --availability total --nemesis partition" },
];
