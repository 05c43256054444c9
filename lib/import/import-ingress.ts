import { sortFindings, type Finding } from "@/lib/analysis/finding";
import {
  isManagedByPortico,
  parseTopology,
  emptyTopology,
  type Cluster,
  type K8sObject,
  type Route,
  type ServiceSpec,
  type Topology,
} from "@/lib/topology";
import { IMPORT_RULES as R, importFinding } from "./import-findings";
import { isIstioGateway, isService, isVirtualService, refOf, type Service } from "./k8s-types";
import { proposeOwner, type HostEvidence, type OwnerProposal } from "./propose-owner";
import { ingressReader } from "./read-ingress";
import { istioReader } from "./read-istio";
import { nginxAnnotationReader } from "./read-nginx-annotations";
import { ImportContext, type DraftRoute, type SourceReader } from "./source-reader";

export { isSharedGateway, SHARED_GATEWAY } from "./read-istio";

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

const SYSTEM = new Set(["istio-system", "default", "kube-system", "kube-public"]);

/** The readers, in order: Istio's gateways first, so Ingress of class istio finds them. */
export const READERS: readonly SourceReader[] = [istioReader, nginxAnnotationReader, ingressReader];

/**
 * Reads the shared ingress of one cluster into a proposal: the current revision with the cluster's
 * shared gateways, the routes bound to them (VirtualServices and Ingresses), their backend
 * services and an owner per host. Pure: reading the cluster happens in `readIngressObjects`.
 * Objects Portico renders itself are left alone, never taken over.
 */
export function importIngress(input: ImportIngressInput): ImportIngressResult {
  const cluster = input.cluster.name;
  const managed = input.objects.filter(
    (o) => isManagedByPortico(o) && (isIstioGateway(o) || isVirtualService(o)),
  );
  const live = input.objects.filter((o) => !isManagedByPortico(o));
  const ctx = new ImportContext(cluster, new Map(live.filter(isService).map((s) => [refOf(s), s])));
  if (managed.length > 0) {
    ctx.findings.push({
      code: R.managedByPortico.code,
      name: R.managedByPortico.name,
      severity: "info",
      message: `${managed.length} Gateway/VirtualService object(s) are rendered by Portico and were not imported again.`,
      objects: managed.slice(0, 5).map((o) => ctx.at(o)),
      hint: "They already come from the topology; edit them there.",
    });
  }
  for (const reader of READERS) reader.read(live, ctx);
  const { findings, imported, drafts } = ctx;
  for (const [ref, g] of ctx.gateways) if (g.listeners.length === 0) ctx.gateways.delete(ref);

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
      message: `${list.length} objects route ${host} on ${gw}: ${list.flatMap((d) => d.sources).join(", ")}. Istio merges them in creation order, so a rule of the first can shadow the others.`,
      objects: list.flatMap((d) =>
        d.sources.map((src) => ({
          cluster,
          kind: src.split(" ")[0]!,
          namespace: src.split(" ")[1]!.split("/")[0]!,
          name: src.split("/")[1]!,
        })),
      ),
      hint: "Merge them into one route per host before the migration; Portico keeps them in creation order.",
    });
  }

  // Backends the cluster does not have.
  if (input.servicesRead) {
    for (const key of new Set(drafts.flatMap((d) => d.backends))) {
      if (ctx.services.has(key)) continue;
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

  const proposal = merge(input, ctx, ownerOf);
  return { proposal, owners, findings: sortFindings(findings), imported };
}

function merge(input: ImportIngressInput, ctx: ImportContext, ownerOf: Map<string, OwnerProposal>): Topology {
  const { drafts } = ctx;
  const gateways = [...ctx.gateways.values()];
  const cluster = input.cluster;
  const hosts = drafts.map((d) => d.route.host).filter((h) => h.includes("."));
  const domain = input.current?.domain ?? commonDomain(hosts);
  const base: Topology =
    input.current !== undefined
      ? structuredClone(input.current)
      : emptyTopology(
          { name: domain?.split(".")[0] ?? "imported", description: `Imported from cluster ${cluster.name}` },
          domain,
        );
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

  // Indexes, so merging thousands of routes stays linear.
  const routeAt = new Map(base.routes.map((r, i) => [`${r.namespace ?? ""}/${r.name}`, i]));
  const products = new Map(base.products.map((p) => [p.name, p]));
  const services = new Map(base.services.map((s) => [`${s.namespace}/${s.name}`, s]));
  for (const d of drafts) {
    const owner = ownerOf.get(d.route.host)!;
    const route: Route = { ...d.route, product: owner.product };
    const routeKey = `${route.namespace}/${route.name}`;
    const at = routeAt.get(routeKey);
    if (at !== undefined) base.routes[at] = route;
    else routeAt.set(routeKey, base.routes.push(route) - 1);

    let product = products.get(owner.product);
    if (!product) {
      product = { name: owner.product, teams: [owner.team], namespaces: [], hosts: [] };
      base.products.push(product);
      products.set(product.name, product);
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
        const svc = services.get(key);
        if (svc) {
          if (!svc.clusters.includes(cluster.name)) svc.clusters.push(cluster.name);
          if (dest.port !== undefined && !svc.ports.some((p) => p.port === dest.port))
            svc.ports.push({ port: dest.port });
          continue;
        }
        const live = ctx.services.get(key) as Service | undefined;
        const livePorts = (live?.spec?.ports ?? [])
          .filter((p) => typeof p.port === "number")
          .map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port }));
        const ports = livePorts.length > 0 ? livePorts : [{ port: dest.port ?? 80 }];
        if (dest.port !== undefined && !ports.some((p) => p.port === dest.port))
          ports.push({ port: dest.port });
        const backend = ctx.backends.get(key)?.backend;
        const added = {
          name: dest.service,
          namespace: dest.namespace!,
          product: owner.product,
          ports,
          clusters: [cluster.name],
          subsets: [],
          ...(backend ? { backend } : {}),
        } as ServiceSpec;
        base.services.push(added);
        services.set(key, added);
      }
    }
  }
  const policyAt = new Map(base.policies.authorization.map((p, i) => [p.name, i]));
  for (const { host, policy } of ctx.policies) {
    const product = ownerOf.get(host)?.product;
    if (!product) continue;
    const at = policyAt.get(policy.name);
    const full = { ...policy, product };
    if (at !== undefined) base.policies.authorization[at] = full;
    else policyAt.set(policy.name, base.policies.authorization.push(full) - 1);
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
