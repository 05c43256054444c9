// Bad input, endpoint by endpoint: every endpoint that takes a body, a query or a path parameter is
// sent input it must refuse. Each case asserts the status (never a 5xx), a message that says what is
// wrong, and that nothing was written: every table a refusal could touch (revisions, audit events,
// migration records, clusters, tokens, role bindings, requests, reviews, rules, sync runs, the job
// queue) is read before and after and must be unchanged, row by row where rows can be edited.
//
// The file runs on a database of its own, so those whole-table snapshots are not disturbed by files
// running in parallel. The cases are data (see the tables below); the shape cases every JSON body
// must refuse are generated per endpoint by `bodyShapeCases`.
import { dropOwnDatabase } from "../helpers/own-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpMethod } from "@/lib/api/endpoints";
import { insertCluster } from "@/lib/clusters/insert-cluster";
import { prisma } from "@/lib/db/client";
import { createRevision } from "@/lib/revisions/create-revision";
import { loadExample } from "@/lib/topology/examples";
import { callRoute, createTeam, createUser, sessionHeaders } from "../helpers/auth-fixtures";

type Caller = "admin" | "lead";

/** Records created before the cases run; cases read them through functions. */
type Fixtures = {
  targetUserId: string;
  targetBindingId: string;
  adminBindingId: string;
  adminId: string;
  teamSlug: string;
  requestId: string;
  withdrawnRequestId: string;
  ruleId: string;
  ruleName: string;
  otherTokenId: string;
};

type Input = {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
};

type Case = {
  name: string;
  method: HttpMethod;
  path: string;
  input: (fx: Fixtures) => Input;
  status: 400 | 404 | 409 | 413 | 415 | 422;
  /** A meaningful part of the error message. */
  message: RegExp;
  as?: Caller;
};

const fx = {} as Fixtures;
const headers = {} as Record<Caller, Record<string, string>>;

const c = (
  method: HttpMethod,
  path: string,
  name: string,
  input: Input | ((fx: Fixtures) => Input),
  status: Case["status"],
  message: RegExp,
  as?: Caller,
): Case => ({
  name: `${method} ${path}: ${name}`,
  method,
  path,
  input: typeof input === "function" ? input : () => input,
  status,
  message,
  as,
});

/**
 * What every JSON body endpoint refuses, whatever its fields: bytes that are not JSON, JSON that is
 * not an object, another content type, a NUL in a string, an unknown field (strict schemas), and an
 * empty body (where the body is required).
 */
function bodyShapeCases(
  method: HttpMethod,
  path: string,
  params: (fx: Fixtures) => Record<string, string>,
  valid: (fx: Fixtures) => Record<string, unknown>,
  opts: { strict?: boolean; required?: boolean } = {},
): Case[] {
  const strict = opts.strict ?? true;
  const required = opts.required ?? true;
  const out: Case[] = [
    c(
      method,
      path,
      "malformed JSON",
      (f) => ({ params: params(f), rawBody: '{"a": ', contentType: "application/json" }),
      400,
      /not valid JSON/,
    ),
    c(method, path, "JSON array", (f) => ({ params: params(f), body: [valid(f)] }), 400, /expected object/),
    c(method, path, "JSON string", (f) => ({ params: params(f), body: "hello" }), 400, /expected object/),
    c(method, path, "JSON number", (f) => ({ params: params(f), body: 42 }), 400, /expected object/),
    c(method, path, "JSON null", (f) => ({ params: params(f), body: null }), 400, /expected object/),
    c(
      method,
      path,
      "text/plain body",
      (f) => ({ params: params(f), rawBody: JSON.stringify(valid(f)), contentType: "text/plain" }),
      415,
      /Content-Type: application\/json/,
    ),
    c(
      method,
      path,
      "form-encoded body",
      (f) => ({ params: params(f), rawBody: "a=1", contentType: "application/x-www-form-urlencoded" }),
      415,
      /Content-Type: application\/json/,
    ),
    c(
      method,
      path,
      "NUL byte in a string",
      (f) => ({ params: params(f), body: { ...valid(f), note: "a\u0000b" } }),
      400,
      /field note has the control character U\+0000/,
    ),
  ];
  if (strict)
    out.push(
      c(
        method,
        path,
        "unknown field",
        (f) => ({ params: params(f), body: { ...valid(f), bogusField: true } }),
        400,
        /Unrecognized key.*bogusField/,
      ),
    );
  if (required)
    out.push(
      c(method, path, "empty body", (f) => ({ params: params(f), rawBody: "" }), 400, /body is empty/),
    );
  return out;
}

const none = () => ({});
const cluster =
  (name = "east") =>
  () => ({ name });
const product =
  (slug = "payments") =>
  () => ({ slug });
const migrationOf =
  (p = "payments") =>
  () => ({ product: p });
const revision = (number: string) => () => ({ number });
const longText = (n: number) => "x".repeat(n);

const REQUEST = (team: string, productSlug = "req-product") => ({
  product: productSlug,
  team,
  namespace: productSlug,
  hosts: [`${productSlug}.my-company.io`],
  clusters: ["east"],
  routes: [{ pathPrefix: "/", service: "web", port: 8080 }],
});
const SOME_TOPOLOGY = () => ({ apiVersion: "portico.dev/v0" });
const REASON = "the analyzer's finding is a known false positive for this estate";

// --- Sign-in, tokens, users ------------------------------------------------------------------
const auth: Case[] = [
  ...bodyShapeCases("POST", "/api/auth/sign-in", none, () => ({ email: "a@b.io", password: "p" }), {
    strict: false,
  }),
  c(
    "POST",
    "/api/auth/sign-in",
    "email not an address",
    { body: { email: "nobody", password: "p" } },
    400,
    /Enter a valid email address/,
  ),
  c(
    "POST",
    "/api/auth/sign-in",
    "email missing",
    { body: { password: "p" } },
    400,
    /email: Enter a valid email address/,
  ),
  c(
    "POST",
    "/api/auth/sign-in",
    "password empty",
    { body: { email: "a@b.io", password: "" } },
    400,
    /Enter your password/,
  ),
  c(
    "POST",
    "/api/auth/sign-in",
    "password missing",
    { body: { email: "a@b.io" } },
    400,
    /password: Enter your password/,
  ),
  c(
    "POST",
    "/api/auth/sign-in",
    "password a number",
    { body: { email: "a@b.io", password: 1234 } },
    400,
    /Enter your password/,
  ),
  c(
    "POST",
    "/api/auth/sign-in",
    "password over 1024 characters",
    { body: { email: "a@b.io", password: longText(1025) } },
    400,
    /password is longer than 1024 characters/,
  ),
  c(
    "POST",
    "/api/auth/sign-in",
    "body over 16 KiB",
    { body: { email: "a@b.io", password: longText(20_000) } },
    413,
    /larger than the 16384-byte limit/,
  ),
  c(
    "POST",
    "/api/auth/sign-out",
    "next over 2048 characters",
    { query: { next: `/${longText(2100)}` } },
    400,
    /Invalid query string: next/,
  ),

  ...bodyShapeCases("POST", "/api/tokens", none, () => ({ name: "ci", role: "admin" })),
  c(
    "POST",
    "/api/tokens",
    "name empty",
    { body: { name: "", role: "auditor" } },
    400,
    /Give the token a name/,
  ),
  c(
    "POST",
    "/api/tokens",
    "name only spaces",
    { body: { name: "   ", role: "auditor" } },
    400,
    /Give the token a name/,
  ),
  c(
    "POST",
    "/api/tokens",
    "name over 100 characters",
    { body: { name: longText(101), role: "auditor" } },
    400,
    /name: .*100/,
  ),
  c(
    "POST",
    "/api/tokens",
    "unknown role",
    { body: { name: "ci", role: "root" } },
    400,
    /Unknown role "root"/,
  ),
  c("POST", "/api/tokens", "role missing", { body: { name: "ci" } }, 400, /Choose a role/),
  c(
    "POST",
    "/api/tokens",
    "expiresInDays zero",
    { body: { name: "ci", role: "auditor", expiresInDays: 0 } },
    400,
    /expiresInDays/,
  ),
  c(
    "POST",
    "/api/tokens",
    "expiresInDays over ten years",
    { body: { name: "ci", role: "auditor", expiresInDays: 4000 } },
    400,
    /expiresInDays/,
  ),
  c(
    "POST",
    "/api/tokens",
    "expiresInDays a fraction",
    { body: { name: "ci", role: "auditor", expiresInDays: 1.5 } },
    400,
    /expiresInDays/,
  ),
  c(
    "POST",
    "/api/tokens",
    "expiresInDays a string",
    { body: { name: "ci", role: "auditor", expiresInDays: "30" } },
    400,
    /expiresInDays: .*number/,
  ),
  c(
    "POST",
    "/api/tokens",
    "misspelled expiresInDays",
    { body: { name: "ci", role: "auditor", expiresIn: 30 } },
    400,
    /Unrecognized key.*expiresIn/,
  ),
  c(
    "DELETE",
    "/api/tokens/[id]",
    "unknown token",
    { params: { id: "no-such-token" } },
    404,
    /API token was not found/,
  ),
  c(
    "DELETE",
    "/api/tokens/[id]",
    "another user's token",
    (f) => ({ params: { id: f.otherTokenId } }),
    404,
    /API token was not found/,
  ),

  ...bodyShapeCases(
    "POST",
    "/api/users/[id]/roles",
    (f) => ({ id: f.targetUserId }),
    () => ({ role: "platform-engineer" }),
  ),
  c(
    "POST",
    "/api/users/[id]/roles",
    "unknown role",
    (f) => ({ params: { id: f.targetUserId }, body: { role: "superuser" } }),
    400,
    /Unknown role "superuser"/,
  ),
  c(
    "POST",
    "/api/users/[id]/roles",
    "role a number",
    (f) => ({ params: { id: f.targetUserId }, body: { role: 7 } }),
    400,
    /Choose a role/,
  ),
  c(
    "POST",
    "/api/users/[id]/roles",
    "team lead without a team",
    (f) => ({ params: { id: f.targetUserId }, body: { role: "team-lead" } }),
    422,
    /needs a team: pass teamSlug/,
  ),
  c(
    "POST",
    "/api/users/[id]/roles",
    "team that does not exist",
    (f) => ({ params: { id: f.targetUserId }, body: { role: "team-lead", teamSlug: "no-such-team" } }),
    422,
    /Team no-such-team does not exist/,
  ),
  c(
    "POST",
    "/api/users/[id]/roles",
    "empty teamSlug",
    (f) => ({ params: { id: f.targetUserId }, body: { role: "team-lead", teamSlug: " " } }),
    400,
    /teamSlug/,
  ),
  c(
    "POST",
    "/api/users/[id]/roles",
    "unknown user",
    { params: { id: "no-such-user" }, body: { role: "auditor" } },
    404,
    /User was not found/,
  ),
  c(
    "DELETE",
    "/api/users/[id]/roles/[bindingId]",
    "unknown binding",
    (f) => ({ params: { id: f.targetUserId, bindingId: "no-such-binding" } }),
    404,
    /Role binding was not found/,
  ),
  c(
    "DELETE",
    "/api/users/[id]/roles/[bindingId]",
    "binding of another user",
    (f) => ({ params: { id: f.targetUserId, bindingId: f.adminBindingId } }),
    404,
    /Role binding was not found/,
  ),
  c(
    "DELETE",
    "/api/users/[id]/roles/[bindingId]",
    "unknown user",
    (f) => ({ params: { id: "no-such-user", bindingId: f.targetBindingId } }),
    404,
    /was not found/,
  ),
  c(
    "DELETE",
    "/api/users/[id]/roles/[bindingId]",
    "the last admin binding",
    (f) => ({ params: { id: f.adminId, bindingId: f.adminBindingId } }),
    409,
    /last admin binding/,
  ),
];

// --- Clusters ----------------------------------------------------------------------------------
const ENDPOINT = { name: "fresh", server: "https://10.255.0.1:6443", token: "tok", zone: "us-east-1a" };
const register = (patch: Record<string, unknown>) => ({ body: { ...ENDPOINT, ...patch } });
const KUBECONFIG =
  "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://10.255.0.1:6443'}}]\n" +
  "users: [{name: u, user: {token: sample-token}}]\ncontexts: [{name: sample, context: {cluster: c, user: u}}]\n";

const clusters: Case[] = [
  ...bodyShapeCases("POST", "/api/clusters", none, () => ENDPOINT),
  c(
    "POST",
    "/api/clusters",
    "name in capitals",
    register({ name: "East" }),
    400,
    /lower case letters, digits and '-'/,
  ),
  c("POST", "/api/clusters", "name empty", register({ name: "" }), 400, /Give the cluster a name/),
  c(
    "POST",
    "/api/clusters",
    "name over 63 characters",
    register({ name: longText(64) }),
    400,
    /at most 63 characters/,
  ),
  c("POST", "/api/clusters", "name ending in '-'", register({ name: "east-" }), 400, /lower case letters/),
  c(
    "POST",
    "/api/clusters",
    "name already registered",
    register({ name: "east" }),
    409,
    /"east" is already registered/,
  ),
  c(
    "POST",
    "/api/clusters",
    "server missing",
    { body: { name: "fresh", token: "tok" } },
    400,
    /Give the API server URL/,
  ),
  c(
    "POST",
    "/api/clusters",
    "server not a URL",
    register({ server: "not a url" }),
    400,
    /"not a url" is not a URL; give the API server address/,
  ),
  c(
    "POST",
    "/api/clusters",
    "server over file://",
    register({ server: "file:///etc/passwd" }),
    400,
    /must start with https:\/\/ \(got file:\)/,
  ),
  c(
    "POST",
    "/api/clusters",
    "server on loopback metadata (IPv4-mapped IPv6)",
    register({ server: "https://[::ffff:169.254.169.254]" }),
    400,
    /is a cloud metadata service address; Portico never calls it/,
  ),
  c(
    "POST",
    "/api/clusters",
    "server with a query string",
    register({ server: "https://10.0.0.1:6443/?x=1" }),
    400,
    /must not contain a query string or fragment/,
  ),
  c(
    "POST",
    "/api/clusters",
    "neither token nor certificate",
    { body: { name: "fresh", server: "https://10.255.0.1:6443" } },
    400,
    /Give a service account token, or a client certificate/,
  ),
  c(
    "POST",
    "/api/clusters",
    "token and certificate both",
    register({ clientCertificateData: "c", clientKeyData: "k" }),
    400,
    /not both/,
  ),
  c(
    "POST",
    "/api/clusters",
    "certificate without its key",
    { body: { name: "fresh", server: "https://10.255.0.1:6443", clientCertificateData: "c" } },
    400,
    /client certificate together with its key/,
  ),
  c(
    "POST",
    "/api/clusters",
    "token with spaces",
    register({ token: "two words" }),
    400,
    /single line without spaces/,
  ),
  c("POST", "/api/clusters", "token empty", register({ token: "" }), 400, /Give the service account token/),
  c(
    "POST",
    "/api/clusters",
    "token over 16 KiB",
    register({ token: longText(16_385) }),
    400,
    /token is too long/,
  ),
  c(
    "POST",
    "/api/clusters",
    "certificate not PEM",
    {
      body: {
        name: "fresh",
        server: "https://10.255.0.1:6443",
        clientCertificateData: "cert",
        clientKeyData: "key",
      },
    },
    400,
    /not a PEM certificate/,
  ),
  c(
    "POST",
    "/api/clusters",
    "caData not PEM",
    register({ caData: "not a certificate" }),
    400,
    /caData is not a PEM certificate/,
  ),
  c(
    "POST",
    "/api/clusters",
    "zone with a space",
    register({ zone: "us east" }),
    400,
    /zone: Use letters, digits/,
  ),
  c(
    "POST",
    "/api/clusters",
    "region with a slash",
    register({ region: "us/east" }),
    400,
    /region: Use letters, digits/,
  ),
  c("POST", "/api/clusters", "network empty", register({ network: "" }), 400, /network/),
  c(
    "POST",
    "/api/clusters",
    "production a string",
    register({ production: "yes" }),
    400,
    /production: .*boolean/,
  ),
  c(
    "POST",
    "/api/clusters",
    "production cluster without TLS verification",
    register({ production: true, insecureSkipTlsVerify: true }),
    400,
    /Production clusters must verify the API server's certificate/,
  ),
  c(
    "POST",
    "/api/clusters",
    "kubeconfig empty",
    { body: { kubeconfig: "" } },
    400,
    /Paste or upload a kubeconfig/,
  ),
  c(
    "POST",
    "/api/clusters",
    "kubeconfig not YAML",
    { body: { kubeconfig: "clusters: [unclosed" } },
    400,
    /The kubeconfig is not valid YAML/,
  ),
  c(
    "POST",
    "/api/clusters",
    "kubeconfig context that does not exist",
    { body: { kubeconfig: KUBECONFIG, context: "nope" } },
    400,
    /The kubeconfig has no context "nope"; it has: sample/,
  ),
  c(
    "POST",
    "/api/clusters",
    "kubeconfig with an invalid name",
    { body: { kubeconfig: KUBECONFIG, context: "sample", name: "Not Valid" } },
    400,
    /lower case letters/,
  ),
  c(
    "POST",
    "/api/clusters",
    "kubeconfig with an unknown field",
    { body: { kubeconfig: KUBECONFIG, server: "https://x" } },
    400,
    /Unrecognized key.*server/,
  ),
  c(
    "POST",
    "/api/clusters",
    "inCluster false",
    { body: { inCluster: false, name: "here" } },
    400,
    /inCluster must be true/,
  ),
  c(
    "POST",
    "/api/clusters",
    "inCluster without a name",
    { body: { inCluster: true } },
    400,
    /Give the cluster a name/,
  ),

  ...bodyShapeCases("POST", "/api/clusters/kubeconfig-contexts", none, () => ({ kubeconfig: KUBECONFIG })),
  c(
    "POST",
    "/api/clusters/kubeconfig-contexts",
    "kubeconfig empty",
    { body: { kubeconfig: "" } },
    400,
    /Paste or upload a kubeconfig/,
  ),
  c(
    "POST",
    "/api/clusters/kubeconfig-contexts",
    "kubeconfig a number",
    { body: { kubeconfig: 42 } },
    400,
    /Paste or upload a kubeconfig/,
  ),
  c(
    "POST",
    "/api/clusters/kubeconfig-contexts",
    "kubeconfig over 256 KiB",
    { body: { kubeconfig: `# ${longText(270_000)}` } },
    400,
    /larger than 256 KiB/,
  ),
  c(
    "POST",
    "/api/clusters/kubeconfig-contexts",
    "kubeconfig not YAML",
    { body: { kubeconfig: "clusters: [unclosed" } },
    400,
    /The kubeconfig is not valid YAML/,
  ),
  c(
    "POST",
    "/api/clusters/kubeconfig-contexts",
    "kubeconfig a YAML list",
    { body: { kubeconfig: "- a\n- b\n" } },
    400,
    /not a YAML mapping; upload the file kubectl uses/,
  ),

  ...bodyShapeCases("PATCH", "/api/clusters/[name]", cluster(), () => ({ zone: "us-east-1b" })),
  c(
    "PATCH",
    "/api/clusters/[name]",
    "nothing to change",
    { params: { name: "east" }, body: {} },
    400,
    /Nothing to change/,
  ),
  c(
    "PATCH",
    "/api/clusters/[name]",
    "zone with a space",
    { params: { name: "east" }, body: { zone: "us east" } },
    400,
    /zone: Use letters/,
  ),
  c(
    "PATCH",
    "/api/clusters/[name]",
    "production a string",
    { params: { name: "east" }, body: { production: "true" } },
    400,
    /production: .*boolean/,
  ),
  c(
    "PATCH",
    "/api/clusters/[name]",
    "server over plain http",
    { params: { name: "east" }, body: { server: "http://10.0.0.1:6443" } },
    400,
    /must use https:\/\/; plain http is allowed only with PORTICO_ALLOW_INSECURE_CLUSTERS=1/,
  ),
  c(
    "PATCH",
    "/api/clusters/[name]",
    "server at the metadata address",
    { params: { name: "east" }, body: { server: "https://169.254.169.254" } },
    400,
    /metadata|link-local/,
  ),
  c(
    "PATCH",
    "/api/clusters/[name]",
    "caData not PEM",
    { params: { name: "east" }, body: { caData: "nope" } },
    400,
    /caData is not a PEM certificate/,
  ),
  c(
    "PATCH",
    "/api/clusters/[name]",
    "renaming is not a field",
    { params: { name: "east" }, body: { name: "west" } },
    400,
    /Unrecognized key.*name/,
  ),
  c(
    "PATCH",
    "/api/clusters/[name]",
    "unknown cluster",
    { params: { name: "nowhere" }, body: { zone: "us-east-1b" } },
    404,
    /Cluster "nowhere" was not found/,
  ),
  c(
    "GET",
    "/api/clusters/[name]",
    "unknown cluster",
    { params: { name: "nowhere" } },
    404,
    /Cluster "nowhere" was not found/,
  ),
  c(
    "GET",
    "/api/clusters/[name]",
    "control character in the name",
    { params: { name: "east\u0007" } },
    400,
    /path segment name has the control character U\+0007/,
  ),
  c(
    "DELETE",
    "/api/clusters/[name]",
    "unknown cluster",
    { params: { name: "nowhere" } },
    404,
    /Cluster "nowhere" was not found/,
  ),
  c(
    "POST",
    "/api/clusters/[name]/test",
    "unknown cluster",
    { params: { name: "nowhere" } },
    404,
    /Cluster "nowhere" was not found/,
  ),
  c(
    "GET",
    "/api/clusters/[name]/inventory",
    "unknown cluster",
    { params: { name: "nowhere" } },
    404,
    /Cluster "nowhere" was not found/,
  ),

  ...bodyShapeCases("POST", "/api/clusters/[name]/credentials", cluster(), () => ({
    token: "new",
    verify: false,
  })),
  c(
    "POST",
    "/api/clusters/[name]/credentials",
    "neither token nor certificate",
    { params: { name: "east" }, body: { verify: false } },
    400,
    /Give the new token/,
  ),
  c(
    "POST",
    "/api/clusters/[name]/credentials",
    "token with spaces",
    { params: { name: "east" }, body: { token: "a b", verify: false } },
    400,
    /single line without spaces/,
  ),
  c(
    "POST",
    "/api/clusters/[name]/credentials",
    "verify a string",
    { params: { name: "east" }, body: { token: "t", verify: "no" } },
    400,
    /verify: .*boolean/,
  ),
  c(
    "POST",
    "/api/clusters/[name]/credentials",
    "certificate not PEM",
    { params: { name: "east" }, body: { clientCertificateData: "c", clientKeyData: "k", verify: false } },
    400,
    /not a PEM certificate/,
  ),
  c(
    "POST",
    "/api/clusters/[name]/credentials",
    "unknown cluster",
    { params: { name: "nowhere" }, body: { token: "t", verify: false } },
    404,
    /Cluster "nowhere" was not found/,
  ),

  ...bodyShapeCases("POST", "/api/clusters/[name]/sync", cluster(), () => ({ mode: "sync" }), {
    required: false,
  }),
  c(
    "POST",
    "/api/clusters/[name]/sync",
    "unknown mode",
    { params: { name: "east" }, body: { mode: "nuke" } },
    400,
    /mode: .*"sync"\|"revert"\|"force"|mode: .*sync.*revert.*force/,
  ),
  c(
    "POST",
    "/api/clusters/[name]/sync",
    "mode a number",
    { params: { name: "east" }, body: { mode: 1 } },
    400,
    /mode/,
  ),
  c(
    "POST",
    "/api/clusters/[name]/sync",
    "unknown cluster",
    { params: { name: "nowhere" }, body: { mode: "sync" } },
    404,
    /Cluster "nowhere" was not found/,
  ),

  ...bodyShapeCases("POST", "/api/clusters/[name]/adopt", cluster(), () => ({
    key: "apps/v1/Deployment/a/b",
  })),
  c(
    "POST",
    "/api/clusters/[name]/adopt",
    "key too short",
    { params: { name: "east" }, body: { key: "ab" } },
    400,
    /key: .*3/,
  ),
  c(
    "POST",
    "/api/clusters/[name]/adopt",
    "key over 600 characters",
    { params: { name: "east" }, body: { key: longText(601) } },
    400,
    /key: .*600/,
  ),
  c("POST", "/api/clusters/[name]/adopt", "key missing", { params: { name: "east" }, body: {} }, 400, /key/),
  c(
    "POST",
    "/api/clusters/[name]/adopt",
    "object not in the inventory",
    { params: { name: "east" }, body: { key: "apps/v1/Deployment/a/b" } },
    409,
    /is not drifted in cluster east; only drifted objects can be adopted/,
  ),
  c(
    "POST",
    "/api/clusters/[name]/adopt",
    "unknown cluster",
    { params: { name: "nowhere" }, body: { key: "apps/v1/Deployment/a/b" } },
    404,
    /Cluster "nowhere" was not found/,
  ),

  ...bodyShapeCases("POST", "/api/clusters/[name]/import", cluster(), () => ({}), { required: false }),
  c(
    "POST",
    "/api/clusters/[name]/import",
    "owners not a list",
    { params: { name: "east" }, body: { owners: "payments" } },
    400,
    /owners: .*array/,
  ),
  c(
    "POST",
    "/api/clusters/[name]/import",
    "owner product in capitals",
    { params: { name: "east" }, body: { owners: [{ host: "a.io", product: "Pay", team: "t" }] } },
    400,
    /owners\[0\]\.product: use lower case/,
  ),
  c(
    "POST",
    "/api/clusters/[name]/import",
    "owner without a team",
    { params: { name: "east" }, body: { owners: [{ host: "a.io", product: "pay" }] } },
    400,
    /owners\[0\]\.team/,
  ),
  c(
    "POST",
    "/api/clusters/[name]/import",
    "over 1000 owners",
    {
      params: { name: "east" },
      body: {
        owners: Array.from({ length: 1001 }, (_, i) => ({ host: `h${i}.io`, product: "p", team: "t" })),
      },
    },
    400,
    /owners: .*1000/,
  ),
  c(
    "POST",
    "/api/clusters/[name]/import",
    "unknown cluster",
    { params: { name: "nowhere" }, body: {} },
    404,
    /Cluster "nowhere" was not found/,
  ),
  c("GET", "/api/sync/runs", "limit zero", { query: { limit: "0" } }, 400, /Invalid query string: limit/),
  c(
    "GET",
    "/api/sync/runs",
    "limit over 500",
    { query: { limit: "501" } },
    400,
    /Invalid query string: limit/,
  ),
  c(
    "GET",
    "/api/sync/runs",
    "limit not a number",
    { query: { limit: "many" } },
    400,
    /Invalid query string: limit/,
  ),
];

// --- Revisions, plans, compare and rollback ------------------------------------------------------
const numberPaths = [
  ["GET", "/api/revisions/[number]", undefined],
  ["GET", "/api/revisions/[number]/traffic", undefined],
  ["GET", "/api/revisions/[number]/graph", undefined],
  ["GET", "/api/revisions/[number]/graph/findings", undefined],
  ["POST", "/api/revisions/[number]/rollback", { reason: "r" }],
  ["POST", "/api/revisions/[number]/undo", { reason: "r" }],
  ["POST", "/api/revisions/[number]/rollback-preview", { mode: "undo" }],
] as const;
const revisionNumbers: Case[] = numberPaths.flatMap(([method, path, body]) => [
  ...(["abc", "0", "-3", "1.5", "1,2"] as const).map((n) =>
    c(
      method,
      path,
      `revision number ${JSON.stringify(n)}`,
      { params: { number: n }, body },
      400,
      new RegExp(`"${n.replace(".", "\\.")}" is not a revision number; use 1, 2, 3`),
    ),
  ),
  c(
    method,
    path,
    "revision that does not exist",
    { params: { number: "999999" }, body },
    404,
    /Revision 999999 was not found/,
  ),
]);

const revisions: Case[] = [
  ...revisionNumbers,
  ...bodyShapeCases("POST", "/api/revisions", none, () => ({ document: SOME_TOPOLOGY(), message: "m" })),
  c(
    "POST",
    "/api/revisions",
    "document missing",
    { body: { message: "m" } },
    400,
    /document must be a topology object/,
  ),
  c(
    "POST",
    "/api/revisions",
    "document a list",
    { body: { document: [], message: "m" } },
    400,
    /document must be a topology object/,
  ),
  c(
    "POST",
    "/api/revisions",
    "document a YAML string",
    { body: { document: "apiVersion: portico.dev/v0", message: "m" } },
    400,
    /document must be a topology object/,
  ),
  c(
    "POST",
    "/api/revisions",
    "document that is not a topology",
    { body: { document: SOME_TOPOLOGY(), message: "m" } },
    422,
    /The topology is invalid \(\d+ problems\); nothing was saved/,
  ),
  c(
    "POST",
    "/api/revisions",
    "message empty",
    { body: { document: SOME_TOPOLOGY(), message: "" } },
    400,
    /message: say why the change is made/,
  ),
  c(
    "POST",
    "/api/revisions",
    "message only spaces",
    { body: { document: SOME_TOPOLOGY(), message: "  " } },
    400,
    /say why the change is made/,
  ),
  c(
    "POST",
    "/api/revisions",
    "message over 2000 characters",
    { body: { document: SOME_TOPOLOGY(), message: longText(2001) } },
    400,
    /message: .*2000/,
  ),
  c(
    "POST",
    "/api/revisions",
    "override reason too short",
    { body: { document: SOME_TOPOLOGY(), message: "m", override: { reason: "ok" } } },
    400,
    /why the analyzer's errors may be ignored/,
  ),
  c(
    "POST",
    "/api/revisions",
    "override without a reason",
    { body: { document: SOME_TOPOLOGY(), message: "m", override: {} } },
    400,
    /override\.reason/,
  ),
  c(
    "POST",
    "/api/revisions",
    "body over 8 MiB",
    { body: { document: { pad: longText(8.5 * 1024 * 1024) }, message: "m" } },
    413,
    /larger than the 8388608-byte limit/,
  ),
  c("GET", "/api/revisions", "limit zero", { query: { limit: "0" } }, 400, /Invalid query string: limit/),
  c(
    "GET",
    "/api/revisions",
    "limit over 500",
    { query: { limit: "501" } },
    400,
    /Invalid query string: limit/,
  ),
  c(
    "GET",
    "/api/revisions",
    "limit not a number",
    { query: { limit: "all" } },
    400,
    /Invalid query string: limit/,
  ),

  ...bodyShapeCases("POST", "/api/revisions/[number]/rollback", revision("1"), () => ({ reason: "r" }), {
    required: false,
  }),
  c(
    "POST",
    "/api/revisions/[number]/rollback",
    "reason over 2000 characters",
    { params: { number: "1" }, body: { reason: longText(2001) } },
    400,
    /reason: .*2000/,
  ),
  c(
    "POST",
    "/api/revisions/[number]/rollback",
    "confirmUndoing not numbers",
    { params: { number: "1" }, body: { confirmUndoing: ["two"] } },
    400,
    /confirmUndoing\[0\]/,
  ),
  c(
    "POST",
    "/api/revisions/[number]/rollback",
    "confirmUndoing with zero",
    { params: { number: "1" }, body: { confirmUndoing: [0] } },
    400,
    /confirmUndoing\[0\]/,
  ),
  c(
    "POST",
    "/api/revisions/[number]/rollback",
    "force a string",
    { params: { number: "1" }, body: { force: "yes" } },
    400,
    /force: .*boolean/,
  ),
  c(
    "POST",
    "/api/revisions/[number]/rollback",
    "override reason too short",
    { params: { number: "1" }, body: { override: { reason: "x" } } },
    400,
    /why the analyzer's errors may be ignored/,
  ),
  c(
    "POST",
    "/api/revisions/[number]/rollback",
    "to the newest revision",
    { params: { number: "2" }, body: { reason: "r" } },
    409,
    /Revision 2 is already the newest; there is nothing to roll back to/,
  ),
  c(
    "POST",
    "/api/revisions/[number]/rollback",
    "undoing revisions not confirmed",
    { params: { number: "1" }, body: { reason: "r" } },
    409,
    /undoes revision\(s\) 2 .*Confirm them \(confirmUndoing\) or force/,
  ),
  c(
    "POST",
    "/api/revisions/[number]/rollback",
    "confirming the wrong revisions",
    { params: { number: "1" }, body: { reason: "r", confirmUndoing: [7] } },
    409,
    /undoes revision\(s\) 2 .*Confirm them \(confirmUndoing\) or force/,
  ),

  ...bodyShapeCases("POST", "/api/revisions/[number]/undo", revision("2"), () => ({ reason: "r" }), {
    required: false,
  }),
  c(
    "POST",
    "/api/revisions/[number]/undo",
    "resolution neither revert nor keep",
    { params: { number: "2" }, body: { resolutions: { "products.payments": "maybe" } } },
    400,
    /resolve a path with "revert" or "keep"/,
  ),
  c(
    "POST",
    "/api/revisions/[number]/undo",
    "resolutions a list",
    { params: { number: "2" }, body: { resolutions: ["revert"] } },
    400,
    /resolutions/,
  ),
  c(
    "POST",
    "/api/revisions/[number]/undo",
    "force a string",
    { params: { number: "2" }, body: { force: "true" } },
    400,
    /force: .*boolean/,
  ),
  c(
    "POST",
    "/api/revisions/[number]/undo",
    "override reason too short",
    { params: { number: "2" }, body: { override: { reason: "x" } } },
    400,
    /why the analyzer's errors may be ignored/,
  ),
  c(
    "POST",
    "/api/revisions/[number]/undo",
    "the first revision (nothing before it)",
    { params: { number: "1" }, body: { reason: "r" } },
    422,
    /Revision 1 is the first revision; there is no earlier state/,
  ),

  ...bodyShapeCases("POST", "/api/revisions/[number]/rollback-preview", revision("1"), () => ({
    mode: "undo",
  })),
  c(
    "POST",
    "/api/revisions/[number]/rollback-preview",
    "mode missing",
    { params: { number: "1" }, body: {} },
    400,
    /mode is "undo" \(one change\) or "restore"/,
  ),
  c(
    "POST",
    "/api/revisions/[number]/rollback-preview",
    "mode redo",
    { params: { number: "1" }, body: { mode: "redo" } },
    400,
    /mode is "undo" \(one change\) or "restore"/,
  ),
  c(
    "POST",
    "/api/revisions/[number]/rollback-preview",
    "resolution neither revert nor keep",
    { params: { number: "2" }, body: { mode: "undo", resolutions: { a: "drop" } } },
    400,
    /resolve a path with "revert" or "keep"/,
  ),
  c(
    "POST",
    "/api/revisions/[number]/rollback-preview",
    "force a number",
    { params: { number: "2" }, body: { mode: "undo", force: 1 } },
    400,
    /force: .*boolean/,
  ),

  c(
    "GET",
    "/api/revisions/[number]/traffic",
    "window under 5 seconds",
    { params: { number: "1" }, query: { window: "4" } },
    400,
    /window must be at least 5 seconds/,
  ),
  c(
    "GET",
    "/api/revisions/[number]/traffic",
    "window over an hour",
    { params: { number: "1" }, query: { window: "3601" } },
    400,
    /window must be at most 3600 seconds/,
  ),
  c(
    "GET",
    "/api/revisions/[number]/traffic",
    "window not a number",
    { params: { number: "1" }, query: { window: "soon" } },
    400,
    /window must be a number of seconds/,
  ),
  c(
    "GET",
    "/api/revisions/[number]/traffic",
    "window a fraction",
    { params: { number: "1" }, query: { window: "7.5" } },
    400,
    /window must be a whole number of seconds/,
  ),

  c(
    "GET",
    "/api/revisions/[number]/graph",
    "compare not a number",
    { params: { number: "1" }, query: { compare: "previous" } },
    400,
    /compare must be a revision number/,
  ),
  c(
    "GET",
    "/api/revisions/[number]/graph",
    "compare zero",
    { params: { number: "1" }, query: { compare: "0" } },
    400,
    /compare must be a revision number/,
  ),
  c(
    "GET",
    "/api/revisions/[number]/graph",
    "compare with a revision that does not exist",
    { params: { number: "1" }, query: { compare: "999999" } },
    404,
    /Revision 999999 was not found/,
  ),
  c(
    "GET",
    "/api/revisions/[number]/graph/node",
    "node id missing",
    { params: { number: "1" }, query: {} },
    400,
    /id must name a node/,
  ),
  c(
    "GET",
    "/api/revisions/[number]/graph/node",
    "format unknown",
    { params: { number: "1" }, query: { id: "host:a.example", format: "helm" } },
    400,
    /format is "istio" or "gateway-api"/,
  ),
  c(
    "GET",
    "/api/revisions/[number]/graph/node",
    "revision number not a number",
    { params: { number: "abc" }, query: { id: "host:a.example" } },
    400,
    /"abc" is not a revision number/,
  ),
  c(
    "GET",
    "/api/revisions/[number]/graph/node",
    "node that is not in the revision",
    { params: { number: "1" }, query: { id: "host:nowhere.example" } },
    404,
    /Node "host:nowhere\.example" in revision 1 was not found/,
  ),
  c("GET", "/api/revisions/compare", "to missing", { query: {} }, 400, /to must be a revision number/),
  c(
    "GET",
    "/api/revisions/compare",
    "to not a number",
    { query: { to: "latest" } },
    400,
    /to must be a revision number/,
  ),
  c("GET", "/api/revisions/compare", "to zero", { query: { to: "0" } }, 400, /Invalid query string: to/),
  c(
    "GET",
    "/api/revisions/compare",
    "from not a number",
    { query: { to: "2", from: "first" } },
    400,
    /Invalid query string: from/,
  ),
  c(
    "GET",
    "/api/revisions/compare",
    "from negative",
    { query: { to: "2", from: "-1" } },
    400,
    /Invalid query string: from/,
  ),
  c(
    "GET",
    "/api/revisions/compare",
    "product empty",
    { query: { to: "2", product: " " } },
    400,
    /Invalid query string: product/,
  ),
  c(
    "GET",
    "/api/revisions/compare",
    "product over 63 characters",
    { query: { to: "2", product: longText(64) } },
    400,
    /Invalid query string: product/,
  ),
  c(
    "GET",
    "/api/revisions/compare",
    "to that does not exist",
    { query: { to: "999999" } },
    404,
    /Revision 999999 was not found/,
  ),
  c(
    "GET",
    "/api/revisions/compare",
    "from that does not exist",
    { query: { to: "2", from: "999999" } },
    404,
    /Revision 999999 was not found/,
  ),
  c(
    "GET",
    "/api/revisions/compare",
    "team lead naming no product",
    { query: { to: "2" } },
    404,
    /name one of your products/,
    "lead",
  ),
  c(
    "GET",
    "/api/revisions/compare",
    "team lead naming another team's product",
    { query: { to: "2", product: "analytics" } },
    404,
    /name one of your products/,
    "lead",
  ),

  ...bodyShapeCases("POST", "/api/plan", none, () => ({}), { required: false }),
  c("POST", "/api/plan", "document a list", { body: { document: [] } }, 400, /document/),
  c("POST", "/api/plan", "document a string", { body: { document: "yaml" } }, 400, /document/),
  c(
    "POST",
    "/api/plan",
    "document that is not a topology",
    { body: { document: SOME_TOPOLOGY() } },
    422,
    /The topology is invalid; fix it before planning/,
  ),
];

// --- Migrations, probes, DNS and product reads ---------------------------------------------------
const COPY = { step: "copy", targetCluster: "west" };
const apply = (patch: Record<string, unknown>) => ({
  params: { product: "payments" },
  body: { step: COPY, message: "copy payments", baseRevision: 2, ...patch },
});
const previewBody = (step: unknown) => ({ params: { product: "payments" }, body: step });

const stepShapes: [string, unknown, RegExp][] = [
  ["step missing", {}, /step/],
  ["step unknown", { step: "teleport" }, /step/],
  ["step a number", { step: 3 }, /step/],
  ["insert without phase", { step: "insert" }, /phase/],
  ["insert with an unknown phase", { step: "insert", phase: "all-at-once" }, /phase/],
  ["insert with zero replicas", { step: "insert", phase: "serve-both", replicas: 0 }, /replicas/],
  ["insert with 51 replicas", { step: "insert", phase: "serve-both", replicas: 51 }, /replicas/],
  ["insert with an unknown size", { step: "insert", phase: "serve-both", size: "huge" }, /size/],
  [
    "insert into a namespace in capitals",
    { step: "insert", phase: "serve-both", namespace: "Pay" },
    /namespace: use lower case letters/,
  ],
  ["insert with clusters not a list", { step: "insert", phase: "serve-both", clusters: "east" }, /clusters/],
  ["insert with an empty TLS secret", { step: "insert", phase: "serve-both", tlsSecret: " " }, /tlsSecret/],
  [
    "insert with an unknown option",
    { step: "insert", phase: "serve-both", canary: true },
    /Unrecognized key.*canary/,
  ],
  [
    "split without successors",
    { step: "split", service: { name: "payments", namespace: "payments" }, successors: [] },
    /name at least one successor/,
  ],
  [
    "split successor without paths",
    {
      step: "split",
      service: { name: "payments", namespace: "payments" },
      successors: [{ name: "a", paths: [] }],
    },
    /give each successor at least one path/,
  ],
  [
    "split path without a slash",
    {
      step: "split",
      service: { name: "payments", namespace: "payments" },
      successors: [{ name: "a", paths: [{ prefix: "v1" }] }],
    },
    /paths start with \//,
  ],
  [
    "split without a service",
    { step: "split", successors: [{ name: "a", paths: [{ prefix: "/a" }] }] },
    /service/,
  ],
  [
    "copy to a name in capitals",
    { step: "copy", targetCluster: "Not A Cluster" },
    /targetCluster: use lower case letters/,
  ],
  ["copy without a target", { step: "copy" }, /targetCluster/],
  ["copy with failover a string", { step: "copy", targetCluster: "west", failover: "yes" }, /failover/],
  ["copy with clients not labels", { step: "copy", targetCluster: "west", clients: ["A B"] }, /clients\[0\]/],
];

const migrations: Case[] = [
  ...bodyShapeCases("POST", "/api/migrations/[product]/steps", migrationOf(), () => apply({}).body),
  ...stepShapes.map(([name, step, message]) =>
    c("POST", "/api/migrations/[product]/steps", name, apply({ step }), 400, message),
  ),
  c(
    "POST",
    "/api/migrations/[product]/steps",
    "message missing",
    { params: { product: "payments" }, body: { step: COPY, baseRevision: 2 } },
    400,
    /message/,
  ),
  c(
    "POST",
    "/api/migrations/[product]/steps",
    "message empty",
    apply({ message: " " }),
    400,
    /message: say why the change is made/,
  ),
  c(
    "POST",
    "/api/migrations/[product]/steps",
    "baseRevision missing",
    apply({ baseRevision: undefined }),
    400,
    /baseRevision is the revision the step was previewed on/,
  ),
  c(
    "POST",
    "/api/migrations/[product]/steps",
    "baseRevision a string",
    apply({ baseRevision: "2" }),
    400,
    /baseRevision is the revision the step was previewed on/,
  ),
  c(
    "POST",
    "/api/migrations/[product]/steps",
    "baseRevision zero",
    apply({ baseRevision: 0 }),
    400,
    /baseRevision/,
  ),
  c(
    "POST",
    "/api/migrations/[product]/steps",
    "override reason too short",
    apply({ override: { reason: "ok" } }),
    400,
    /why the analyzer's errors may be ignored/,
  ),
  c(
    "POST",
    "/api/migrations/[product]/steps",
    "gateOverride reason too short",
    apply({ gateOverride: { reason: "ok" } }),
    400,
    /gateOverride\.reason: .*why the cut-over may proceed/,
  ),
  c(
    "POST",
    "/api/migrations/[product]/steps",
    "override with an unknown field",
    apply({ override: { reason: REASON, by: "me" } }),
    400,
    /Unrecognized key.*by/,
  ),
  c(
    "POST",
    "/api/migrations/[product]/steps",
    "stale baseRevision",
    apply({ baseRevision: 1 }),
    409,
    /Revision 2 was created since this preview \(based on 1\); preview the step again/,
  ),
  c(
    "POST",
    "/api/migrations/[product]/steps",
    "copy to a cluster the topology does not have",
    apply({ step: { step: "copy", targetCluster: "nowhere" } }),
    422,
    /Cluster "nowhere" is not in the topology; register it and add it first/,
  ),
  c(
    "POST",
    "/api/migrations/[product]/steps",
    "product in no revision",
    { params: { product: "no-such-product" }, body: apply({}).body },
    404,
    /Product "no-such-product" in revision 2 was not found/,
  ),

  ...bodyShapeCases("POST", "/api/migrations/[product]/preview", migrationOf(), () => COPY),
  ...stepShapes.map(([name, step, message]) =>
    c("POST", "/api/migrations/[product]/preview", name, previewBody(step), 400, message),
  ),
  c(
    "POST",
    "/api/migrations/[product]/preview",
    "copy to a cluster the topology does not have",
    previewBody({ step: "copy", targetCluster: "nowhere" }),
    422,
    /Cluster "nowhere" is not in the topology; register it and add it first/,
  ),
  c(
    "POST",
    "/api/migrations/[product]/preview",
    "split a service the product does not have",
    previewBody({
      step: "split",
      service: { name: "ghost", namespace: "payments" },
      successors: [{ name: "a", paths: [{ prefix: "/a" }] }],
    }),
    422,
    /Service payments\/ghost is not in the topology/,
  ),
  c(
    "POST",
    "/api/migrations/[product]/preview",
    "product in no revision",
    { params: { product: "no-such-product" }, body: COPY },
    404,
    /Product "no-such-product" in revision 2 was not found/,
  ),

  ...bodyShapeCases("POST", "/api/migrations/[product]/events", migrationOf(), () => ({
    kind: "step.verified",
    step: "insert",
    evidence: { ok: true, checks: [] },
  })),
  c(
    "POST",
    "/api/migrations/[product]/events",
    "a kind only the server records",
    { params: { product: "payments" }, body: { kind: "step.applied", step: "insert", evidence: {} } },
    422,
    /"step\.applied" cannot be appended here; use one of/,
  ),
  c(
    "POST",
    "/api/migrations/[product]/events",
    "a kind that does not exist",
    { params: { product: "payments" }, body: { kind: "step.celebrated", step: "insert", evidence: {} } },
    422,
    /"step\.celebrated" cannot be appended here/,
  ),
  c(
    "POST",
    "/api/migrations/[product]/events",
    "kind empty",
    { params: { product: "payments" }, body: { kind: "", step: "insert", evidence: {} } },
    400,
    /kind/,
  ),
  c(
    "POST",
    "/api/migrations/[product]/events",
    "step missing",
    { params: { product: "payments" }, body: { kind: "step.verified", evidence: {} } },
    400,
    /step/,
  ),
  c(
    "POST",
    "/api/migrations/[product]/events",
    "revision zero",
    {
      params: { product: "payments" },
      body: { kind: "step.verified", step: "insert", revision: 0, evidence: { ok: true, checks: [] } },
    },
    400,
    /revision/,
  ),
  c(
    "POST",
    "/api/migrations/[product]/events",
    "revision that does not exist",
    {
      params: { product: "payments" },
      body: { kind: "step.verified", step: "insert", revision: 999999, evidence: { ok: true, checks: [] } },
    },
    404,
    /Revision 999999 was not found/,
  ),
  c(
    "POST",
    "/api/migrations/[product]/events",
    "evidence of the wrong shape",
    {
      params: { product: "payments" },
      body: { kind: "step.verified", step: "insert", evidence: { ok: "yes" } },
    },
    422,
    /Nothing was recorded/,
  ),
  c(
    "POST",
    "/api/migrations/[product]/events",
    "evidence missing",
    { params: { product: "payments" }, body: { kind: "step.verified", step: "insert" } },
    400,
    /evidence is required/,
  ),
  c(
    "POST",
    "/api/migrations/[product]/events",
    "product never migrated",
    {
      params: { product: "analytics" },
      body: { kind: "step.verified", step: "insert", evidence: { ok: true, checks: [] } },
    },
    404,
    /A migration of "analytics" \(apply a step first\) was not found/,
  ),

  ...bodyShapeCases("POST", "/api/products/[slug]/probes", product(), () => ({}), { required: false }),
  c(
    "POST",
    "/api/products/[slug]/probes",
    "no clusters listed",
    { params: { slug: "payments" }, body: { clusters: [] } },
    400,
    /clusters/,
  ),
  c(
    "POST",
    "/api/products/[slug]/probes",
    "cluster name in capitals",
    { params: { slug: "payments" }, body: { clusters: ["East"] } },
    400,
    /clusters\[0\]: use lower case letters/,
  ),
  c(
    "POST",
    "/api/products/[slug]/probes",
    "cluster not registered",
    { params: { slug: "payments" }, body: { clusters: ["nowhere"] } },
    422,
    /Not registered: nowhere/,
  ),
  c(
    "POST",
    "/api/products/[slug]/probes",
    "CA not PEM",
    { params: { slug: "payments" }, body: { ca: "trust me" } },
    400,
    /give the CA as PEM text/,
  ),
  c(
    "POST",
    "/api/products/[slug]/probes",
    "service not namespace/name",
    { params: { slug: "payments" }, body: { sharedService: "gateway" } },
    400,
    /give the Service as namespace\/name/,
  ),
  c(
    "POST",
    "/api/products/[slug]/probes",
    "product service with three parts",
    { params: { slug: "payments" }, body: { productService: "a/b/c" } },
    400,
    /give the Service as namespace\/name/,
  ),
  c(
    "POST",
    "/api/products/[slug]/probes",
    "budget under a second",
    { params: { slug: "payments" }, body: { budget: { totalMs: 10 } } },
    400,
    /budget\.totalMs/,
  ),
  c(
    "POST",
    "/api/products/[slug]/probes",
    "concurrency of one",
    { params: { slug: "payments" }, body: { budget: { concurrency: 1 } } },
    400,
    /budget\.concurrency/,
  ),
  c(
    "POST",
    "/api/products/[slug]/probes",
    "rate a string",
    { params: { slug: "payments" }, body: { budget: { ratePerSecond: "fast" } } },
    400,
    /budget\.ratePerSecond/,
  ),
  c(
    "POST",
    "/api/products/[slug]/probes",
    "budget with an unknown field",
    { params: { slug: "payments" }, body: { budget: { retries: 3 } } },
    400,
    /Unrecognized key.*retries/,
  ),
  c(
    "POST",
    "/api/products/[slug]/probes",
    "access log a list",
    { params: { slug: "payments" }, body: { accessLog: ["GET /"] } },
    400,
    /accessLog/,
  ),
  c(
    "POST",
    "/api/products/[slug]/probes",
    "product in no revision",
    { params: { slug: "no-such-product" }, body: {} },
    404,
    /Product "no-such-product" in revision 2 was not found/,
  ),

  ...bodyShapeCases("POST", "/api/products/[slug]/dns-stage", product(), () => ({ percent: 10 })),
  c(
    "POST",
    "/api/products/[slug]/dns-stage",
    "percent over 100",
    { params: { slug: "payments" }, body: { percent: 150 } },
    400,
    /percent must be a whole number from 0 to 100/,
  ),
  c(
    "POST",
    "/api/products/[slug]/dns-stage",
    "percent negative",
    { params: { slug: "payments" }, body: { percent: -5 } },
    400,
    /percent must be a whole number from 0 to 100/,
  ),
  c(
    "POST",
    "/api/products/[slug]/dns-stage",
    "percent a fraction",
    { params: { slug: "payments" }, body: { percent: 12.5 } },
    400,
    /percent must be a whole number/,
  ),
  c(
    "POST",
    "/api/products/[slug]/dns-stage",
    "percent a word",
    { params: { slug: "payments" }, body: { percent: "ten" } },
    400,
    /percent must be a whole number .* or "return"/,
  ),
  c(
    "POST",
    "/api/products/[slug]/dns-stage",
    "percent missing",
    { params: { slug: "payments" }, body: {} },
    400,
    /percent must be a whole number/,
  ),
  c(
    "POST",
    "/api/products/[slug]/dns-stage",
    "override reason empty",
    { params: { slug: "payments" }, body: { percent: 10, override: { reason: " " } } },
    400,
    /override\.reason/,
  ),
  c(
    "POST",
    "/api/products/[slug]/dns-stage",
    "placement cluster in capitals",
    { params: { slug: "payments" }, body: { percent: 10, placement: { cluster: "East" } } },
    400,
    /placement\.cluster: use lower case letters/,
  ),
  c(
    "POST",
    "/api/products/[slug]/dns-stage",
    "placement TTL zero",
    { params: { slug: "payments" }, body: { percent: 10, placement: { ttl: 0 } } },
    400,
    /placement\.ttl/,
  ),
  c(
    "POST",
    "/api/products/[slug]/dns-stage",
    "error-rate threshold zero",
    { params: { slug: "payments" }, body: { percent: 10, errorRate: { threshold: 0 } } },
    400,
    /errorRate\.threshold/,
  ),
  c(
    "POST",
    "/api/products/[slug]/dns-stage",
    "error-rate threshold over 1",
    { params: { slug: "payments" }, body: { percent: 10, errorRate: { threshold: 5 } } },
    400,
    /errorRate\.threshold/,
  ),
  c(
    "POST",
    "/api/products/[slug]/dns-stage",
    "error-rate window of 10 s",
    { params: { slug: "payments" }, body: { percent: 10, errorRate: { windowSeconds: 10 } } },
    400,
    /errorRate\.windowSeconds/,
  ),
  c(
    "POST",
    "/api/products/[slug]/dns-stage",
    "CA not PEM",
    { params: { slug: "payments" }, body: { percent: 10, ca: "trust me" } },
    400,
    /give the CA as PEM text/,
  ),
  c(
    "POST",
    "/api/products/[slug]/dns-stage",
    "a percentage that is not a stage",
    { params: { slug: "payments" }, body: { percent: 37 } },
    422,
    /37 % is not a stage of payments \(10 % → 50 % → 100 %\)/,
  ),
  c(
    "POST",
    "/api/products/[slug]/dns-stage",
    "product in no revision",
    { params: { slug: "no-such-product" }, body: { percent: 10 } },
    404,
    /Product "no-such-product" in revision 2 was not found/,
  ),

  c(
    "GET",
    "/api/products/[slug]/dns",
    "samples zero",
    { params: { slug: "payments" }, query: { samples: "0" } },
    400,
    /samples must be a whole number from 1 to 200/,
  ),
  c(
    "GET",
    "/api/products/[slug]/dns",
    "samples over 200",
    { params: { slug: "payments" }, query: { samples: "201" } },
    400,
    /samples must be a whole number from 1 to 200/,
  ),
  c(
    "GET",
    "/api/products/[slug]/dns",
    "samples a word",
    { params: { slug: "payments" }, query: { samples: "many" } },
    400,
    /samples must be a whole number from 1 to 200/,
  ),
  c(
    "GET",
    "/api/products/[slug]/dns",
    "samples a fraction",
    { params: { slug: "payments" }, query: { samples: "2.5" } },
    400,
    /samples must be a whole number from 1 to 200/,
  ),
  c(
    "GET",
    "/api/products/[slug]/dns",
    "product in no revision",
    { params: { slug: "no-such-product" } },
    404,
    /Product "no-such-product" in revision 2 was not found/,
  ),
  c(
    "GET",
    "/api/products/[slug]/traffic",
    "window under 5 seconds",
    { params: { slug: "payments" }, query: { window: "1" } },
    400,
    /window must be at least 5 seconds/,
  ),
  c(
    "GET",
    "/api/products/[slug]/traffic",
    "window over a day",
    { params: { slug: "payments" }, query: { window: "86401" } },
    400,
    /window must be at most 86400 seconds/,
  ),
  c(
    "GET",
    "/api/products/[slug]/traffic",
    "window a word",
    { params: { slug: "payments" }, query: { window: "week" } },
    400,
    /window must be a number of seconds/,
  ),
  c(
    "GET",
    "/api/products/[slug]/traffic",
    "maxErrorRate over 1",
    { params: { slug: "payments" }, query: { maxErrorRate: "2" } },
    400,
    /maxErrorRate must be a share between 0 and 1/,
  ),
  c(
    "GET",
    "/api/products/[slug]/traffic",
    "maxErrorRate negative",
    { params: { slug: "payments" }, query: { maxErrorRate: "-0.1" } },
    400,
    /maxErrorRate must be a share between 0 and 1/,
  ),
  c(
    "GET",
    "/api/products/[slug]/traffic",
    "maxErrorRate a percentage",
    { params: { slug: "payments" }, query: { maxErrorRate: "5%" } },
    400,
    /maxErrorRate must be a share between 0 and 1/,
  ),
  c(
    "GET",
    "/api/products/[slug]/traffic",
    "product in no revision",
    { params: { slug: "no-such-product" } },
    404,
    /Product "no-such-product" in the newest revision was not found/,
  ),
  c(
    "GET",
    "/api/products/[slug]/traffic",
    "team lead reading another team's product",
    { params: { slug: "analytics" } },
    404,
    /Product "analytics" in the newest revision was not found/,
    "lead",
  ),
  c(
    "GET",
    "/api/products/[slug]/facts",
    "product in no revision",
    { params: { slug: "no-such-product" } },
    404,
    /Product "no-such-product" in revision 2 was not found/,
  ),
  c(
    "GET",
    "/api/products/[slug]/facts",
    "control character in the slug",
    { params: { slug: "pay\u001bments" } },
    400,
    /path.* has the control character U\+001B/,
  ),

  c("GET", "/api/export", "format xml", { query: { format: "xml" } }, 400, /format must be one of/),
  c(
    "GET",
    "/api/export",
    "revision a word",
    { query: { revision: "latest" } },
    400,
    /revision must be a revision number/,
  ),
  c(
    "GET",
    "/api/export",
    "revision zero",
    { query: { revision: "0" } },
    400,
    /Invalid query string: revision/,
  ),
  c(
    "GET",
    "/api/export",
    "revision that does not exist",
    { query: { revision: "999999" } },
    404,
    /Revision 999999 was not found/,
  ),
  c(
    "GET",
    "/api/export",
    "product in no revision",
    { query: { product: "no-such-product" } },
    404,
    /Revision 2 has no product "no-such-product"; products: payments, analytics/,
  ),
  c(
    "GET",
    "/api/export",
    "cluster not in the topology",
    { query: { cluster: "nowhere" } },
    404,
    /Revision 2 has no cluster "nowhere"; clusters: east, west/,
  ),
  c("GET", "/api/export", "product empty", { query: { product: " " } }, 400, /Invalid query string: product/),
  c(
    "GET",
    "/api/export",
    "team lead exporting another team's product",
    { query: { product: "analytics", format: "topology" } },
    404,
    /Revision 2 has no product "analytics"; products: payments\./,
    "lead",
  ),
];

// --- Requests, approval rules, audit ----------------------------------------------------------
const requests: Case[] = [
  ...bodyShapeCases("POST", "/api/requests", none, (f) => REQUEST(f.teamSlug)),
  c(
    "POST",
    "/api/requests",
    "team that does not exist",
    (f) => ({ body: { ...REQUEST(f.teamSlug), team: "no-such-team" } }),
    422,
    /Team no-such-team does not exist; pick one of your teams/,
  ),
  c(
    "POST",
    "/api/requests",
    "no hosts",
    (f) => ({ body: { ...REQUEST(f.teamSlug), hosts: [] } }),
    400,
    /add at least one host/,
  ),
  c(
    "POST",
    "/api/requests",
    "host in capitals",
    (f) => ({ body: { ...REQUEST(f.teamSlug), hosts: ["Pay.Example.com"] } }),
    400,
    /a fully qualified host name in lower case/,
  ),
  c(
    "POST",
    "/api/requests",
    "host listed twice",
    (f) => ({ body: { ...REQUEST(f.teamSlug), hosts: ["a.example.com", "a.example.com"] } }),
    400,
    /a\.example\.com is listed twice/,
  ),
  c(
    "POST",
    "/api/requests",
    "no routes",
    (f) => ({ body: { ...REQUEST(f.teamSlug), routes: [] } }),
    400,
    /add at least one route/,
  ),
  c(
    "POST",
    "/api/requests",
    "port as a string",
    (f) => ({
      body: { ...REQUEST(f.teamSlug), routes: [{ pathPrefix: "/", service: "web", port: "8080" }] },
    }),
    400,
    /a JSON number, not a string/,
  ),
  c(
    "POST",
    "/api/requests",
    "path with '..'",
    (f) => ({
      body: { ...REQUEST(f.teamSlug), routes: [{ pathPrefix: "/a/../b", service: "web", port: 80 }] },
    }),
    400,
    /no '\.' or '\.\.' segments/,
  ),
  c(
    "POST",
    "/api/requests",
    "namespace kube-system",
    (f) => ({ body: { ...REQUEST(f.teamSlug), namespace: "kube-system" } }),
    400,
    /kube-system is reserved for Kubernetes/,
  ),
  c(
    "POST",
    "/api/requests",
    "cluster listed twice",
    (f) => ({ body: { ...REQUEST(f.teamSlug), clusters: ["east", "east"] } }),
    400,
    /a cluster is listed twice/,
  ),
  c(
    "POST",
    "/api/requests",
    "TLS secret in capitals",
    (f) => ({ body: { ...REQUEST(f.teamSlug), tlsSecret: "Cert" } }),
    400,
    /tlsSecret/,
  ),
  c(
    "POST",
    "/api/requests",
    "reason over 2000 characters",
    (f) => ({ body: { ...REQUEST(f.teamSlug), reason: longText(2001) } }),
    400,
    /reason: .*2000/,
  ),
  c(
    "POST",
    "/api/requests",
    "eleven clusters",
    (f) => ({ body: { ...REQUEST(f.teamSlug), clusters: Array.from({ length: 11 }, (_, i) => `c${i}`) } }),
    400,
    /clusters: .*10/,
  ),
  ...bodyShapeCases("POST", "/api/requests/preview", none, (f) => REQUEST(f.teamSlug)),
  c(
    "POST",
    "/api/requests/preview",
    "team that does not exist",
    (f) => ({ body: { ...REQUEST(f.teamSlug), team: "no-such-team" } }),
    422,
    /Team no-such-team does not exist/,
  ),
  c(
    "POST",
    "/api/requests/preview",
    "port zero",
    (f) => ({ body: { ...REQUEST(f.teamSlug), routes: [{ pathPrefix: "/", service: "web", port: 0 }] } }),
    400,
    /a port between 1 and 65535/,
  ),
  c(
    "GET",
    "/api/requests",
    "unknown status",
    { query: { status: "pending" } },
    400,
    /Invalid query string: status/,
  ),
  c("GET", "/api/requests", "limit zero", { query: { limit: "0" } }, 400, /Invalid query string: limit/),
  c(
    "GET",
    "/api/requests",
    "limit over 200",
    { query: { limit: "201" } },
    400,
    /Invalid query string: limit/,
  ),
  c(
    "GET",
    "/api/requests/[id]",
    "unknown request",
    { params: { id: "no-such-request" } },
    404,
    /Request no-such-request was not found/,
  ),
  c(
    "GET",
    "/api/requests/[id]/preview",
    "unknown request",
    { params: { id: "no-such-request" } },
    404,
    /Request no-such-request was not found/,
  ),
  ...bodyShapeCases(
    "PUT",
    "/api/requests/[id]",
    (f) => ({ id: f.requestId }),
    (f) => REQUEST(f.teamSlug),
  ),
  c(
    "PUT",
    "/api/requests/[id]",
    "unknown request",
    (f) => ({ params: { id: "no-such-request" }, body: REQUEST(f.teamSlug) }),
    404,
    /Request no-such-request was not found/,
  ),
  c(
    "PUT",
    "/api/requests/[id]",
    "no routes",
    (f) => ({ params: { id: f.requestId }, body: { ...REQUEST(f.teamSlug), routes: [] } }),
    400,
    /add at least one route/,
  ),
  c(
    "PUT",
    "/api/requests/[id]",
    "a withdrawn request",
    (f) => ({ params: { id: f.withdrawnRequestId }, body: REQUEST(f.teamSlug, "req-withdrawn") }),
    409,
    /withdrawn/,
    "lead",
  ),
  ...bodyShapeCases(
    "POST",
    "/api/requests/[id]/reviews",
    (f) => ({ id: f.requestId }),
    () => ({ decision: "comment", comment: "c" }),
  ),
  c(
    "POST",
    "/api/requests/[id]/reviews",
    "unknown decision",
    (f) => ({ params: { id: f.requestId }, body: { decision: "maybe" } }),
    400,
    /decision/,
  ),
  c(
    "POST",
    "/api/requests/[id]/reviews",
    "reject without a comment",
    (f) => ({ params: { id: f.requestId }, body: { decision: "reject" } }),
    400,
    /say why: a comment is required unless you approve/,
  ),
  c(
    "POST",
    "/api/requests/[id]/reviews",
    "request changes with a blank comment",
    (f) => ({ params: { id: f.requestId }, body: { decision: "request-changes", comment: "  " } }),
    400,
    /say why: a comment is required/,
  ),
  c(
    "POST",
    "/api/requests/[id]/reviews",
    "comment over 4000 characters",
    (f) => ({ params: { id: f.requestId }, body: { decision: "comment", comment: longText(4001) } }),
    400,
    /comment: .*4000/,
  ),
  c(
    "POST",
    "/api/requests/[id]/reviews",
    "unknown request",
    { params: { id: "no-such-request" }, body: { decision: "comment", comment: "c" } },
    404,
    /Request no-such-request was not found/,
  ),
  c(
    "POST",
    "/api/requests/[id]/reviews",
    "a withdrawn request",
    (f) => ({ params: { id: f.withdrawnRequestId }, body: { decision: "approve" } }),
    409,
    /withdrawn/,
  ),
  c(
    "POST",
    "/api/requests/[id]/withdraw",
    "unknown request",
    { params: { id: "no-such-request" } },
    404,
    /Request no-such-request was not found/,
  ),
  c(
    "POST",
    "/api/requests/[id]/withdraw",
    "already withdrawn",
    (f) => ({ params: { id: f.withdrawnRequestId } }),
    409,
    /withdrawn/,
    "lead",
  ),

  ...bodyShapeCases("POST", "/api/settings/approval-rules", none, () => ({
    name: "r",
    requiredApprovals: 1,
  })),
  c(
    "POST",
    "/api/settings/approval-rules",
    "name empty",
    { body: { name: "", requiredApprovals: 1 } },
    400,
    /give the rule a name/,
  ),
  c(
    "POST",
    "/api/settings/approval-rules",
    "no approvals",
    { body: { name: "r", requiredApprovals: 0 } },
    400,
    /at least one approval/,
  ),
  c(
    "POST",
    "/api/settings/approval-rules",
    "six approvals",
    { body: { name: "r", requiredApprovals: 6 } },
    400,
    /at most five approvals/,
  ),
  c(
    "POST",
    "/api/settings/approval-rules",
    "approvals a word",
    { body: { name: "r", requiredApprovals: "two" } },
    400,
    /requiredApprovals/,
  ),
  c(
    "POST",
    "/api/settings/approval-rules",
    "productionOnly a string",
    { body: { name: "r", requiredApprovals: 1, productionOnly: "yes" } },
    400,
    /productionOnly: .*boolean/,
  ),
  c(
    "POST",
    "/api/settings/approval-rules",
    "a name taken",
    (f) => ({ body: { name: f.ruleName, requiredApprovals: 1 } }),
    409,
    /exists already/,
  ),
  ...bodyShapeCases(
    "PATCH",
    "/api/settings/approval-rules/[id]",
    (f) => ({ id: f.ruleId }),
    () => ({ requiredApprovals: 2 }),
  ),
  c(
    "PATCH",
    "/api/settings/approval-rules/[id]",
    "nine approvals",
    (f) => ({ params: { id: f.ruleId }, body: { requiredApprovals: 9 } }),
    400,
    /at most five approvals/,
  ),
  c(
    "PATCH",
    "/api/settings/approval-rules/[id]",
    "name blank",
    (f) => ({ params: { id: f.ruleId }, body: { name: "  " } }),
    400,
    /give the rule a name/,
  ),
  c(
    "PATCH",
    "/api/settings/approval-rules/[id]",
    "forbidSelfApproval a string",
    (f) => ({ params: { id: f.ruleId }, body: { forbidSelfApproval: "no" } }),
    400,
    /forbidSelfApproval/,
  ),
  c(
    "PATCH",
    "/api/settings/approval-rules/[id]",
    "unknown rule",
    { params: { id: "no-such-rule" }, body: { requiredApprovals: 2 } },
    404,
    /Approval rule no-such-rule was not found/,
  ),
  c(
    "DELETE",
    "/api/settings/approval-rules/[id]",
    "unknown rule",
    { params: { id: "no-such-rule" } },
    404,
    /Approval rule no-such-rule was not found/,
  ),

  c("GET", "/api/audit", "limit zero", { query: { limit: "0" } }, 400, /Invalid query string: limit/),
  c("GET", "/api/audit", "limit over 200", { query: { limit: "201" } }, 400, /Invalid query string: limit/),
  c("GET", "/api/audit", "limit a word", { query: { limit: "all" } }, 400, /Invalid query string: limit/),
  c("GET", "/api/audit", "before zero", { query: { before: "0" } }, 400, /Invalid query string: before/),
  c(
    "GET",
    "/api/audit",
    "before a word",
    { query: { before: "yesterday" } },
    400,
    /Invalid query string: before/,
  ),
  c(
    "GET",
    "/api/audit",
    "from not a date",
    { query: { from: "last tuesday" } },
    400,
    /from: use an ISO date or date-time/,
  ),
  c(
    "GET",
    "/api/audit",
    "to not a date",
    { query: { to: "2026-13-45" } },
    400,
    /to: use an ISO date or date-time/,
  ),
  c(
    "GET",
    "/api/audit",
    "actor over 200 characters",
    { query: { actor: longText(201) } },
    400,
    /Invalid query string: actor/,
  ),
  c(
    "GET",
    "/api/audit",
    "action over 200 characters",
    { query: { action: longText(201) } },
    400,
    /Invalid query string: action/,
  ),
  c(
    "GET",
    "/api/audit/export",
    "format xml",
    { query: { format: "xml" } },
    400,
    /format must be csv or json/,
  ),
  c(
    "GET",
    "/api/audit/export",
    "from not a date",
    { query: { from: "soon" } },
    400,
    /from: use an ISO date or date-time/,
  ),
  c(
    "GET",
    "/api/audit/export",
    "product over 200 characters",
    { query: { product: longText(201) } },
    400,
    /Invalid query string: product/,
  ),
  c("GET", "/api/audit/[id]", "id a word", { params: { id: "first" } }, 400, /event id must be a number/),
  c("GET", "/api/audit/[id]", "id zero", { params: { id: "0" } }, 400, /Invalid path/),
  c("GET", "/api/audit/[id]", "id a fraction", { params: { id: "1.5" } }, 400, /Invalid path/),
  c(
    "GET",
    "/api/audit/[id]",
    "a malformed percent in the path",
    { params: { id: "1%zz" } },
    400,
    /encode "%" as "%25"/,
  ),
  c(
    "GET",
    "/api/audit/[id]",
    "event that does not exist",
    { params: { id: "999999999" } },
    404,
    /Audit event 999999999 was not found/,
  ),
];

const CASES: Case[] = [...auth, ...clusters, ...revisions, ...migrations, ...requests];

/** Everything a refused call could have written, row by row where rows are edited in place. */
async function snapshot() {
  const [jobs] = await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM graphile_worker.jobs`;
  return {
    revisions: await prisma.revision.count(),
    audit: await prisma.auditEvent.count(),
    migrations: await prisma.migration.count(),
    migrationEvents: await prisma.migrationEvent.count(),
    syncRuns: await prisma.syncRun.count(),
    users: await prisma.user.count(),
    reviews: await prisma.requestReview.count(),
    jobs: jobs?.n,
    clusters: await prisma.cluster.findMany({ orderBy: { name: "asc" }, omit: { createdAt: true } }),
    tokens: await prisma.apiToken.findMany({ orderBy: { id: "asc" }, select: { id: true, revokedAt: true } }),
    bindings: await prisma.roleBinding.findMany({ orderBy: { id: "asc" } }),
    requests: await prisma.gatewayRequest.findMany({ orderBy: { id: "asc" } }),
    rules: await prisma.approvalRule.findMany({ orderBy: { id: "asc" } }),
  };
}

beforeAll(async () => {
  const team = await createTeam("catalogue-team", ["req-product", "req-withdrawn", "payments"]);
  const admin = await createUser([{ role: "admin" }]);
  const lead = await createUser([{ role: "team_lead", teamId: team.id }]);
  const target = await createUser([{ role: "auditor" }]);
  headers.admin = await sessionHeaders(admin.id);
  headers.lead = await sessionHeaders(lead.id);

  // Revision 1: the shared ingress; revision 2: payments' gateway inserted (a step to undo).
  await prisma.$transaction((tx) =>
    createRevision(tx, { document: loadExample("00-shared-ingress"), message: "base", actor: null }),
  );
  await prisma.$transaction((tx) =>
    createRevision(tx, { document: loadExample("01-payments-gateway"), message: "step 1", actor: null }),
  );
  // A registered cluster that answers nothing: every case is refused before it would be called.
  await insertCluster(
    prisma,
    {
      name: "east",
      server: "https://127.0.0.1:9",
      zone: "us-east-1a",
      region: "us-east-1",
    },
    { token: "catalogue-token" },
  );
  await prisma.migration.create({ data: { productSlug: "payments" } });

  const submit = async (productSlug: string) => {
    const res = await callRoute("POST", "/api/requests", {
      headers: headers.lead,
      body: REQUEST(team.slug, productSlug),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  const requestId = await submit("req-product");
  const withdrawnRequestId = await submit("req-withdrawn");
  expect(
    (
      await callRoute("POST", "/api/requests/[id]/withdraw", {
        headers: headers.lead,
        params: { id: withdrawnRequestId },
      })
    ).status,
  ).toBe(200);
  const rule = await prisma.approvalRule.create({ data: { name: "catalogue rule", requiredApprovals: 1 } });
  const other = await callRoute("POST", "/api/tokens", {
    headers: headers.lead,
    body: { name: "lead's", role: "team-lead" },
  });
  expect(other.status).toBe(201);

  Object.assign(fx, {
    targetUserId: target.id,
    targetBindingId: (await prisma.roleBinding.findFirstOrThrow({ where: { userId: target.id } })).id,
    adminBindingId: (await prisma.roleBinding.findFirstOrThrow({ where: { userId: admin.id } })).id,
    adminId: admin.id,
    teamSlug: team.slug,
    requestId,
    withdrawnRequestId,
    ruleId: rule.id,
    ruleName: rule.name,
    otherTokenId: ((await other.json()) as { id: string }).id,
  } satisfies Fixtures);
});

afterAll(async () => {
  await prisma.$disconnect();
  await dropOwnDatabase();
});

describe("the catalogue", () => {
  it("holds at least 300 cases, each named once", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(300);
    expect(new Set(CASES.map((k) => k.name)).size).toBe(CASES.length);
  });
});

describe("bad input is refused with a message and writes nothing", () => {
  it.each(CASES.map((k) => [k.name, k] as const))("%s", async (_, k) => {
    const input = k.input(fx);
    const before = await snapshot();
    const res = await callRoute(k.method, k.path, {
      headers: {
        ...headers[k.as ?? "admin"],
        ...(input.contentType ? { "content-type": input.contentType } : {}),
      },
      params: input.params,
      query: input.query,
      body: input.body,
      rawBody: input.rawBody,
    });
    const text = await res.text();
    expect(res.status, text).toBe(k.status);
    const body = JSON.parse(text) as { error: { message: string } };
    expect(body.error.message).toMatch(k.message);
    expect(await snapshot()).toEqual(before);
  });
});
