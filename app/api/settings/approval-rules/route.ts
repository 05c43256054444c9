import { json, route } from "@/lib/api/handler";
import { createApprovalRule, listApprovalRules } from "@/lib/requests/save-approval-rule";
import { approvalRuleSchema } from "@/lib/validations/request";

// The approval rules gateway requests must meet. Permission: settings:read
export const GET = route({ permission: "settings:read" }, async () => ({ rules: await listApprovalRules() }));

// Adds an approval rule. Permission: settings:write
export const POST = route(
  { permission: "settings:write", body: approvalRuleSchema },
  async ({ user, body, requestId }) => json(await createApprovalRule(user, body, requestId), { status: 201 }),
);
