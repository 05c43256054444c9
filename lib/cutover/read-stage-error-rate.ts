// The product gateway's error rate over the last window, from the Prometheus configured for the
// clusters it runs in (each distinct Prometheus asked once, the counts summed). Unknown (not
// observed) when a cluster has no Prometheus or one cannot answer: the stage gate then holds unless
// overridden.
import { clusterPrometheusUrls, env } from "@/lib/env";
import type { GatewaySpec } from "@/lib/topology";
import { readGatewayErrorRate } from "@/lib/traffic/gateway-error-rate";
import { prometheusUrlsFor } from "@/lib/traffic/prometheus-settings";
import type { ErrorRateEvidence } from "./stage-gate";

export async function readStageErrorRate(input: {
  gateway: GatewaySpec;
  windowSeconds: number;
}): Promise<ErrorRateEvidence> {
  const clusters = [...new Set(input.gateway.placement.map((p) => p.cluster))];
  const gateway = { namespace: input.gateway.namespace, workload: input.gateway.name };
  let urls: string[];
  try {
    const perCluster = clusterPrometheusUrls();
    const missing = clusters.filter((c) => !(perCluster[c] ?? env().PORTICO_PROMETHEUS_URL));
    if (missing.length > 0)
      return {
        observed: false,
        why: `no Prometheus is configured for cluster ${missing.join(", ")}; set PORTICO_PROMETHEUS_URL (or PORTICO_PROMETHEUS_URL_${missing[0]!.toUpperCase().replace(/-/g, "_")})`,
        queries: [],
      };
    urls = prometheusUrlsFor(clusters);
  } catch (err) {
    return { observed: false, why: (err as Error).message, queries: [] };
  }
  const queries: Array<{ prometheus: string; query: string }> = [];
  let requests = 0;
  let errors = 0;
  for (const url of urls) {
    try {
      const r = await readGatewayErrorRate({
        prometheus: { url, timeoutMs: env().PORTICO_PROMETHEUS_TIMEOUT_S * 1000 },
        gateway,
        windowSeconds: input.windowSeconds,
      });
      queries.push({ prometheus: url, query: r.query });
      requests += r.requests;
      errors += r.errors;
    } catch (err) {
      return { observed: false, why: (err as Error).message, queries };
    }
  }
  return {
    observed: true,
    errorRate: requests > 0 ? errors / requests : null,
    requests,
    errors,
    windowSeconds: input.windowSeconds,
    queries,
  };
}
