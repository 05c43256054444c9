import { z } from "zod";
import { route } from "@/lib/api/handler";
import { PERMISSIONS, can, ROLE_LABELS } from "@/lib/auth/permissions";

const meResponse = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  via: z.enum(["session", "token"]),
  roles: z.array(z.object({ id: z.string(), role: z.string(), team: z.string().nullable().optional() })),
  permissions: z.array(z.enum(PERMISSIONS)),
});

// The caller's identity, role bindings and effective permissions. Permission: profile:read
export const GET = route(
  { permission: "profile:read", response: meResponse },
  async ({ user }): Promise<z.infer<typeof meResponse>> => ({
    id: user.id,
    email: user.email,
    name: user.name,
    via: user.via,
    roles: user.bindings.map((b) => ({ id: b.id, role: ROLE_LABELS[b.role], team: b.teamSlug })),
    permissions: PERMISSIONS.filter((p) => can(user, p)),
  }),
);
