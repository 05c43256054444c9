// What the approval rules demand of one request, and whether its reviews meet it. Pure: the rules,
// the request and its reviews go in, a verdict comes out.

export type ApprovalRuleLike = {
  name: string;
  productionOnly: boolean;
  requiredApprovals: number;
  forbidSelfApproval: boolean;
};

export type ReviewLike = {
  reviewerId: string;
  decision: "approve" | "reject" | "request_changes" | "comment";
  createdAt: Date;
};

export type PolicyInput = {
  rules: readonly ApprovalRuleLike[];
  requesterId: string;
  /** Whether any requested cluster is marked production. */
  touchesProduction: boolean;
  /** Reviews since the request was last (re)submitted. */
  reviews: readonly ReviewLike[];
};

export type PolicyVerdict = {
  /** Distinct approvals needed (at least one). */
  required: number;
  /** Distinct reviewers whose approval counts. */
  approvers: string[];
  forbidSelfApproval: boolean;
  /** Names of the rules that apply. */
  appliedRules: string[];
  satisfied: boolean;
};

export function approvalPolicy(input: PolicyInput): PolicyVerdict {
  const applied = input.rules.filter((r) => !r.productionOnly || input.touchesProduction);
  const required = Math.max(1, ...applied.map((r) => r.requiredApprovals));
  // With no rule at all self-approval is still refused: the four-eyes principle is the default.
  const forbidSelfApproval = applied.length === 0 ? true : applied.some((r) => r.forbidSelfApproval);
  const approvers = [
    ...new Set(
      input.reviews
        .filter((r) => r.decision === "approve")
        .filter((r) => !(forbidSelfApproval && r.reviewerId === input.requesterId))
        .map((r) => r.reviewerId),
    ),
  ];
  return {
    required,
    approvers,
    forbidSelfApproval,
    appliedRules: applied.map((r) => r.name),
    satisfied: approvers.length >= required,
  };
}

/** Why `reviewerId` may not approve now, or null when the approval counts. */
export function approvalRefusal(input: PolicyInput, reviewerId: string): string | null {
  const verdict = approvalPolicy(input);
  if (verdict.forbidSelfApproval && reviewerId === input.requesterId)
    return "You requested this gateway; the approval rules require someone else to approve it.";
  if (verdict.approvers.includes(reviewerId))
    return `You already approved this request; it needs ${verdict.required} different approvers.`;
  return null;
}
