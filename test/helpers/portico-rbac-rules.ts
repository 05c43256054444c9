// The rules of docs/rbac/portico-rbac.yaml's ClusterRole, as the simulator's access rules: a token
// holding exactly what the docs tell operators to grant.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import type { AccessRule } from "@/lib/sim";

export function porticoRbacRules(): AccessRule[] {
  const docs = parseAllDocuments(readFileSync("docs/rbac/portico-rbac.yaml", "utf8")).map(
    (d) => d.toJSON() as { kind: string; rules?: AccessRule[] },
  );
  return docs
    .find((d) => d.kind === "ClusterRole")!
    .rules!.map((r) => ({ apiGroups: r.apiGroups, resources: r.resources, verbs: r.verbs }));
}
