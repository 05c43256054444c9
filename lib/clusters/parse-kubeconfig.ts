// Reading an uploaded kubeconfig: list its contexts, and turn one context into a cluster connection.
// Only what the Portico server can use on its own is accepted: an embedded bearer token or an
// embedded client certificate and key. Plugins (exec, auth-provider) run commands on the machine
// that holds the kubeconfig, which the server cannot and must not do.
//
// Note: client-node's KubeConfig.loadFromString reads `token-file` from the local disk while parsing.
// For an uploaded kubeconfig that would read a file of the *server* and send it, as a bearer token,
// to a URL the uploader chose. So the document is parsed and screened here first, and only the
// screened copy reaches KubeConfig.
import { KubeConfig } from "@kubernetes/client-node";
import { parse } from "yaml";
import type { ClusterConnection } from "@/lib/k8s/cluster-connection";
import { AppError } from "@/lib/errors/app-error";
import { MAX_KUBECONFIG_BYTES } from "@/lib/validations/cluster";

export { MAX_KUBECONFIG_BYTES };

export type KubeconfigAuth =
  "token" | "client-certificate" | "exec" | "auth-provider" | "basic" | "file" | "none";

/** One context of a kubeconfig, as shown to the person choosing one. No secrets. */
export type KubeconfigContext = {
  name: string;
  cluster: string;
  user: string;
  server: string | null;
  namespace: string | null;
  auth: KubeconfigAuth;
  current: boolean;
  /** Whether Portico can register this context as is. */
  usable: boolean;
  /** Why not, and what to do instead. */
  problem?: string;
};

type Raw = Record<string, unknown>;
type Named = { name: string; body: Raw };

const FILE_FIELDS = {
  cluster: ["certificate-authority"],
  user: ["token-file", "client-certificate", "client-key"],
} as const;

const FLATTEN_HINT =
  "Export it with the data embedded: kubectl config view --raw --flatten --minify --context <name>.";
const SERVICE_ACCOUNT_HINT =
  "Create a service account for Portico (docs/rbac/portico-rbac.yaml) and register the cluster with its token instead.";

function bad(message: string): AppError {
  return AppError.badRequest(message);
}

function isObject(v: unknown): v is Raw {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function namedList(
  doc: Raw,
  key: "clusters" | "users" | "contexts",
  inner: "cluster" | "user" | "context",
): Named[] {
  const list = doc[key] ?? [];
  if (!Array.isArray(list)) throw bad(`The kubeconfig's "${key}" must be a list.`);
  return list.map((entry, i) => {
    if (!isObject(entry) || typeof entry.name !== "string" || !entry.name)
      throw bad(`The kubeconfig's ${key}[${i}] has no name.`);
    const body = entry[inner] ?? {};
    if (!isObject(body))
      throw bad(`The kubeconfig's ${key}[${i}] ("${entry.name}") has no ${inner} section.`);
    return { name: entry.name, body };
  });
}

function parseDocument(text: string): Raw {
  if (Buffer.byteLength(text, "utf8") > MAX_KUBECONFIG_BYTES) {
    throw bad(
      `The kubeconfig is larger than ${MAX_KUBECONFIG_BYTES / 1024} KiB; upload only the context you need (kubectl config view --raw --flatten --minify).`,
    );
  }
  let doc: unknown;
  try {
    // Note: no custom tags and few aliases, so a crafted document cannot make parsing expensive.
    doc = parse(text, { maxAliasCount: 50, customTags: [], prettyErrors: false });
  } catch (err) {
    throw bad(`The kubeconfig is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  if (!isObject(doc))
    throw bad(
      "The kubeconfig is empty or not a YAML mapping; upload the file kubectl uses (~/.kube/config).",
    );
  if (doc.kind !== undefined && doc.kind !== "Config")
    throw bad(`This YAML is a ${String(doc.kind)}, not a kubeconfig (kind: Config).`);
  return doc;
}

function authOf(user: Raw | undefined): KubeconfigAuth {
  if (!user) return "none";
  if (user.exec) return "exec";
  if (user["auth-provider"]) return "auth-provider";
  if (FILE_FIELDS.user.some((f) => user[f] !== undefined)) return "file";
  if (typeof user.token === "string" && user.token) return "token";
  if (user["client-certificate-data"] && user["client-key-data"]) return "client-certificate";
  if (user.username || user.password) return "basic";
  return "none";
}

function problemOf(ctx: {
  cluster?: Raw;
  user?: Raw;
  clusterName: string;
  userName: string;
}): string | undefined {
  const { cluster, user } = ctx;
  if (!cluster)
    return `The context refers to cluster "${ctx.clusterName}", which the kubeconfig does not define.`;
  if (!user) return `The context refers to user "${ctx.userName}", which the kubeconfig does not define.`;
  if (typeof cluster.server !== "string" || !cluster.server)
    return `Cluster "${ctx.clusterName}" has no server URL.`;
  for (const f of FILE_FIELDS.cluster) {
    if (cluster[f] !== undefined)
      return `Cluster "${ctx.clusterName}" refers to a file on your machine (${f}). ${FLATTEN_HINT}`;
  }
  if (cluster["proxy-url"] !== undefined)
    return `Cluster "${ctx.clusterName}" is reached through a proxy (proxy-url), which Portico does not support.`;
  if (cluster["tls-server-name"] !== undefined)
    return `Cluster "${ctx.clusterName}" overrides the TLS server name (tls-server-name), which Portico does not support.`;
  switch (authOf(user)) {
    case "exec": {
      const exec = user.exec as Raw;
      const command = typeof exec.command === "string" ? ` (${exec.command})` : "";
      return `User "${ctx.userName}" gets its credentials from an exec plugin${command}, which only runs on your machine; the Portico server cannot run it. ${SERVICE_ACCOUNT_HINT}`;
    }
    case "auth-provider": {
      const provider =
        isObject(user["auth-provider"]) && typeof user["auth-provider"].name === "string"
          ? ` (${user["auth-provider"].name})`
          : "";
      return `User "${ctx.userName}" uses an auth-provider plugin${provider}, which the Portico server cannot run. ${SERVICE_ACCOUNT_HINT}`;
    }
    case "file": {
      const fields = FILE_FIELDS.user.filter((f) => user[f] !== undefined).join(", ");
      return `User "${ctx.userName}" refers to files on your machine (${fields}). ${FLATTEN_HINT}`;
    }
    case "basic":
      return `User "${ctx.userName}" uses a user name and password, which Kubernetes no longer supports. ${SERVICE_ACCOUNT_HINT}`;
    case "none":
      return `User "${ctx.userName}" has no token or client certificate. ${SERVICE_ACCOUNT_HINT}`;
    default:
      if (user.as !== undefined || user["as-groups"] !== undefined) {
        return `User "${ctx.userName}" impersonates another user (as), which Portico does not support.`;
      }
      return undefined;
  }
}

type Screened = { doc: Raw; clusters: Map<string, Raw>; users: Map<string, Raw>; contexts: Named[] };

function screen(text: string): Screened {
  const doc = parseDocument(text);
  const clusters = new Map(namedList(doc, "clusters", "cluster").map((c) => [c.name, c.body]));
  const users = new Map(namedList(doc, "users", "user").map((u) => [u.name, u.body]));
  const contexts = namedList(doc, "contexts", "context");
  if (contexts.length === 0) throw bad("The kubeconfig has no contexts.");
  return { doc, clusters, users, contexts };
}

/** The contexts of a kubeconfig, each with whether Portico can use it and why not. */
export function listKubeconfigContexts(text: string): {
  contexts: KubeconfigContext[];
  currentContext: string | null;
} {
  const { doc, clusters, users, contexts } = screen(text);
  const current = typeof doc["current-context"] === "string" ? doc["current-context"] : null;
  return {
    currentContext: current,
    contexts: contexts.map(({ name, body }) => {
      const clusterName = String(body.cluster ?? "");
      const userName = String(body.user ?? "");
      const cluster = clusters.get(clusterName);
      const user = users.get(userName);
      const problem = problemOf({ cluster, user, clusterName, userName });
      return {
        name,
        cluster: clusterName,
        user: userName,
        server: typeof cluster?.server === "string" ? cluster.server : null,
        namespace: typeof body.namespace === "string" ? body.namespace : null,
        auth: authOf(user),
        current: name === current,
        usable: !problem,
        ...(problem ? { problem } : {}),
      };
    }),
  };
}

/**
 * The connection of one context (the current one when `contextName` is omitted). Throws a 400
 * AppError saying what to change when the context cannot be used by the server.
 */
export function connectionFromKubeconfig(
  text: string,
  contextName?: string,
): Omit<ClusterConnection, "name"> & { context: string } {
  const screened = screen(text);
  const wanted =
    contextName ??
    (typeof screened.doc["current-context"] === "string" ? screened.doc["current-context"] : undefined);
  if (!wanted) throw bad(`Choose a context: ${screened.contexts.map((c) => c.name).join(", ")}.`);
  const ctx = screened.contexts.find((c) => c.name === wanted);
  if (!ctx)
    throw bad(
      `The kubeconfig has no context "${wanted}"; it has: ${screened.contexts.map((c) => c.name).join(", ")}.`,
    );
  const clusterName = String(ctx.body.cluster ?? "");
  const userName = String(ctx.body.user ?? "");
  const cluster = screened.clusters.get(clusterName);
  const user = screened.users.get(userName);
  const problem = problemOf({ cluster, user, clusterName, userName });
  if (problem) throw bad(problem);

  // Only the screened entries of this context reach KubeConfig (see the note at the top).
  const kc = new KubeConfig();
  kc.loadFromString(
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: clusterName, cluster }],
      users: [{ name: userName, user }],
      contexts: [{ name: ctx.name, context: { cluster: clusterName, user: userName } }],
      "current-context": ctx.name,
    }),
  );
  const c = kc.getCurrentCluster();
  const u = kc.getCurrentUser();
  if (!c || !u) throw bad(`The context "${ctx.name}" is incomplete.`);
  const credentials = u.token
    ? { token: u.token.trim() }
    : { clientCertificateData: String(u.certData), clientKeyData: String(u.keyData) };
  return {
    context: ctx.name,
    server: c.server,
    ...(c.caData ? { caData: c.caData } : {}),
    insecureSkipTlsVerify: c.skipTLSVerify,
    credentials,
  };
}
