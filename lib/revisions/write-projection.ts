// Writes a revision's projection rows: one INSERT per table, the rows passed as one JSON parameter.
// Note: Prisma's createMany binds every column of every row as its own parameter, which took
// seconds for a few thousand rows; jsonb_to_recordset does the same work in milliseconds.
import type { Tx } from "@/lib/db/client";
import type { RevisionProjection } from "./project-revision";

export async function writeProjection(tx: Tx, revisionId: string, p: RevisionProjection): Promise<void> {
  if (p.gateways.length) {
    await tx.$executeRaw`
      INSERT INTO "Gateway" (id, "revisionId", "productSlug", name, namespace, kind, clusters, hosts, listeners, deployment)
      SELECT gen_random_uuid()::text, ${revisionId}, r."productSlug", r.name, r.namespace, r.kind,
             ARRAY(SELECT jsonb_array_elements_text(r.clusters)), ARRAY(SELECT jsonb_array_elements_text(r.hosts)),
             r.listeners, r.deployment
      FROM jsonb_to_recordset(${JSON.stringify(p.gateways)}::jsonb) AS r(
        "productSlug" text, name text, namespace text, kind text, clusters jsonb, hosts jsonb, listeners jsonb, deployment jsonb)`;
  }
  if (p.routes.length) {
    await tx.$executeRaw`
      INSERT INTO "Route" (id, "revisionId", "productSlug", name, host, gateways, match, destinations)
      SELECT gen_random_uuid()::text, ${revisionId}, r."productSlug", r.name, r.host,
             ARRAY(SELECT jsonb_array_elements_text(r.gateways)), r.match, r.destinations
      FROM jsonb_to_recordset(${JSON.stringify(p.routes)}::jsonb) AS r(
        "productSlug" text, name text, host text, gateways jsonb, match jsonb, destinations jsonb)`;
  }
  if (p.backendServices.length) {
    await tx.$executeRaw`
      INSERT INTO "BackendService" (id, "revisionId", "productSlug", clusters, namespace, name, ports)
      SELECT gen_random_uuid()::text, ${revisionId}, r."productSlug", ARRAY(SELECT jsonb_array_elements_text(r.clusters)),
             r.namespace, r.name, r.ports
      FROM jsonb_to_recordset(${JSON.stringify(p.backendServices)}::jsonb) AS r(
        "productSlug" text, clusters jsonb, namespace text, name text, ports jsonb)`;
  }
  if (p.policies.length) {
    await tx.$executeRaw`
      INSERT INTO "Policy" (id, "revisionId", "productSlug", kind, name, spec)
      SELECT gen_random_uuid()::text, ${revisionId}, r."productSlug", r.kind, r.name, r.spec
      FROM jsonb_to_recordset(${JSON.stringify(p.policies)}::jsonb) AS r("productSlug" text, kind text, name text, spec jsonb)`;
  }
}
