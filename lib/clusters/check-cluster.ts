// The connection checklist: what a person needs to know before Portico syncs to a cluster, each
// item ok / warn / fail with a message they can act on. The result is stored as Cluster.checkReport
// and shown as is, so it must never hold credentials (it is built only from API answers).
import type { ClusterClient } from "@/lib/k8s/cluster-client";
import { isKubeApiError, serverText, type KubeApiError } from "@/lib/k8s/kube-api-error";
import pLimit from "p-limit";
import { istiodsOf, mainIstiod } from "./istiod-version";
import { PORTICO_ACCESS, type RequiredAccess } from "./portico-access";

export type CheckStatus = "ok" | "warn" | "fail";

export type CheckItemId = "reachable" | "istio" | "gateway-api" | "zones" | "permissions" | "privileges";

export type CheckItem = {
  id: CheckItemId;
  label: string;
  status: CheckStatus;
  message: string;
  /** Longer lists (missing permissions, zones) shown under the message. */
  details?: string[];
};

export type CheckReport = {
  checkedAt: string;
  server: string;
  /** Worst status of the items. */
  status: CheckStatus;
  /** Whether the API server answered with the stored credentials. */
  reachable: boolean;
  /** When not reachable: the KubeApiError kind of the failure (network, unauthorized...). */
  failure?: string;
  kubernetesVersion: string | null;
  istioVersion: string | null;
  istioRevision: string | null;
  gatewayApi: boolean | null;
  zones: string[];
  regions: string[];
  items: CheckItem[];
};

/** Oldest Kubernetes minor version Portico is tested with. */
export const MIN_KUBERNETES_MINOR = 26;

const ZONE_LABEL = "topology.kubernetes.io/zone";
const REGION_LABEL = "topology.kubernetes.io/region";

/** Each item's label, named once: the checklist shows it with every status of the item. */
const LABELS: Record<CheckItemId, string> = {
  reachable: "API server reachable",
  istio: "Istio installed",
  "gateway-api": "Gateway API installed",
  zones: "Node zones",
  permissions: "Portico's permissions",
  privileges: "Least privilege",
};

function worst(items: readonly CheckItem[]): CheckStatus {
  if (items.some((i) => i.status === "fail")) return "fail";
  if (items.some((i) => i.status === "warn")) return "warn";
  return "ok";
}

/**
 * A failure in words for the checklist: the answer's status and a short reason in Portico's own
 * words. Note: nothing the target wrote is quoted (its body, or the message of a Status it made up),
 * because whoever registers a cluster chooses the target and the report is stored and shown.
 */
export function describeFailure(err: unknown): string {
  if (!isKubeApiError(err)) return "Unexpected error while talking to the cluster.";
  const e: KubeApiError = err;
  const answered = e.status ? `${e.status} ${e.reason}` : e.reason;
  switch (e.kind) {
    case "unauthorized":
      return "The API server refused Portico's credentials (401 Unauthorized): the token may be expired or revoked. Rotate the cluster's credentials.";
    case "forbidden":
      return `The API server denied ${e.request ?? "the request"} (403 Forbidden): grant Portico the access listed on the cluster page.`;
    case "network":
      // Our own socket and TLS errors, never the server's words.
      return `No answer from the API server: ${serverText(e.message, 200)}. Check the URL, the network path from Portico and the CA certificate.`;
    case "endpointRefused":
    case "redirect":
      return serverText(e.message, 300);
    case "rateLimited":
      return "The API server kept answering 429 Too Many Requests; try again later.";
    case "unavailable":
      return `The API server answered ${answered}; try again later or check the control plane's health.`;
    case "notFound":
      return `The server answered ${answered} for ${e.request ?? "the request"}; is this the URL of a Kubernetes API server?`;
    default:
      return e.reason === "NotKubernetes"
        ? `The server's answer to ${e.request ?? "the request"} is not JSON (${answered}); is this the URL of a Kubernetes API server?`
        : `The API server answered ${answered || "an error"} to ${e.request ?? "the request"}.`;
  }
}

async function attempt<T>(
  fn: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

function qualified(a: Pick<RequiredAccess, "group" | "resource">): string {
  return a.group ? `${a.resource}.${a.group}` : a.resource;
}

export type CheckOptions = {
  /** The zone/region the cluster was registered with, to compare with the nodes. */
  expectedZone?: string | null;
  expectedRegion?: string | null;
  signal?: AbortSignal;
};

/** Runs every check against the cluster; never throws for cluster errors (they become items). */
export async function checkCluster(client: ClusterClient, options: CheckOptions = {}): Promise<CheckReport> {
  const call = { signal: options.signal };
  const items: CheckItem[] = [];
  const add = ({ id, ...rest }: Omit<CheckItem, "label">) => items.push({ id, label: LABELS[id], ...rest });
  const report: CheckReport = {
    checkedAt: new Date().toISOString(),
    server: client.server,
    status: "ok",
    reachable: false,
    kubernetesVersion: null,
    istioVersion: null,
    istioRevision: null,
    gatewayApi: null,
    zones: [],
    regions: [],
    items,
  };

  // 1. Reachable, with these credentials, and which Kubernetes.
  const version = await attempt(() => client.version(call));
  if (!version.ok) {
    add({
      id: "reachable",
      status: "fail",
      message: describeFailure(version.error),
    });
    report.failure = isKubeApiError(version.error) ? version.error.kind : "other";
    report.status = "fail";
    return report;
  }
  // The version is shown and stored, so it must look like one (another web server's JSON is not).
  const gitVersion = (version.value as Partial<typeof version.value> | null)?.gitVersion;
  if (typeof gitVersion !== "string" || !/^v?\d+\.\d+(\.\d+)?[\w.+-]{0,60}$/.test(gitVersion)) {
    add({
      id: "reachable",
      status: "fail",
      message:
        "The server answered GET /version, but not with a Kubernetes version; is this the URL of a Kubernetes API server?",
    });
    report.failure = "other";
    report.status = "fail";
    return report;
  }
  report.reachable = true;
  report.kubernetesVersion = gitVersion;
  const minor = Number.parseInt(version.value.minor, 10);
  const old = version.value.major === "1" && Number.isFinite(minor) && minor < MIN_KUBERNETES_MINOR;
  add({
    id: "reachable",
    status: old ? "warn" : "ok",
    message: old
      ? `Kubernetes ${gitVersion} answers, but versions before 1.${MIN_KUBERNETES_MINOR} are not supported.`
      : `Kubernetes ${gitVersion} answers at ${client.server}.`,
  });

  // 2. Istio: the CRDs, then istiod and its version.
  const [istioGroup, gatewayGroup, externalDnsGroup] = await Promise.all([
    attempt(() => client.hasGroup("networking.istio.io", call)),
    attempt(() => client.hasGroup("gateway.networking.k8s.io", call)),
    // external-dns's DNSEndpoint CRD: only needed where Portico publishes a product's DNS.
    attempt(() => client.hasGroup("externaldns.k8s.io", call)),
  ]);
  const istioInstalled = istioGroup.ok && istioGroup.value;
  if (!istioGroup.ok) {
    add({
      id: "istio",
      status: "warn",
      message: `Could not tell whether Istio is installed: ${describeFailure(istioGroup.error)}`,
    });
  } else if (!istioGroup.value) {
    add({
      id: "istio",
      status: "fail",
      message:
        "Istio is not installed (no networking.istio.io API). Portico deploys Istio ingress gateways; install Istio first.",
    });
  } else {
    const deployments = await attempt(() =>
      client.list("apps/v1", "Deployment", { namespace: "istio-system", ...call }),
    );
    if (!deployments.ok) {
      add({
        id: "istio",
        status: "warn",
        message: `Istio's APIs are installed, but istiod could not be read in istio-system: ${describeFailure(deployments.error)}`,
      });
    } else {
      const found = istiodsOf(deployments.value);
      const main = mainIstiod(found);
      if (!main) {
        add({
          id: "istio",
          status: "warn",
          message:
            "Istio's APIs are installed but there is no istiod Deployment in istio-system; is the control plane installed elsewhere?",
        });
      } else {
        report.istioVersion = main.version;
        report.istioRevision = main.revision;
        add({
          id: "istio",
          status: main.version ? "ok" : "warn",
          message: main.version
            ? `Istio ${main.version} (${main.name}${main.revision ? `, revision ${main.revision}` : ""}).`
            : `istiod runs (${main.name}) but its version could not be read from the image or labels.`,
          ...(found.length > 1
            ? {
                details: found.map(
                  (f) =>
                    `${f.name}: ${f.version ?? "unknown version"}${f.revision ? ` (revision ${f.revision})` : ""}`,
                ),
              }
            : {}),
        });
      }
    }
  }

  // 3. Gateway API.
  if (!gatewayGroup.ok) {
    add({
      id: "gateway-api",
      status: "warn",
      message: `Could not tell: ${describeFailure(gatewayGroup.error)}`,
    });
  } else {
    report.gatewayApi = gatewayGroup.value;
    add({
      id: "gateway-api",
      status: gatewayGroup.value ? "ok" : "warn",
      message: gatewayGroup.value
        ? "The Gateway API CRDs are installed; Portico can emit Gateway and HTTPRoute resources."
        : "The Gateway API CRDs are not installed; only needed if you want Portico to emit Gateway API resources instead of Istio's.",
    });
  }

  // 4. Zones and regions of the nodes, for locality load balancing.
  const nodes = await attempt(() => client.list("v1", "Node", call));
  if (!nodes.ok) {
    add({
      id: "zones",
      status: "warn",
      message: `Could not list nodes: ${describeFailure(nodes.error)}`,
    });
  } else {
    const byZone = new Map<string, number>();
    const regions = new Set<string>();
    for (const n of nodes.value) {
      const zone = n.metadata.labels?.[ZONE_LABEL];
      const region = n.metadata.labels?.[REGION_LABEL];
      if (zone) byZone.set(zone, (byZone.get(zone) ?? 0) + 1);
      if (region) regions.add(region);
    }
    report.zones = [...byZone.keys()].sort();
    report.regions = [...regions].sort();
    const unlabeled = nodes.value.length - [...byZone.values()].reduce((a, b) => a + b, 0);
    const zoneList = report.zones
      .map((z) => `${z} (${byZone.get(z)} node${byZone.get(z) === 1 ? "" : "s"})`)
      .join(", ");
    const mismatch =
      (options.expectedZone && report.zones.length > 0 && !report.zones.includes(options.expectedZone)) ||
      (options.expectedRegion &&
        report.regions.length > 0 &&
        !report.regions.includes(options.expectedRegion));
    if (nodes.value.length === 0) {
      add({
        id: "zones",
        status: "warn",
        message: "The cluster reports no nodes.",
      });
    } else if (report.zones.length === 0) {
      add({
        id: "zones",
        status: "warn",
        message: `None of the ${nodes.value.length} nodes has a ${ZONE_LABEL} label; locality failover needs zones. Set the cluster's zone and region by hand.`,
      });
    } else if (mismatch) {
      add({
        id: "zones",
        status: "warn",
        message: `The cluster is registered in ${[options.expectedZone, options.expectedRegion].filter(Boolean).join(" / ")} but its nodes are in ${zoneList} (region ${report.regions.join(", ") || "unknown"}).`,
      });
    } else {
      add({
        id: "zones",
        status: unlabeled > 0 ? "warn" : "ok",
        message:
          `Nodes in ${zoneList}; region ${report.regions.join(", ") || "unknown"}.` +
          (unlabeled > 0 ? ` ${unlabeled} node${unlabeled === 1 ? " has" : "s have"} no zone label.` : ""),
      });
    }
  }

  // 5. What Portico needs to do, asked verb by verb.
  const needed = PORTICO_ACCESS.filter(
    (a) =>
      !a.addon ||
      (a.addon === "istio"
        ? istioInstalled
        : a.addon === "externalDns"
          ? externalDnsGroup.ok && externalDnsGroup.value
          : gatewayGroup.ok && gatewayGroup.value),
  ).flatMap((a) => a.checked.map((verb) => ({ access: a, verb })));
  const limit = pLimit(8);
  const reviews = await Promise.all(
    needed.map(({ access, verb }) =>
      limit(async () => ({
        access,
        verb,
        result: await attempt(() =>
          client.selfSubjectAccessReview({ verb, group: access.group, resource: access.resource }, call),
        ),
      })),
    ),
  );
  const failedReviews = reviews.filter((r) => !r.result.ok);
  const missing = reviews.filter((r) => r.result.ok && !r.result.value.allowed);
  if (failedReviews.length > 0 && failedReviews.length === reviews.length) {
    add({
      id: "permissions",
      status: "warn",
      message: `Could not ask the API server about permissions: ${describeFailure(failedReviews[0]!.result.ok ? undefined : failedReviews[0]!.result.error)}`,
    });
  } else if (missing.length > 0) {
    add({
      id: "permissions",
      status: "fail",
      message: `Portico's credentials are missing ${missing.length} of ${reviews.length} permissions it needs. Apply docs/rbac/portico-rbac.yaml to the cluster.`,
      details: missing.map((m) => `${m.verb} ${qualified(m.access)} (${m.access.why})`),
    });
  } else {
    const verbs = [...new Set(needed.map((n) => n.verb))].join(", ");
    add({
      id: "permissions",
      status: failedReviews.length > 0 ? "warn" : "ok",
      message:
        `Portico may ${verbs} every kind it manages in all namespaces (${reviews.length - failedReviews.length} checks).` +
        (failedReviews.length > 0 ? ` ${failedReviews.length} checks could not be made.` : ""),
    });
  }

  // 6. Least privilege: broader rights than needed are worth a warning, not a failure.
  const rules = await attempt(() => client.selfSubjectRulesReview("default", call));
  if (rules.ok) {
    const wildcard = rules.value.resourceRules.some(
      (r) => r.verbs.includes("*") && (r.resources ?? []).includes("*") && (r.apiGroups ?? []).includes("*"),
    );
    add({
      id: "privileges",
      status: wildcard ? "warn" : "ok",
      message: wildcard
        ? "Portico's credentials can do anything in the cluster (cluster-admin or equivalent). Use a dedicated service account bound to docs/rbac/portico-rbac.yaml instead."
        : rules.value.incomplete
          ? "The API server could not list every rule of Portico's credentials; no wildcard access was seen."
          : "Portico's credentials hold no wildcard access.",
    });
  }

  report.status = worst(items);
  return report;
}
