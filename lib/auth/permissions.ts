// Who may do what, as one table. Route handlers, server actions and pages name a permission from
// here; nothing else in the code decides access by looking at role names.
import type { Role } from "@/lib/db/generated/enums";

export type { Role };

/**
 * How a role holds a permission:
 * - "all": everywhere;
 * - "team": only for the teams the role binding is scoped to (team leads), checked against
 *   `scope.teamId` / `scope.productSlug` when the caller passes one.
 */
export type Grant = "all" | "team";

type Row = { description: string } & Partial<Record<Role, Grant>>;

const A = "all" as const;
const T = "team" as const;

/**
 * The permission table. Auditors hold every read and nothing that changes domain state; team leads
 * hold reads and requests for their own teams' products only.
 */
export const PERMISSION_TABLE = {
  "profile:read": {
    description: "See your own account and roles",
    admin: A,
    platform_engineer: A,
    team_lead: A,
    auditor: A,
  },
  // Note: an API token acts with at most its owner's role, so an auditor's token stays read-only;
  // managing one's own tokens is therefore open to every role.
  "token:manage-own": {
    description: "Create and revoke your own API tokens",
    admin: A,
    platform_engineer: A,
    team_lead: A,
    auditor: A,
  },
  "cluster:read": {
    description: "See registered clusters and their health",
    admin: A,
    platform_engineer: A,
    auditor: A,
  },
  "cluster:write": { description: "Register, edit and remove clusters", admin: A, platform_engineer: A },
  "cluster:credentials:rotate": {
    description: "Replace a cluster's credentials",
    admin: A,
    platform_engineer: A,
  },
  "topology:read": {
    description: "See products, gateways, routes and revisions",
    admin: A,
    platform_engineer: A,
    team_lead: T,
    auditor: A,
  },
  "topology:write": {
    description: "Create topology revisions and run migration steps",
    admin: A,
    platform_engineer: A,
  },
  // Note: an analyzer error refuses a revision; overriding it is a separate, audited permission so a
  // role that may write topology does not silently ship what the analyzer says istiod will refuse.
  "topology:override-analysis": {
    description: "Store a revision despite analyzer errors, with a written reason",
    admin: A,
    platform_engineer: A,
  },
  // Note: a failed cutover gate (probe differs, error rate high or unobserved; DNS or drain not
  // observed at the cut-over) holds the change;
  // sending clients on anyway is a separate, audited permission, as overriding the analyzer is.
  "cutover:override-gate": {
    description: "Move a DNS stage forward or cut over despite a failed cutover gate, with a written reason",
    admin: A,
    platform_engineer: A,
  },
  "migration:read": {
    description: "See migration plans and their progress",
    admin: A,
    platform_engineer: A,
    auditor: A,
  },
  "sync:read": {
    description: "See sync runs and what each cluster holds",
    admin: A,
    platform_engineer: A,
    auditor: A,
  },
  "sync:apply": { description: "Apply a revision to clusters", admin: A, platform_engineer: A },
  "sync:rollback": {
    description: "Roll clusters back to an earlier revision",
    admin: A,
    platform_engineer: A,
  },
  "request:read": {
    description: "See gateway requests",
    admin: A,
    platform_engineer: A,
    team_lead: T,
    auditor: A,
  },
  "request:create": {
    description: "Request a new product gateway",
    admin: A,
    platform_engineer: A,
    team_lead: T,
  },
  "request:review": {
    description: "Approve, reject or comment on gateway requests",
    admin: A,
    platform_engineer: A,
  },
  "audit:read": { description: "Read the audit log", admin: A, platform_engineer: A, auditor: A },
  "audit:export": { description: "Export the audit log", admin: A, auditor: A },
  "user:read": { description: "See users and their roles", admin: A, auditor: A },
  "user:manage": { description: "Grant and revoke roles", admin: A },
  "settings:read": {
    description: "See approval rules and other settings",
    admin: A,
    platform_engineer: A,
    auditor: A,
  },
  "settings:write": { description: "Change approval rules and other settings", admin: A },
} as const satisfies Record<string, Row>;

export type Permission = keyof typeof PERMISSION_TABLE;

export const PERMISSIONS = Object.keys(PERMISSION_TABLE) as Permission[];

export const ROLES: readonly Role[] = ["admin", "platform_engineer", "team_lead", "auditor"];

/** The names people and the database use (`platform-engineer`), not Prisma's identifiers. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: "admin",
  platform_engineer: "platform-engineer",
  team_lead: "team-lead",
  auditor: "auditor",
};

export function parseRole(name: string): Role | undefined {
  const normalized = name.trim().toLowerCase().replaceAll("_", "-");
  return ROLES.find((r) => ROLE_LABELS[r] === normalized);
}

/** What `can` needs to know about a caller: its role bindings, with team scope resolved. */
export type RoleHolder = {
  bindings: readonly {
    role: Role;
    /** Team the binding is scoped to (team-lead bindings). */
    teamId: string | null;
    /** Slugs of the products that team owns, so product-scoped checks stay pure. */
    productSlugs?: readonly string[];
  }[];
};

export type PermissionScope = { teamId?: string; productSlug?: string };

export function grantOf(role: Role, permission: Permission): Grant | undefined {
  const row: Row = PERMISSION_TABLE[permission];
  return row[role];
}

/**
 * Whether `user` holds `permission`, optionally for one team or product.
 *
 * Without a scope, a team-scoped grant answers true when the user has at least one team: that is
 * the coarse check route handlers and navigation make. Handlers acting on one team's data then call
 * `can` again with the scope.
 */
export function can(
  user: RoleHolder | null | undefined,
  permission: Permission,
  scope?: PermissionScope,
): boolean {
  if (!user) return false;
  for (const binding of user.bindings) {
    const grant = grantOf(binding.role, permission);
    if (grant === "all") return true;
    if (grant !== "team" || binding.teamId === null) continue;
    if (!scope || (scope.teamId === undefined && scope.productSlug === undefined)) return true;
    if (scope.teamId !== undefined && scope.teamId === binding.teamId) return true;
    if (scope.productSlug !== undefined && binding.productSlugs?.includes(scope.productSlug)) return true;
  }
  return false;
}

/** Permissions a role holds in some form, for the "your role can" summary and tests. */
export function permissionsOf(role: Role): Permission[] {
  return PERMISSIONS.filter((p) => grantOf(role, p) !== undefined);
}

/** Whether the user holds `permission` for every team (not only through team-scoped bindings). */
export function canEverywhere(user: RoleHolder | null | undefined, permission: Permission): boolean {
  return !!user?.bindings.some((b) => grantOf(b.role, permission) === "all");
}

/** Teams through which the user holds a team-scoped `permission` (for filtering lists by team). */
export function scopedTeamIds(user: RoleHolder, permission: Permission): string[] {
  return user.bindings.flatMap((b) => (grantOf(b.role, permission) === "team" && b.teamId ? [b.teamId] : []));
}

/** Products the user holds a team-scoped `permission` for (a team lead's own teams' products). */
export function scopedProductSlugs(user: RoleHolder, permission: Permission): string[] {
  return [
    ...new Set(
      user.bindings.flatMap((b) =>
        grantOf(b.role, permission) === "team" && b.teamId ? (b.productSlugs ?? []) : [],
      ),
    ),
  ];
}
