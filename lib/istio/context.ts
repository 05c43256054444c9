import type { Cluster, TopologyIndex } from "@/lib/topology";
import { ownership, type OwnershipContext } from "@/lib/topology";
import { DNS_LABEL } from "@/lib/validations/names";

/** Everything a renderer needs for one cluster. */
export interface RenderContext {
  index: TopologyIndex;
  cluster: Cluster;
  revision?: number | string;
  /** Topology name and revision as stamped on every object, made once per render. */
  owner: OwnershipContext;
}

export function createContext(
  index: TopologyIndex,
  cluster: Cluster,
  revision?: number | string,
): RenderContext {
  const stamped = revision ?? index.topology.metadata.revision;
  return {
    index,
    cluster,
    revision: stamped,
    owner: {
      topology: index.topology.metadata.name,
      revision: stamped === undefined ? undefined : String(stamped),
    },
  };
}

/** Object metadata with Portico's ownership labels; extra labels never override ownership. */
export function meta(
  ctx: RenderContext,
  opts: {
    name: string;
    namespace?: string;
    product?: string;
    source: string;
    labels?: Record<string, string>;
  },
): {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
} {
  const own = ownership(ctx.owner, opts.product, opts.source, opts.labels);
  const out: {
    name: string;
    namespace?: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  } = {
    name: opts.name,
    labels: own.labels,
    annotations: own.annotations,
  };
  if (opts.namespace !== undefined) out.namespace = opts.namespace;
  return out;
}

/** Kubernetes names are limited to 63 characters; long derived names keep a readable prefix. */
const K8S_NAME = DNS_LABEL;

export function k8sName(...parts: string[]): string {
  // Most names are already valid; skipping the clean-up matters at 100,000s of objects per render.
  const joined = parts.join("-");
  if (joined.length <= 63 && K8S_NAME.test(joined) && !joined.includes("--")) return joined;
  const raw = parts
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  if (raw.length <= 63) return raw;
  let h = 0;
  for (let i = 0; i < raw.length; i++) h = (h * 31 + raw.charCodeAt(i)) >>> 0;
  return `${raw.slice(0, 54).replace(/-$/, "")}-${h.toString(16).padStart(8, "0")}`;
}
