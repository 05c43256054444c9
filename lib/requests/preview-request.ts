// What reviewers look at: the draft topology of a request rendered per cluster, the analyzer's
// findings on it and its blast radius. The live plan against clusters is fetched separately
// (POST /api/plan with the draft) because it talks to clusters and may be slow.
import { analyze, RULES, type Finding } from "@/lib/analysis";
import { canEverywhere, scopedProductSlugs } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/principal";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { renderCluster } from "@/lib/istio";
import { objectToYaml, type Topology } from "@/lib/topology";
import type { GatewayRequestPayload } from "@/lib/validations/request";
import { teamFindings, teamView } from "@/lib/export/team-view";
import { blastRadius, type BlastRadius } from "./blast-radius";
import { buildDraft, loadDraftBase } from "./build-draft";
import { assertCanSeeRequest } from "./request-scope";

export async function previewRequest(user: Principal, id: string) {
  const request = await prisma.gatewayRequest.findUnique({ where: { id } });
  if (!request) throw AppError.notFound(`Request ${id}`);
  assertCanSeeRequest(user, request);
  return previewPayload(user, request.payload as GatewayRequestPayload);
}

/**
 * Note: a team lead sees the draft through their teams' products (and the requested one): the rest
 * of the estate's document, findings about other products and other products' names in the blast
 * radius are left out. Reviewers (topology:read everywhere) see all of it.
 */
export async function previewPayload(user: Principal, payload: GatewayRequestPayload) {
  const visible = canEverywhere(user, "topology:read")
    ? undefined
    : [...new Set([...scopedProductSlugs(user, "topology:read"), payload.product])];
  const { preview, topology } = await previewAll(payload);
  const scoped = scopePreview(preview, topology, visible);
  return scoped.valid ? { ...scoped, rules: ruleDescriptions(scoped.findings) } : scoped;
}

/** What each rule that fired checks, said once for all its findings (of the findings the caller sees). */
function ruleDescriptions(findings: readonly Finding[]): Record<string, string> {
  const codes = new Set(findings.map((f) => f.code));
  return Object.fromEntries(
    RULES.filter((r) => codes.has(r.meta.code)).map((r) => [r.meta.code, r.meta.description]),
  );
}

function scopePreview<P extends { blastRadius: BlastRadius; document?: unknown; findings?: Finding[] }>(
  preview: P,
  topology: Topology | undefined,
  visible: string[] | undefined,
): P {
  if (!visible) return preview;
  const mine = new Set(visible);
  const radius = preview.blastRadius;
  return {
    ...preview,
    ...(topology ? { document: teamView(topology, visible) } : {}),
    ...(preview.findings ? { findings: teamFindings(preview.findings, visible) } : {}),
    blastRadius: {
      ...radius,
      existingHosts: radius.existingHosts.filter((h) => mine.has(h.product)),
      sharedGateways: radius.sharedGateways
        .map((g) => ({ ...g, products: g.products.filter((p) => mine.has(p)) }))
        .filter((g) => g.products.length > 0),
      sharedNamespaces: radius.sharedNamespaces
        .map((n) => ({ ...n, products: n.products.filter((p) => mine.has(p)) }))
        .filter((n) => n.products.length > 0),
    },
  };
}

async function previewAll(payload: GatewayRequestPayload) {
  const base = await loadDraftBase(prisma, payload.clusters);
  const draft = buildDraft(base, payload);
  const radius = blastRadius(
    base.base,
    payload,
    base.clusters.filter((c) => c.production).map((c) => c.name),
  );
  if (!draft.parsed.ok) {
    const preview = {
      baseRevision: base.baseRevision,
      valid: false as const,
      issues: draft.parsed.errors,
      blastRadius: radius,
    };
    return { preview, topology: undefined };
  }
  const topology = draft.parsed.topology;
  const clusters = payload.clusters.map((cluster) => {
    const objects = renderCluster(topology, cluster).objects.filter(
      (o) => o.metadata.labels?.["portico.dev/product"] === payload.product,
    );
    return {
      cluster,
      objects: objects.map((o) => ({
        kind: o.kind,
        namespace: o.metadata.namespace ?? null,
        name: o.metadata.name,
        yaml: objectToYaml(o),
      })),
    };
  });
  const preview = {
    baseRevision: base.baseRevision,
    valid: true as const,
    document: draft.document,
    clusters,
    findings: analyze(topology),
    blastRadius: radius,
  };
  return { preview, topology };
}
