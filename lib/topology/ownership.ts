/** Label that marks objects Portico owns; only these are ever deleted by a plan. */
export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const MANAGED_BY_VALUE = "portico";
/** The field manager of every server-side apply Portico makes (managedFields name it). */
export const FIELD_MANAGER = "portico";
export const PRODUCT_LABEL = "portico.dev/product";
export const REVISION_ANNOTATION = "portico.dev/revision";
export const TOPOLOGY_ANNOTATION = "portico.dev/topology";
export const SOURCE_ANNOTATION = "portico.dev/source";

export interface OwnershipContext {
  /** Topology name, e.g. `my-company`. */
  topology: string;
  /** Revision stamped as annotation; absent when rendering an unsaved draft. */
  revision?: number | string;
}

/**
 * Ownership labels and annotations for one object. `extraLabels` come first and never override
 * ownership. Called once per rendered object (100,000s per render), so it builds each map once.
 */
export function ownership(
  ctx: OwnershipContext,
  product: string | undefined,
  source: string,
  extraLabels?: Record<string, string>,
): { labels: Record<string, string>; annotations: Record<string, string> } {
  const labels: Record<string, string> = extraLabels ? { ...extraLabels } : {};
  labels[MANAGED_BY_LABEL] = MANAGED_BY_VALUE;
  if (product) labels[PRODUCT_LABEL] = product;
  const annotations: Record<string, string> = {
    [TOPOLOGY_ANNOTATION]: ctx.topology,
    [SOURCE_ANNOTATION]: source,
  };
  if (ctx.revision !== undefined) annotations[REVISION_ANNOTATION] = String(ctx.revision);
  return { labels, annotations };
}

export function isManagedByPortico(obj: { metadata: { labels?: Record<string, string> } }): boolean {
  return obj.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE;
}
