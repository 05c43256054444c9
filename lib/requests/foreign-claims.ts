// What a gateway request claims that belongs to another team: a product of another team (approval
// would add the requester's team to it), a namespace holding another team's product, gateway or
// routes, or a host another team's product serves. Refused at submission, not
// only shown in the blast radius. Pure.
import type { Topology } from "@/lib/topology";
import type { FieldIssue } from "@/lib/errors/app-error";
import type { GatewayRequestPayload } from "@/lib/validations/request";
import { hostMatches } from "./blast-radius";

/**
 * One issue per claimed namespace or host owned by a product whose teams do not include the
 * request's team. Note: the messages never name the other product or team, so a refusal does not
 * tell a lead what another team runs.
 */
export function foreignClaims(base: Topology | null, payload: GatewayRequestPayload): FieldIssue[] {
  if (!base) return [];
  const foreign = new Set(base.products.filter((p) => !p.teams.includes(payload.team)).map((p) => p.name));
  const issues: FieldIssue[] = [];
  if (foreign.has(payload.product)) {
    issues.push({
      path: "product",
      message: `product ${payload.product} belongs to another team; choose another name`,
    });
  }
  const ns = payload.namespace;
  const namespaceTaken =
    base.products.some((p) => foreign.has(p.name) && p.namespaces.includes(ns)) ||
    base.gateways.some((g) => g.namespace === ns && g.product !== undefined && foreign.has(g.product)) ||
    base.routes.some((r) => r.namespace === ns && foreign.has(r.product));
  if (namespaceTaken) {
    issues.push({
      path: "namespace",
      message: `namespace ${ns} holds another team's product; choose a namespace of your own`,
    });
  }
  payload.hosts.forEach((host, i) => {
    const taken =
      base.products.some((p) => foreign.has(p.name) && p.hosts.some((h) => hostMatches(h, host))) ||
      base.routes.some((r) => foreign.has(r.product) && hostMatches(r.host, host));
    if (taken) {
      issues.push({ path: `hosts[${i}]`, message: `${host} is served by another team's product` });
    }
  });
  return issues;
}
