// How a cluster's Istio reads in the clusters list and on its page. The default revision is the usual
// case and goes unsaid; a named revision (a canary upgrade, a revision-based install) is worth seeing.
export function istioLabel(c: { istioVersion: string | null; istioRevision: string | null }): string | null {
  if (!c.istioVersion) return null;
  return c.istioRevision && c.istioRevision !== "default"
    ? `${c.istioVersion} (revision ${c.istioRevision})`
    : c.istioVersion;
}
