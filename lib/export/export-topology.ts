// Turns one revision's desired state into a downloadable multi-document YAML: the rendered Istio
// objects, the Gateway API equivalent (with what it cannot express as comments on top), or the
// topology document itself; for the whole estate or one product, in every cluster or one.
// Pure: the route loads the revision and checks access.
import { renderCluster } from "@/lib/istio";
import type { NotExpressibleNote } from "@/lib/gateway-api/note";
import {
  indexTopology,
  objectToYaml,
  routeNamespace,
  toYaml,
  type K8sObject,
  type Topology,
} from "@/lib/topology";

export const EXPORT_FORMATS = ["istio", "gateway-api", "topology"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  format: ExportFormat;
  /** Only this product's objects (or its slice of the document). */
  product?: string;
  /** Only this cluster (rendered formats). */
  cluster?: string;
  revision: number;
}

export interface ExportResult {
  filename: string;
  yaml: string;
  /** Objects in the file (0 for the topology format). */
  objectCount: number;
}

export class ExportInputError extends Error {}

const PRODUCT_LABEL = "portico.dev/product";

/** The part of the document that belongs to one product; shared gateways stay when its routes use them. */
export function productSlice(topology: Topology, product: string): Topology {
  return productsSlice(topology, [product]);
}

/** The part of the document that belongs to these products (a team lead's view of the estate). */
export function productsSlice(topology: Topology, products: readonly string[]): Topology {
  const wanted = new Set(products);
  const index = indexTopology(topology);
  const routes = topology.routes.filter((r) => wanted.has(r.product));
  const services = topology.services.filter((s) => wanted.has(s.product));
  const serviceKeys = new Set(services.map((s) => `${s.namespace}/${s.name}`));
  const usedGateways = new Set<string>();
  for (const r of routes) {
    const ns = routeNamespace(r, index);
    for (const g of r.gateways) usedGateways.add(g.includes("/") ? g : `${ns}/${g}`);
  }
  const hosts = new Set([
    ...products.flatMap((p) => index.products.get(p)?.hosts ?? []),
    ...routes.map((r) => r.host),
  ]);
  return {
    ...topology,
    products: topology.products.filter((p) => wanted.has(p.name)),
    gateways: topology.gateways.filter(
      (g) =>
        (g.product !== undefined && wanted.has(g.product)) || usedGateways.has(`${g.namespace}/${g.name}`),
    ),
    routes,
    services,
    policies: {
      circuitBreakers: topology.policies.circuitBreakers.filter((p) => wanted.has(p.product)),
      authentication: topology.policies.authentication.filter((p) => wanted.has(p.product)),
      authorization: topology.policies.authorization.filter((p) => wanted.has(p.product)),
    },
    failover: topology.failover.filter((f) => wanted.has(f.product)),
    successors: topology.successors.filter((s) =>
      serviceKeys.has(`${s.service.namespace}/${s.service.name}`),
    ),
    clients: topology.clients
      .map((c) => ({
        ...c,
        calls: c.calls.filter(
          (h) =>
            hosts.has(h) ||
            [...serviceKeys].some((k) => h.startsWith(`${k.split("/")[1]}.${k.split("/")[0]}.`)),
        ),
      }))
      .filter((c) => c.calls.length > 0),
  };
}

function noteProduct(note: NotExpressibleNote, topology: Topology): string | undefined {
  const [type, ns, name] = note.source.split("/");
  const index = indexTopology(topology);
  if (type === "gateway") return index.gateways.get(`${ns}/${name}`)?.product;
  if (type === "route")
    return topology.routes.find((r) => r.name === name && routeNamespace(r, index) === ns)?.product;
  return undefined;
}

/**
 * One rendered stream per cluster of the selection: two clusters never share a stream, since they
 * hold objects of the same name (Namespaces, ServiceEntries) that `kubectl apply` would take for one.
 */
export function exportPerCluster(topology: Topology, opts: ExportOptions): ExportResult[] {
  if (opts.format === "topology") return [exportTopology(topology, opts)];
  const clusters = opts.cluster ? [opts.cluster] : topology.clusters.map((c) => c.name);
  return clusters.map((cluster) => exportTopology(topology, { ...opts, cluster }));
}

/**
 * The selection as one YAML stream: the topology document, or the objects of one cluster (a
 * rendered format over several clusters is `exportPerCluster`'s).
 */
export function exportTopology(topology: Topology, opts: ExportOptions): ExportResult {
  const index = indexTopology(topology);
  if (opts.product && !index.products.has(opts.product)) {
    throw new ExportInputError(
      `Revision ${opts.revision} has no product "${opts.product}"; products: ${[...index.products.keys()].join(", ") || "none"}.`,
    );
  }
  if (opts.cluster && !index.clusters.has(opts.cluster)) {
    throw new ExportInputError(
      `Revision ${opts.revision} has no cluster "${opts.cluster}"; clusters: ${[...index.clusters.keys()].join(", ")}.`,
    );
  }
  const product = opts.product ?? "all";
  const title = `# Portico export of revision ${opts.revision}: ${opts.format}`;

  if (opts.format === "topology") {
    const doc = opts.product ? productSlice(topology, opts.product) : topology;
    return {
      filename: `portico-r${opts.revision}-${product}-topology.yaml`,
      yaml: `${title}\n# product: ${product}\n${objectToYaml(doc)}`,
      objectCount: 0,
    };
  }

  const cluster = opts.cluster ?? (topology.clusters.length === 1 ? topology.clusters[0]!.name : undefined);
  if (cluster === undefined)
    throw new ExportInputError(
      `Revision ${opts.revision} has ${topology.clusters.length} clusters and each needs its own stream: choose one cluster, or download one file per cluster.`,
    );
  const filename = `portico-r${opts.revision}-${product}-${cluster}-${opts.format}.yaml`;
  const header = [title, `# product: ${product}; cluster: ${cluster}`];
  const result = renderCluster(topology, cluster, { format: opts.format, revision: opts.revision });
  const objects: K8sObject[] = opts.product
    ? result.objects.filter((o) => o.metadata.labels?.[PRODUCT_LABEL] === opts.product)
    : result.objects;
  const notes: NotExpressibleNote[] = opts.product
    ? result.notExpressible.filter((n) => noteProduct(n, topology) === opts.product)
    : result.notExpressible;
  if (opts.format === "gateway-api") {
    header.push(
      notes.length
        ? `# Not expressible in Gateway API (${notes.length}); Portico rendered the closest equivalent:`
        : "# Everything in this selection is expressible in Gateway API.",
    );
    for (const n of notes)
      header.push(
        `#   [${n.cluster}] ${n.source}: ${n.code ? `refused (${n.code}): ` : ""}${n.message.replace(/\s*\n\s*/g, " ")}`,
      );
  }
  if (objects.length === 0) header.push("# No objects: nothing in this selection renders to this cluster.");
  const body = objects.length ? toYaml(objects) : "";
  return { filename, yaml: `${header.join("\n")}\n${body}`, objectCount: objects.length };
}
