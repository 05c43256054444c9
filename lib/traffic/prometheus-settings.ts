// Which Prometheus servers to ask about a topology's clusters, from the process's settings.
import { clusterPrometheusUrls, env } from "@/lib/env";

/**
 * The distinct Prometheus base URLs for `clusters`: each cluster's `PORTICO_PROMETHEUS_URL_<CLUSTER>`,
 * else `PORTICO_PROMETHEUS_URL`. Empty when none is set.
 */
export function prometheusUrlsFor(clusters: readonly string[]): string[] {
  const perCluster = clusterPrometheusUrls();
  const fallback = env().PORTICO_PROMETHEUS_URL;
  const urls = new Set<string>();
  for (const c of clusters) {
    const u = perCluster[c] ?? fallback;
    if (u) urls.add(u);
  }
  if (clusters.length === 0 && fallback) urls.add(fallback);
  return [...urls];
}

/**
 * The same, with the clusters each URL speaks for: a Prometheus named by
 * `PORTICO_PROMETHEUS_URL_<CLUSTER>` scrapes that cluster; the fallback scrapes every cluster
 * without its own.
 */
export function prometheusTargetsFor(clusters: readonly string[]): { url: string; clusters: string[] }[] {
  const perCluster = clusterPrometheusUrls();
  const fallback = env().PORTICO_PROMETHEUS_URL;
  const byUrl = new Map<string, string[]>();
  for (const c of clusters) {
    const u = perCluster[c] ?? fallback;
    if (u) byUrl.set(u, [...(byUrl.get(u) ?? []), c]);
  }
  return [...byUrl].map(([url, cs]) => ({ url, clusters: cs }));
}
