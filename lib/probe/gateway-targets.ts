import type { ClusterClient } from "@/lib/k8s/cluster-client";
import { allowedAddresses, EndpointRefusedError, type EndpointGuardOptions } from "@/lib/k8s/endpoint-guard";
import type { GatewayTarget } from "./gateway-client";

type ServiceObject = {
  spec?: { ports?: Array<{ port?: number; name?: string }> };
  status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> } };
};

export type TargetResult =
  { ok: true; target: GatewayTarget } | { ok: false; phase: "address" | "refused"; why: string };

export type LoadBalancerResult =
  | { ok: true; service: ServiceObject; addresses: string[]; kind: "ip" | "hostname" }
  | { ok: false; phase: "address"; why: string };

/**
 * What a gateway Service's load balancer publishes, read from its status through the cluster's
 * credentials: every IP, or else its host name. What a probe calls and what DNS points clients at.
 */
export async function loadBalancerAddresses(
  client: ClusterClient,
  cluster: string,
  service: { namespace: string; name: string },
): Promise<LoadBalancerResult> {
  const ref = `${service.namespace}/${service.name}`;
  let svc: ServiceObject | null;
  try {
    svc = await client.get<ServiceObject & { apiVersion: string; kind: string; metadata: { name: string } }>(
      "v1",
      "Service",
      service.namespace,
      service.name,
    );
  } catch (err) {
    return {
      ok: false,
      phase: "address",
      why: `cannot read Service ${ref} in cluster ${cluster}: ${(err as Error).message}`,
    };
  }
  if (!svc)
    return { ok: false, phase: "address", why: `Service ${ref} does not exist in cluster ${cluster}` };
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  const ips = ingress.map((i) => i.ip).filter((ip): ip is string => !!ip);
  const hostname = ingress.find((i) => i.hostname)?.hostname;
  if (ips.length > 0) return { ok: true, service: svc, addresses: ips, kind: "ip" };
  if (hostname) return { ok: true, service: svc, addresses: [hostname], kind: "hostname" };
  return {
    ok: false,
    phase: "address",
    why: `Service ${ref} in cluster ${cluster} has no load-balancer address yet`,
  };
}

/**
 * Where a gateway Service takes external traffic: its load balancer's address from status, on the
 * Service port of the listener. Only addresses read from a registered cluster's Service status are
 * ever probed, and each must pass the endpoint guard (no metadata service, no link-local address,
 * loopback only where insecure clusters are allowed); a load balancer that publishes a host name is
 * resolved once here and the connection pinned to what the guard passed.
 */
export async function gatewayTarget(
  client: ClusterClient,
  cluster: string,
  role: GatewayTarget["role"],
  service: { namespace: string; name: string },
  listener: { port: number; tls: boolean },
  guard: EndpointGuardOptions,
): Promise<TargetResult> {
  const ref = `${service.namespace}/${service.name}`;
  const lb = await loadBalancerAddresses(client, cluster, service);
  if (!lb.ok) return lb;
  const svc = lb.service;
  const published = lb.addresses[0]!;
  if (!(svc.spec?.ports ?? []).some((p) => p.port === listener.port))
    return {
      ok: false,
      phase: "address",
      why: `Service ${ref} in cluster ${cluster} has no port ${listener.port}`,
    };
  let addresses: string[];
  try {
    addresses = await allowedAddresses(published, guard);
  } catch (err) {
    const phase = err instanceof EndpointRefusedError && err.why === "refused" ? "refused" : "address";
    return { ok: false, phase, why: `${ref} in cluster ${cluster}: ${(err as Error).message}` };
  }
  return {
    ok: true,
    target: { cluster, role, service: ref, address: addresses[0]!, port: listener.port, tls: listener.tls },
  };
}
