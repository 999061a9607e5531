import type { Comparison } from "./compare-output.js";
import { describeDifference } from "./json-diff.js";
import type { Style } from "./style.js";

/** The report section for --expect: a line when equal; the first difference, readably, when not. */
export function formatComparison(c: Comparison, expectPath: string, style: Style): string[] {
  if (c.equal) return [style.green(`✓ stdout matches ${expectPath} (${c.lines} line${c.lines === 1 ? "" : "s"})`)];
  const lines = [style.red(style.bold(`✗ stdout differs from ${expectPath}: ${c.differing === 1 ? "1 line differs" : `${c.differing} lines differ`}; the first difference:`))];
  const d = c.first;
  const out = `output line ${d.index + 1}`;
  switch (d.kind) {
    case "changed":
      lines.push(`  ${out} is not the expected line (${expectPath}:${d.expected.fileLine})`);
      lines.push(`    expected: ${d.expected.text}`);
      lines.push(`    actual:   ${d.actual}`);
      if (d.fields.length === 0) lines.push(style.yellow("    (not both JSON, so compared as text)"));
      for (const f of d.fields) lines.push(style.yellow(`    ${describeDifference(f)}`));
      if (c.actualCount < c.expectedCount) lines.push(`  and the node wrote ${c.expectedCount - c.actualCount} line(s) fewer than expected (${c.actualCount}, not ${c.expectedCount})`);
      if (c.actualCount > c.expectedCount) lines.push(`  and the node wrote ${c.actualCount - c.expectedCount} line(s) more than expected (${c.actualCount}, not ${c.expectedCount})`);
      break;
    case "missing": {
      const more = c.expectedCount - c.actualCount;
      lines.push(`  missing output: the node wrote ${c.actualCount} line${c.actualCount === 1 ? "" : "s"}, ${c.expectedCount} were expected; ${more === 1 ? "the missing one" : `the first of ${more} missing`} (${expectPath}:${d.expected.fileLine}):`);
      lines.push(`    expected: ${d.expected.text}`);
      break;
    }
    case "extra": {
      const more = c.actualCount - c.expectedCount;
      lines.push(`  extra output: the node wrote ${c.actualCount} lines, only ${c.expectedCount} were expected; ${more === 1 ? "the extra one" : `the first of ${more} extra`} (${out}):`);
      lines.push(`    actual:   ${d.actual}`);
      break;
    }
  }
  return lines;
}
