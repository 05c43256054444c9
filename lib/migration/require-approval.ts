/** What the approval policy asks of a change, decided from the clusters it touches. */
export interface ApprovalRequirement {
  required: boolean;
  /** Approvers needed when required. */
  approvals: number;
  /** Production clusters the change touches. */
  productionClusters: string[];
  /** The rule that decided it. */
  rule?: string;
}

export interface ApprovalInput {
  /** Clusters whose objects the change creates, updates or deletes. */
  touched: string[];
  clusters: { name: string; production: boolean }[];
  rules: { name: string; productionOnly: boolean; requiredApprovals: number }[];
}

/**
 * A step touching a production cluster goes through a request with the approvals the policy asks
 * for; anything else may be applied directly by someone holding topology:write.
 */
export function requireApproval(input: ApprovalInput): ApprovalRequirement {
  const production = new Set(input.clusters.filter((c) => c.production).map((c) => c.name));
  const productionClusters = [...new Set(input.touched.filter((c) => production.has(c)))].sort();
  if (productionClusters.length === 0) return { required: false, approvals: 0, productionClusters };
  const rules = input.rules.filter((r) => r.productionOnly);
  const rule = (rules.length > 0 ? rules : input.rules).reduce<ApprovalInput["rules"][number] | undefined>(
    (best, r) => (!best || r.requiredApprovals > best.requiredApprovals ? r : best),
    undefined,
  );
  return {
    required: true,
    approvals: Math.max(1, rule?.requiredApprovals ?? 1),
    productionClusters,
    ...(rule ? { rule: rule.name } : {}),
  };
}
