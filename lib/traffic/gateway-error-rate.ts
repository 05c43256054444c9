// The request and 5xx counts of one gateway over a window, from Istio's standard metrics. A gateway
// reports its requests as `reporter="source"` with itself as `source_workload`, so the gateway's
// Deployment name and namespace select its series.
import { promAnyOf, promString, queryInstant, type PrometheusTarget } from "./prometheus-client";

export interface GatewayWorkload {
  namespace: string;
  /** The gateway Deployment's name (`gatewayWorkloads` gives it for a topology gateway). */
  workload: string;
}

export interface GatewayErrorRate {
  /** Requests the gateway answered in the window (Prometheus' `increase`, so not always whole). */
  requests: number;
  /** Of them, answers with a 5xx status. */
  errors: number;
  /** errors / requests; null when no request arrived (no evidence either way). */
  errorRate: number | null;
  /** requests / windowSeconds. */
  requestsPerSecond: number;
  /** The PromQL behind the figures. */
  query: string;
}

/** The label matchers of the series a gateway reports, optionally only to some destinations. */
export function gatewaySelector(gateway: GatewayWorkload, destinationServices?: readonly string[]): string {
  const m = [
    `reporter="source"`,
    `source_workload=${promString(gateway.workload)}`,
    `source_workload_namespace=${promString(gateway.namespace)}`,
  ];
  if (destinationServices) m.push(`destination_service=~${promAnyOf(destinationServices)}`);
  return m.join(",");
}

/** Requests and 5xx of one gateway, in one query (two series told apart by a `kind` label). */
export function gatewayErrorRateQuery(
  gateway: GatewayWorkload,
  windowSeconds: number,
  destinationServices?: readonly string[],
): string {
  const sel = gatewaySelector(gateway, destinationServices);
  const w = `${Math.round(windowSeconds)}s`;
  return (
    `label_replace(sum(increase(istio_requests_total{${sel}}[${w}])), "kind", "all", "", "")` +
    ` or label_replace(sum(increase(istio_requests_total{${sel},response_code=~"5.."}[${w}])), "kind", "errors", "", "")`
  );
}

/**
 * What one gateway answered over the last `windowSeconds`, and the share of 5xx. Without
 * `destinationServices` every request of the gateway counts (right for a product gateway, which
 * serves one product only: requests no route serves have `destination_service="unknown"` and would
 * otherwise be missed). With them, only requests routed to those `destination_service` values (a
 * Service's FQDN, or a ServiceEntry host; see `productDestinationServices`) count, which is how a
 * shared gateway's traffic is split by product: Istio's metrics carry no request host.
 * Throws a PrometheusError when Prometheus cannot answer.
 */
export async function readGatewayErrorRate(opts: {
  prometheus: PrometheusTarget;
  gateway: GatewayWorkload;
  windowSeconds: number;
  destinationServices?: readonly string[];
  signal?: AbortSignal;
}): Promise<GatewayErrorRate> {
  const query = gatewayErrorRateQuery(opts.gateway, opts.windowSeconds, opts.destinationServices);
  const samples = await queryInstant(opts.prometheus, query, opts.signal ? { signal: opts.signal } : {});
  const value = (kind: string) => samples.find((s) => s.metric.kind === kind)?.value ?? 0;
  const requests = value("all");
  const errors = value("errors");
  return {
    requests,
    errors,
    errorRate: requests > 0 ? errors / requests : null,
    requestsPerSecond: requests / opts.windowSeconds,
    query,
  };
}
