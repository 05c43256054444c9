import { json, route } from "@/lib/api/handler";
import { grantRole } from "@/lib/auth/manage-roles";
import { grantRoleSchema } from "@/lib/validations/auth";

// Grants a role (team-lead with its team) to a user. Permission: user:manage
export const POST = route(
  { permission: "user:manage", body: grantRoleSchema },
  async ({ user, body, params, requestId }) =>
    json(
      await grantRole(user, params.id ?? "", { role: body.role, teamSlug: body.teamSlug ?? null }, requestId),
      { status: 201 },
    ),
);
