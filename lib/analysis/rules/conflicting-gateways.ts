import { gatewayRefString } from "@/lib/topology";
import { bareHost } from "../hosts";
import { gatewayObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC001",
  name: "ConflictingGateways",
  severity: "error",
  description: "Two gateways expose the same host and port while selecting the same gateway workload.",
};

/** Shared + product pairs are reported as PTC017 (cutover), with a more specific hint. */
export const conflictingGateways: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    // Nearly every key has one owner: it is kept as a string, a Set only once a second one comes.
    const owners = new Map<string, string | Set<string>>();
    for (const [cluster, gateways] of ctx.gatewaysByCluster) {
      for (const gw of gateways) {
        const ref = gatewayRefString(gw);
        for (const w of ctx.selected.get(`${cluster}|${ref}`) ?? []) {
          for (const l of gw.listeners) {
            for (const h of l.hosts) {
              const key = `${cluster}|${gatewayRefString(w.gateway)}|${l.port}|${bareHost(h)}`;
              const had = owners.get(key);
              if (had === undefined) owners.set(key, ref);
              else if (typeof had === "string") {
                if (had !== ref) owners.set(key, new Set([had, ref]));
              } else had.add(ref);
            }
          }
        }
      }
    }
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const [key, refs] of owners) {
      if (typeof refs === "string") continue;
      const [cluster = "", workload = "", port = "", host = ""] = key.split("|");
      const gws = [...refs].sort().map((r) => ctx.index.gateways.get(r)!);
      const modes = new Set(gws.map((g) => g.mode));
      if (modes.size === 2) continue;
      const dedupe = `${cluster}|${port}|${host}|${[...refs].sort().join(",")}`;
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      out.push(
        finding(
          meta,
          `Gateways ${[...refs].sort().join(", ")} all expose ${host}:${port} on workload ${workload} in cluster ${cluster}; Istio keeps only one of them.`,
          gws.map((g) => gatewayObject(g, cluster)),
          "Serve each host and port from one Gateway per workload, or give the gateways different selectors.",
        ),
      );
    }
    return out;
  },
};
