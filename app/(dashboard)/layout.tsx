import Link from "next/link";
import type { ReactNode } from "react";
import { NavLinks } from "@/components/shell/nav-links";
import { UserMenu } from "@/components/shell/user-menu";
import { requireUser } from "@/lib/auth/current-user";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";
import { primaryRole } from "@/lib/auth/principal";
import { NAV_ITEMS } from "@/lib/navigation";

// Every dashboard page needs a session; the nav lists only the areas the user's role can open.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const items = NAV_ITEMS.filter((item) => can(user, item.permission)).map(({ href, label }) => ({
    href,
    label,
  }));
  const role = primaryRole(user);
  const teams = user.bindings.flatMap((b) => (b.teamSlug ? [b.teamSlug] : []));
  const roleLabel = role
    ? `${ROLE_LABELS[role]}${role === "team_lead" && teams.length ? ` · ${teams.join(", ")}` : ""}`
    : "no role";

  return (
    <div className="flex min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-indigo-700"
      >
        Skip to content
      </a>
      <aside className="hidden w-56 shrink-0 flex-col bg-slate-900 px-3 py-4 md:flex">
        <Link
          href="/"
          className="mb-6 flex items-center gap-2 px-2 text-base font-semibold text-white focus-visible:outline-2 focus-visible:outline-indigo-400"
        >
          <span aria-hidden="true" className="inline-block h-5 w-5 rounded bg-indigo-500" />
          Portico
        </Link>
        <nav aria-label="Main">
          <NavLinks items={items} />
        </nav>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center justify-between border-b border-slate-200 bg-white px-4">
          <nav aria-label="Main (compact)" className="md:hidden">
            <ul className="flex gap-3 text-sm">
              {items.map((i) => (
                <li key={i.href}>
                  <Link href={i.href} className="text-slate-700 hover:text-indigo-700">
                    {i.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="hidden text-xs text-slate-600 md:block">
            Desired state · cross-cluster checks before apply
          </div>
          <UserMenu name={user.name} email={user.email} role={roleLabel} />
        </header>
        {/* Note: a word longer than its box (a 253-character host, a token, a path) breaks at the box's
            edge instead of widening the page; boxes side by side carry min-w-0 so they can shrink. */}
        <main id="main" className="min-w-0 flex-1 px-6 py-5 wrap-break-word">
          {children}
        </main>
      </div>
    </div>
  );
}
