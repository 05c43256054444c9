import type { Metadata } from "next";
import { RoleEditor } from "@/components/users/role-editor";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, THead } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/current-user";
import { listUsers } from "@/lib/auth/list-users";
import { listTeams } from "@/lib/auth/list-teams";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Users" };

// Users and their roles; admins grant and revoke roles here.
export default async function UsersPage() {
  const viewer = await requirePermission("user:read");
  const manage = can(viewer, "user:manage");
  const [users, teams] = await Promise.all([listUsers(), manage ? listTeams() : []]);
  return (
    <>
      <PageHeader
        title="Users"
        description="People who can sign in and the roles they hold. Single sign-on users get their roles from their identity provider's groups at each sign-in."
      />
      <Table caption="Users and their roles">
        <THead columns={["User", "Sign-in", "Roles", "Last sign-in (UTC)"]} />
        <TBody>
          {users.map((u) => (
            <tr key={u.id} className="align-top">
              <Td>
                <div className="font-medium">{u.name}</div>
                <div className="text-xs text-slate-600">{u.email}</div>
                {u.disabled ? <Badge tone="danger">disabled</Badge> : null}
              </Td>
              <Td>{u.signIn}</Td>
              <Td className="whitespace-normal">
                {manage ? (
                  <RoleEditor userId={u.id} email={u.email} roles={u.roles} teams={teams} />
                ) : (
                  <ul className="flex flex-wrap gap-1">
                    {u.roles.map((r) => (
                      <li key={r.id}>
                        <Badge tone="info">{r.team ? `${r.role} · ${r.team}` : r.role}</Badge>
                      </li>
                    ))}
                  </ul>
                )}
              </Td>
              <Td className="font-mono text-xs">
                {u.lastLoginAt ? u.lastLoginAt.toISOString().replace("T", " ").slice(0, 16) : "never"}
              </Td>
            </tr>
          ))}
        </TBody>
      </Table>
    </>
  );
}
