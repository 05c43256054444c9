// Istio's automated deployment for Gateway API: for each Gateway of an Istio class that does not
// name an existing Service, istiod creates a Deployment and a Service called `<gateway>-<class>`
// (pilot/pkg/config/kube/gatewaycommon/deploymentcontroller.go and its kube-gateway template).
import { type KObject } from "../json";
import { matchesLabels } from "../label-selector";
import {
  GATEWAY_API_GROUP,
  findService,
  gatewayServiceRef,
  isIstioGateway,
  isManagedGateway,
  managedGatewayName,
  nsName,
  olderFirst,
} from "./gateway-api-attachment";
import { type ClusterConfig, type Workload } from "./types";

export const GATEWAY_NAME_LABEL = "gateway.networking.k8s.io/gateway-name";
export const ISTIO_GATEWAY_NAME_LABEL = "istio.io/gateway-name";
const CLASS_NAME_LABEL = "gateway.networking.k8s.io/gateway-class-name";

// Annotations Istio reads itself and never copies onto what it deploys.
const NOT_COPIED = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  "gateway.istio.io/name-override",
  "gateway.istio.io/service-account",
  "gateway.istio.io/controller-version",
]);

const SERVICE_TYPES = new Set(["ClusterIP", "NodePort", "LoadBalancer"]);

/** The Service type Istio gives a Gateway: LoadBalancer unless annotated otherwise. */
export function gatewayServiceType(gw: KObject): string {
  return gw.metadata?.annotations?.["networking.istio.io/service-type"] ?? "LoadBalancer";
}

/** False when the Gateway asks for something the deployer cannot honour (its Accepted reason). */
export function gatewayParametersProblem(gw: KObject): string | undefined {
  const type = gatewayServiceType(gw);
  if (!SERVICE_TYPES.has(type)) return `unsupported service type ${type}`;
  // Note: the snapshot carries no ConfigMaps, so an infrastructure parametersRef cannot be honoured;
  // refusing it is better than deploying something other than what was asked.
  if (gw.spec?.infrastructure?.parametersRef)
    return "infrastructure.parametersRef is not supported by the simulator";
  return undefined;
}

function ownerReference(gw: KObject): KObject {
  return {
    apiVersion: `${GATEWAY_API_GROUP}/v1`,
    kind: "Gateway",
    name: gw.metadata.name,
    uid: gw.metadata.uid,
  };
}

function copiedAnnotations(gw: KObject): Record<string, string> {
  return Object.fromEntries(
    Object.entries((gw.metadata?.annotations ?? {}) as Record<string, string>).filter(
      ([k]) => !NOT_COPIED.has(k),
    ),
  );
}

/** Port names come from listener names (no dots, at most 63 characters, unique within the Service). */
function servicePorts(gw: KObject): KObject[] {
  const ports: KObject[] = [{ name: "status-port", port: 15021, protocol: "TCP", appProtocol: "tcp" }];
  const used = new Set(["status-port"]);
  const seenPorts = new Set<number>();
  ((gw.spec?.listeners ?? []) as KObject[]).forEach((l, i) => {
    if (seenPorts.has(l.port)) return;
    seenPorts.add(l.port);
    const protocol = String(l.protocol ?? "").toLowerCase();
    let name = (String(l.name ?? "").replaceAll(".", "-") || `${protocol}-${i}`).slice(0, 63);
    if (used.has(name)) name = `${name.slice(0, 63 - String(l.port).length - 1)}-${l.port}`;
    used.add(name);
    ports.push({ name, port: l.port, protocol: "TCP", appProtocol: protocol });
  });
  return ports;
}

/**
 * Deployment and Service Istio would create for each managed Istio Gateway, ordered by namespace
 * and name. Note: the pod template keeps the injection marks of Istio ≤ 1.17 (template "gateway",
 * sidecar.istio.io/inject "true"), the same marks Portico's own gateway Deployments carry, so the
 * runtime recognises every gateway proxy one way; Istio ≥ 1.18 renders the proxy container itself.
 */
export function desiredGatewayWorkloads(config: ClusterConfig): { deployment: KObject; service: KObject }[] {
  return config.k8sGateways
    .filter((gw) => isIstioGateway(config, gw) && isManagedGateway(gw) && !gatewayParametersProblem(gw))
    .sort((a, b) => (nsName(a) < nsName(b) ? -1 : nsName(a) > nsName(b) ? 1 : 0))
    .map((gw) => {
      const name = managedGatewayName(gw);
      const namespace: string = gw.metadata.namespace;
      const gatewayName: string = gw.metadata.name;
      const labels = {
        ...(gw.metadata?.labels ?? {}),
        [GATEWAY_NAME_LABEL]: gatewayName,
        [ISTIO_GATEWAY_NAME_LABEL]: gatewayName,
        [CLASS_NAME_LABEL]: gw.spec.gatewayClassName,
      };
      const annotations = copiedAnnotations(gw);
      const serviceAccount: string = gw.metadata?.annotations?.["gateway.istio.io/service-account"] ?? name;
      const deployment: KObject = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: {
          name,
          namespace,
          labels: { ...labels, "gateway.istio.io/managed": "istio.io-gateway-controller" },
          annotations,
          ownerReferences: [ownerReference(gw)],
        },
        spec: {
          selector: { matchLabels: { [GATEWAY_NAME_LABEL]: gatewayName } },
          template: {
            metadata: {
              annotations: { ...annotations, "inject.istio.io/templates": "gateway" },
              labels: {
                ...labels,
                "sidecar.istio.io/inject": "true",
                "service.istio.io/canonical-name": name,
                "service.istio.io/canonical-revision": "latest",
              },
            },
            spec: {
              serviceAccountName: serviceAccount,
              securityContext: { sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }] },
              containers: [
                {
                  name: "istio-proxy",
                  image: "auto",
                  ports: [{ containerPort: 15021, name: "status-port", protocol: "TCP" }],
                  readinessProbe: { httpGet: { path: "/healthz/ready", port: 15021, scheme: "HTTP" } },
                },
              ],
            },
          },
        },
      };
      const type = gatewayServiceType(gw);
      const service: KObject = {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name, namespace, labels, annotations, ownerReferences: [ownerReference(gw)] },
        spec: { type, selector: { [GATEWAY_NAME_LABEL]: gatewayName }, ports: servicePorts(gw) },
      };
      const address: KObject | undefined = gw.spec?.addresses?.[0];
      if (address && type === "LoadBalancer") service.spec.loadBalancerIP = address.value;
      return { deployment, service };
    });
}

/**
 * The Istio Gateway whose traffic a gateway Deployment's pods carry: the Gateway named by their
 * gateway-name label in their namespace, or a Gateway whose address names a Service selecting
 * them (manual deployment). When several qualify, the oldest (then by namespace/name) wins.
 */
export function gatewayForWorkload(config: ClusterConfig, workload: Workload): KObject | undefined {
  return config.k8sGateways
    .filter((gw) => isIstioGateway(config, gw))
    .sort(olderFirst)
    .find((gw) => {
      if (isManagedGateway(gw)) {
        return (
          gw.metadata.namespace === workload.namespace &&
          workload.labels[GATEWAY_NAME_LABEL] === gw.metadata.name
        );
      }
      const ref = gatewayServiceRef(gw);
      const selector: Record<string, string> =
        findService(config, ref.namespace, ref.name)?.spec?.selector ?? {};
      if (ref.namespace !== workload.namespace || Object.keys(selector).length === 0) return false;
      return matchesLabels(
        Object.entries(selector).map(([key, v]) => ({ key, op: "=", values: [v] })),
        workload.labels,
      );
    });
}
