import { stringify } from "yaml";
import { analyze } from "@/lib/analysis/analyze";
import { sortFindings, type Finding } from "@/lib/analysis/finding";
import { importIngress } from "@/lib/import/import-ingress";
import { readIngressObjects } from "@/lib/import/read-ingress-objects";
import { isIngress, isIstioGateway, isVirtualService } from "@/lib/import/k8s-types";
import { connectionFromKubeconfig } from "@/lib/clusters/parse-kubeconfig";
import { ClusterClient } from "@/lib/k8s/cluster-client";
import { readObjects } from "@/lib/analysis/plan/read-objects";
import { sortKeys, type Cluster, type K8sObject } from "@/lib/topology";
import { allowOnly, optionalFlag, requireFlag, UsageError, type ParsedArgs } from "./args";
import { readLiveDir, readText, type Io } from "./io";

interface Read {
  objects: K8sObject[];
  servicesRead: boolean;
  notes: string[];
}

const label = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63) || "cluster";

function clusterOf(args: ParsedArgs, fallbackName: string): Cluster {
  return {
    name: optionalFlag(args, "cluster") ?? label(fallbackName),
    region: optionalFlag(args, "region") ?? "unknown",
    zone: optionalFlag(args, "zone") ?? "unknown",
    network: optionalFlag(args, "network") ?? "network1",
  };
}

function print(args: ParsedArgs, io: Io, cluster: Cluster, read: Read): number {
  const r = importIngress({ objects: read.objects, cluster, servicesRead: read.servicesRead });
  const findings: Finding[] = sortFindings([...r.findings, ...analyze(r.proposal)]);
  if (args.flags.get("json") === true) {
    io.out(
      `${JSON.stringify({ topology: r.proposal, owners: r.owners, findings, imported: r.imported, notes: read.notes }, null, 2)}\n`,
    );
    return 0;
  }
  for (const n of read.notes) io.err(`note: ${n}\n`);
  for (const f of findings) {
    const objs = f.objects
      .map((o) => `${o.kind}/${o.namespace ? `${o.namespace}/` : ""}${o.name}`)
      .join(", ");
    io.err(`${f.severity} ${f.code} ${f.name}: ${f.message}\n  objects: ${objs}\n  fix: ${f.hint}\n`);
  }
  for (const o of r.owners) io.err(`owner: ${o.host} -> ${o.product} (team ${o.team}; ${o.reason})\n`);
  io.out(stringify(sortKeys(r.proposal), { lineWidth: 0 }));
  return 0;
}

async function readCluster(args: ParsedArgs, io: Io): Promise<number> {
  const file = requireFlag(args, "kubeconfig");
  let connection;
  try {
    connection = connectionFromKubeconfig(readText(file), optionalFlag(args, "context"));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${file}: ${(e as Error).message}`, false);
  }
  // Note: the endpoint guard protects the server from URLs chosen by others; here the person runs
  // the CLI against their own kubeconfig, so loopback and private clusters are allowed.
  const client = new ClusterClient(
    { name: connection.context, ...connection },
    { allowInsecure: true, timeoutMs: 15_000 },
  );
  let read: Read;
  try {
    read = await readIngressObjects(client);
  } catch (e) {
    io.err(`portico: could not read the ingress of context ${connection.context}: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await client.close();
  }
  return print(args, io, clusterOf(args, connection.context), read);
}

/**
 * Reads a shared ingress (a YAML file, a directory of them, or a live cluster through a kubeconfig
 * context, list calls only) and prints the topology and the findings.
 */
export function importCommand(args: ParsedArgs, io: Io): number | Promise<number> {
  allowOnly(args, ["file", "live", "kubeconfig", "context", "cluster", "region", "zone", "network", "json"]);
  const sources = ["file", "live", "kubeconfig"].filter((f) => args.flags.has(f));
  if (sources.length !== 1)
    throw new UsageError("give exactly one of -f FILE, --live DIR or --kubeconfig FILE");
  if (args.flags.has("kubeconfig")) return readCluster(args, io);
  const path = optionalFlag(args, "file");
  let objects: K8sObject[];
  if (path) {
    try {
      objects = readObjects(readText(path));
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`cannot parse ${path}: ${(e as Error).message}`, false);
    }
  } else objects = readLiveDir(requireFlag(args, "live"));
  if (!objects.some((o) => isIstioGateway(o) || isVirtualService(o) || isIngress(o)))
    throw new UsageError(
      `${path ?? optionalFlag(args, "live")} holds no Gateway, VirtualService or Ingress to import`,
      false,
    );
  return print(args, io, clusterOf(args, "imported"), {
    objects,
    servicesRead: objects.some((o) => o.kind === "Service"),
    notes: [],
  });
}
