// One object of a cluster, live against desired: the YAML diff a person reads before reverting or
// adopting, and whether adopting is possible (only where the topology models the changed field).
import type { PrismaClient } from "@/lib/db/client";
import { compareObject, withoutRevision } from "@/lib/analysis/plan/compare-object";
import { yamlDiff } from "@/lib/analysis/plan/plan-cluster";
import { openClusterClient } from "@/lib/clusters/open-cluster-client";
import { AppError } from "@/lib/errors/app-error";
import type { ClusterClientOptions } from "@/lib/k8s/cluster-client";
import { objectKey, objectToYaml } from "@/lib/topology";
import { planAdoption } from "./adopt-drift";
import { desiredObjects } from "./desired-objects";
import { rowKey } from "./inventory-key";
import { newestTopology } from "@/lib/revisions/newest-topology";
import type { DriftDescription } from "@/lib/api/schemas/clusters";

export type { DriftDescription };

export async function describeDrift(
  db: PrismaClient,
  input: { cluster: string; key: string },
  clientOptions: ClusterClientOptions = {},
): Promise<DriftDescription> {
  const cluster = await db.cluster.findUnique({ where: { name: input.cluster } });
  if (!cluster) throw AppError.notFound(`Cluster "${input.cluster}"`);
  const [newest, rows] = await Promise.all([
    newestTopology(db),
    db.inventoryObject.findMany({ where: { clusterId: cluster.id, status: { not: "synced" } } }),
  ]);
  const preexisting = rows.find((r) => rowKey(r) === input.key)?.preexisting ?? false;
  const desired = newest
    ? desiredObjects(newest.topology, input.cluster, newest.number).find((o) => objectKey(o) === input.key)
    : undefined;
  if (!newest || !desired)
    throw new AppError(
      "NOT_FOUND",
      `${input.key} is not in the desired state of cluster ${input.cluster} (the newest revision does not render it there). Keys look like apiVersion/kind/namespace/name, as the inventory shows them.`,
    );
  let client: ReturnType<typeof openClusterClient> | undefined;
  let live;
  try {
    // Inside the try: credentials that do not open are a cluster that cannot be read, not a crash.
    client = openClusterClient(cluster, { retry: { maxAttempts: 2 }, ...clientOptions });
    live = await client.get(
      desired.apiVersion,
      desired.kind,
      desired.metadata.namespace,
      desired.metadata.name,
    );
  } catch (err) {
    throw new AppError(
      "UNAVAILABLE",
      `Could not read ${input.key} from cluster ${input.cluster}: ${(err as Error).message}. Check the connection on the Clusters page and try again.`,
      { cause: err },
    );
  } finally {
    await client?.close();
  }
  if (!live) {
    return {
      key: input.key,
      drifted: true,
      diff: yamlDiff(input.key, "", objectToYaml(withoutRevision(desired))),
      added: [],
      preexisting,
      adopt: { possible: false, reason: "The object was deleted in the cluster; revert to re-create it." },
    };
  }
  const cmp = compareObject(desired, live);
  if (cmp.same) {
    return {
      key: input.key,
      drifted: false,
      diff: "",
      added: [],
      preexisting,
      adopt: { possible: false, reason: "The object holds what Portico wants; there is nothing to adopt." },
    };
  }
  const adopted = planAdoption(newest.topology, input.cluster, live);
  return {
    key: input.key,
    drifted: true,
    diff: yamlDiff(input.key, cmp.liveYaml, cmp.desiredYaml),
    added: cmp.extras,
    preexisting,
    adopt: adopted.ok
      ? { possible: true, changes: adopted.changes }
      : { possible: false, reason: adopted.reason },
  };
}
