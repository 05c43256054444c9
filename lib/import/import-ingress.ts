import { sortFindings, type Finding } from "@/lib/analysis/finding";
import {
  isManagedByPortico,
  parseTopology,
  TOPOLOGY_API_VERSION,
  type Cluster,
  type GatewaySpec,
  type HttpRule,
  type K8sObject,
  type Listener,
  type Route,
  type RouteMatch,
  type ServiceSpec,
  type StringMatch,
  type Topology,
} from "@/lib/topology";
import { IMPORT_RULES as R, importFinding } from "./import-findings";
import { proposeOwner, type HostEvidence, type OwnerProposal } from "./propose-owner";

/** An owner the user chose for a host in the import form. */
export interface OwnerChoice {
  host: string;
  product: string;
  team: string;
}

export interface ImportIngressInput {
  /** Gateways, VirtualServices, Ingresses and Services read from the cluster. */
  objects: readonly K8sObject[];
  /** The cluster they were read from. */
  cluster: Cluster;
  /** The newest revision, which the import is merged into; absent on a fresh install. */
  current?: Topology;
  /** Registered clusters, named in a fresh topology so later steps can use them. */
  knownClusters?: Cluster[];
  /** The user's owners; proposals fill in the hosts not listed. */
  owners?: OwnerChoice[];
  /** Whether Services were read (then missing backends are reported). */
  servicesRead?: boolean;
}

export interface ImportIngressResult {
  /** The current revision with the cluster's shared ingress merged in. */
  proposal: Topology;
  owners: OwnerProposal[];
  /** Import findings (PTI…); the caller adds the analyzer's. */
  findings: Finding[];
  /** Objects imported, `Kind ns/name`. */
  imported: string[];
}

// Live objects are untyped JSON; every field is checked where it is read.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

export const SHARED_GATEWAY = { namespace: "istio-system", name: "istio-ingressgateway" } as const;
const SYSTEM = new Set(["istio-system", "default", "kube-system", "kube-public"]);
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"]);

const isIstio = (o: K8sObject, kind: string) =>
  o.kind === kind && o.apiVersion.startsWith("networking.istio.io/");
const nsOf = (o: K8sObject) => o.metadata.namespace ?? "default";
const refOf = (o: K8sObject) => `${nsOf(o)}/${o.metadata.name}`;

/** `ns/host`, `./host`, `*\/host` in Gateway servers → `host`. */
function bareServerHost(h: string): string {
  const i = h.indexOf("/");
  return i === -1 ? h : h.slice(i + 1);
}

/** The shared gateway: istio-system/istio-ingressgateway, anything selecting its pods, or no selector at all. */
export function isSharedGateway(g: K8sObject): boolean {
  const selector = ((g as Obj).spec?.selector ?? {}) as Record<string, string>;
  return (
    (nsOf(g) === SHARED_GATEWAY.namespace && g.metadata.name === SHARED_GATEWAY.name) ||
    selector.istio === "ingressgateway" ||
    Object.keys(selector).length === 0
  );
}

function stringMatch(m: Obj | undefined): StringMatch | undefined | null {
  if (m === undefined) return undefined;
  if (typeof m.exact === "string") return { exact: m.exact };
  if (typeof m.prefix === "string") return { prefix: m.prefix };
  if (typeof m.regex === "string") return { regex: m.regex };
  return null;
}

function destination(host: string, ns: string): { service: string; namespace: string } | undefined {
  const parts = host.split(".");
  if (parts.length === 1) return { service: parts[0]!, namespace: ns };
  if (parts.length === 2 || (parts.length >= 3 && parts[2] === "svc"))
    return { service: parts[0]!, namespace: parts[1]! };
  return undefined; // an external host (ServiceEntry); not a service of a product
}

function creationOrder(a: K8sObject, b: K8sObject): number {
  const ta = String(a.metadata.creationTimestamp ?? "");
  const tb = String(b.metadata.creationTimestamp ?? "");
  return ta < tb ? -1 : ta > tb ? 1 : refOf(a) < refOf(b) ? -1 : 1;
}

interface DraftRoute {
  route: Route;
  source: string;
  backends: string[];
}

/**
 * Reads the shared ingress of one cluster into a proposal: the current revision with the cluster's
 * shared gateways, the routes bound to them (VirtualServices and Ingresses), their backend
 * services and an owner per host. Pure: reading the cluster happens in `readIngressObjects`.
 */
export function importIngress(input: ImportIngressInput): ImportIngressResult {
  const cluster = input.cluster.name;
  const findings: Finding[] = [];
  const imported: string[] = [];
  const at = (o: K8sObject) => ({ cluster, kind: o.kind, namespace: nsOf(o), name: o.metadata.name });
  const notImported = (o: K8sObject, what: string, hint: string) =>
    findings.push(importFinding(R.notImported, `${o.kind} ${refOf(o)}: ${what}`, at(o), hint));

  const managed = input.objects.filter(
    (o) => isManagedByPortico(o) && (isIstio(o, "Gateway") || isIstio(o, "VirtualService")),
  );
  if (managed.length > 0) {
    findings.push({
      code: R.managedByPortico.code,
      name: R.managedByPortico.name,
      severity: "info",
      message: `${managed.length} Gateway/VirtualService object(s) are rendered by Portico and were not imported again.`,
      objects: managed.slice(0, 5).map(at),
      hint: "They already come from the topology; edit them there.",
    });
  }
  const live = input.objects.filter((o) => !isManagedByPortico(o));
  const services = new Map(
    live.filter((o) => o.kind === "Service" && o.apiVersion === "v1").map((s) => [refOf(s), s as Obj]),
  );

  // Shared gateways.
  const gateways = new Map<string, GatewaySpec>();
  for (const g of live.filter((o) => isIstio(o, "Gateway") && isSharedGateway(o)).sort(creationOrder)) {
    const spec = (g as Obj).spec ?? {};
    const selector = (spec.selector ?? {}) as Record<string, string>;
    if (Object.keys(selector).length === 0) {
      findings.push(
        importFinding(
          R.gatewayWithoutSelector,
          `Gateway ${refOf(g)} has no selector: it attaches to every gateway workload it can, including product gateways.`,
          at(g),
          "Give it the selector of the workload it is meant for (istio: ingressgateway).",
        ),
      );
    }
    const names = new Set<string>();
    const listeners: Listener[] = [];
    for (const [i, s] of ((spec.servers ?? []) as Obj[]).entries()) {
      const protocol = String(s.port?.protocol ?? "HTTP").toUpperCase();
      if (
        !["HTTP", "HTTPS", "HTTP2", "GRPC", "TLS", "TCP"].includes(protocol) ||
        typeof s.port?.number !== "number"
      ) {
        notImported(
          g,
          `server ${i} has protocol ${protocol} or no port number`,
          "Model it by hand if Portico should know about it.",
        );
        continue;
      }
      let name =
        typeof s.port?.name === "string" && DNS_LABEL.test(s.port.name)
          ? s.port.name
          : `port-${s.port.number}`;
      while (names.has(name)) name = `${name}-${i}`;
      names.add(name);
      const hosts = ((s.hosts ?? []) as string[]).map(bareServerHost);
      if (hosts.includes("*")) {
        findings.push(
          importFinding(
            R.wildcardHost,
            `Gateway ${refOf(g)} server ${name} accepts host "*": requests for any name reach it.`,
            at(g),
            "List the hosts it serves; a catch-all on a shared gateway hides other teams' mistakes.",
          ),
        );
      }
      const tls =
        s.tls && (s.tls.mode || s.tls.credentialName)
          ? {
              mode: s.tls.mode ?? "SIMPLE",
              ...(s.tls.credentialName ? { credentialName: s.tls.credentialName } : {}),
            }
          : undefined;
      listeners.push({
        name,
        port: s.port.number,
        protocol: protocol as Listener["protocol"],
        hosts: hosts.length ? hosts : ["*"],
        ...(tls ? { tls } : {}),
      } as Listener);
    }
    if (listeners.length === 0) continue;
    gateways.set(refOf(g), {
      name: g.metadata.name,
      namespace: nsOf(g),
      mode: "shared",
      selector,
      placement: [{ cluster }],
      listeners,
    } as GatewaySpec);
    imported.push(`Gateway ${refOf(g)}`);
  }

  // VirtualServices bound to a shared gateway, in Istio's merge order.
  const drafts: DraftRoute[] = [];
  for (const vs of live.filter((o) => isIstio(o, "VirtualService")).sort(creationOrder)) {
    const spec = (vs as Obj).spec ?? {};
    const ns = nsOf(vs);
    const refs = ((spec.gateways ?? []) as string[]).map((g) =>
      g === "mesh" || g.includes("/") ? g : `${ns}/${g}`,
    );
    const bound = refs.filter((g) => gateways.has(g));
    if (bound.length === 0) continue;
    const other = refs.filter((g) => g !== "mesh" && !gateways.has(g));
    if (other.length)
      notImported(
        vs,
        `its binding to ${other.join(", ")} (not a shared gateway) was left out`,
        "Import that gateway's product separately or bind it in the topology.",
      );
    if (spec.tcp || spec.tls)
      notImported(
        vs,
        "TCP/TLS routes are not imported",
        "Portico models HTTP routes only; keep these outside Portico.",
      );
    const rules: HttpRule[] = [];
    const backends: string[] = [];
    for (const [i, rule] of ((spec.http ?? []) as Obj[]).entries()) {
      const label = rule.name ?? `#${i + 1}`;
      if (
        rule.redirect ||
        rule.directResponse ||
        rule.delegate ||
        !Array.isArray(rule.route) ||
        rule.route.length === 0
      ) {
        notImported(
          vs,
          `rule ${label} redirects, answers directly or delegates`,
          "Only rules that route to services are imported; calls matching it are not in the contract.",
        );
        continue;
      }
      const matches: RouteMatch[] = [];
      let unsupported = "";
      for (const m of (rule.match ?? []) as Obj[]) {
        const extra = Object.keys(m).filter(
          (k) => !["uri", "method", "headers", "name", "ignoreUriCase"].includes(k),
        );
        if (extra.length) unsupported = `matches on ${extra.join(", ")}`;
        const out: RouteMatch = {};
        const path = stringMatch(m.uri);
        if (path === null) unsupported = "a URI match without exact/prefix/regex";
        else if (path) out.path = path;
        if (m.method) {
          const method = stringMatch(m.method);
          if (!method?.exact || !METHODS.has(method.exact))
            unsupported = "a method match other than one exact method";
          else out.method = method.exact as RouteMatch["method"];
        }
        if (m.headers) {
          const headers: Record<string, StringMatch> = {};
          for (const [k, v] of Object.entries(m.headers as Obj)) {
            const hv = stringMatch(v as Obj);
            if (!hv) unsupported = `header ${k} without exact/prefix/regex`;
            else headers[k.toLowerCase()] = hv;
          }
          out.headers = headers;
        }
        matches.push(out);
      }
      if (unsupported) {
        notImported(
          vs,
          `rule ${label} uses ${unsupported}`,
          "Dropping the condition would widen the rule, so the rule was left out; model it by hand.",
        );
        continue;
      }
      const destinations = [];
      let external = "";
      for (const r of rule.route as Obj[]) {
        const d = destination(String(r.destination?.host ?? ""), ns);
        if (!d || !DNS_LABEL.test(d.service) || !DNS_LABEL.test(d.namespace)) {
          external = String(r.destination?.host ?? "");
          break;
        }
        backends.push(`${d.namespace}/${d.service}`);
        destinations.push({
          service: d.service,
          namespace: d.namespace,
          ...(typeof r.destination?.port?.number === "number" ? { port: r.destination.port.number } : {}),
          ...(r.destination?.subset ? { subset: r.destination.subset } : {}),
          ...(typeof r.weight === "number" && ((rule.route as Obj[]).length > 1 || r.weight !== 100)
            ? { weight: r.weight }
            : {}),
        });
      }
      if (external) {
        notImported(
          vs,
          `rule ${label} routes to ${external}, which is not a cluster service`,
          "External destinations (ServiceEntries) are not part of a product; model them by hand.",
        );
        continue;
      }
      rules.push({
        ...(typeof rule.name === "string" && DNS_LABEL.test(rule.name) ? { name: rule.name } : {}),
        match: matches,
        destinations,
        ...(rule.rewrite?.uri ? { rewrite: { uri: rule.rewrite.uri } } : {}),
        ...(typeof rule.timeout === "string" ? { timeout: rule.timeout } : {}),
        ...(typeof rule.retries?.attempts === "number"
          ? {
              retries: {
                attempts: rule.retries.attempts,
                ...(rule.retries.perTryTimeout ? { perTryTimeout: rule.retries.perTryTimeout } : {}),
                ...(rule.retries.retryOn ? { retryOn: rule.retries.retryOn } : {}),
              },
            }
          : {}),
      } as HttpRule);
    }
    if (rules.length === 0) continue;
    const hosts = (spec.hosts ?? []) as string[];
    for (const [hi, host] of hosts.entries()) {
      if (host === "*") {
        findings.push(
          importFinding(
            R.wildcardHost,
            `VirtualService ${refOf(vs)} serves host "*" on the shared gateway.`,
            at(vs),
            "Name the hosts; a catch-all route takes requests meant for other products.",
          ),
        );
      }
      drafts.push({
        route: {
          name: hosts.length > 1 ? `${vs.metadata.name}-${hi}` : vs.metadata.name,
          product: "",
          namespace: ns,
          host,
          gateways: [...bound, ...(refs.includes("mesh") ? ["mesh"] : [])],
          http: structuredClone(rules),
        } as Route,
        source: `VirtualService ${refOf(vs)}`,
        backends,
      });
    }
    imported.push(`VirtualService ${refOf(vs)}`);
  }

  // Kubernetes Ingress objects.
  for (const ing of live
    .filter((o) => o.kind === "Ingress" && o.apiVersion.startsWith("networking.k8s.io/"))
    .sort(creationOrder)) {
    const spec = (ing as Obj).spec ?? {};
    const ns = nsOf(ing);
    const cls: string =
      spec.ingressClassName ?? ing.metadata.annotations?.["kubernetes.io/ingress.class"] ?? "istio";
    if (spec.defaultBackend) {
      findings.push(
        importFinding(
          R.ingressWithoutHost,
          `Ingress ${refOf(ing)} has a default backend: it answers requests for any host.`,
          at(ing),
          "Give every rule a host and remove the default backend before moving its product.",
        ),
      );
    }
    const rules = (spec.rules ?? []) as Obj[];
    let ref: string;
    if (cls === "istio") {
      // Istio serves Ingress objects on the workload labelled istio=ingressgateway.
      const istioGateway = [...gateways.values()].find((g) => g.selector?.istio === "ingressgateway");
      ref = istioGateway
        ? `${istioGateway.namespace}/${istioGateway.name}`
        : `${SHARED_GATEWAY.namespace}/${SHARED_GATEWAY.name}`;
      if (!gateways.has(ref)) {
        gateways.set(ref, {
          name: SHARED_GATEWAY.name,
          namespace: SHARED_GATEWAY.namespace,
          mode: "shared",
          selector: { istio: "ingressgateway" },
          placement: [{ cluster }],
          listeners: [],
        } as unknown as GatewaySpec);
      }
    } else {
      ref = `ingress-${cls}/${cls}`;
      if (!gateways.has(ref)) {
        gateways.set(ref, {
          name: cls,
          namespace: `ingress-${cls}`,
          mode: "shared",
          selector: { "app.kubernetes.io/name": cls },
          placement: [{ cluster }],
          listeners: [],
        } as unknown as GatewaySpec);
        notImported(
          ing,
          `ingress class ${cls} is not Istio; it is modelled as shared gateway ${ref}`,
          "Check the selector of that gateway model before migrating its products.",
        );
      }
    }
    const gw = gateways.get(ref)!;
    const tlsHosts = new Map<string, string>();
    for (const t of (spec.tls ?? []) as Obj[])
      for (const h of (t.hosts ?? []) as string[]) tlsHosts.set(h, t.secretName ?? "");
    for (const [ri, rule] of rules.entries()) {
      if (!rule.host) {
        findings.push(
          importFinding(
            R.ingressWithoutHost,
            `Ingress ${refOf(ing)} rule ${ri + 1} has no host: it answers requests for any name.`,
            at(ing),
            "Add the host the rule is meant for; the rule was not imported.",
          ),
        );
        continue;
      }
      const host = String(rule.host);
      const backends: string[] = [];
      const http: HttpRule[] = [];
      for (const p of (rule.http?.paths ?? []) as Obj[]) {
        const svc = p.backend?.service;
        if (!svc?.name) {
          notImported(ing, `a path of ${host} has a resource backend`, "Only service backends are imported.");
          continue;
        }
        if (p.pathType === "ImplementationSpecific") {
          notImported(
            ing,
            `path ${p.path ?? "/"} of ${host} is ImplementationSpecific; imported as a prefix`,
            "Check it matches what the controller did.",
          );
        }
        backends.push(`${ns}/${svc.name}`);
        http.push({
          match: [{ path: p.pathType === "Exact" ? { exact: p.path ?? "/" } : { prefix: p.path ?? "/" } }],
          destinations: [
            {
              service: svc.name,
              namespace: ns,
              ...(typeof svc.port?.number === "number" ? { port: svc.port.number } : {}),
            },
          ],
        } as HttpRule);
      }
      if (http.length === 0) continue;
      // Note: Ingress Prefix matches whole path segments, Istio's prefix matches characters; the
      // Exact rules go first so first-match order keeps their meaning.
      http.sort(
        (a, b) =>
          Number(b.match[0]?.path?.exact !== undefined) - Number(a.match[0]?.path?.exact !== undefined) ||
          (b.match[0]?.path?.prefix?.length ?? 0) - (a.match[0]?.path?.prefix?.length ?? 0),
      );
      const tls = tlsHosts.has(host);
      const port = tls ? 443 : 80;
      let l = gw.listeners.find((x) => x.port === port);
      if (!l) {
        l = {
          name: tls ? "https" : "http",
          port,
          protocol: tls ? "HTTPS" : "HTTP",
          hosts: [],
          ...(tls
            ? { tls: { mode: "SIMPLE", credentialName: tlsHosts.get(host) || `${host.split(".")[0]}-tls` } }
            : {}),
        } as Listener;
        gw.listeners.push(l);
      }
      if (!l.hosts.includes(host)) l.hosts.push(host);
      drafts.push({
        route: {
          name: rules.length > 1 ? `${ing.metadata.name}-${ri}` : ing.metadata.name,
          product: "",
          namespace: ns,
          host,
          gateways: [ref],
          http,
        } as Route,
        source: `Ingress ${refOf(ing)}`,
        backends,
      });
    }
    imported.push(`Ingress ${refOf(ing)}`);
  }

  // Several routes for one host on one gateway: Istio merges them, first created first.
  const perHost = new Map<string, DraftRoute[]>();
  for (const d of drafts)
    for (const g of d.route.gateways)
      if (g !== "mesh")
        perHost.set(`${g} ${d.route.host}`, [...(perHost.get(`${g} ${d.route.host}`) ?? []), d]);
  for (const [key, list] of perHost) {
    if (list.length < 2) continue;
    const [gw, host] = key.split(" ");
    findings.push({
      code: R.mergedVirtualServices.code,
      name: R.mergedVirtualServices.name,
      severity: "warning",
      message: `${list.length} objects route ${host} on ${gw}: ${list.map((d) => d.source).join(", ")}. Istio merges them in creation order, so a rule of the first can shadow the others.`,
      objects: list.map((d) => ({
        cluster,
        kind: d.source.split(" ")[0]!,
        namespace: d.route.namespace,
        name: d.source.split("/")[1]!,
      })),
      hint: "Merge them into one route per host before the migration; Portico keeps them in creation order.",
    });
  }

  // Backends the cluster does not have.
  if (input.servicesRead) {
    for (const key of new Set(drafts.flatMap((d) => d.backends))) {
      if (services.has(key)) continue;
      const [namespace, name] = key.split("/") as [string, string];
      findings.push(
        importFinding(
          R.backendMissing,
          `Service ${key} is routed to but does not exist in cluster ${cluster}.`,
          { cluster, kind: "Service", namespace, name },
          "Deploy it or fix the route; requests for it answer 503 today.",
        ),
      );
    }
  }

  // Owners: the user's choices first, proposals for the rest.
  const evidence = new Map<string, HostEvidence>();
  for (const d of drafts) {
    const e = evidence.get(d.route.host) ?? {
      host: d.route.host,
      routeNamespaces: [],
      backendNamespaces: [],
    };
    e.routeNamespaces.push(d.route.namespace!);
    e.backendNamespaces.push(...d.backends.map((b) => b.split("/")[0]!));
    evidence.set(d.route.host, e);
  }
  const chosen = new Map((input.owners ?? []).map((o) => [o.host, o]));
  const owners: OwnerProposal[] = [...evidence.values()]
    .sort((a, b) => (a.host < b.host ? -1 : 1))
    .map((e) => {
      const c = chosen.get(e.host);
      return c
        ? { host: e.host, product: c.product, team: c.team, reason: "chosen by you" }
        : proposeOwner(e, input.current);
    });
  const ownerOf = new Map(owners.map((o) => [o.host, o]));

  const proposal = merge(input, [...gateways.values()], drafts, ownerOf, services);
  return { proposal, owners, findings: sortFindings(findings), imported };
}

function merge(
  input: ImportIngressInput,
  gateways: GatewaySpec[],
  drafts: DraftRoute[],
  ownerOf: Map<string, OwnerProposal>,
  liveServices: Map<string, Obj>,
): Topology {
  const cluster = input.cluster;
  const hosts = drafts.map((d) => d.route.host).filter((h) => h.includes("."));
  const domain = input.current?.domain ?? commonDomain(hosts);
  const base: Topology =
    input.current !== undefined
      ? structuredClone(input.current)
      : ({
          apiVersion: TOPOLOGY_API_VERSION,
          kind: "Topology",
          metadata: {
            name: domain?.split(".")[0] ?? "imported",
            description: `Imported from cluster ${cluster.name}`,
          },
          ...(domain ? { domain } : {}),
          clusters: [],
          products: [],
          gateways: [],
          routes: [],
          services: [],
          policies: { circuitBreakers: [], authentication: [], authorization: [] },
          failover: [],
          successors: [],
          clients: [],
        } as Topology);
  for (const c of [...(input.current ? [] : (input.knownClusters ?? [])), cluster]) {
    if (!base.clusters.some((x) => x.name === c.name)) base.clusters.push(structuredClone(c));
  }

  for (const g of gateways) {
    const existing = base.gateways.find((x) => x.namespace === g.namespace && x.name === g.name);
    if (!existing) {
      base.gateways.push(g);
      continue;
    }
    existing.listeners = g.listeners;
    if (!existing.placement.some((p) => p.cluster === cluster.name))
      existing.placement.push({ cluster: cluster.name });
  }

  for (const d of drafts) {
    const owner = ownerOf.get(d.route.host)!;
    const route: Route = { ...d.route, product: owner.product };
    const at = base.routes.findIndex((r) => r.name === route.name && (r.namespace ?? "") === route.namespace);
    if (at >= 0) base.routes[at] = route;
    else base.routes.push(route);

    let product = base.products.find((p) => p.name === owner.product);
    if (!product) {
      product = { name: owner.product, teams: [owner.team], namespaces: [], hosts: [] };
      base.products.push(product);
    }
    if (!product.teams.includes(owner.team)) product.teams.push(owner.team);
    if (!product.hosts.includes(route.host)) product.hosts.push(route.host);
    for (const ns of [route.namespace!, ...d.backends.map((b) => b.split("/")[0]!)]) {
      if (!SYSTEM.has(ns) && !product.namespaces.includes(ns)) product.namespaces.push(ns);
    }
    if (product.namespaces.length === 0) product.namespaces.push(route.namespace!);

    for (const rule of route.http) {
      for (const dest of rule.destinations) {
        const key = `${dest.namespace}/${dest.service}`;
        const svc = base.services.find((s) => `${s.namespace}/${s.name}` === key);
        if (svc) {
          if (!svc.clusters.includes(cluster.name)) svc.clusters.push(cluster.name);
          if (dest.port !== undefined && !svc.ports.some((p) => p.port === dest.port))
            svc.ports.push({ port: dest.port });
          continue;
        }
        const live = liveServices.get(key);
        const livePorts = ((live?.spec?.ports ?? []) as Obj[])
          .filter((p) => typeof p.port === "number")
          .map((p) => ({
            ...(typeof p.name === "string" && p.name ? { name: p.name } : {}),
            port: p.port as number,
          }));
        const ports = livePorts.length > 0 ? livePorts : [{ port: dest.port ?? 80 }];
        if (dest.port !== undefined && !ports.some((p) => p.port === dest.port))
          ports.push({ port: dest.port });
        base.services.push({
          name: dest.service,
          namespace: dest.namespace!,
          product: owner.product,
          ports,
          clusters: [cluster.name],
          subsets: [],
        } as ServiceSpec);
      }
    }
  }
  const parsed = parseTopology(base);
  if (!parsed.ok) {
    // The import only writes what the schema accepts; anything else is a bug worth a loud message.
    throw new Error(
      `import produced an invalid topology: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
    );
  }
  return parsed.topology;
}

/** The longest dot-suffix of two labels or more shared by every host, e.g. `my-company.io`. */
export function commonDomain(hosts: string[]): string | undefined {
  if (hosts.length === 0) return undefined;
  const split = hosts.map((h) => h.replace(/^\*\./, "").split(".").reverse());
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const label = split[0]![i];
    if (label === undefined || !split.every((s) => s[i] === label) || split.some((s) => s.length <= i + 1))
      break;
    out.push(label);
  }
  return out.length >= 2 ? out.reverse().join(".") : undefined;
}
