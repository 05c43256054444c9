// The nginx servers and locations an ingress-nginx controller builds from the Ingresses of its
// class, in the controller's order (internal/ingress/controller/controller.go createServers,
// getBackendServers, mergeAlternativeBackends; location.go updateServerLocations). Read from
// kubernetes/ingress-nginx, not translated line by line: only what routing depends on is kept.
import { X509Certificate } from "node:crypto";
import { type KObject } from "../json";
import {
  type NginxAffinity,
  type NginxAnnotations,
  type NginxCanary,
  parseNginxAnnotations,
} from "./ingress-nginx-annotations";
import { type ClusterConfig, type Destination } from "./types";

/** Which Ingresses a controller serves: its --ingress-class and --controller-class. */
export interface IngressNginxClass {
  /** The class name: --ingress-class, or the IngressClass naming this controller; default "nginx". */
  ingressClass: string;
  /** --controller-class; IngressClass objects with this spec.controller are served. */
  controllerClass: string;
}

export const INGRESS_NGINX_CONTROLLER = "k8s.io/ingress-nginx";
const LEGACY_CLASS_ANNOTATION = "kubernetes.io/ingress.class";
/** ingress-nginx's name for the catch-all server. */
export const CATCH_ALL = "_";

/** A Service port an Ingress backend names: "ns-svc-port" in ingress-nginx. */
export interface NginxUpstream {
  name: string;
  destination: Destination;
  /** Cookie affinity of the first Ingress path that used this upstream with it. */
  affinity?: NginxAffinity;
  /** Canary upstreams merged into this one; only the first is ever used, as in balancer.lua. */
  alternatives: NginxUpstream[];
  /** Set on a canary upstream: how requests are shaped towards it. */
  canary?: NginxCanary;
}

export interface NginxLocation {
  /** The location path after updateServerLocations ("/foo" of a Prefix path becomes "/foo/"). */
  path: string;
  /** The path as written in the Ingress (ngx.var.location_path). */
  ingressPath: string;
  pathType: string;
  /** Rendered "location = path" when the server does not enforce regular expressions. */
  exact: boolean;
  /** undefined: the controller's default backend (404). */
  upstream?: NginxUpstream;
  isDefaultBackend: boolean;
  /** "ns/name" of the Ingress whose annotations apply. */
  ingress?: string;
  anns: NginxAnnotations;
}

export type NginxCertificate =
  | { kind: "secret"; namespace: string; name: string }
  /** "Kubernetes Ingress Controller Fake Certificate": listed in spec.tls but no usable Secret. */
  | { kind: "default"; reason: string };

export interface NginxServer {
  hostname: string;
  locations: NginxLocation[];
  /** use-regex or rewrite-target on any location of the server: every location is `~* "^path"`. */
  enforceRegex: boolean;
  certificate?: NginxCertificate;
}

export interface NginxModel {
  /** By hostname, "_" included. */
  servers: Map<string, NginxServer>;
}

function ref(o: KObject): string {
  return `${o.metadata?.namespace ?? "default"}/${o.metadata?.name ?? ""}`;
}

/** Whether this controller serves the Ingress (store.GetIngressClass). */
export function servesIngress(config: ClusterConfig, cls: IngressNginxClass, ing: KObject): boolean {
  const className: unknown = ing.spec?.ingressClassName;
  if (typeof className === "string" && className !== "") {
    // Only IngressClasses naming this controller are known to it; any of them is served.
    return config.ingressClasses.some(
      (ic) => ic.metadata?.name === className && ic.spec?.controller === cls.controllerClass,
    );
  }
  return ing.metadata?.annotations?.[LEGACY_CLASS_ANNOTATION] === cls.ingressClass;
}

// sortIngressSlice: oldest first; equal timestamps by "ns/name", descending.
function byCreation(a: KObject, b: KObject): number {
  const ta = Date.parse(String(a.metadata?.creationTimestamp ?? "")) || 0;
  const tb = Date.parse(String(b.metadata?.creationTimestamp ?? "")) || 0;
  if (ta !== tb) return ta - tb;
  const ra = ref(a);
  const rb = ref(b);
  return ra > rb ? -1 : ra < rb ? 1 : 0;
}

function upstreamFor(
  config: ClusterConfig,
  upstreams: Map<string, NginxUpstream>,
  namespace: string,
  backend: KObject | undefined,
): NginxUpstream | undefined {
  const svc = backend?.service as KObject | undefined;
  if (!svc?.name) return undefined;
  const portNumber = typeof svc.port?.number === "number" ? (svc.port.number as number) : undefined;
  const portName = typeof svc.port?.name === "string" ? (svc.port.name as string) : undefined;
  const name = `${namespace}-${svc.name}-${portNumber ?? portName ?? ""}`;
  let up = upstreams.get(name);
  if (!up) {
    let port = portNumber;
    if (port === undefined && portName !== undefined) {
      const service = config.services.find(
        (s) => s.metadata?.namespace === namespace && s.metadata?.name === svc.name,
      );
      const p = ((service?.spec?.ports ?? []) as KObject[]).find((sp) => sp.name === portName);
      if (typeof p?.port === "number") port = p.port;
    }
    up = {
      name,
      destination: {
        host: `${svc.name}.${namespace}.svc.cluster.local`,
        ...(port !== undefined ? { port } : {}),
        fromNamespace: namespace,
      },
      alternatives: [],
    };
    upstreams.set(name, up);
  }
  return up;
}

// Certificates by Secret object; parsing PEM on every connection would dominate TLS handshakes.
const certCache = new WeakMap<KObject, X509Certificate | null>();

function secretCertificate(secret: KObject | undefined): X509Certificate | undefined {
  if (!secret) return undefined;
  const hit = certCache.get(secret);
  if (hit !== undefined) return hit ?? undefined;
  let cert: X509Certificate | null = null;
  const data = (secret.data ?? {}) as Record<string, string>;
  if (data["tls.crt"] && data["tls.key"]) {
    try {
      cert = new X509Certificate(Buffer.from(data["tls.crt"], "base64"));
    } catch {
      cert = null;
    }
  }
  certCache.set(secret, cert);
  return cert ?? undefined;
}

function certificateFor(config: ClusterConfig, ing: KObject, host: string): NginxCertificate {
  const ns = String(ing.metadata?.namespace ?? "default");
  const tls = (ing.spec?.tls ?? []) as KObject[];
  const secretOf = (name: string) =>
    config.secrets.find((s) => s.metadata?.namespace === ns && s.metadata?.name === name);
  // extractTLSSecretName: a TLS entry naming the host, else one whose certificate covers it.
  let secretName = tls.find((t) => ((t.hosts ?? []) as string[]).some((h) => h.toLowerCase() === host))
    ?.secretName as string | undefined;
  if (secretName === undefined) {
    secretName = tls.find(
      (t) => t.secretName && secretCertificate(secretOf(String(t.secretName)))?.checkHost(host),
    )?.secretName as string | undefined;
  }
  if (!secretName) return { kind: "default", reason: `no TLS secret of ${ref(ing)} covers ${host}` };
  const cert = secretCertificate(secretOf(secretName));
  if (!cert) return { kind: "default", reason: `secret ${ns}/${secretName} is missing or not a TLS secret` };
  if (!cert.checkHost(host) && !cert.subject.split("\n").some((l) => l === `CN=${host}`))
    return { kind: "default", reason: `secret ${ns}/${secretName} is not valid for ${host}` };
  return { kind: "secret", namespace: ns, name: secretName };
}

function needsRewrite(loc: NginxLocation): boolean {
  return loc.anns.rewriteTarget !== "" && loc.anns.rewriteTarget !== loc.path;
}

function normalizePrefix(path: string): string {
  return path.endsWith("/") ? path : `${path}/`;
}

/**
 * updateServerLocations: a Prefix path "/foo" becomes the prefix location "/foo/" plus an exact
 * location "/foo" (so "/foobar" no longer matches), unless it uses a rewrite or regex.
 */
function expandPrefixLocations(locations: NginxLocation[]): NginxLocation[] {
  const exactPaths = new Set(locations.filter((l) => l.pathType === "Exact").map((l) => l.path));
  const out: NginxLocation[] = [];
  for (const loc of locations) {
    if (loc.path === "/" || loc.pathType !== "Prefix" || needsRewrite(loc) || loc.anns.useRegex) {
      out.push(loc);
      continue;
    }
    const normalized = { ...loc, path: normalizePrefix(loc.path) };
    out.push(normalized);
    if (!exactPaths.has(loc.path)) out.push({ ...loc, exact: true, pathType: "Exact" });
  }
  return out;
}

const defaults = parseNginxAnnotations({});

/** The servers this controller renders from the cluster's Ingresses. */
export function buildNginxModel(config: ClusterConfig, cls: IngressNginxClass): NginxModel {
  const ingresses = config.ingresses.filter((i) => servesIngress(config, cls, i)).sort(byCreation);
  const anns = new Map<KObject, NginxAnnotations>(ingresses.map((i) => [i, parseNginxAnnotations(i)]));
  const upstreams = new Map<string, NginxUpstream>();
  const servers = new Map<string, NginxServer>();
  const rootLocation = (
    anns: NginxAnnotations,
    upstream?: NginxUpstream,
    ingress?: string,
  ): NginxLocation => ({
    path: "/",
    ingressPath: "/",
    pathType: "Prefix",
    exact: false,
    ...(upstream ? { upstream } : {}),
    isDefaultBackend: true,
    ...(ingress ? { ingress } : {}),
    anns,
  });
  const catchAll: NginxServer = {
    hostname: CATCH_ALL,
    locations: [rootLocation(defaults)],
    enforceRegex: false,
    certificate: { kind: "default", reason: "catch-all server" },
  };
  servers.set(CATCH_ALL, catchAll);
  const hostOf = (rule: KObject) => String(rule.host ?? "").toLowerCase() || CATCH_ALL;

  // createServers: one server per host, its "/" the default backend of the first Ingress naming it.
  for (const ing of ingresses) {
    const a = anns.get(ing)!;
    if (a.canary.enabled) continue;
    const ns = String(ing.metadata?.namespace ?? "default");
    const defaultUpstream = upstreamFor(config, upstreams, ns, ing.spec?.defaultBackend);
    const rules = (ing.spec?.rules ?? []) as KObject[];
    if (defaultUpstream && rules.length === 0 && catchAll.locations[0]!.upstream === undefined) {
      // An Ingress with a backend and no rule configures the catch-all server; its redirect and
      // rewrite annotations are left out there, as the controller does.
      catchAll.locations[0] = {
        ...rootLocation(
          { ...a, rewriteTarget: "", useRegex: false, appRoot: "", redirect: undefined },
          defaultUpstream,
          ref(ing),
        ),
        isDefaultBackend: false,
      };
    }
    for (const rule of rules) {
      const host = hostOf(rule);
      if (servers.has(host)) continue;
      servers.set(host, {
        hostname: host,
        locations: [rootLocation(a, defaultUpstream, ref(ing))],
        enforceRegex: false,
      });
    }
  }
  for (const ing of ingresses) {
    if (anns.get(ing)!.canary.enabled || ((ing.spec?.tls ?? []) as KObject[]).length === 0) continue;
    for (const rule of (ing.spec?.rules ?? []) as KObject[]) {
      const server = servers.get(hostOf(rule))!;
      if (!server.certificate) server.certificate = certificateFor(config, ing, server.hostname);
    }
  }

  // getBackendServers: a location per path; the first Ingress to claim a path and type keeps it.
  for (const ing of ingresses) {
    const a = anns.get(ing)!;
    if (a.canary.enabled) continue;
    const ns = String(ing.metadata?.namespace ?? "default");
    for (const rule of (ing.spec?.rules ?? []) as KObject[]) {
      const server = servers.get(hostOf(rule)) ?? catchAll;
      for (const p of (rule.http?.paths ?? []) as KObject[]) {
        const upstream = upstreamFor(config, upstreams, ns, p.backend);
        if (!upstream) continue;
        const path = typeof p.path === "string" && p.path !== "" ? p.path : "/";
        const pathType = String(p.pathType ?? "ImplementationSpecific");
        const same = server.locations.find((l) => l.path === path);
        if (same && same.pathType === pathType) {
          if (same.isDefaultBackend) {
            Object.assign(same, { upstream, isDefaultBackend: false, ingress: ref(ing), anns: a });
          }
        } else {
          server.locations.push({
            path,
            ingressPath: path,
            pathType,
            exact: pathType === "Exact",
            upstream,
            isDefaultBackend: false,
            ingress: ref(ing),
            anns: a,
          });
        }
        if (a.affinity && !upstream.affinity) upstream.affinity = a.affinity;
      }
    }
  }

  // mergeAlternativeBackends: a canary path joins the primary upstream of the same host, path and
  // type; from then on every location of that upstream is shaped by the canary.
  for (const ing of ingresses) {
    const a = anns.get(ing)!;
    if (!a.canary.enabled) continue;
    const ns = String(ing.metadata?.namespace ?? "default");
    for (const rule of (ing.spec?.rules ?? []) as KObject[]) {
      const server = servers.get(hostOf(rule));
      if (!server) continue;
      for (const p of (rule.http?.paths ?? []) as KObject[]) {
        const alt = upstreamFor(config, upstreams, ns, p.backend);
        if (!alt) continue;
        const path = typeof p.path === "string" && p.path !== "" ? p.path : "/";
        const pathType = String(p.pathType ?? "ImplementationSpecific");
        for (const loc of server.locations) {
          const primary = loc.upstream;
          if (!primary) continue;
          if (primary.name === alt.name) break;
          if (loc.path !== path || loc.pathType !== pathType) continue;
          if (primary.alternatives.includes(alt)) continue;
          alt.canary = a.canary;
          if (a.affinity?.canaryBehavior !== "legacy" && primary.affinity) alt.affinity = primary.affinity;
          primary.alternatives.push(alt);
        }
      }
    }
  }

  for (const server of servers.values()) {
    // Longest path first; equal lengths in descending string order (two stable sorts).
    const sorted = [...server.locations]
      .sort((x, y) => (x.path > y.path ? -1 : x.path < y.path ? 1 : 0))
      .sort((x, y) => y.path.length - x.path.length);
    server.locations = expandPrefixLocations(sorted);
    server.enforceRegex = server.locations.some((l) => needsRewrite(l) || l.anns.useRegex);
  }
  return { servers };
}

/**
 * The server for a host name: an exact server_name, else a wildcard rule host ("*.example.com"
 * matches exactly one label, as ingress-nginx renders it), else the catch-all.
 */
export function serverForHost(model: NginxModel, host: string): NginxServer {
  const exact = model.servers.get(host);
  if (exact) return exact;
  const dot = host.indexOf(".");
  if (dot > 0 && /^[\w-]+$/.test(host.slice(0, dot))) {
    const wildcard = model.servers.get(`*${host.slice(dot)}`);
    if (wildcard) return wildcard;
  }
  return model.servers.get(CATCH_ALL)!;
}

/**
 * The certificate nginx holds for a host name (certificate.lua get_pem_cert_uid): the server of
 * that exact name, else of "*." and the name without its first label. Servers without a
 * certificate are not listed, and the catch-all is never found by name.
 */
export function certificateForHost(model: NginxModel, host: string): NginxCertificate | undefined {
  const name = host.toLowerCase().replace(/\.$/, "");
  const exact = name === CATCH_ALL ? undefined : model.servers.get(name)?.certificate;
  if (exact) return exact;
  const dot = name.indexOf(".");
  return dot > 0 ? model.servers.get(`*${name.slice(dot)}`)?.certificate : undefined;
}

// One model per snapshot and class: a snapshot is rebuilt (a new object) on every relevant change.
const modelCache = new WeakMap<ClusterConfig, Map<string, NginxModel>>();

export function nginxModel(config: ClusterConfig, cls: IngressNginxClass): NginxModel {
  let byClass = modelCache.get(config);
  if (!byClass) modelCache.set(config, (byClass = new Map()));
  const key = `${cls.ingressClass}\n${cls.controllerClass}`;
  let model = byClass.get(key);
  if (!model) byClass.set(key, (model = buildNginxModel(config, cls)));
  return model;
}
