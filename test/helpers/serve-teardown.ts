import { closeSync, constants, openSync, rmSync } from "node:fs";
import type { Server } from "node:http";

/**
 * Ends a serve test: frees any open() still blocked on one of the test's
 * FIFOs (were serve to open one, the bug those tests look for, a writer that
 * comes and goes lets it go), closes the server and removes the scratch folder.
 */
export async function serveTeardown(server: Server, fifos: readonly string[], scratch: string): Promise<void> {
  for (const f of fifos) {
    try {
      closeSync(openSync(f, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // no reader waiting: nothing to free
    }
  }
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(scratch, { recursive: true, force: true });
}
