import { noContent, route } from "@/lib/api/handler";
import { deleteApprovalRule, updateApprovalRule } from "@/lib/requests/save-approval-rule";
import { approvalRulePatchSchema } from "@/lib/validations/request";

// Changes an approval rule. Permission: settings:write
export const PATCH = route(
  { permission: "settings:write", body: approvalRulePatchSchema },
  async ({ user, params, body, requestId }) => updateApprovalRule(user, params.id!, body, requestId),
);

// Removes an approval rule. Permission: settings:write
export const DELETE = route({ permission: "settings:write" }, async ({ user, params, requestId }) => {
  await deleteApprovalRule(user, params.id!, requestId);
  return noContent();
});
