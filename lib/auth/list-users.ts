// Users with their role bindings, for the Users page and GET /api/users.
import { prisma } from "@/lib/db/client";
import { ROLE_LABELS } from "./permissions";

export type UserListItem = {
  id: string;
  email: string;
  name: string;
  disabled: boolean;
  signIn: "password" | "sso" | "password+sso";
  lastLoginAt: Date | null;
  roles: { id: string; role: string; team: string | null }[];
};

export async function listUsers(): Promise<UserListItem[]> {
  const users = await prisma.user.findMany({
    orderBy: { email: "asc" },
    include: { roles: { include: { team: { select: { slug: true } } }, orderBy: { createdAt: "asc" } } },
  });
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    disabled: u.disabled,
    signIn: u.passwordHash && u.oidcSubject ? "password+sso" : u.oidcSubject ? "sso" : "password",
    lastLoginAt: u.lastLoginAt,
    roles: u.roles.map((r) => ({ id: r.id, role: ROLE_LABELS[r.role], team: r.team?.slug ?? null })),
  }));
}
