import { z } from "zod";
import type { K8sObject } from "@/lib/topology";
import { AuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy";
import { RequestAuthentication } from "@kubernetes-models/istio/security.istio.io/v1/RequestAuthentication";
import { DestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1/DestinationRule";
import { Gateway as IstioGateway } from "@kubernetes-models/istio/networking.istio.io/v1/Gateway";
import { ServiceEntry } from "@kubernetes-models/istio/networking.istio.io/v1/ServiceEntry";
import { VirtualService } from "@kubernetes-models/istio/networking.istio.io/v1/VirtualService";
import { Gateway as ApiGateway } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway";
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { ReferenceGrant } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1beta1/ReferenceGrant";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";

type Model = new (data: never) => { validate(): void };

/**
 * external-dns publishes no model package; this is its DNSEndpoint CRD's OpenAPI schema
 * (externaldns.k8s.io/v1alpha1, config/crd/standard/dnsendpoint.yaml) written as zod. Unknown
 * fields are refused, as a structural schema would prune them silently.
 */
const DnsEndpointSpec = z.strictObject({
  apiVersion: z.literal("externaldns.k8s.io/v1alpha1"),
  kind: z.literal("DNSEndpoint"),
  metadata: z.object({ name: z.string().min(1), namespace: z.string().min(1) }).passthrough(),
  spec: z.strictObject({
    endpoints: z.array(
      z.strictObject({
        dnsName: z.string(),
        labels: z.record(z.string(), z.string()).optional(),
        providerSpecific: z.array(z.strictObject({ name: z.string(), value: z.string() })).optional(),
        recordTTL: z.number().int().optional(),
        recordType: z.string().optional(),
        setIdentifier: z.string().optional(),
        targets: z.array(z.string()).optional(),
      }),
    ),
  }),
});

class DnsEndpointModel {
  constructor(private readonly data: unknown) {}
  validate(): void {
    const r = DnsEndpointSpec.safeParse(this.data);
    if (!r.success)
      throw new Error(r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  }
}

const MODELS: Record<string, Model> = {
  "networking.istio.io/v1/Gateway": IstioGateway as unknown as Model,
  "networking.istio.io/v1/VirtualService": VirtualService as unknown as Model,
  "networking.istio.io/v1/DestinationRule": DestinationRule as unknown as Model,
  "networking.istio.io/v1/ServiceEntry": ServiceEntry as unknown as Model,
  "security.istio.io/v1/AuthorizationPolicy": AuthorizationPolicy as unknown as Model,
  "security.istio.io/v1/RequestAuthentication": RequestAuthentication as unknown as Model,
  "gateway.networking.k8s.io/v1/Gateway": ApiGateway as unknown as Model,
  "gateway.networking.k8s.io/v1/HTTPRoute": HTTPRoute as unknown as Model,
  "gateway.networking.k8s.io/v1beta1/ReferenceGrant": ReferenceGrant as unknown as Model,
  "apps/v1/Deployment": Deployment as unknown as Model,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler as unknown as Model,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget as unknown as Model,
  "rbac.authorization.k8s.io/v1/Role": Role as unknown as Model,
  "rbac.authorization.k8s.io/v1/RoleBinding": RoleBinding as unknown as Model,
  "v1/Namespace": Namespace as unknown as Model,
  "v1/Service": Service as unknown as Model,
  "v1/ServiceAccount": ServiceAccount as unknown as Model,
  "externaldns.k8s.io/v1alpha1/DNSEndpoint": DnsEndpointModel as unknown as Model,
};

/**
 * Validates an object against the published Istio, Gateway API and Kubernetes schemas.
 * Returns the validation error message, or undefined when valid. Test-only: keeps the schema
 * packages out of the runtime bundle of the UI.
 */
export function schemaError(obj: K8sObject): string | undefined {
  const model = MODELS[`${obj.apiVersion}/${obj.kind}`];
  if (!model) return `no published schema known for ${obj.apiVersion} ${obj.kind}`;
  try {
    new model(structuredClone(obj) as never).validate();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
