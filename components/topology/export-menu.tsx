"use client";
// Download buttons for GET /api/export: the current selection (product and cluster filters) of the
// revision on screen, as Istio, Gateway API or the topology document.
import { buttonClasses } from "@/components/ui/button";

export function ExportMenu({
  revision,
  product,
  cluster,
  teamScoped,
}: {
  revision: number;
  /** Set when exactly one product is selected. */
  product?: string;
  cluster?: string;
  /** Team leads export their teams' part of the estate only (the API scopes it). */
  teamScoped: boolean;
}) {
  const href = (format: string) => {
    const q = new URLSearchParams({ format, revision: String(revision) });
    if (product) q.set("product", product);
    if (cluster && format !== "topology") q.set("cluster", cluster);
    return `/api/export?${q.toString()}`;
  };
  const all = teamScoped ? "your teams' products" : "all products";
  // Without a cluster the rendered formats come as one file per cluster in a .tar.gz (the API's
  // answer): two clusters' objects share names, so they never share one stream.
  const rendered = cluster ? "YAML" : "(.tar.gz, a YAML per cluster)";
  const scope = `${product ? `product ${product}` : all}${cluster ? `, cluster ${cluster}` : ""}`;
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
        Istio {rendered}
      </a>
      <a className={buttonClasses("secondary", "py-1 text-xs")} href={href("gateway-api")} download>
        Gateway API {rendered}
      </a>
      <a className={buttonClasses("secondary", "py-1 text-xs")} href={href("topology")} download>
        Topology document
      </a>
    </div>
  );
}
