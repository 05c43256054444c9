// A live request rate on one edge of the topology picture, and how the picture labels it. Pure, so
// the page can import it without the Prometheus reader.

export interface EdgeRate {
  /** The graph edge's id (`source->target`, see `edgeId`). */
  edge: string;
  /** Requests per second over the window (Prometheus' `rate`). */
  requestsPerSecond: number;
  /** Of them, answers with a 5xx status per second. */
  errorsPerSecond: number;
}

/** `2.1 req/s · 0.5 % 5xx`; `0 req/s` for a series without traffic in the window. */
export function edgeRateLabel(rate: Pick<EdgeRate, "requestsPerSecond" | "errorsPerSecond">): string {
  const rps = rate.requestsPerSecond;
  if (!(rps > 0)) return "0 req/s";
  const share = (Math.min(rate.errorsPerSecond, rps) / rps) * 100;
  return `${formatRate(rps)} req/s · ${formatShare(share)} % 5xx`;
}

/** Sums the rates of several edges (a folded group's edge stands for all of them). */
export function sumEdgeRates(rates: readonly EdgeRate[], edge: string): EdgeRate {
  return {
    edge,
    requestsPerSecond: rates.reduce((n, r) => n + r.requestsPerSecond, 0),
    errorsPerSecond: rates.reduce((n, r) => n + r.errorsPerSecond, 0),
  };
}

function formatRate(v: number): string {
  if (v >= 100) return String(Math.round(v));
  if (v >= 0.1) return v.toFixed(1).replace(/\.0$/, "");
  // Below 0.1 req/s one significant digit keeps "0.03" from reading as "0".
  return v < 0.001 ? "< 0.001" : String(Number(v.toPrecision(1)));
}

function formatShare(pct: number): string {
  if (pct === 0) return "0";
  if (pct < 0.1) return "< 0.1";
  return pct >= 10 ? String(Math.round(pct)) : pct.toFixed(1).replace(/\.0$/, "");
}
