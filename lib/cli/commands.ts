import { toYaml } from "@/lib/topology";
import { renderCluster, type RenderFormat } from "@/lib/istio/render-cluster";
import { analyze, hasErrors } from "@/lib/analysis/analyze";
import { checkContract } from "@/lib/analysis/contract/check-contract";
import { planCluster, planSummary } from "@/lib/analysis/plan/plan-cluster";
import { allowOnly, optionalFlag, requireFlag, UsageError, type ParsedArgs } from "./args";
import { join } from "node:path";
import { PRECEDENCE_CHANGES_ROUTING, SUBSET_NOT_RENDERABLE } from "@/lib/gateway-api/route-refusals";
import { loadTopology, makeDir, readLiveDir, writeText, type Io } from "./io";

/** `--format istio|gateway-api` (default istio). */
export function formatFlag(args: ParsedArgs): RenderFormat {
  const f = optionalFlag(args, "format") ?? "istio";
  if (f !== "istio" && f !== "gateway-api")
    throw new UsageError(`--format must be istio or gateway-api, not "${f}"`);
  return f;
}

function clusterNames(topologyClusters: string[], wanted: string | undefined): string[] {
  if (wanted === undefined) return topologyClusters;
  if (!topologyClusters.includes(wanted)) {
    throw new UsageError(`unknown cluster "${wanted}"; the topology has: ${topologyClusters.join(", ")}`);
  }
  return [wanted];
}

/** Analyzer codes of what the gateway-api format refuses to render; errors for that format. */
const GATEWAY_API_REFUSALS = new Set([SUBSET_NOT_RENDERABLE, PRECEDENCE_CHANGES_ROUTING]);

/**
 * One stream per cluster: on stdout for one cluster, or DIR/<cluster>.yaml with `--out-dir`. Two
 * clusters never share a stream: they hold objects of the same name (Namespaces, ServiceEntries)
 * that `kubectl apply` would otherwise take for one object.
 */
export function renderCommand(args: ParsedArgs, io: Io): number {
  allowOnly(args, ["file", "cluster", "format", "revision", "out-dir"]);
  const loaded = loadTopology(requireFlag(args, "file"));
  if (!loaded.ok) {
    io.err(`${loaded.message}\n`);
    return 1;
  }
  const fmt = formatFlag(args);
  const revision = optionalFlag(args, "revision");
  const outDir = optionalFlag(args, "out-dir");
  const names = loaded.topology.clusters.map((c) => c.name);
  const wanted = optionalFlag(args, "cluster");
  if (wanted === undefined && outDir === undefined && names.length > 1)
    throw new UsageError(
      `the topology has ${names.length} clusters (${names.join(", ")}) and each needs its own stream: pass --cluster NAME for one on stdout, or --out-dir DIR to write DIR/<cluster>.yaml for each`,
    );
  const clusters = clusterNames(names, wanted);
  if (outDir !== undefined) makeDir(outDir);
  for (const c of clusters) {
    const r = renderCluster(loaded.topology, c, { format: fmt, revision });
    if (outDir === undefined) io.out(toYaml(r.objects));
    else {
      writeText(join(outDir, `${c}.yaml`), toYaml(r.objects));
      io.err(`wrote ${join(outDir, `${c}.yaml`)} (${r.objects.length} objects)\n`);
    }
    for (const n of r.notExpressible) {
      if (n.code) io.err(`refused [${n.cluster}] ${n.source}: ${n.code} ${n.message}\n`);
      else io.err(`not expressible [${n.cluster}] ${n.source}: ${n.message}\n`);
    }
  }
  // The YAML is still written for inspection, but a pipeline must not apply a state the analyzer
  // rejects (nor, in gateway-api format, one missing a route it refused), so errors fail it.
  const errors = analyze(loaded.topology).filter(
    (f) => f.severity === "error" || (fmt === "gateway-api" && GATEWAY_API_REFUSALS.has(f.code)),
  );
  for (const f of errors) io.err(`ERROR ${f.code} ${f.name}: ${f.message}\n  fix: ${f.hint}\n`);
  return errors.length ? 1 : 0;
}

export function validateCommand(args: ParsedArgs, io: Io): number {
  allowOnly(args, ["file", "json"]);
  const file = requireFlag(args, "file");
  const json = args.flags.get("json") === true;
  const loaded = loadTopology(file);
  if (!loaded.ok) {
    if (json)
      io.out(`${JSON.stringify({ ok: false, schemaErrors: loaded.errors, findings: [] }, null, 2)}\n`);
    else io.err(`${loaded.message}\n`);
    return 1;
  }
  const findings = analyze(loaded.topology);
  const failed = hasErrors(findings);
  if (json) {
    io.out(`${JSON.stringify({ ok: !failed, schemaErrors: [], findings }, null, 2)}\n`);
  } else {
    for (const f of findings) {
      const objs = f.objects
        .map(
          (o) =>
            `${o.cluster ? `${o.cluster}:` : ""}${o.kind}/${o.namespace ? `${o.namespace}/` : ""}${o.name}`,
        )
        .join(", ");
      io.out(
        `${f.severity.toUpperCase()} ${f.code} ${f.name}: ${f.message}\n  objects: ${objs}\n  fix: ${f.hint}\n`,
      );
    }
    const count = (s: string) => findings.filter((f) => f.severity === s).length;
    io.out(`${file}: ${count("error")} error(s), ${count("warning")} warning(s), ${count("info")} info\n`);
  }
  return failed ? 1 : 0;
}

export function contractCommand(args: ParsedArgs, io: Io): number {
  allowOnly(args, ["before", "after", "json", "live", "cluster", "format"]);
  const before = loadTopology(requireFlag(args, "before"));
  const after = loadTopology(requireFlag(args, "after"));
  for (const l of [before, after]) {
    if (!l.ok) {
      io.err(`${l.message}\n`);
      return 1;
    }
  }
  if (!before.ok || !after.ok) return 1;
  // What one cluster holds now (e.g. `kubectl get gateways,virtualservices,services -A -o yaml`):
  // shared gateways and foreign routes the documents do not model take part in the check.
  const liveDir = optionalFlag(args, "live");
  const liveCluster = optionalFlag(args, "cluster");
  if ((liveDir === undefined) !== (liveCluster === undefined))
    throw new UsageError("--live DIR and --cluster NAME go together: the objects of one cluster");
  const live = liveDir && liveCluster ? { [liveCluster]: readLiveDir(liveDir) } : undefined;
  const result = checkContract(before.topology, after.topology, {
    ...(live ? { live } : {}),
    format: formatFlag(args),
  });
  if (args.flags.get("json") === true) {
    io.out(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    for (const b of result.broken) {
      const headers = b.headers
        ? ` ${Object.entries(b.headers)
            .map(([k, v]) => `${k}=${v}`)
            .join(" ")}`
        : "";
      io.out(
        `BROKEN [${b.cluster}] ${b.method} https://${b.host}${b.path}${headers} via ${b.entry}: ${b.reason} (before: ${b.before.join(", ") || "-"}; after: ${b.after.join(", ") || "-"})\n`,
      );
    }
    for (const c of result.changed) {
      io.out(
        `CHANGED [${c.cluster}] ${c.method} https://${c.host}${c.path} via ${c.entry}: ${c.reason} (before: ${c.before.join(", ")}; after: ${c.after.join(", ")})\n`,
      );
    }
    io.out(
      `${result.ok ? "contract holds" : `${result.broken.length} broken call class(es)`}; ${result.checked} call class(es) checked\n`,
    );
  }
  return result.ok ? 0 : 1;
}

/** Exit 0 when the cluster already matches, 1 when the plan has changes (like `kubectl diff`). */
export function diffCommand(args: ParsedArgs, io: Io): number {
  allowOnly(args, ["file", "live", "cluster", "format", "revision", "json"]);
  const loaded = loadTopology(requireFlag(args, "file"));
  const liveDir = requireFlag(args, "live");
  if (!loaded.ok) {
    io.err(`${loaded.message}\n`);
    return 1;
  }
  const names = loaded.topology.clusters.map((c) => c.name);
  const wanted = optionalFlag(args, "cluster");
  if (wanted === undefined && names.length > 1) {
    throw new UsageError(`--cluster is required: the topology has ${names.join(", ")}`);
  }
  const [cluster] = clusterNames(names, wanted ?? names[0]);
  const live = readLiveDir(liveDir);
  const desired = renderCluster(loaded.topology, cluster!, {
    format: formatFlag(args),
    revision: optionalFlag(args, "revision"),
  }).objects;
  const plan = planCluster(desired, live);
  const summary = planSummary(plan);
  if (args.flags.get("json") === true) {
    io.out(
      `${JSON.stringify({ cluster, summary, items: plan.map(({ desired: _d, live: _l, ...rest }) => rest) }, null, 2)}\n`,
    );
  } else {
    const sign = { create: "+", update: "~", delete: "-", unchanged: "=" } as const;
    for (const item of plan) {
      if (item.action === "unchanged") continue;
      io.out(`${sign[item.action]} ${item.action} ${item.key}\n`);
      if (item.diff) io.out(item.diff.endsWith("\n") ? item.diff : `${item.diff}\n`);
    }
    io.out(
      `cluster ${cluster}: ${summary.create} to create, ${summary.update} to update, ${summary.delete} to delete, ${summary.unchanged} unchanged\n`,
    );
  }
  return summary.create + summary.update + summary.delete > 0 ? 1 : 0;
}
