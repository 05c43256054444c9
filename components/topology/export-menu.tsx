"use client";
// Download buttons for GET /api/export: the current selection (product and cluster filters) of the
// revision on screen, as Istio, Gateway API or the topology document.
import { buttonClasses } from "@/components/ui/button";

export function ExportMenu({
  revision,
  product,
  cluster,
  requireProduct,
}: {
  revision: number;
  /** Set when exactly one product is selected. */
  product?: string;
  cluster?: string;
  /** Team leads export one product at a time. */
  requireProduct: boolean;
}) {
  const href = (format: string) => {
    const q = new URLSearchParams({ format, revision: String(revision) });
    if (product) q.set("product", product);
    if (cluster && format !== "topology") q.set("cluster", cluster);
    return `/api/export?${q.toString()}`;
  };
  const scope = `${product ? `product ${product}` : "all products"}${cluster ? `, cluster ${cluster}` : ""}`;
  if (requireProduct && !product) {
    return <p className="text-xs text-slate-700">Choose one of your products in the filter to export it.</p>;
  }
  return (
    <div
      role="group"
      aria-label={`Export revision ${revision} (${scope})`}
      className="flex flex-wrap items-center gap-2"
    >
      <span className="text-xs text-slate-700">Export {scope}:</span>
      <a
        className={buttonClasses("secondary", "py-1 text-xs")}
        href={href("istio")}
        download
        data-testid="export-istio"
      >
        Istio YAML
      </a>
      <a className={buttonClasses("secondary", "py-1 text-xs")} href={href("gateway-api")} download>
        Gateway API YAML
      </a>
      <a className={buttonClasses("secondary", "py-1 text-xs")} href={href("topology")} download>
        Topology document
      </a>
    </div>
  );
}
