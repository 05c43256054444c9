// The status Istio's gateway controller writes on Gateways and HTTPRoutes, computed from the same
// attachment rules the router uses. Deterministic: for the same objects (whose current status is
// the previous one) and the same addresses it returns deep-equal statuses, and a condition keeps
// its lastTransitionTime while its status does not change, so the runtime writes only on change.
import { isIP } from "node:net";
import { type KObject } from "../json";
import {
  GATEWAY_API_GROUP,
  ISTIO_GATEWAY_CONTROLLER,
  type RefProblem,
  gatewayServiceRef,
  isIstioGateway,
  isRefProblem,
  listenerKinds,
  nsName,
  resolveBackendRef,
  resolveCertificateRef,
  routeParents,
} from "./gateway-api-attachment";
import { gatewayParametersProblem } from "./gateway-api-deployer";
import { type ClusterConfig } from "./types";

export interface GatewayApiStatusUpdate {
  resource: "gateways" | "httproutes";
  namespace: string;
  name: string;
  /** The whole status object to store. */
  status: KObject;
}

/** Looks up the address a load balancer gave a Service; undefined while none is assigned. */
export type AddressFor = (namespace: string, serviceName: string) => string | undefined;

interface ConditionInput {
  type: string;
  ok: boolean;
  reason: string;
  message: string;
}

/** Kubernetes timestamps have second precision. */
function timestamp(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, "Z");
}

function conditions(
  inputs: ConditionInput[],
  previous: KObject[] | undefined,
  obj: KObject,
  now: Date,
): KObject[] {
  return inputs.map((c) => {
    const status = c.ok ? "True" : "False";
    const before = (previous ?? []).find((p) => p.type === c.type);
    const out: KObject = {
      type: c.type,
      status,
      reason: c.reason,
      message: c.message,
      lastTransitionTime:
        before?.status === status && before.lastTransitionTime ? before.lastTransitionTime : timestamp(now),
    };
    if (typeof obj.metadata?.generation === "number") out.observedGeneration = obj.metadata.generation;
    return out;
  });
}

function listenerStatus(
  config: ClusterConfig,
  gw: KObject,
  listener: KObject,
  attachedRoutes: number,
  now: Date,
) {
  const kinds = listenerKinds(listener);
  const supportedProtocol = ["HTTP", "HTTPS", "TLS", "TCP"].includes(listener.protocol);
  let refs: RefProblem | undefined;
  if (kinds.invalid.length > 0) {
    refs = { reason: "InvalidRouteKinds", message: `unsupported route kinds: ${kinds.invalid.join(", ")}` };
  }
  if (!refs && listener.tls && (listener.tls.mode ?? "Terminate") === "Terminate") {
    const cert = resolveCertificateRef(config, gw, listener);
    if (isRefProblem(cert)) refs = cert;
  }
  const previous = ((gw.status?.listeners ?? []) as KObject[]).find(
    (l) => l.name === listener.name,
  )?.conditions;
  return {
    name: listener.name,
    supportedKinds: kinds.supported.map((kind) => ({ group: GATEWAY_API_GROUP, kind })),
    attachedRoutes,
    conditions: conditions(
      [
        supportedProtocol
          ? { type: "Accepted", ok: true, reason: "Accepted", message: "No errors found" }
          : {
              type: "Accepted",
              ok: false,
              reason: "UnsupportedProtocol",
              message: `protocol ${listener.protocol} is not supported`,
            },
        supportedProtocol && !refs
          ? { type: "Programmed", ok: true, reason: "Programmed", message: "No errors found" }
          : {
              type: "Programmed",
              ok: false,
              reason: "Invalid",
              message: refs?.message ?? "listener is invalid",
            },
        refs
          ? { type: "ResolvedRefs", ok: false, reason: refs.reason, message: refs.message }
          : { type: "ResolvedRefs", ok: true, reason: "ResolvedRefs", message: "No errors found" },
      ],
      previous,
      gw,
      now,
    ),
  };
}

function gatewayStatus(
  config: ClusterConfig,
  gw: KObject,
  attached: Map<KObject, Set<KObject>>,
  addressFor: AddressFor,
  now: Date,
): KObject {
  const svc = gatewayServiceRef(gw);
  const address = addressFor(svc.namespace, svc.name);
  const service = `${svc.name}.${svc.namespace}.svc.cluster.local`;
  const problem = gatewayParametersProblem(gw);
  const status: KObject = {};
  if (address) status.addresses = [{ type: isIP(address) ? "IPAddress" : "Hostname", value: address }];
  status.conditions = conditions(
    [
      problem
        ? { type: "Accepted", ok: false, reason: "InvalidParameters", message: problem }
        : { type: "Accepted", ok: true, reason: "Accepted", message: "Resource accepted" },
      address
        ? {
            type: "Programmed",
            ok: true,
            reason: "Programmed",
            message: `Resource programmed, assigned to service(s) ${service}`,
          }
        : {
            type: "Programmed",
            ok: false,
            reason: "AddressNotAssigned",
            message: `Assigned to service(s) ${service}, but failed to assign to all requested addresses: address pending`,
          },
    ],
    gw.status?.conditions,
    gw,
    now,
  );
  status.listeners = ((gw.spec?.listeners ?? []) as KObject[]).map((l) =>
    listenerStatus(config, gw, l, attached.get(l)?.size ?? 0, now),
  );
  return status;
}

/** The first reference of a route that cannot be resolved, in rule and backendRef order. */
function routeRefProblem(config: ClusterConfig, route: KObject): RefProblem | undefined {
  for (const rule of (route.spec?.rules ?? []) as KObject[]) {
    for (const ref of (rule.backendRefs ?? []) as KObject[]) {
      const r = resolveBackendRef(config, route, ref);
      if (isRefProblem(r)) return r;
    }
  }
  return undefined;
}

/**
 * Status for every Gateway Istio owns and every HTTPRoute with a parent Istio answers for.
 * `now` stamps conditions whose status changed; pass it to make the output reproducible.
 */
export function gatewayApiStatus(
  config: ClusterConfig,
  addressFor: AddressFor,
  now: Date = new Date(),
): GatewayApiStatusUpdate[] {
  // Routes attached to each listener, counted once however many parentRefs lead there.
  const attached = new Map<KObject, Set<KObject>>();
  const routes: GatewayApiStatusUpdate[] = [];
  for (const route of [...config.httpRoutes].sort((a, b) => (nsName(a) < nsName(b) ? -1 : 1))) {
    const parents = routeParents(config, route);
    if (parents.length === 0) continue;
    const refs = routeRefProblem(config, route);
    const previous = (route.status?.parents ?? []) as KObject[];
    const ours = parents.map((p) => {
      for (const a of p.listeners)
        attached.set(a.listener, (attached.get(a.listener) ?? new Set()).add(route));
      const before = previous.find(
        (q) =>
          q.controllerName === ISTIO_GATEWAY_CONTROLLER &&
          JSON.stringify(q.parentRef) === JSON.stringify(p.parentRef),
      );
      return {
        parentRef: p.parentRef,
        controllerName: ISTIO_GATEWAY_CONTROLLER,
        conditions: conditions(
          [
            p.refusal
              ? { type: "Accepted", ok: false, reason: p.refusal.reason, message: p.refusal.message }
              : { type: "Accepted", ok: true, reason: "Accepted", message: "Route was valid" },
            refs
              ? { type: "ResolvedRefs", ok: false, reason: refs.reason, message: refs.message }
              : {
                  type: "ResolvedRefs",
                  ok: true,
                  reason: "ResolvedRefs",
                  message: "All references resolved",
                },
          ],
          before?.conditions,
          route,
          now,
        ),
      };
    });
    // Other controllers' entries are theirs to write; keep them as they are.
    const others = previous.filter((q) => q.controllerName !== ISTIO_GATEWAY_CONTROLLER);
    routes.push({
      resource: "httproutes",
      namespace: route.metadata.namespace,
      name: route.metadata.name,
      status: { parents: [...others, ...ours] },
    });
  }
  const gateways = config.k8sGateways
    .filter((gw) => isIstioGateway(config, gw))
    .sort((a, b) => (nsName(a) < nsName(b) ? -1 : 1))
    .map((gw): GatewayApiStatusUpdate => ({
      resource: "gateways",
      namespace: gw.metadata.namespace,
      name: gw.metadata.name,
      status: gatewayStatus(config, gw, attached, addressFor, now),
    }));
  return [...gateways, ...routes];
}
