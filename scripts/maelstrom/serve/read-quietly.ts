import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";

/** A directory's entries; none if it cannot be read. (Files are read only through store-file.ts.) */
export async function dirents(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
