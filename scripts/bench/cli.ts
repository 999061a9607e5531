import { parseArgs, type ParseArgsConfig } from "node:util";

/** A benchmark's bad command line: prints why and the usage, and exits 254 (as the test commands do for bad arguments). */
export function usageError(name: string, usage: string, why: string): never {
  console.error(`${name}: ${why}\n${usage}`);
  process.exit(254);
}

/**
 * A benchmark's command line, read by node:util's parseArgs with -h/--help
 * added to `config`'s options: --help prints the usage and exits 0, and an
 * option parseArgs refuses ends in usageError. `name` starts each error line.
 */
export function benchArgs<T extends ParseArgsConfig>(name: string, usage: string, config: T): ReturnType<typeof parseArgs<T>> {
  let parsed;
  try {
    parsed = parseArgs({ ...config, options: { ...config.options, help: { type: "boolean", short: "h" } } });
  } catch (e) {
    usageError(name, usage, (e as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed as ReturnType<typeof parseArgs<T>>;
}
