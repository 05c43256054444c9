import { json, route } from "@/lib/api/handler";
import { PERMISSIONS, can, ROLE_LABELS } from "@/lib/auth/permissions";

// The caller's identity, role bindings and effective permissions. Permission: profile:read
export const GET = route({ permission: "profile:read" }, async ({ user }) =>
  json({
    id: user.id,
    email: user.email,
    name: user.name,
    via: user.via,
    roles: user.bindings.map((b) => ({ id: b.id, role: ROLE_LABELS[b.role], team: b.teamSlug })),
    permissions: PERMISSIONS.filter((p) => can(user, p)),
  }),
);
