import { type KObject } from "../json";
import { gatewayForWorkload } from "./gateway-api-deployer";
import { INGRESS_NGINX_CONTROLLER, type IngressNginxClass } from "./ingress-nginx-servers";
import { type ClusterConfig, type Workload } from "./types";

/** A LoadBalancer Service in front of a gateway Deployment: what gets an address and listeners. */
export interface GatewayService {
  service: KObject;
  deployment: KObject;
  workload: Workload;
  /** At least one replica ready. */
  ready: boolean;
  /** "ns/name" of the Gateway API Gateway this workload was deployed for, if any. */
  k8sGateway?: string;
  /** Set when the workload is an ingress-nginx controller: the Ingresses it serves. */
  ingressNginx?: IngressNginxClass;
}

/**
 * Deployments that run Envoy as a gateway: Istio's gateway injection (what Portico renders and
 * what Istio deploys for a Gateway API Gateway), or an istio-proxy container of the proxyv2 image
 * (the Helm-installed istio-ingressgateway).
 */
export function isGatewayDeployment(d: KObject): boolean {
  const tpl = d.spec?.template;
  const templates = String(tpl?.metadata?.annotations?.["inject.istio.io/templates"] ?? "");
  if (templates.split(",").includes("gateway")) return true;
  const containers: KObject[] = tpl?.spec?.containers ?? [];
  if (containers.some((c) => c.name === "istio-proxy" && /proxyv2/.test(String(c.image ?? "")))) return true;
  return ingressNginxContainer(d) !== undefined;
}

/**
 * The controller container of an ingress-nginx Deployment: the image
 * registry.k8s.io/ingress-nginx/controller, or the chart's labels
 * app.kubernetes.io/name=ingress-nginx and component=controller (then the first container).
 */
function ingressNginxContainer(d: KObject): KObject | undefined {
  const tpl = d.spec?.template;
  const containers: KObject[] = tpl?.spec?.containers ?? [];
  const byImage = containers.find((c) => String(c.image ?? "").includes("ingress-nginx/controller"));
  if (byImage) return byImage;
  const labels = (tpl?.metadata?.labels ?? {}) as Record<string, string>;
  return labels["app.kubernetes.io/name"] === "ingress-nginx" &&
    labels["app.kubernetes.io/component"] === "controller"
    ? containers[0]
    : undefined;
}

// "--flag=value" or "--flag value" in a container's args.
function flag(container: KObject, name: string): string | undefined {
  const args = [...((container.command ?? []) as unknown[]), ...((container.args ?? []) as unknown[])].map(
    String,
  );
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
    if (a === `--${name}` && i + 1 < args.length) return args[i + 1];
  }
  return undefined;
}

/**
 * The class of an ingress-nginx controller: --ingress-class, else the IngressClass naming its
 * --controller-class (the one marked default-class first), else "nginx".
 */
export function ingressNginxClassOf(config: ClusterConfig, d: KObject): IngressNginxClass | undefined {
  const container = ingressNginxContainer(d);
  if (!container) return undefined;
  const controllerClass = flag(container, "controller-class") ?? INGRESS_NGINX_CONTROLLER;
  const classes = config.ingressClasses
    .filter((ic) => ic.spec?.controller === controllerClass)
    .sort(
      (a, b) =>
        Number(b.metadata?.annotations?.["ingressclass.kubernetes.io/is-default-class"] === "true") -
          Number(a.metadata?.annotations?.["ingressclass.kubernetes.io/is-default-class"] === "true") ||
        String(a.metadata?.name).localeCompare(String(b.metadata?.name)),
    );
  const ingressClass =
    flag(container, "ingress-class") ?? (classes[0]?.metadata?.name as string | undefined) ?? "nginx";
  return { ingressClass, controllerClass };
}

export function selectorMatches(
  selector: Record<string, string> | undefined,
  labels: Record<string, string>,
) {
  if (!selector || Object.keys(selector).length === 0) return false;
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return false;
  return true;
}

export function podLabels(d: KObject): Record<string, string> {
  return (d.spec?.template?.metadata?.labels ?? {}) as Record<string, string>;
}

export function deploymentReady(d: KObject): boolean {
  return (
    typeof d.status?.readyReplicas === "number" &&
    d.status.readyReplicas > 0 &&
    d.status.observedGeneration === d.metadata.generation
  );
}

export function gatewayServices(config: ClusterConfig): GatewayService[] {
  const out: GatewayService[] = [];
  const gateways = config.deployments.filter(isGatewayDeployment);
  for (const service of config.services) {
    if (service.spec?.type !== "LoadBalancer") continue;
    const ns = service.metadata.namespace as string;
    const deployment = gateways.find(
      (d) => d.metadata.namespace === ns && selectorMatches(service.spec?.selector, podLabels(d)),
    );
    if (!deployment) continue;
    const workload = { namespace: ns, name: deployment.metadata.name, labels: podLabels(deployment) };
    // Istio's own deployment for a Gateway API Gateway, or a manual one its address names.
    const k8sGateway = gatewayForWorkload(config, workload);
    const ingressNginx = ingressNginxClassOf(config, deployment);
    out.push({
      service,
      deployment,
      workload,
      ready: deploymentReady(deployment),
      ...(k8sGateway ? { k8sGateway: `${k8sGateway.metadata.namespace}/${k8sGateway.metadata.name}` } : {}),
      ...(ingressNginx ? { ingressNginx } : {}),
    });
  }
  return out;
}

/** The Service's ports as (port, targetPort) pairs; a named targetPort falls back to the port. */
export function servicePorts(service: KObject): { port: number; targetPort: number; name?: string }[] {
  return ((service.spec?.ports ?? []) as KObject[])
    .filter((p) => typeof p.port === "number" && (p.protocol ?? "TCP") === "TCP")
    .map((p) => ({
      port: p.port as number,
      targetPort: typeof p.targetPort === "number" ? p.targetPort : (p.port as number),
      ...(p.name ? { name: String(p.name) } : {}),
    }));
}
