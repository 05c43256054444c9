import type { K8sObject } from "@/lib/topology";

/** The part of ClusterClient import uses: reads only, so import can never change a cluster. */
export interface IngressReader {
  list(apiVersion: string, kind: string): Promise<K8sObject[]>;
  hasGroup(group: string): Promise<boolean>;
}

export interface IngressObjects {
  objects: K8sObject[];
  /** Whether Services were read, so missing backends can be told apart from unread ones. */
  servicesRead: boolean;
  /** What could not be read, in words. */
  notes: string[];
}

/**
 * Lists what makes up a cluster's ingress: Istio Gateways and VirtualServices, Kubernetes Ingress
 * objects, and Services (ports and existence of backends). Nothing but list calls.
 */
export async function readIngressObjects(client: IngressReader): Promise<IngressObjects> {
  const notes: string[] = [];
  const objects: K8sObject[] = [];
  const withKind = (items: K8sObject[], apiVersion: string, kind: string) =>
    items.map((o) => ({ ...o, apiVersion: o.apiVersion ?? apiVersion, kind: o.kind ?? kind }));
  if (await client.hasGroup("networking.istio.io")) {
    for (const kind of ["Gateway", "VirtualService"]) {
      try {
        objects.push(
          ...withKind(await client.list("networking.istio.io/v1", kind), "networking.istio.io/v1", kind),
        );
      } catch {
        // Istio before 1.22 serves v1beta1 only.
        objects.push(
          ...withKind(
            await client.list("networking.istio.io/v1beta1", kind),
            "networking.istio.io/v1beta1",
            kind,
          ),
        );
      }
    }
  } else {
    notes.push(
      "The cluster does not serve networking.istio.io (Istio is not installed); only Ingress objects were read.",
    );
  }
  objects.push(
    ...withKind(await client.list("networking.k8s.io/v1", "Ingress"), "networking.k8s.io/v1", "Ingress"),
  );
  let servicesRead = true;
  try {
    objects.push(...withKind(await client.list("v1", "Service"), "v1", "Service"));
  } catch (err) {
    servicesRead = false;
    notes.push(
      `Services could not be listed (${(err as Error).message}); backend ports are taken from the routes.`,
    );
  }
  return { objects, servicesRead, notes };
}
