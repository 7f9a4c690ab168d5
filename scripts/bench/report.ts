/** Number formatting and plain-text tables for the bench output. */

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function formatInt(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "-";
}

export function formatFixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "-";
}

/** A ratio with two decimals and a `!` when it misses `target` (higher is better when `atLeast`). */
export function formatRatio(value: number, target?: { atLeast?: number; atMost?: number }): string {
  const text = formatFixed(value, 2);
  if (!Number.isFinite(value) || target === undefined) return text;
  const missed =
    (target.atLeast !== undefined && value < target.atLeast) ||
    (target.atMost !== undefined && value > target.atMost);
  return missed ? `${text} !` : `${text}  `;
}

export function printHeading(title: string): void {
  console.log(`\n== ${title} ==\n`);
}

export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
  // The first column is text (left-aligned); every other column is a number (right-aligned).
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  console.log(line(header));
  console.log(widths.map((width) => "-".repeat(width)).join("  "));
  for (const row of rows) console.log(line(row));
}

/** Progress lines go to stderr so that stdout holds only the tables. */
export function progress(line: string): void {
  console.error(`  ${line}`);
}
