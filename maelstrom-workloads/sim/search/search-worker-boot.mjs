// The entry of a search worker thread. A worker does not inherit the module
// hooks tsx installs in the main thread (whether that runs under tsx, vitest
// or plain node), so it registers tsx's loader itself, then loads the worker
// proper (search-worker.ts), which may then import TypeScript node programs.
// Plain JavaScript, so that it loads before any hook is in place.
import { register } from "tsx/esm/api";

register();
await import(new URL("./search-worker.ts", import.meta.url).href);
