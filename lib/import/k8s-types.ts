// The typed shapes import reads. Live objects arrive as JSON; these guards only check the envelope,
// every field below it is optional in the published schemas and is read as such.
import type { IGateway } from "@kubernetes-models/istio/networking.istio.io/v1/Gateway";
import type { IVirtualService } from "@kubernetes-models/istio/networking.istio.io/v1/VirtualService";
import type { IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import type { IService } from "kubernetes-models/v1/Service";
import type { K8sObject } from "@/lib/topology";

export type IstioGateway = IGateway & K8sObject;
export type IstioVirtualService = IVirtualService & K8sObject;
export type Ingress = IIngress & K8sObject;
export type Service = IService & K8sObject;
export type HttpRoute = NonNullable<NonNullable<IVirtualService["spec"]>["http"]>[number];
export type IstioStringMatch = NonNullable<NonNullable<HttpRoute["match"]>[number]["uri"]>;
export type IngressPath = NonNullable<
  NonNullable<NonNullable<NonNullable<IIngress["spec"]>["rules"]>[number]["http"]>["paths"]
>[number];

const istio = (o: K8sObject, kind: string) =>
  o.kind === kind && o.apiVersion.startsWith("networking.istio.io/");

export const isIstioGateway = (o: K8sObject): o is IstioGateway => istio(o, "Gateway");
export const isVirtualService = (o: K8sObject): o is IstioVirtualService => istio(o, "VirtualService");
export const isIngress = (o: K8sObject): o is Ingress =>
  o.kind === "Ingress" && o.apiVersion.startsWith("networking.k8s.io/");
export const isService = (o: K8sObject): o is Service => o.kind === "Service" && o.apiVersion === "v1";

export const nsOf = (o: K8sObject) => o.metadata.namespace ?? "default";
export const refOf = (o: K8sObject) => `${nsOf(o)}/${o.metadata.name}`;

/** Istio's merge order (and ingress-nginx's tie break): oldest first, then by namespace/name. */
export function creationOrder(a: K8sObject, b: K8sObject): number {
  const ta = String(a.metadata.creationTimestamp ?? "");
  const tb = String(b.metadata.creationTimestamp ?? "");
  return ta < tb ? -1 : ta > tb ? 1 : refOf(a) < refOf(b) ? -1 : 1;
}
