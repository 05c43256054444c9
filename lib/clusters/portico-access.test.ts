// docs/rbac/portico-rbac.yaml must grant exactly what lib/clusters/portico-access.ts says Portico
// needs, and PORTICO_ACCESS must cover every kind the renderers emit.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { PORTICO_ACCESS } from "./portico-access";

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };

function grantsOf(rules: Rule[]): Set<string> {
  const out = new Set<string>();
  for (const r of rules)
    for (const g of r.apiGroups)
      for (const res of r.resources) for (const v of r.verbs) out.add(`${v} ${res}.${g}`);
  return out;
}

function porticoClusterRoleRules(): Rule[] {
  const docs = parseAllDocuments(readFileSync("docs/rbac/portico-rbac.yaml", "utf8")).map(
    (d) => d.toJSON() as Record<string, unknown>,
  );
  const role = docs.find((d) => d.kind === "ClusterRole") as { rules: Rule[] } | undefined;
  if (!role) throw new Error("docs/rbac/portico-rbac.yaml has no ClusterRole");
  return role.rules;
}

describe("docs/rbac/portico-rbac.yaml", () => {
  const docs = parseAllDocuments(readFileSync("docs/rbac/portico-rbac.yaml", "utf8")).map(
    (d) => d.toJSON() as Record<string, any>,
  );

  it("grants exactly the access Portico needs, no wildcards", () => {
    const rules = porticoClusterRoleRules();
    const granted = grantsOf(rules);
    const needed = grantsOf(
      PORTICO_ACCESS.map((a) => ({ apiGroups: [a.group], resources: [a.resource], verbs: a.verbs })),
    );
    expect([...granted].sort()).toEqual([...needed].sort());
    expect(JSON.stringify(rules)).not.toContain("*");
    for (const a of PORTICO_ACCESS) for (const v of a.checked) expect(a.verbs).toContain(v);
  });

  it("binds the ClusterRole to the portico service account and issues it a token", () => {
    const sa = docs.find((d) => d.kind === "ServiceAccount")!;
    const binding = docs.find((d) => d.kind === "ClusterRoleBinding")!;
    const secret = docs.find((d) => d.kind === "Secret");
    expect(binding.roleRef).toMatchObject({ kind: "ClusterRole", name: "portico" });
    expect(binding.subjects).toEqual([
      { kind: "ServiceAccount", name: sa.metadata.name, namespace: sa.metadata.namespace },
    ]);
    expect(secret).toMatchObject({
      type: "kubernetes.io/service-account-token",
      metadata: {
        namespace: sa.metadata.namespace,
        annotations: { "kubernetes.io/service-account.name": sa.metadata.name },
      },
    });
  });

  it("covers every kind the Istio and Gateway API renderers emit", () => {
    const kinds = new Set<string>();
    for (const dir of ["lib/istio", "lib/gateway-api"]) {
      for (const file of readdirSync(dir).filter((f) => f.startsWith("render-"))) {
        for (const m of readFileSync(`${dir}/${file}`, "utf8").matchAll(/^\s*kind: "([A-Za-z]+)",/gm))
          kinds.add(m[1]!);
      }
    }
    expect(kinds.size).toBeGreaterThan(5);
    const managed = new Set(PORTICO_ACCESS.filter((a) => a.verbs.includes("patch")).map((a) => a.kind));
    expect([...kinds].filter((k) => !managed.has(k))).toEqual([]);
  });
});
