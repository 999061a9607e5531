// Maelstrom's g-counter is its pn-counter with negative adds filtered out; both live in pn-counter.ts.
export { gCounterWorkload } from "./pn-counter.js";
