// How Gateway API objects bind to each other, as Istio's gateway controller reads them: which
// Gateways Istio owns, which Service carries a Gateway, which listeners an HTTPRoute attaches to,
// and which references ReferenceGrants allow. The router, the status writer and the deployer all
// answer from here so that traffic and status can never disagree.
import { type KObject } from "../json";
import { type Requirement, matchesLabels } from "../label-selector";
import { type ClusterConfig } from "./types";

export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";
export const ISTIO_GATEWAY_CONTROLLER = "istio.io/gateway-controller";

export function nsName(o: KObject): string {
  return `${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}`;
}

/** Oldest first, then "{namespace}/{name}": the order Gateway API uses to break ties across objects. */
export function olderFirst(a: KObject, b: KObject): number {
  const ta = String(a.metadata?.creationTimestamp ?? "");
  const tb = String(b.metadata?.creationTimestamp ?? "");
  if (ta !== tb) return ta < tb ? -1 : 1;
  const na = nsName(a);
  const nb = nsName(b);
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/**
 * True when Istio's gateway controller owns this Gateway. Note: istiod creates the built-in class
 * "istio" itself, so a Gateway naming it is Istio's even when the snapshot holds no GatewayClass.
 */
export function isIstioGateway(config: ClusterConfig, gw: KObject): boolean {
  const className = gw.spec?.gatewayClassName;
  const cls = config.gatewayClasses.find((c) => c.metadata?.name === className);
  if (cls) return cls.spec?.controllerName === ISTIO_GATEWAY_CONTROLLER;
  return className === "istio";
}

/** The Istio-owned Gateway named "namespace/name", if any. */
export function findIstioGateway(config: ClusterConfig, gatewayNsName: string): KObject | undefined {
  const gw = config.k8sGateways.find((g) => nsName(g) === gatewayNsName);
  return gw && isIstioGateway(config, gw) ? gw : undefined;
}

/**
 * Istio provisions a Deployment and Service for a Gateway unless it names an existing Service:
 * one address of type Hostname is Istio's "manual deployment" (what Portico renders).
 */
export function isManagedGateway(gw: KObject): boolean {
  const addresses: KObject[] = gw.spec?.addresses ?? [];
  if (addresses.length === 0) return true;
  if (addresses.length > 1) return false;
  const type = addresses[0]?.type;
  return type === undefined || type === "IPAddress";
}

/** Name of what Istio deploys for a managed Gateway: `<gateway>-<class>` unless overridden. */
export function managedGatewayName(gw: KObject): string {
  return (
    gw.metadata?.annotations?.["gateway.istio.io/name-override"] ??
    `${gw.metadata.name}-${gw.spec?.gatewayClassName ?? "istio"}`
  );
}

/** The Service that carries a Gateway's traffic: the provisioned one, or the one its address names. */
export function gatewayServiceRef(gw: KObject): { namespace: string; name: string } {
  const namespace: string = gw.metadata.namespace;
  if (isManagedGateway(gw)) return { namespace, name: managedGatewayName(gw) };
  // "name.namespace.svc.cluster.local", "name.namespace.svc", "name.namespace" or "name".
  const labels = String(gw.spec.addresses[0].value ?? "").split(".");
  return { name: labels[0] ?? "", namespace: labels[1] ?? namespace };
}

export function findService(config: ClusterConfig, namespace: string, name: string): KObject | undefined {
  return config.services.find((s) => s.metadata?.namespace === namespace && s.metadata?.name === name);
}

/** Gateway API hostname match: "*.example.com" matches any deeper name, never "example.com". */
export function hostnameMatches(pattern: string, host: string): boolean {
  if (pattern === "*") return true;
  if (pattern.startsWith("*.")) return host.length > pattern.length - 1 && host.endsWith(pattern.slice(1));
  return pattern === host;
}

/**
 * How well a hostname fits a request: exact names beat wildcards, longer beats shorter ("the
 * largest number of characters in a matching non-wildcard hostname, then in a matching hostname").
 */
export function hostnameSpecificity(hostname: string): number {
  if (hostname === "*") return 0;
  return hostname.startsWith("*.") ? hostname.length : 1_000_000 + hostname.length;
}

/**
 * The hostnames a route serves through a listener: the intersection of the listener's hostname
 * and the route's hostnames, "*" for any. Empty when they do not intersect.
 */
export function effectiveHostnames(listenerHostname: string | undefined, routeHostnames: string[]): string[] {
  const listener = listenerHostname || "*";
  if (routeHostnames.length === 0) return [listener];
  const out = new Set<string>();
  for (const h of routeHostnames) {
    if (hostnameMatches(listener, h)) out.add(h);
    else if (hostnameMatches(h, listener)) out.add(listener);
  }
  return [...out];
}

/** Does a ReferenceGrant in the target's namespace allow this reference? */
export function referenceGranted(
  config: ClusterConfig,
  from: { group: string; kind: string; namespace: string },
  to: { group: string; kind: string; namespace: string; name: string },
): boolean {
  return config.referenceGrants.some(
    (g) =>
      g.metadata?.namespace === to.namespace &&
      (g.spec?.from ?? []).some(
        (f: KObject) =>
          (f.group ?? "") === from.group && f.kind === from.kind && f.namespace === from.namespace,
      ) &&
      (g.spec?.to ?? []).some(
        (t: KObject) => (t.group ?? "") === to.group && t.kind === to.kind && (!t.name || t.name === to.name),
      ),
  );
}

export type RefProblem = { reason: string; message: string };

/** The Secret a terminating listener serves, or why it cannot (the listener's ResolvedRefs reason). */
export function resolveCertificateRef(
  config: ClusterConfig,
  gw: KObject,
  listener: KObject,
): { namespace: string; name: string } | RefProblem {
  const ref: KObject | undefined = listener.tls?.certificateRefs?.[0];
  if (!ref) return { reason: "InvalidCertificateRef", message: "listener has no certificateRefs" };
  if ((ref.group ?? "") !== "" || (ref.kind ?? "Secret") !== "Secret") {
    return {
      reason: "InvalidCertificateRef",
      message: `unsupported certificate reference kind ${ref.group ?? ""}/${ref.kind}`,
    };
  }
  const namespace: string = ref.namespace ?? gw.metadata.namespace;
  const name: string = ref.name;
  if (
    namespace !== gw.metadata.namespace &&
    !referenceGranted(
      config,
      { group: GATEWAY_API_GROUP, kind: "Gateway", namespace: gw.metadata.namespace },
      { group: "", kind: "Secret", namespace, name },
    )
  ) {
    return {
      reason: "RefNotPermitted",
      message: `certificate ${namespace}/${name} is in another namespace and no ReferenceGrant allows it`,
    };
  }
  const secret = config.secrets.find((s) => s.metadata?.namespace === namespace && s.metadata?.name === name);
  if (!secret) return { reason: "InvalidCertificateRef", message: `secret ${namespace}/${name} not found` };
  if (!secret.data?.["tls.crt"] || !secret.data?.["tls.key"]) {
    return {
      reason: "InvalidCertificateRef",
      message: `secret ${namespace}/${name} has no tls.crt and tls.key`,
    };
  }
  return { namespace, name };
}

/** The Service a backendRef names, or why it cannot be used (the route's ResolvedRefs reason). */
export function resolveBackendRef(
  config: ClusterConfig,
  route: KObject,
  ref: KObject,
): { namespace: string; name: string; port?: number } | RefProblem {
  if ((ref.group ?? "") !== "" || (ref.kind ?? "Service") !== "Service") {
    return { reason: "InvalidKind", message: `unsupported backend kind ${ref.group ?? ""}/${ref.kind}` };
  }
  const routeNs: string = route.metadata.namespace;
  const namespace: string = ref.namespace ?? routeNs;
  const name: string = ref.name;
  if (
    namespace !== routeNs &&
    !referenceGranted(
      config,
      { group: GATEWAY_API_GROUP, kind: "HTTPRoute", namespace: routeNs },
      { group: "", kind: "Service", namespace, name },
    )
  ) {
    return {
      reason: "RefNotPermitted",
      message: `backendRef to ${namespace}/${name} not permitted by any ReferenceGrant`,
    };
  }
  if (!findService(config, namespace, name)) {
    return { reason: "BackendNotFound", message: `backend(${name}.${namespace}) not found` };
  }
  return { namespace, name, port: typeof ref.port === "number" ? ref.port : undefined };
}

export function isRefProblem(v: object): v is RefProblem {
  return "reason" in v;
}

const OPERATORS: Record<string, "in" | "notin" | "exists" | "!"> = {
  In: "in",
  NotIn: "notin",
  Exists: "exists",
  DoesNotExist: "!",
};

/** A metav1.LabelSelector (matchLabels, matchExpressions) against a namespace's labels. */
function selectorMatches(selector: KObject | undefined, labels: Record<string, string> | undefined): boolean {
  const reqs: Requirement[] = Object.entries(selector?.matchLabels ?? {}).map(([key, v]) => ({
    key,
    op: "=",
    values: [String(v)],
  }));
  for (const e of (selector?.matchExpressions ?? []) as KObject[]) {
    const op = OPERATORS[e.operator];
    if (!op) return false;
    reqs.push(
      op === "in" || op === "notin" ? { key: e.key, op, values: e.values ?? [] } : { key: e.key, op },
    );
  }
  return matchesLabels(reqs, labels);
}

/** Route kinds a listener takes by default, by protocol. */
function defaultKinds(protocol: string): string[] {
  if (protocol === "HTTP" || protocol === "HTTPS") return ["HTTPRoute", "GRPCRoute"];
  if (protocol === "TLS") return ["TLSRoute"];
  if (protocol === "TCP") return ["TCPRoute"];
  return [];
}

/** The route kinds a listener accepts: its allowedRoutes.kinds that fit its protocol, or the defaults. */
export function listenerKinds(listener: KObject): { supported: string[]; invalid: string[] } {
  const fits = defaultKinds(listener.protocol);
  const asked: KObject[] | undefined = listener.allowedRoutes?.kinds;
  if (!asked || asked.length === 0) return { supported: fits, invalid: [] };
  const supported: string[] = [];
  const invalid: string[] = [];
  for (const k of asked) {
    const ok = (k.group ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP && fits.includes(k.kind);
    (ok ? supported : invalid).push(k.kind);
  }
  return { supported, invalid };
}

/** allowedRoutes: may an HTTPRoute from the route's namespace attach to this listener? */
export function listenerAllowsRoute(
  config: ClusterConfig,
  gw: KObject,
  listener: KObject,
  route: KObject,
): boolean {
  if (!listenerKinds(listener).supported.includes("HTTPRoute")) return false;
  const routeNs: string = route.metadata.namespace;
  const from: string = listener.allowedRoutes?.namespaces?.from ?? "Same";
  if (from === "All") return true;
  if (from === "Same") return routeNs === gw.metadata.namespace;
  if (from === "Selector") {
    const ns = config.namespaces.find((n) => n.metadata?.name === routeNs);
    return !!ns && selectorMatches(listener.allowedRoutes.namespaces.selector, ns.metadata?.labels);
  }
  return false;
}

export interface ListenerAttachment {
  listener: KObject;
  /** The route's hostnames on this listener ("*" for any). */
  hostnames: string[];
}

/** One parentRef of an HTTPRoute to a Gateway Istio owns (or to a Gateway that does not exist). */
export interface ParentAttachment {
  parentRef: KObject;
  /** Undefined when the referenced Gateway does not exist. */
  gateway?: KObject;
  listeners: ListenerAttachment[];
  /** Why the route attached to no listener of this parent; set exactly when listeners is empty. */
  refusal?: {
    reason: "NoMatchingParent" | "NotAllowedByListeners" | "NoMatchingListenerHostname";
    message: string;
  };
}

/**
 * The parents of an HTTPRoute that Istio answers for. parentRefs to other kinds or to Gateways of
 * other controllers are left out: Istio neither routes nor writes status for them.
 */
export function routeParents(config: ClusterConfig, route: KObject): ParentAttachment[] {
  const out: ParentAttachment[] = [];
  for (const parentRef of (route.spec?.parentRefs ?? []) as KObject[]) {
    if ((parentRef.group ?? GATEWAY_API_GROUP) !== GATEWAY_API_GROUP) continue;
    if ((parentRef.kind ?? "Gateway") !== "Gateway") continue;
    const key = `${parentRef.namespace ?? route.metadata.namespace}/${parentRef.name}`;
    const gw = config.k8sGateways.find((g) => nsName(g) === key);
    if (!gw) {
      out.push({
        parentRef,
        listeners: [],
        refusal: { reason: "NoMatchingParent", message: `gateway ${key} not found` },
      });
      continue;
    }
    if (!isIstioGateway(config, gw)) continue;
    const named = ((gw.spec?.listeners ?? []) as KObject[]).filter(
      (l) =>
        (parentRef.sectionName === undefined || parentRef.sectionName === l.name) &&
        (parentRef.port === undefined || parentRef.port === l.port),
    );
    if (named.length === 0) {
      out.push({
        parentRef,
        gateway: gw,
        listeners: [],
        refusal: { reason: "NoMatchingParent", message: `no listener of ${key} matches the parentRef` },
      });
      continue;
    }
    const allowed = named.filter((l) => listenerAllowsRoute(config, gw, l, route));
    if (allowed.length === 0) {
      out.push({
        parentRef,
        gateway: gw,
        listeners: [],
        refusal: {
          reason: "NotAllowedByListeners",
          message: `listeners of ${key} do not allow HTTPRoutes from namespace ${route.metadata.namespace}`,
        },
      });
      continue;
    }
    const listeners = allowed
      .map((listener) => ({
        listener,
        hostnames: effectiveHostnames(listener.hostname, route.spec?.hostnames ?? []),
      }))
      .filter((a) => a.hostnames.length > 0);
    out.push(
      listeners.length > 0
        ? { parentRef, gateway: gw, listeners }
        : {
            parentRef,
            gateway: gw,
            listeners: [],
            refusal: {
              reason: "NoMatchingListenerHostname",
              message: `no hostname of the route intersects the listeners of ${key}`,
            },
          },
    );
  }
  return out;
}
