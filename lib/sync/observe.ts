// The few facts of a live object people ask about: is the gateway up, where does it answer.
import type { K8sObject } from "@/lib/topology";

import type { Observed } from "@/lib/api/schemas/clusters";

export type { Observed };

export function observe(obj: K8sObject | undefined): Observed {
  if (!obj) return null;
  const status = (obj.status ?? {}) as Record<string, unknown>;
  if (obj.kind === "Deployment") {
    const spec = (obj.spec ?? {}) as { replicas?: number };
    const replicas = spec.replicas ?? 1;
    const readyReplicas = typeof status.readyReplicas === "number" ? status.readyReplicas : 0;
    return { kind: "Deployment", replicas, readyReplicas, ready: readyReplicas >= replicas };
  }
  if (obj.kind === "Service") {
    const ingress =
      (status.loadBalancer as { ingress?: { ip?: string; hostname?: string }[] } | undefined)?.ingress ?? [];
    return { kind: "Service", addresses: ingress.map((i) => i.hostname ?? i.ip ?? "").filter(Boolean) };
  }
  return null;
}
