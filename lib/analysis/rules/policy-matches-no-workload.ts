import type { Authorization } from "@/lib/topology";
import { selectorMatches } from "@/lib/topology";
import { createContext } from "@/lib/istio/context";
import { gatewayPodLabels } from "@/lib/istio/gateway-source";
import { policyTarget } from "@/lib/istio/render-authorization-policy";
import type { AnalysisContext } from "../context";
import { finding, type Finding, type ObjectRef, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC030",
  name: "PolicyMatchesNoWorkload",
  severity: "error",
  description:
    "An authorization or authentication policy whose selector matches no workload protects nothing; an empty one applies to every workload of its namespace.",
};

interface Workload {
  namespace: string;
  labels: Record<string, string>;
}

/**
 * Pods the model knows of by `cluster|namespace`: gateway pods, and service pods labelled
 * `app: <service>` (as the renderer assumes when a policy targets a service).
 */
function workloadsByNamespace(ctx: AnalysisContext): Map<string, Workload[]> {
  const out = new Map<string, Workload[]>();
  const add = (cluster: string, w: Workload) => {
    const key = `${cluster}|${w.namespace}`;
    const list = out.get(key);
    if (list) list.push(w);
    else out.set(key, [w]);
  };
  for (const gw of ctx.topology.gateways) {
    const labels = gw.mode === "product" ? gatewayPodLabels(gw) : (gw.workloadLabels ?? gw.selector ?? {});
    for (const p of gw.placement) add(p.cluster, { namespace: gw.namespace, labels });
  }
  for (const s of ctx.topology.services) {
    for (const c of s.clusters) {
      add(c, { namespace: s.namespace, labels: { app: s.name } });
      for (const sub of s.subsets) add(c, { namespace: s.namespace, labels: { app: s.name, ...sub.labels } });
    }
  }
  return out;
}

export const policyMatchesNoWorkload: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const { authorization, authentication } = ctx.topology.policies;
    if (authorization.length + authentication.length === 0) return [];
    const out: Finding[] = [];
    const workloads = workloadsByNamespace(ctx);
    const policies: Array<{ kind: string; name: string; product: string; target: Authorization["target"] }> =
      [
        ...authorization.map((p) => ({
          kind: "AuthorizationPolicy",
          name: p.name,
          product: p.product,
          target: p.target,
        })),
        ...authentication.map((a) => ({
          kind: "RequestAuthentication",
          name: a.name,
          product: a.product,
          target: { gateway: a.gateway },
        })),
      ];
    for (const p of policies) {
      for (const cluster of ctx.topology.clusters) {
        const target = policyTarget(createContext(ctx.index, cluster), p.target);
        if (!target) continue;
        const obj: ObjectRef = {
          cluster: cluster.name,
          kind: p.kind,
          namespace: target.namespace,
          name: p.name,
          product: p.product,
        };
        if (Object.keys(target.matchLabels).length === 0) {
          out.push(
            finding(
              meta,
              `${p.kind} ${p.name} has an empty selector in cluster ${cluster.name}: it applies to every workload of namespace ${target.namespace}.`,
              [obj],
              "Give the target gateway non-empty pod labels (workloadLabels or selector).",
            ),
          );
          continue;
        }
        const mine = workloads.get(`${cluster.name}|${target.namespace}`) ?? [];
        if (mine.some((w) => selectorMatches(target.matchLabels, w.labels))) continue;
        out.push(
          finding(
            meta,
            `${p.kind} ${p.name} selects ${JSON.stringify(target.matchLabels)} in namespace ${target.namespace} of cluster ${cluster.name}, but no workload there has these labels: it protects nothing.`,
            [obj],
            "Target a gateway or service that runs in this cluster, with the labels its pods carry.",
          ),
        );
      }
    }
    return out;
  },
};
