// The contract between the data plane's pure routers (Istio, Gateway API, Ingress) and its
// runtime (sockets, TLS, endpoints, telemetry). Routers read a snapshot of one cluster's objects
// and decide what a request gets; the runtime turns that decision into bytes on a socket.
import { type KObject } from "../json";

/** The objects of one cluster that routing reads, taken whenever one of them changes. */
export interface ClusterConfig {
  cluster: string;
  zone: string;
  region: string;
  /** networking.istio.io Gateway, VirtualService, DestinationRule, ServiceEntry. */
  gateways: KObject[];
  virtualServices: KObject[];
  destinationRules: KObject[];
  serviceEntries: KObject[];
  /** Core and apps objects. */
  namespaces: KObject[];
  services: KObject[];
  deployments: KObject[];
  pods: KObject[];
  /** Secrets as stored (data base64-encoded). */
  secrets: KObject[];
  /** gateway.networking.k8s.io Gateway, HTTPRoute, ReferenceGrant, GatewayClass. */
  k8sGateways: KObject[];
  httpRoutes: KObject[];
  referenceGrants: KObject[];
  gatewayClasses: KObject[];
  /** networking.k8s.io Ingress and IngressClass. */
  ingresses: KObject[];
  ingressClasses: KObject[];
  /** externaldns.k8s.io DNSEndpoint (the demo's DNS answers from them). */
  dnsEndpoints: KObject[];
}

/** The proxy a request entered: a gateway Deployment's pods (or a sidecar, in the mesh). */
export interface Workload {
  namespace: string;
  /** Pod template labels of the Deployment. */
  labels: Record<string, string>;
  /** The Deployment's name. */
  name: string;
}

/** One HTTP request as the proxy sees it after TLS termination. */
export interface InboundRequest {
  /** The port the client connected to (a Service port of the gateway). */
  port: number;
  /** The container port behind it (the Service's targetPort; equal to port when not set). */
  targetPort: number;
  /** True when the connection was TLS terminated by this proxy. */
  tls: boolean;
  /** SNI of the TLS connection, when tls. */
  sni?: string;
  /** Upper-case method. */
  method: string;
  /** Host header (or :authority) with any port removed, lower-cased. */
  host: string;
  /** Path with query string, as received (not normalised). */
  path: string;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The client's address as the proxy sees it (allow and deny lists). */
  clientAddress?: string;
  /** Bytes of request body received (body size limits). */
  bodyLength?: number;
}

/** Where a routed request goes. */
export interface Destination {
  /** Fully qualified host: "payments.payments.svc.cluster.local" or a ServiceEntry host. */
  host: string;
  /** Destination port; undefined when the route left it out (the Service's only port is used). */
  port?: number;
  /** DestinationRule subset name. */
  subset?: string;
  /** Namespace of the object that named the destination (for DestinationRule lookup and grants). */
  fromNamespace: string;
}

export interface HeaderOps {
  set?: Record<string, string>;
  add?: Record<string, string>;
  remove?: string[];
}

/** What a router decided for one request. Status codes and flags follow Envoy's. */
export type RouteDecision =
  | {
      kind: "forward";
      destination: Destination;
      /** The path (with query) to send upstream, after any rewrite. */
      path: string;
      /** The authority to send upstream, after any rewrite. */
      host: string;
      /** Route timeout in milliseconds; undefined when none (Istio's default is none for HTTP). */
      timeoutMs?: number;
      requestHeaders?: HeaderOps;
      responseHeaders?: HeaderOps;
      /** "ns/name" of the VirtualService / HTTPRoute / Ingress that matched, and the rule's name. */
      routeObject: string;
      routeName?: string;
      /** How the proxy speaks to the backend (ingress-nginx backend-protocol): HTTPS and GRPCS use TLS. */
      backendProtocol?: string;
    }
  | {
      kind: "redirect";
      status: number;
      location: string;
      routeObject?: string;
      /** Headers the proxy adds to its own answer (CORS, HSTS). */
      responseHeaders?: HeaderOps;
    }
  | { kind: "direct"; status: number; body?: string; routeObject?: string; responseHeaders?: HeaderOps }
  /** No host or no route matched: Envoy answers 404 with response flag NR. */
  | { kind: "no-route"; reason: string }
  /** The route exists but cannot be served (e.g. a refused cross-namespace backend): 500. */
  | { kind: "error"; status: number; flag: string; reason: string; routeObject?: string };

/** How a TLS connection to a gateway port is handled, chosen by SNI before any HTTP is read. */
export type TlsDecision =
  /** Terminate with the certificate of this Secret (in the gateway workload's namespace). */
  | { kind: "terminate"; secretNamespace: string; secretName: string }
  /** Forward the TLS bytes untouched to this destination (TLS PASSTHROUGH). */
  | { kind: "passthrough"; destination: Destination; routeObject: string }
  /** No server for this SNI (or the credential is missing): the handshake fails. */
  | { kind: "refuse"; reason: string }
  /** Terminate with the proxy's own self-signed certificate (ingress-nginx's "Fake Certificate"). */
  | { kind: "default-certificate"; reason: string };

/** What a router says about one listening port of a gateway workload. */
export interface PortPlan {
  port: number;
  targetPort: number;
  /** Plain HTTP, TLS (terminate or passthrough decided per SNI), or nothing bound. */
  protocol: "HTTP" | "TLS" | "NONE";
}

/** Weighted choice; routers call it so that tests can make it deterministic. */
export type Pick = <T extends { weight: number }>(items: T[]) => T;
