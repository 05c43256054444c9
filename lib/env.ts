// Every environment variable Portico reads, validated once at start-up. `.env.example` documents
// the same list; a wrong value stops the process with a message naming the variable and the fix.
import { isIP } from "node:net";
import { z } from "zod";

const bool = z.enum(["0", "1", "true", "false"]).transform((v) => v === "1" || v === "true");

/** `10.0.0.0/8` or `fd00::/8`, or a single address. */
function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, extra] = entry.split("/");
  const version = isIP(address ?? "");
  if (version === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 6 ? 128 : 32);
}

const PROMETHEUS_URL_HINT =
  "must be an http(s) base URL without query or fragment, e.g. http://prometheus.monitoring:9090";

/** Portico appends `/api/v1/query` to this URL and calls nothing else, so it must be a plain base. */
function isPrometheusBaseUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === "http:" || u.protocol === "https:") && !u.search && !u.hash;
  } catch {
    return false;
  }
}

const PER_CLUSTER_PROMETHEUS = /^PORTICO_PROMETHEUS_URL_([A-Z0-9_]+)$/;

/**
 * `PORTICO_PROMETHEUS_URL_<CLUSTER>` settings, by cluster name: the name upper-cased with `-` as
 * `_` (`PORTICO_PROMETHEUS_URL_US_EAST` is cluster `us-east`). Cluster names are DNS labels, so
 * the mapping is reversible. Throws an EnvError naming a bad value.
 */
export function clusterPrometheusUrls(
  source: Record<string, string | undefined> = process.env,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    const m = PER_CLUSTER_PROMETHEUS.exec(key);
    if (!m || !value) continue;
    if (!isPrometheusBaseUrl(value))
      throw new EnvError(`Portico's configuration is invalid:\n  ${key}: ${PROMETHEUS_URL_HINT}`);
    out[m[1]!.toLowerCase().replace(/_/g, "-")] = value;
  }
  return out;
}

const url = (what: string) => z.string().url({ message: `must be a URL (${what})` });

export const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** PostgreSQL connection string; defaults to the local server's `portico` database. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, {
      message: "must start with postgresql:// (e.g. postgresql://user:pass@host:5432/portico)",
    })
    .optional(),
  /** Port of the web app. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Public URL of the app, used for OIDC redirects and to decide on Secure cookies. */
  PORTICO_PUBLIC_URL: url("e.g. https://portico.example.com").optional(),
  /** `id:base64key[,id:base64key...]`; first key seals new secrets. */
  PORTICO_ENCRYPTION_KEYS: z.string().optional(),
  /** First local admin, created at start-up when no admin exists. */
  PORTICO_ADMIN_EMAIL: z.string().email({ message: "must be an email address" }).optional(),
  PORTICO_ADMIN_PASSWORD: z.string().min(12, { message: "must be at least 12 characters" }).optional(),
  /** OpenID Connect single sign-on. */
  PORTICO_OIDC_ISSUER: url("the issuer URL of your identity provider").optional(),
  PORTICO_OIDC_CLIENT_ID: z.string().min(1).optional(),
  PORTICO_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  PORTICO_OIDC_REDIRECT_URL: url("e.g. https://portico.example.com/api/auth/oidc/callback").optional(),
  PORTICO_OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
  PORTICO_OIDC_ROLE_MAP: z.string().optional(),
  /**
   * Reverse proxies whose X-Forwarded-For entries are believed (addresses or CIDR ranges,
   * comma-separated); the client's address is the rightmost entry that is not one of them.
   */
  PORTICO_TRUSTED_PROXIES: z
    .string()
    .refine((v) => v.split(",").every((e) => isAddressOrCidr(e.trim())), {
      message: "must be IP addresses or CIDR ranges separated by commas (e.g. 10.0.0.0/8,192.168.1.7)",
    })
    .optional(),
  /** Longest life of an API token in days; a token asked for without an expiry gets this one. */
  PORTICO_TOKEN_MAX_LIFETIME_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  /** Set by Kubernetes in every pod: the API server's address inside the cluster (in-cluster mode). */
  KUBERNETES_SERVICE_HOST: z.string().trim().min(1).optional(),
  KUBERNETES_SERVICE_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Folder of the pod's mounted ServiceAccount (token, ca.crt, namespace); tests point it elsewhere. */
  PORTICO_SERVICE_ACCOUNT_DIR: z.string().min(1).default("/var/run/secrets/kubernetes.io/serviceaccount"),
  /** Allow cluster endpoints on loopback and plain http (simulated clusters, local development). */
  PORTICO_ALLOW_INSECURE_CLUSTERS: bool.default(false),
  /** Roles `npm run db:migrate -- --create-roles` creates and migrates as (lib/db/database-roles.ts). */
  PORTICO_DB_OWNER_ROLE: z.string().min(1).optional(),
  PORTICO_DB_APP_ROLE: z.string().min(1).optional(),
  PORTICO_DB_OWNER_PASSWORD: z.string().min(1).optional(),
  PORTICO_DB_APP_PASSWORD: z.string().min(1).optional(),
  /** Password of the sample users `npm run db:seed` creates (default portico-demo). */
  PORTICO_SEED_PASSWORD: z.string().min(1).optional(),
  /** Kubeconfig of the demo clusters `npm run db:seed` registers. */
  PORTICO_DEMO_KUBECONFIG: z.string().min(1).default(".portico/demo-kubeconfig"),
  /** pino log level. */
  PORTICO_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Seconds between drift sweeps of the sync worker. */
  PORTICO_DRIFT_INTERVAL_S: z.coerce.number().int().min(10).default(300),
  /** Clusters one worker process reconciles at once. */
  PORTICO_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** The worker's V8 heap budget in MB: old generation, young generation (read by scripts/worker.sh). */
  PORTICO_WORKER_HEAP_MB: z.coerce.number().int().min(64).default(160),
  PORTICO_WORKER_SEMI_SPACE_MB: z.coerce.number().int().min(1).max(64).default(4),
  /**
   * Port of the worker's own /live and /ready endpoint; 0 (the default) turns it off, so several
   * workers on one machine do not compete for a port. The Kubernetes manifests set 8081.
   */
  PORTICO_WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Connections of each process's database pool (the web app's, and the worker's for its queries). */
  PORTICO_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Seconds one reconcile job may run before it is stopped and retried through the queue. */
  PORTICO_SYNC_JOB_TIMEOUT_S: z.coerce.number().int().min(10).default(600),
  /** Seconds one request to a cluster's API server may take. */
  PORTICO_CLUSTER_REQUEST_TIMEOUT_S: z.coerce.number().int().min(1).max(600).default(15),
  /** Days sync runs are kept (the newest run of each cluster is always kept). */
  PORTICO_RETAIN_SYNC_RUNS_DAYS: z.coerce.number().int().min(1).default(30),
  /** Days expired sessions are kept before they are deleted. */
  PORTICO_RETAIN_SESSIONS_DAYS: z.coerce.number().int().min(0).default(7),
  /** Days jobs that failed for good stay in the queue for inspection. */
  PORTICO_RETAIN_FAILED_JOBS_DAYS: z.coerce.number().int().min(1).default(14),
  /**
   * Prometheus that scrapes the gateways' Istio metrics (base URL, e.g. http://prometheus:9090);
   * unset, drain status answers "unknown". `PORTICO_PROMETHEUS_URL_<CLUSTER>` overrides it for one
   * cluster (see `clusterPrometheusUrls`).
   */
  PORTICO_PROMETHEUS_URL: url("the base URL of Prometheus, e.g. http://prometheus.monitoring:9090")
    .refine(isPrometheusBaseUrl, { message: PROMETHEUS_URL_HINT })
    .optional(),
  /** Seconds one query to Prometheus may take. */
  PORTICO_PROMETHEUS_TIMEOUT_S: z.coerce.number().int().min(1).max(120).default(5),
  /** Seconds of traffic a drain verdict looks back over (a product is drained when none arrived). */
  PORTICO_DRAIN_WINDOW_SECONDS: z.coerce.number().int().min(5).max(86_400).default(600),
  /**
   * The DNS resolver GET /api/products/{slug}/dns asks what a product's hosts resolve to
   * (`address:port`, port 53 by default); in the demo, the simulator's DNS server.
   */
  PORTICO_DNS_RESOLVER: z
    .string()
    .regex(/^(\d{1,3}\.){3}\d{1,3}(:\d{1,5})?$/, {
      message: "must be an IPv4 address with an optional port, e.g. 10.0.0.2:53",
    })
    .optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings count as unset, as they do in most shells' `VAR=` lines.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(
      `Portico's configuration is invalid:\n${lines.join("\n")}\nSee .env.example for every variable.`,
    );
  }
  const env = parsed.data;
  const oidc = [env.PORTICO_OIDC_ISSUER, env.PORTICO_OIDC_CLIENT_ID, env.PORTICO_OIDC_REDIRECT_URL];
  if (oidc.some(Boolean) && !oidc.every(Boolean)) {
    throw new EnvError(
      "Portico's configuration is invalid:\n  PORTICO_OIDC_*: set PORTICO_OIDC_ISSUER, PORTICO_OIDC_CLIENT_ID and " +
        "PORTICO_OIDC_REDIRECT_URL together (or none of them to use local accounts only).",
    );
  }
  if (Boolean(env.PORTICO_ADMIN_EMAIL) !== Boolean(env.PORTICO_ADMIN_PASSWORD)) {
    throw new EnvError(
      "Portico's configuration is invalid:\n  PORTICO_ADMIN_EMAIL and PORTICO_ADMIN_PASSWORD must be set together.",
    );
  }
  clusterPrometheusUrls(source);
  return env;
}

let cached: Env | undefined;
/** The validated environment of this process. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

/**
 * One setting as the process's environment holds it now, validated by the same schema as env().
 * Note: the cutover settings (the DNS resolver, the drain window, the Prometheus timeout) are read
 * this way, like the per-cluster Prometheus URLs, so a process that sets them after start (the
 * demo's launcher, a test's simulator with a random port) is heard.
 */
export function currentSetting<K extends keyof Env>(key: K): Env[K] {
  const shape = EnvSchema.shape as Record<string, z.ZodType>;
  const raw = process.env[key];
  const parsed = shape[key]!.safeParse(raw === "" ? undefined : raw);
  if (!parsed.success)
    throw new EnvError(
      `Portico's configuration is invalid:\n  ${key}: ${parsed.error.issues.map((i) => i.message).join("; ")}`,
    );
  return parsed.data as Env[K];
}
