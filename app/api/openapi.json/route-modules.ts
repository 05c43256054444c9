// Every API route module, keyed by its path in app/api, for the OpenAPI description.
import type { RouteModuleLike } from "@/lib/api/openapi";
import * as adopt from "@/app/api/clusters/[name]/adopt/route";
import * as drift from "@/app/api/clusters/[name]/drift/route";
import * as forcePlan from "@/app/api/clusters/[name]/force-plan/route";
import * as m0 from "@/app/api/[...slug]/route";
import * as m1 from "@/app/api/audit/[id]/route";
import * as m2 from "@/app/api/audit/export/route";
import * as m3 from "@/app/api/audit/route";
import * as m4 from "@/app/api/auth/oidc/callback/route";
import * as m5 from "@/app/api/auth/oidc/start/route";
import * as m6 from "@/app/api/auth/sign-in/route";
import * as m7 from "@/app/api/auth/sign-out/route";
import * as m8 from "@/app/api/clusters/[name]/credentials/route";
import * as m9 from "@/app/api/clusters/[name]/import/route";
import * as m10 from "@/app/api/clusters/[name]/inventory/route";
import * as m11 from "@/app/api/clusters/[name]/route";
import * as m12 from "@/app/api/clusters/[name]/sync/route";
import * as m13 from "@/app/api/clusters/[name]/test/route";
import * as m14 from "@/app/api/clusters/kubeconfig-contexts/route";
import * as m15 from "@/app/api/clusters/route";
import * as m16 from "@/app/api/export/route";
import * as m17 from "@/app/api/health/route";
import * as healthLive from "@/app/api/health/live/route";
import * as healthReady from "@/app/api/health/ready/route";
import * as m18 from "@/app/api/me/route";
import * as m19 from "@/app/api/metrics/route";
import * as migrationRecord from "@/app/api/migrations/[product]/route";
import * as migrationSteps from "@/app/api/migrations/[product]/steps/route";
import * as migrationEvents from "@/app/api/migrations/[product]/events/route";
import * as revisionUndo from "@/app/api/revisions/[number]/undo/route";
import * as revisionRollbackPreview from "@/app/api/revisions/[number]/rollback-preview/route";
import * as revisionCompare from "@/app/api/revisions/compare/route";
import * as m20 from "@/app/api/migrations/[product]/preview/route";
import * as m21 from "@/app/api/migrations/route";
import * as m22 from "@/app/api/plan/route";
import * as facts from "@/app/api/products/[slug]/facts/route";
import * as probes from "@/app/api/products/[slug]/probes/route";
import * as dnsStage from "@/app/api/products/[slug]/dns-stage/route";
import * as dns from "@/app/api/products/[slug]/dns/route";
import * as traffic from "@/app/api/products/[slug]/traffic/route";
import * as m23 from "@/app/api/requests/[id]/preview/route";
import * as m24 from "@/app/api/requests/[id]/reviews/route";
import * as m25 from "@/app/api/requests/[id]/route";
import * as m26 from "@/app/api/requests/[id]/withdraw/route";
import * as m27 from "@/app/api/requests/preview/route";
import * as m28 from "@/app/api/requests/route";
import * as m29 from "@/app/api/revisions/[number]/rollback/route";
import * as revisionTraffic from "@/app/api/revisions/[number]/traffic/route";
import * as m30 from "@/app/api/revisions/[number]/route";
import * as m31 from "@/app/api/revisions/route";
import * as m32 from "@/app/api/settings/approval-rules/[id]/route";
import * as m33 from "@/app/api/settings/approval-rules/route";
import * as m34 from "@/app/api/sync/runs/route";
import * as m35 from "@/app/api/tokens/[id]/route";
import * as m36 from "@/app/api/tokens/route";
import * as m37 from "@/app/api/users/[id]/roles/[bindingId]/route";
import * as m38 from "@/app/api/users/[id]/roles/route";
import * as m39 from "@/app/api/users/route";

// Note: static imports (not a directory walk) so the bundler includes every route module; the test
// in test/security/openapi.test.ts fails when an endpoint of the registry is missing here.
export const ROUTE_MODULES: Record<string, RouteModuleLike> = {
  "/api/[...slug]": m0,
  "/api/audit/[id]": m1,
  "/api/audit/export": m2,
  "/api/audit": m3,
  "/api/auth/oidc/callback": m4,
  "/api/auth/oidc/start": m5,
  "/api/auth/sign-in": m6,
  "/api/auth/sign-out": m7,
  "/api/clusters/[name]/credentials": m8,
  "/api/clusters/[name]/import": m9,
  "/api/clusters/[name]/inventory": m10,
  "/api/clusters/[name]": m11,
  "/api/clusters/[name]/sync": m12,
  "/api/clusters/[name]/test": m13,
  "/api/clusters/kubeconfig-contexts": m14,
  "/api/clusters/[name]/adopt": adopt,
  "/api/clusters/[name]/drift": drift,
  "/api/clusters/[name]/force-plan": forcePlan,
  "/api/clusters": m15,
  "/api/export": m16,
  "/api/health": m17,
  "/api/health/live": healthLive,
  "/api/health/ready": healthReady,
  "/api/me": m18,
  "/api/metrics": m19,
  "/api/migrations/[product]/preview": m20,
  "/api/migrations": m21,
  "/api/migrations/[product]": migrationRecord,
  "/api/migrations/[product]/steps": migrationSteps,
  "/api/migrations/[product]/events": migrationEvents,
  "/api/revisions/[number]/undo": revisionUndo,
  "/api/revisions/[number]/rollback-preview": revisionRollbackPreview,
  "/api/revisions/compare": revisionCompare,
  "/api/plan": m22,
  "/api/products/[slug]/facts": facts,
  "/api/products/[slug]/probes": probes,
  "/api/products/[slug]/dns-stage": dnsStage,
  "/api/products/[slug]/dns": dns,
  "/api/products/[slug]/traffic": traffic,
  "/api/requests/[id]/preview": m23,
  "/api/requests/[id]/reviews": m24,
  "/api/requests/[id]": m25,
  "/api/requests/[id]/withdraw": m26,
  "/api/requests/preview": m27,
  "/api/requests": m28,
  "/api/revisions/[number]/rollback": m29,
  "/api/revisions/[number]/traffic": revisionTraffic,
  "/api/revisions/[number]": m30,
  "/api/revisions": m31,
  "/api/settings/approval-rules/[id]": m32,
  "/api/settings/approval-rules": m33,
  "/api/sync/runs": m34,
  "/api/tokens/[id]": m35,
  "/api/tokens": m36,
  "/api/users/[id]/roles/[bindingId]": m37,
  "/api/users/[id]/roles": m38,
  "/api/users": m39,
};
