import { describe, expect, it } from "vitest";
import { approvalPolicy, approvalRefusal, type ReviewLike } from "./approval-policy";

const at = new Date("2026-11-26T08:00:00Z");
const approve = (reviewerId: string): ReviewLike => ({ reviewerId, decision: "approve", createdAt: at });
const rules = [
  { name: "four eyes", productionOnly: false, requiredApprovals: 1, forbidSelfApproval: true },
  { name: "production", productionOnly: true, requiredApprovals: 2, forbidSelfApproval: true },
];

describe("approvalPolicy", () => {
  it("needs one approval outside production and two in production", () => {
    expect(
      approvalPolicy({ rules, requesterId: "lead", touchesProduction: false, reviews: [approve("a")] })
        .satisfied,
    ).toBe(true);
    const prod = approvalPolicy({
      rules,
      requesterId: "lead",
      touchesProduction: true,
      reviews: [approve("a")],
    });
    expect(prod).toMatchObject({ required: 2, satisfied: false, appliedRules: ["four eyes", "production"] });
    expect(
      approvalPolicy({
        rules,
        requesterId: "lead",
        touchesProduction: true,
        reviews: [approve("a"), approve("b")],
      }).satisfied,
    ).toBe(true);
  });

  it("counts one reviewer once and never the requester when self-approval is forbidden", () => {
    const v = approvalPolicy({
      rules,
      requesterId: "lead",
      touchesProduction: true,
      reviews: [approve("a"), approve("a"), approve("lead")],
    });
    expect(v.approvers).toEqual(["a"]);
    expect(
      approvalRefusal({ rules, requesterId: "lead", touchesProduction: false, reviews: [] }, "lead"),
    ).toMatch(/someone else/);
    expect(
      approvalRefusal({ rules, requesterId: "lead", touchesProduction: true, reviews: [approve("a")] }, "a"),
    ).toMatch(/already approved/);
  });

  it("allows self-approval only when every applying rule allows it; four eyes without rules", () => {
    const open = [{ name: "open", productionOnly: false, requiredApprovals: 1, forbidSelfApproval: false }];
    expect(
      approvalPolicy({ rules: open, requesterId: "pe", touchesProduction: false, reviews: [approve("pe")] })
        .satisfied,
    ).toBe(true);
    expect(
      approvalPolicy({ rules: [], requesterId: "pe", touchesProduction: false, reviews: [approve("pe")] })
        .satisfied,
    ).toBe(false);
  });
});
