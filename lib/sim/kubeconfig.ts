import { stringify } from "yaml";

export interface KubeconfigCluster {
  name: string;
  server: string;
  token: string;
  ca?: string;
}

/** One context per cluster, named after it; the first one is current. */
export function kubeconfigFor(clusters: KubeconfigCluster[], currentContext?: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    preferences: {},
    clusters: clusters.map((c) => ({
      name: c.name,
      cluster: {
        server: c.server,
        ...(c.ca ? { "certificate-authority-data": Buffer.from(c.ca).toString("base64") } : {}),
      },
    })),
    users: clusters.map((c) => ({ name: `${c.name}-admin`, user: { token: c.token } })),
    contexts: clusters.map((c) => ({ name: c.name, context: { cluster: c.name, user: `${c.name}-admin` } })),
    "current-context": currentContext ?? clusters[0]?.name ?? "",
  });
}
