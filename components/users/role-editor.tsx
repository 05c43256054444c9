"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Options, Select } from "@/components/ui/select";
import { apiFetch } from "@/lib/query/api-fetch";

type Binding = { id: string; role: string; team: string | null };

/** A user's role bindings with revoke buttons, and a small form to grant another role. */
export function RoleEditor({
  userId,
  email,
  roles,
  teams,
}: {
  userId: string;
  email: string;
  roles: Binding[];
  teams: { slug: string; name: string }[];
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [role, setRole] = useState("auditor");
  const [pending, startTransition] = useTransition();
  const base = `/api/users/${encodeURIComponent(userId)}/roles`;

  async function run(call: () => Promise<unknown>) {
    setError(null);
    try {
      await call();
      startTransition(() => router.refresh());
    } catch (err) {
      setError((err as Error).message);
    }
  }

  function grant(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const teamSlug = role === "team-lead" ? String(form.get("team") ?? "") : undefined;
    void run(() => apiFetch(base, { json: { role, ...(teamSlug ? { teamSlug } : {}) } }));
  }

  return (
    <div className="space-y-2">
      <ul className="flex flex-wrap gap-1.5">
        {roles.map((r) => (
          <li key={r.id} className="flex items-center gap-1">
            <Badge tone="info">{r.team ? `${r.role} · ${r.team}` : r.role}</Badge>
            <button
              type="button"
              onClick={() =>
                void run(() => apiFetch(`${base}/${encodeURIComponent(r.id)}`, { method: "DELETE" }))
              }
              className="rounded px-1 text-xs text-slate-600 hover:bg-red-50 hover:text-red-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
              aria-label={`Revoke ${r.role}${r.team ? ` for ${r.team}` : ""} from ${email}`}
              disabled={pending}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={grant} className="flex flex-wrap items-center gap-1.5">
        <Field id={`role-${userId}`} label={`Role to grant ${email}`} labelHidden>
          <Select compact className="w-auto" value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="admin">admin</option>
            <option value="platform-engineer">platform-engineer</option>
            <option value="team-lead">team-lead</option>
            <option value="auditor">auditor</option>
          </Select>
        </Field>
        {role === "team-lead" ? (
          <Field id={`team-${userId}`} label={`Team ${email} leads`} labelHidden>
            <Select compact className="w-auto" name="team">
              <Options options={teams.map((t) => ({ value: t.slug, label: t.name }))} />
            </Select>
          </Field>
        ) : null}
        <Button type="submit" variant="secondary" className="px-2 py-1 text-xs" disabled={pending}>
          Grant
        </Button>
      </form>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </div>
  );
}
