// The authenticated caller as every handler sees it, however it authenticated.
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/client";
import type { Role } from "./permissions";

export type PrincipalBinding = {
  id: string;
  role: Role;
  teamId: string | null;
  teamSlug: string | null;
  productSlugs: string[];
};

export type Principal = {
  id: string;
  email: string;
  name: string;
  bindings: PrincipalBinding[];
  /** How the request authenticated: a browser session cookie or a bearer API token. */
  via: "session" | "token";
  sessionId?: string;
  tokenId?: string;
  /** CSRF secret of the session (cookie-authenticated requests only). */
  csrfToken?: string;
};

type Db = typeof prisma | Tx;

/** What to load of a user's role bindings: each team's slug and product slugs, oldest first. */
export const bindingsInclude = {
  include: { team: { select: { slug: true, products: { select: { slug: true } } } } },
  orderBy: { createdAt: "asc" },
} as const;

type BindingRow = {
  id: string;
  role: Role;
  teamId: string | null;
  team: { slug: string; products: { slug: string }[] } | null;
};

/** Role binding rows loaded with `bindingsInclude`, ready for `can`. */
export function toBindings(rows: readonly BindingRow[]): PrincipalBinding[] {
  return rows.map((b) => ({
    id: b.id,
    role: b.role,
    teamId: b.teamId,
    teamSlug: b.team?.slug ?? null,
    productSlugs: b.team?.products.map((p) => p.slug) ?? [],
  }));
}

/** A user's role bindings with each team's product slugs, ready for `can`. */
export async function loadBindings(userId: string, db: Db = prisma): Promise<PrincipalBinding[]> {
  return toBindings(await db.roleBinding.findMany({ where: { userId }, ...bindingsInclude }));
}

/** The role shown in the user menu: the most powerful one the user holds. */
export function primaryRole(principal: Pick<Principal, "bindings">): Role | undefined {
  const order: Role[] = ["admin", "platform_engineer", "team_lead", "auditor"];
  return order.find((r) => principal.bindings.some((b) => b.role === r));
}
