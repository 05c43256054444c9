// Durations in Istio objects: protobuf JSON ("10s", "1.5s") and, since kubectl users write them
// too, Go-style strings ("500ms", "1m30s").
const UNIT_MS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 1e-6,
};
const PART = /(\d+(?:\.\d*)?|\.\d+)(h|ms|m|s|us|µs|ns)/y;

/** Milliseconds, or undefined when the text is not a duration. */
export function parseIstioDuration(text: unknown): number | undefined {
  if (typeof text !== "string" || text.length === 0) return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const m = PART.exec(text);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
  }
  return total;
}
