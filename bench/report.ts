// How every benchmark reports: one JSON line per figure on stdout (`{"name", "value", "unit"}`, as
// BENCHMARKS.md records them), and progress or diagnostics on stderr.

export function emit(name: string, value: number, unit: string): void {
  console.log(JSON.stringify({ name, value: Math.round(value * 10) / 10, unit }));
}

export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Nearest-rank percentile: the smallest value with at least `p` of the values at or below it. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))]!;
}

export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}
