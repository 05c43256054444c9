import { randomBytes } from "node:crypto";
import { ApiError } from "./status";

export interface AccessRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  /** Omitted: every namespace and cluster-scoped resources. */
  namespaces?: string[];
  resourceNames?: string[];
}

export interface Identity {
  token: string;
  user: string;
  groups: string[];
  rules: AccessRule[];
}

export interface RequestAttributes {
  verb: string;
  group: string;
  /** "deployments" or "deployments/status". */
  resource: string;
  namespace?: string;
  name?: string;
}

export const ADMIN_RULES: AccessRule[] = [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }];

export function newToken(): string {
  return randomBytes(24).toString("base64url");
}

function has(list: string[] | undefined, v: string): boolean {
  return list === undefined || list.includes("*") || list.includes(v);
}

export function ruleAllows(rule: AccessRule, a: RequestAttributes): boolean {
  if (!has(rule.verbs, a.verb) || !has(rule.apiGroups, a.group) || !has(rule.resources, a.resource))
    return false;
  if (rule.namespaces && !rule.namespaces.includes("*")) {
    if (!a.namespace || !rule.namespaces.includes(a.namespace)) return false;
  }
  if (rule.resourceNames && rule.resourceNames.length > 0) {
    if (!a.name || !rule.resourceNames.includes(a.name)) return false;
  }
  return true;
}

export class Access {
  private byToken = new Map<string, Identity>();

  add(identity: Identity): Identity {
    this.byToken.set(identity.token, identity);
    return identity;
  }

  remove(token: string): void {
    this.byToken.delete(token);
  }

  all(): Identity[] {
    return [...this.byToken.values()];
  }

  authenticate(authorization: string | undefined): Identity {
    const m = /^Bearer\s+(.+)$/i.exec(authorization ?? "");
    const id = m ? this.byToken.get(m[1]!.trim()) : undefined;
    if (!id) throw new ApiError(401, "Unauthorized", "Unauthorized");
    return id;
  }

  allows(id: Identity, a: RequestAttributes): boolean {
    return id.rules.some((r) => ruleAllows(r, a));
  }

  /** Throws the Forbidden Status kube-apiserver's RBAC authorizer produces. */
  authorize(id: Identity, a: RequestAttributes): void {
    if (this.allows(id, a)) return;
    const [res, sub] = a.resource.split("/");
    const qualified = a.group ? `${res}.${a.group}` : res!;
    const subject = a.name ? `${qualified} "${a.name}"` : qualified;
    const scope = a.namespace ? `in the namespace "${a.namespace}"` : "at the cluster scope";
    const resource = sub ? `${res}/${sub}` : res;
    throw new ApiError(
      403,
      "Forbidden",
      `${subject} is forbidden: User "${id.user}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${scope}`,
      { ...(a.name ? { name: a.name } : {}), group: a.group, kind: res },
    );
  }

  /** SelfSubjectRulesReview: the rules that apply in a namespace. */
  rulesIn(id: Identity, namespace: string) {
    return id.rules
      .filter((r) => !r.namespaces || r.namespaces.includes("*") || r.namespaces.includes(namespace))
      .map((r) => ({
        verbs: r.verbs,
        apiGroups: r.apiGroups,
        resources: r.resources,
        ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}),
      }));
  }
}
