// Who may read the history of the desired state. Everyone who reads the topology sees every
// revision's number and date, but a revision's message and author can name other teams' products
// and people: a team lead sees them only for revisions they wrote themselves or that applied one
// of their teams' approved requests. Everyone with topology:read everywhere sees all of it.
import { canEverywhere, scopedTeamIds } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/principal";
import type { PrismaClient } from "@/lib/db/client";

type RevisionHistory<A> = { id: string; authorId: string | null; message: string; author?: A };

/** The revisions as `user` may see them: message and author null where they are not theirs to read. */
export async function scopeRevisionHistory<A, R extends RevisionHistory<A>>(
  db: PrismaClient,
  user: Principal,
  revisions: readonly R[],
): Promise<(Omit<R, "message" | "author"> & { message: string | null; author?: A | null })[]> {
  if (canEverywhere(user, "topology:read")) return [...revisions];
  const viaRequests = await db.gatewayRequest.findMany({
    where: {
      revisionId: { in: revisions.map((r) => r.id) },
      teamId: { in: scopedTeamIds(user, "topology:read") },
    },
    select: { revisionId: true },
  });
  const visible = new Set(viaRequests.map((r) => r.revisionId));
  return revisions.map((r) =>
    r.authorId === user.id || visible.has(r.id)
      ? r
      : { ...r, message: null, authorId: null, ...("author" in r ? { author: null } : {}) },
  );
}
