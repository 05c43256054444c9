// What reviewers look at: the draft topology of a request rendered per cluster, the analyzer's
// findings on it and its blast radius. The live plan against clusters is fetched separately
// (POST /api/plan with the draft) because it talks to clusters and may be slow.
import { analyze } from "@/lib/analysis";
import type { Principal } from "@/lib/auth/principal";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { renderCluster } from "@/lib/istio";
import { objectToYaml } from "@/lib/topology";
import type { GatewayRequestPayload } from "@/lib/validations/request";
import { blastRadius } from "./blast-radius";
import { buildDraft, loadDraftBase } from "./build-draft";
import { assertCanSeeRequest } from "./request-scope";

export async function previewRequest(user: Principal, id: string) {
  const request = await prisma.gatewayRequest.findUnique({ where: { id } });
  if (!request) throw AppError.notFound(`Request ${id}`);
  assertCanSeeRequest(user, request);
  return previewPayload(request.payload as GatewayRequestPayload);
}

export async function previewPayload(payload: GatewayRequestPayload) {
  const base = await loadDraftBase(prisma, payload.clusters);
  const draft = buildDraft(base, payload);
  const radius = blastRadius(
    base.base,
    payload,
    base.clusters.filter((c) => c.production).map((c) => c.name),
  );
  if (!draft.parsed.ok) {
    return {
      baseRevision: base.baseRevision,
      valid: false as const,
      issues: draft.parsed.errors,
      blastRadius: radius,
    };
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
  return {
    baseRevision: base.baseRevision,
    valid: true as const,
    document: draft.document,
    clusters,
    findings: analyze(topology),
    blastRadius: radius,
  };
}
