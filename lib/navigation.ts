// The dashboard's areas and the permission each needs. The nav shows only what the role can use;
// each page enforces the same permission with requirePermission().
import type { Permission } from "@/lib/auth/permissions";

export type NavItem = { href: string; label: string; permission: Permission };

export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Overview", permission: "profile:read" },
  { href: "/clusters", label: "Clusters", permission: "cluster:read" },
  { href: "/topology", label: "Topology", permission: "topology:read" },
  { href: "/migrations", label: "Migrations", permission: "migration:read" },
  { href: "/revisions", label: "Revisions", permission: "topology:read" },
  { href: "/requests", label: "Requests", permission: "request:read" },
  { href: "/audit", label: "Audit", permission: "audit:read" },
  { href: "/users", label: "Users", permission: "user:read" },
  { href: "/settings/approval-rules", label: "Approval rules", permission: "settings:read" },
];
