// The API's endpoints for the walks over every endpoint (test/permission-table.test.ts,
// test/security/*), with a sample call for those that take parameters or a body. The endpoints come
// from the route modules (lib/api/endpoints.ts); a sample only says how to call one with the
// fixtures of the permission test. A sample that names a record the caller cannot see is fine:
// 404/409/422 prove the permission check passed; only 401/403 and 5xx count as failures for an
// allowed role. test/permission-table.test.ts fails when a sample names no endpoint.
import { ROUTE_MODULES } from "@/app/api/route-modules";
import { endpointsOf, type Endpoint } from "@/lib/api/endpoints";

/** Records the permission test creates before walking the registry. */
export type EndpointFixtures = {
  /** The role's own user, whose session makes the call. */
  caller: {
    id: string;
    email: string;
    password: string;
    /** Public role name, e.g. `team-lead`. */ role: string;
  };
  /** Another user, target of user management calls. */
  targetUserId: string;
  /** A removable (non-admin) role binding of the target user. */
  targetBindingId: string;
  /** A team the team-lead caller leads, and one of its products. */
  teamSlug: string;
  productSlug: string;
  /** An API token id owned by the caller. */
  callerTokenId: string;
};

export type EndpointSample = {
  params?: Record<string, string>;
  body?: unknown;
  query?: Record<string, string>;
};

export type SampledEndpoint = Endpoint & { sample?: (fx: EndpointFixtures) => EndpointSample };

/** A well-formed gateway request for a team that does not exist (answered 422, nothing stored). */
const SAMPLE_REQUEST = {
  product: "permission-sample",
  team: "no-such-team",
  namespace: "permission-sample",
  hosts: ["permission-sample.example.com"],
  clusters: ["east"],
  routes: [{ pathPrefix: "/", service: "web", port: 8080 }],
};

const SAMPLES: Record<string, (fx: EndpointFixtures) => EndpointSample> = {
  "POST /api/auth/sign-in": (fx) => ({ body: { email: fx.caller.email, password: fx.caller.password } }),
  "POST /api/tokens": (fx) => ({ body: { name: "ci", role: fx.caller.role } }),
  "DELETE /api/tokens/[id]": (fx) => ({ params: { id: fx.callerTokenId } }),
  "POST /api/users/[id]/roles": (fx) => ({
    params: { id: fx.targetUserId },
    body: { role: "team-lead", teamSlug: fx.teamSlug },
  }),
  "DELETE /api/users/[id]/roles/[bindingId]": (fx) => ({
    params: { id: fx.targetUserId, bindingId: fx.targetBindingId },
  }),
  "POST /api/clusters": () => ({
    body: {
      name: "permission-sample",
      server: "https://10.255.0.1:6443",
      token: "sample-token",
      zone: "us-east-1a",
    },
  }),
  "POST /api/clusters/kubeconfig-contexts": () => ({
    body: {
      kubeconfig:
        "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://10.255.0.1:6443'}}]\n" +
        "users: [{name: u, user: {token: sample-token}}]\ncontexts: [{name: sample, context: {cluster: c, user: u}}]\n",
    },
  }),
  "GET /api/clusters/[name]": () => ({ params: { name: "no-such-cluster" } }),
  "PATCH /api/clusters/[name]": () => ({ params: { name: "no-such-cluster" }, body: { zone: "us-east-1b" } }),
  "DELETE /api/clusters/[name]": () => ({ params: { name: "no-such-cluster" } }),
  "POST /api/clusters/[name]/test": () => ({ params: { name: "no-such-cluster" } }),
  "POST /api/clusters/[name]/credentials": () => ({
    params: { name: "no-such-cluster" },
    body: { token: "sample-token", verify: false },
  }),
  // Revisions, plans and syncs. Samples name records that do not exist or carry an invalid
  // document, so allowed roles get 404/422 and nothing is written to the shared test database.
  "POST /api/revisions": () => ({
    body: { document: { apiVersion: "portico.dev/v0" }, message: "permission sample" },
  }),
  "GET /api/revisions/[number]": () => ({ params: { number: "999999" } }),
  // Edge rates read Prometheus (unset in tests: no edges, a note); the sample names no revision.
  "GET /api/revisions/[number]/traffic": () => ({ params: { number: "999999" } }),
  "GET /api/revisions/[number]/graph": () => ({ params: { number: "999999" } }),
  "GET /api/revisions/[number]/graph/findings": () => ({ params: { number: "999999" } }),
  "GET /api/revisions/[number]/graph/node": () => ({
    params: { number: "999999" },
    query: { id: "host:permission-sample.example" },
  }),
  "POST /api/revisions/[number]/rollback": () => ({
    params: { number: "999999" },
    body: { reason: "permission sample" },
  }),
  "POST /api/revisions/[number]/undo": () => ({
    params: { number: "999999" },
    body: { reason: "permission sample" },
  }),
  "POST /api/revisions/[number]/rollback-preview": () => ({
    params: { number: "999999" },
    body: { mode: "undo" },
  }),
  // Team leads name their own product; a revision that does not exist answers 404.
  "GET /api/revisions/compare": (fx) => ({ query: { to: "999999", product: fx.productSlug } }),
  "POST /api/plan": () => ({ body: { document: { apiVersion: "portico.dev/v0" } } }),
  "POST /api/clusters/[name]/sync": () => ({ params: { name: "no-such-cluster" }, body: { mode: "sync" } }),
  "GET /api/clusters/[name]/inventory": () => ({ params: { name: "no-such-cluster" } }),
  "POST /api/clusters/[name]/adopt": () => ({
    params: { name: "no-such-cluster" },
    body: { key: "apps/v1/Deployment/payments/payments-gateway" },
  }),
  // Import and migration steps. They read clusters and revisions and save nothing: the samples name
  // a cluster or product that does not exist, or send an invalid step (404/422).
  "POST /api/clusters/[name]/import": () => ({ params: { name: "no-such-cluster" }, body: {} }),
  "GET /api/migrations/[product]": () => ({ params: { product: "no-such-product" } }),
  // A step on a product that is in no revision (404) or an invalid step (422): nothing is written.
  "POST /api/migrations/[product]/steps": () => ({
    params: { product: "no-such-product" },
    body: { step: { step: "copy", targetCluster: "Not A Cluster" }, message: "sample", baseRevision: 1 },
  }),
  "POST /api/migrations/[product]/events": () => ({
    params: { product: "no-such-product" },
    body: { kind: "step.verified", step: "insert", evidence: { ok: true, checks: [] } },
  }),
  "POST /api/migrations/[product]/preview": () => ({
    params: { product: "no-such-product" },
    body: { step: "copy", targetCluster: "Not A Cluster" },
  }),
  // Probes send traffic to the gateways of registered clusters; the sample names a product that
  // is in no revision (404), so nothing is sent.
  "POST /api/products/[slug]/probes": () => ({ params: { slug: "no-such-product" }, body: {} }),
  // DNS stages read gateway addresses and probe; the sample names a product that is in no revision
  // (404), so nothing is read, sent or written.
  "POST /api/products/[slug]/dns-stage": () => ({
    params: { slug: "no-such-product" },
    body: { percent: 10 },
  }),
  "GET /api/products/[slug]/dns": () => ({ params: { slug: "no-such-product" } }),
  // Drain status reads Prometheus (unset in tests: "unknown"); a team lead's own product answers.
  "GET /api/products/[slug]/traffic": (fx) => ({ params: { slug: fx.productSlug } }),
  // Facts read clusters; the sample names a product that is in no revision (404), so none is read.
  "GET /api/products/[slug]/facts": () => ({ params: { slug: "no-such-product" } }),
  // Team leads may export their own product only; a product that is not in the newest revision answers 404.
  "GET /api/export": (fx) => ({ query: { format: "topology", product: fx.productSlug } }),
  // Gateway requests, approval rules and the audit log. Samples name a team or record that does not
  // exist, or carry an invalid body or query, so allowed roles get 400/404/422 and nothing is written.
  "POST /api/requests": () => ({ body: SAMPLE_REQUEST }),
  "POST /api/requests/preview": () => ({ body: SAMPLE_REQUEST }),
  "GET /api/requests/[id]": () => ({ params: { id: "no-such-request" } }),
  "PUT /api/requests/[id]": () => ({ params: { id: "no-such-request" }, body: SAMPLE_REQUEST }),
  "GET /api/requests/[id]/preview": () => ({ params: { id: "no-such-request" } }),
  "POST /api/requests/[id]/reviews": () => ({
    params: { id: "no-such-request" },
    body: { decision: "comment", comment: "permission sample" },
  }),
  "POST /api/requests/[id]/withdraw": () => ({ params: { id: "no-such-request" } }),
  "POST /api/settings/approval-rules": () => ({ body: { name: "", requiredApprovals: 0 } }),
  "PATCH /api/settings/approval-rules/[id]": () => ({
    params: { id: "no-such-rule" },
    body: { requiredApprovals: 2 },
  }),
  "DELETE /api/settings/approval-rules/[id]": () => ({ params: { id: "no-such-rule" } }),
  "GET /api/audit": () => ({ query: { limit: "1" } }),
  "GET /api/audit/[id]": () => ({ params: { id: "999999999999" } }),
  // An invalid format is refused before the export records its own audit event.
  "GET /api/audit/export": () => ({ query: { format: "xml" } }),
  // The catch-all that answers unknown API paths with a JSON 404.
  ...Object.fromEntries(
    (["GET", "POST", "PUT", "PATCH", "DELETE"] as const).map((method) => [
      `${method} /api/[...slug]`,
      () => ({ params: { slug: "no/such/endpoint" } }),
    ]),
  ),
};

/** Keys (`METHOD path`) of samples that name no endpoint: a renamed or removed route. */
export const STRAY_SAMPLES = Object.keys(SAMPLES).filter(
  (key) => !endpointsOf(ROUTE_MODULES).some((e) => `${e.method} ${e.path}` === key),
);

export const ENDPOINTS: SampledEndpoint[] = endpointsOf(ROUTE_MODULES).map((e) => ({
  ...e,
  sample: SAMPLES[`${e.method} ${e.path}`],
}));
