// Every API endpoint with the permission it requires and a sample call. test/permission-table.test.ts
// walks every role against every entry and fails when a handler's behaviour and this registry (and
// the permission table) disagree, and when an exported handler in app/api is missing here.
//
// Adding an endpoint: add one entry with the route's path as in the file system (`/api/users/[id]`),
// its permission, and a `sample` that builds params and a valid body from the test fixtures (add a
// fixture to `EndpointFixtures` and to test/permission-table.test.ts when you need a new record).
// A sample that names a record the caller cannot see is fine: 404/409/422 prove the permission
// check passed; only 401/403 and 5xx count as failures for an allowed role.
import type { RoutePermission } from "./handler";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

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

export type Endpoint = {
  method: HttpMethod;
  /** Path as in app/api, with dynamic segments in brackets. */
  path: string;
  permission: RoutePermission;
  sample?: (fx: EndpointFixtures) => EndpointSample;
};

/** A well-formed gateway request for a team that does not exist (answered 422, nothing stored). */
const SAMPLE_REQUEST = {
  product: "permission-sample",
  team: "no-such-team",
  namespace: "permission-sample",
  hosts: ["permission-sample.example.com"],
  clusters: ["east"],
  routes: [{ pathPrefix: "/", service: "web", port: 8080 }],
};

export const ENDPOINTS: Endpoint[] = [
  { method: "GET", path: "/api/health", permission: "public" },
  { method: "GET", path: "/api/health/live", permission: "public" },
  { method: "GET", path: "/api/health/ready", permission: "public" },
  { method: "GET", path: "/api/me", permission: "profile:read" },

  {
    method: "POST",
    path: "/api/auth/sign-in",
    permission: "public",
    sample: (fx) => ({ body: { email: fx.caller.email, password: fx.caller.password } }),
  },
  { method: "POST", path: "/api/auth/sign-out", permission: "public" },
  { method: "GET", path: "/api/auth/oidc/start", permission: "public" },
  { method: "GET", path: "/api/auth/oidc/callback", permission: "public" },

  { method: "GET", path: "/api/tokens", permission: "token:manage-own" },
  {
    method: "POST",
    path: "/api/tokens",
    permission: "token:manage-own",
    sample: (fx) => ({ body: { name: "ci", role: fx.caller.role } }),
  },
  {
    method: "DELETE",
    path: "/api/tokens/[id]",
    permission: "token:manage-own",
    sample: (fx) => ({ params: { id: fx.callerTokenId } }),
  },

  { method: "GET", path: "/api/users", permission: "user:read" },
  {
    method: "POST",
    path: "/api/users/[id]/roles",
    permission: "user:manage",
    sample: (fx) => ({ params: { id: fx.targetUserId }, body: { role: "team-lead", teamSlug: fx.teamSlug } }),
  },
  {
    method: "DELETE",
    path: "/api/users/[id]/roles/[bindingId]",
    permission: "user:manage",
    sample: (fx) => ({ params: { id: fx.targetUserId, bindingId: fx.targetBindingId } }),
  },

  { method: "GET", path: "/api/clusters", permission: "cluster:read" },
  {
    method: "POST",
    path: "/api/clusters",
    permission: "cluster:write",
    sample: () => ({
      body: {
        name: "permission-sample",
        server: "https://10.255.0.1:6443",
        token: "sample-token",
        zone: "us-east-1a",
      },
    }),
  },
  {
    method: "POST",
    path: "/api/clusters/kubeconfig-contexts",
    permission: "cluster:write",
    sample: () => ({
      body: {
        kubeconfig:
          "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://10.255.0.1:6443'}}]\n" +
          "users: [{name: u, user: {token: sample-token}}]\ncontexts: [{name: sample, context: {cluster: c, user: u}}]\n",
      },
    }),
  },
  {
    method: "GET",
    path: "/api/clusters/[name]",
    permission: "cluster:read",
    sample: () => ({ params: { name: "no-such-cluster" } }),
  },
  {
    method: "PATCH",
    path: "/api/clusters/[name]",
    permission: "cluster:write",
    sample: () => ({ params: { name: "no-such-cluster" }, body: { zone: "us-east-1b" } }),
  },
  {
    method: "DELETE",
    path: "/api/clusters/[name]",
    permission: "cluster:write",
    sample: () => ({ params: { name: "no-such-cluster" } }),
  },
  {
    method: "POST",
    path: "/api/clusters/[name]/test",
    permission: "cluster:write",
    sample: () => ({ params: { name: "no-such-cluster" } }),
  },
  {
    method: "POST",
    path: "/api/clusters/[name]/credentials",
    permission: "cluster:credentials:rotate",
    sample: () => ({ params: { name: "no-such-cluster" }, body: { token: "sample-token", verify: false } }),
  },

  // Revisions, plans and syncs. Samples name records that do not exist or carry an invalid
  // document, so allowed roles get 404/422 and nothing is written to the shared test database.
  { method: "GET", path: "/api/revisions", permission: "topology:read" },
  {
    method: "POST",
    path: "/api/revisions",
    permission: "topology:write",
    sample: () => ({ body: { document: { apiVersion: "portico.dev/v0" }, message: "permission sample" } }),
  },
  {
    method: "GET",
    path: "/api/revisions/[number]",
    permission: "topology:read",
    sample: () => ({ params: { number: "999999" } }),
  },
  // Edge rates read Prometheus (unset in tests: no edges, a note); the sample names no revision.
  {
    method: "GET",
    path: "/api/revisions/[number]/traffic",
    permission: "topology:read",
    sample: () => ({ params: { number: "999999" } }),
  },
  {
    method: "POST",
    path: "/api/revisions/[number]/rollback",
    permission: "sync:rollback",
    sample: () => ({ params: { number: "999999" }, body: { reason: "permission sample" } }),
  },
  {
    method: "POST",
    path: "/api/revisions/[number]/undo",
    permission: "sync:rollback",
    sample: () => ({ params: { number: "999999" }, body: { reason: "permission sample" } }),
  },
  {
    method: "POST",
    path: "/api/revisions/[number]/rollback-preview",
    permission: "sync:read",
    sample: () => ({ params: { number: "999999" }, body: { mode: "undo" } }),
  },
  {
    method: "GET",
    path: "/api/revisions/compare",
    permission: "topology:read",
    // Team leads name their own product; a revision that does not exist answers 404.
    sample: (fx) => ({ query: { to: "999999", product: fx.productSlug } }),
  },
  {
    method: "POST",
    path: "/api/plan",
    permission: "sync:read",
    sample: () => ({ body: { document: { apiVersion: "portico.dev/v0" } } }),
  },
  {
    method: "POST",
    path: "/api/clusters/[name]/sync",
    permission: "sync:apply",
    sample: () => ({ params: { name: "no-such-cluster" }, body: { mode: "sync" } }),
  },
  {
    method: "GET",
    path: "/api/clusters/[name]/inventory",
    permission: "sync:read",
    sample: () => ({ params: { name: "no-such-cluster" } }),
  },
  {
    method: "GET",
    path: "/api/clusters/[name]/drift",
    permission: "sync:read",
    sample: () => ({
      params: { name: "no-such-cluster" },
      query: { key: "networking.istio.io/v1/VirtualService/payments/payments" },
    }),
  },
  {
    method: "GET",
    path: "/api/clusters/[name]/force-plan",
    permission: "sync:read",
    sample: () => ({ params: { name: "no-such-cluster" } }),
  },
  {
    method: "POST",
    path: "/api/clusters/[name]/adopt",
    permission: "topology:write",
    sample: () => ({
      params: { name: "no-such-cluster" },
      body: { key: "apps/v1/Deployment/payments/payments-gateway" },
    }),
  },
  { method: "GET", path: "/api/sync/runs", permission: "sync:read" },
  { method: "GET", path: "/api/metrics", permission: "sync:read" },

  // Import and migration steps. They read clusters and revisions and save nothing: the samples name
  // a cluster or product that does not exist, or send an invalid step (404/422).
  {
    method: "POST",
    path: "/api/clusters/[name]/import",
    permission: "topology:write",
    sample: () => ({ params: { name: "no-such-cluster" }, body: {} }),
  },
  { method: "GET", path: "/api/migrations", permission: "migration:read" },
  {
    method: "GET",
    path: "/api/migrations/[product]",
    permission: "migration:read",
    sample: () => ({ params: { product: "no-such-product" } }),
  },
  // A step on a product that is in no revision (404) or an invalid step (422): nothing is written.
  {
    method: "POST",
    path: "/api/migrations/[product]/steps",
    permission: "topology:write",
    sample: () => ({
      params: { product: "no-such-product" },
      body: { step: { step: "copy", targetCluster: "Not A Cluster" }, message: "sample", baseRevision: 1 },
    }),
  },
  {
    method: "POST",
    path: "/api/migrations/[product]/events",
    permission: "topology:write",
    sample: () => ({
      params: { product: "no-such-product" },
      body: { kind: "step.verified", step: "insert", evidence: { ok: true, checks: [] } },
    }),
  },
  {
    method: "POST",
    path: "/api/migrations/[product]/preview",
    permission: "migration:read",
    sample: () => ({
      params: { product: "no-such-product" },
      body: { step: "copy", targetCluster: "Not A Cluster" },
    }),
  },
  // Probes send traffic to the gateways of registered clusters; the sample names a product that
  // is in no revision (404), so nothing is sent.
  {
    method: "POST",
    path: "/api/products/[slug]/probes",
    permission: "topology:write",
    sample: () => ({ params: { slug: "no-such-product" }, body: {} }),
  },
  // DNS stages read gateway addresses and probe; the sample names a product that is in no revision
  // (404), so nothing is read, sent or written.
  {
    method: "POST",
    path: "/api/products/[slug]/dns-stage",
    permission: "topology:write",
    sample: () => ({ params: { slug: "no-such-product" }, body: { percent: 10 } }),
  },
  {
    method: "GET",
    path: "/api/products/[slug]/dns",
    permission: "migration:read",
    sample: () => ({ params: { slug: "no-such-product" } }),
  },
  // Drain status reads Prometheus (unset in tests: "unknown"); a team lead's own product answers.
  {
    method: "GET",
    path: "/api/products/[slug]/traffic",
    permission: "topology:read",
    sample: (fx) => ({ params: { slug: fx.productSlug } }),
  },
  // Facts read clusters; the sample names a product that is in no revision (404), so none is read.
  {
    method: "GET",
    path: "/api/products/[slug]/facts",
    permission: "sync:read",
    sample: () => ({ params: { slug: "no-such-product" } }),
  },
  {
    method: "GET",
    path: "/api/export",
    permission: "topology:read",
    // Team leads may export their own product only; a product that is not in the newest revision answers 404.
    sample: (fx) => ({ query: { format: "topology", product: fx.productSlug } }),
  },

  // Gateway requests, approval rules and the audit log. Samples name a team or record that does not
  // exist, or carry an invalid body or query, so allowed roles get 400/404/422 and nothing is written.
  { method: "GET", path: "/api/requests", permission: "request:read" },
  {
    method: "POST",
    path: "/api/requests",
    permission: "request:create",
    sample: () => ({ body: SAMPLE_REQUEST }),
  },
  {
    method: "POST",
    path: "/api/requests/preview",
    permission: "request:create",
    sample: () => ({ body: SAMPLE_REQUEST }),
  },
  {
    method: "GET",
    path: "/api/requests/[id]",
    permission: "request:read",
    sample: () => ({ params: { id: "no-such-request" } }),
  },
  {
    method: "PUT",
    path: "/api/requests/[id]",
    permission: "request:create",
    sample: () => ({ params: { id: "no-such-request" }, body: SAMPLE_REQUEST }),
  },
  {
    method: "GET",
    path: "/api/requests/[id]/preview",
    permission: "request:read",
    sample: () => ({ params: { id: "no-such-request" } }),
  },
  {
    method: "POST",
    path: "/api/requests/[id]/reviews",
    permission: "request:review",
    sample: () => ({
      params: { id: "no-such-request" },
      body: { decision: "comment", comment: "permission sample" },
    }),
  },
  {
    method: "POST",
    path: "/api/requests/[id]/withdraw",
    permission: "request:create",
    sample: () => ({ params: { id: "no-such-request" } }),
  },
  { method: "GET", path: "/api/settings/approval-rules", permission: "settings:read" },
  {
    method: "POST",
    path: "/api/settings/approval-rules",
    permission: "settings:write",
    sample: () => ({ body: { name: "", requiredApprovals: 0 } }),
  },
  {
    method: "PATCH",
    path: "/api/settings/approval-rules/[id]",
    permission: "settings:write",
    sample: () => ({ params: { id: "no-such-rule" }, body: { requiredApprovals: 2 } }),
  },
  {
    method: "DELETE",
    path: "/api/settings/approval-rules/[id]",
    permission: "settings:write",
    sample: () => ({ params: { id: "no-such-rule" } }),
  },
  { method: "GET", path: "/api/audit", permission: "audit:read", sample: () => ({ query: { limit: "1" } }) },
  {
    method: "GET",
    path: "/api/audit/[id]",
    permission: "audit:read",
    sample: () => ({ params: { id: "999999999999" } }),
  },
  // An invalid format is refused before the export records its own audit event.
  {
    method: "GET",
    path: "/api/audit/export",
    permission: "audit:export",
    sample: () => ({ query: { format: "xml" } }),
  },
  { method: "GET", path: "/api/openapi.json", permission: "profile:read" },

  // The catch-all that answers unknown API paths with a JSON 404.
  ...(["GET", "POST", "PUT", "PATCH", "DELETE"] as const).map((method): Endpoint => ({
    method,
    path: "/api/[...slug]",
    permission: "public",
    sample: () => ({ params: { slug: "no/such/endpoint" } }),
  })),
];

export function isMutatingMethod(method: HttpMethod): boolean {
  return method !== "GET";
}

/** `/api/users/[id]/roles` with `{ id: "u1" }` → `/api/users/u1/roles`. */
export function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) => params[name] ?? `sample-${name}`);
}
