// The product gateway's error rate over the last window, summed over every cluster it runs in, from
// the Prometheus configured for each cluster. Unknown (not observed) when a cluster has no
// Prometheus or its Prometheus cannot answer: the stage gate then holds unless overridden.
import { clusterPrometheusUrls } from "@/lib/env";
import type { GatewaySpec } from "@/lib/topology";
import { readGatewayErrorRate } from "@/lib/traffic/gateway-error-rate";
import type { ErrorRateEvidence } from "./stage-gate";

export async function readStageErrorRate(input: {
  gateway: GatewaySpec;
  windowSeconds: number;
  /** The environment to read PORTICO_PROMETHEUS_URL[_<CLUSTER>] from; read at call time. */
  source?: Record<string, string | undefined>;
}): Promise<ErrorRateEvidence> {
  const source = input.source ?? process.env;
  const clusters = [...new Set(input.gateway.placement.map((p) => p.cluster))];
  const gateway = { namespace: input.gateway.namespace, workload: input.gateway.name };
  const timeoutMs = (Number(source.PORTICO_PROMETHEUS_TIMEOUT_S) || 5) * 1000;
  let perCluster: Record<string, string>;
  try {
    perCluster = clusterPrometheusUrls(source);
  } catch (err) {
    return { observed: false, why: (err as Error).message, queries: [] };
  }
  const queries: Array<{ cluster: string; prometheus: string; query: string }> = [];
  let requests = 0;
  let errors = 0;
  for (const cluster of clusters) {
    const url = perCluster[cluster] ?? source.PORTICO_PROMETHEUS_URL;
    if (!url)
      return {
        observed: false,
        why: `no Prometheus is configured for cluster ${cluster}; set PORTICO_PROMETHEUS_URL (or PORTICO_PROMETHEUS_URL_${cluster.toUpperCase().replace(/-/g, "_")})`,
        queries,
      };
    try {
      const r = await readGatewayErrorRate({
        prometheus: { url, timeoutMs },
        gateway,
        windowSeconds: input.windowSeconds,
      });
      queries.push({ cluster, prometheus: url, query: r.query });
      requests += r.requests;
      errors += r.errors;
    } catch (err) {
      return { observed: false, why: `cluster ${cluster}: ${(err as Error).message}`, queries };
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
