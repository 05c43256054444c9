// The reference scenario of the product brief: Payments and Analytics on the shared gateway of
// cluster east, cluster west in another zone, one sample user per role. Idempotent: it creates what
// is missing and leaves everything that exists untouched, so running it twice changes nothing.
//
// Note: no topology revision unless asked. The demo clusters start with east's shared ingress
// written by kubectl, so a new user's first action is Import, as it would be on their own estate.
// A revision rendered from 00-shared-ingress.yaml would be applied over those VirtualServices (same
// names), making them Portico's before anyone imported them.
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { hashPassword } from "@/lib/auth/password";
import {
  openClusterCredentials,
  sealClusterCredentials,
  type ClusterCredentials,
} from "@/lib/clusters/cluster-credentials";
import { insertCluster } from "@/lib/clusters/insert-cluster";
import { createRevision } from "@/lib/revisions/create-revision";
import type { PrismaClient } from "./client";
import type { Prisma } from "./generated/client";
import type { Role } from "./generated/enums";

export const REFERENCE_TOPOLOGY = "docs/examples/00-shared-ingress.yaml";
export const DEMO_PASSWORD = "portico-demo";

export const SEED_TEAMS = [
  { slug: "payments", name: "Payments" },
  { slug: "analytics", name: "Analytics" },
  { slug: "platform", name: "Platform" },
];

export const SEED_PRODUCTS = [
  { slug: "payments", name: "Payments", team: "payments" },
  { slug: "analytics", name: "Analytics", team: "analytics" },
];

export const SEED_USERS: { email: string; name: string; role: Role; team?: string }[] = [
  { email: "admin@my-company.io", name: "Ada Admin", role: "admin" },
  { email: "platform@my-company.io", name: "Pat Platform", role: "platform_engineer" },
  { email: "lead-payments@my-company.io", name: "Lee Payments", role: "team_lead", team: "payments" },
  { email: "lead-analytics@my-company.io", name: "Ana Analytics", role: "team_lead", team: "analytics" },
  { email: "auditor@my-company.io", name: "Audrey Auditor", role: "auditor" },
];

export const SEED_APPROVAL_RULES = [
  { name: "production-two-approvers", productionOnly: true, requiredApprovals: 2, forbidSelfApproval: true },
  { name: "default", productionOnly: false, requiredApprovals: 1, forbidSelfApproval: true },
];

/** A registered demo cluster: where it answers and how Portico authenticates. */
export type SeedCluster = {
  name: string;
  server: string;
  credentials: ClusterCredentials;
  caData?: string;
  zone?: string;
  region?: string;
};

export type SeedReport = { created: string[] };

export type SeedOptions = {
  clusters?: SeedCluster[];
  password?: string;
  /** Also store docs/examples/00-shared-ingress.yaml as revision 1 when there is no revision. */
  referenceRevision?: boolean;
};

export async function seed(db: PrismaClient, options: SeedOptions = {}): Promise<SeedReport> {
  const created: string[] = [];
  const password = options.password ?? DEMO_PASSWORD;

  for (const t of SEED_TEAMS) {
    if (await db.team.findUnique({ where: { slug: t.slug } })) continue;
    await db.team.create({ data: t });
    created.push(`team ${t.slug}`);
  }
  const teams = new Map((await db.team.findMany()).map((t) => [t.slug, t.id]));

  for (const p of SEED_PRODUCTS) {
    if (await db.product.findUnique({ where: { slug: p.slug } })) continue;
    await db.product.create({ data: { slug: p.slug, name: p.name, teamId: teams.get(p.team)! } });
    created.push(`product ${p.slug}`);
  }

  for (const u of SEED_USERS) {
    let user = await db.user.findUnique({ where: { email: u.email } });
    if (!user) {
      user = await db.user.create({
        data: { email: u.email, name: u.name, passwordHash: await hashPassword(password) },
      });
      created.push(`user ${u.email}`);
    }
    const teamId = u.team ? teams.get(u.team)! : null;
    const binding = await db.roleBinding.findFirst({ where: { userId: user.id, role: u.role, teamId } });
    if (!binding) {
      await db.roleBinding.create({ data: { userId: user.id, role: u.role, teamId } });
      created.push(`role ${u.role} for ${u.email}`);
    }
  }

  for (const rule of SEED_APPROVAL_RULES) {
    if (await db.approvalRule.findUnique({ where: { name: rule.name } })) continue;
    await db.approvalRule.create({ data: rule });
    created.push(`approval rule ${rule.name}`);
  }

  for (const c of options.clusters ?? []) {
    const existing = await db.cluster.findUnique({ where: { name: c.name } });
    if (existing) {
      // A demo cluster restarted without its state file answers elsewhere with a new token: follow it.
      const same =
        existing.server === c.server &&
        (existing.caData ?? undefined) === c.caData &&
        JSON.stringify(openClusterCredentials(existing)) === JSON.stringify(c.credentials);
      if (!same) {
        await db.cluster.update({
          where: { id: existing.id },
          data: {
            server: c.server,
            caData: c.caData ?? null,
            ...sealClusterCredentials(existing.id, c.credentials),
          },
        });
        created.push(`cluster ${c.name} (endpoint updated)`);
      }
      continue;
    }
    await insertCluster(
      db,
      {
        name: c.name,
        server: c.server,
        caData: c.caData ?? null,
        zone: c.zone ?? null,
        region: c.region ?? null,
      },
      c.credentials,
    );
    created.push(`cluster ${c.name}`);
  }

  if (options.referenceRevision && (await db.revision.count()) === 0) {
    const document = parse(await readFile(REFERENCE_TOPOLOGY, "utf8"));
    await db.$transaction((tx) =>
      createRevision(tx, {
        document,
        message: "Reference scenario: shared ingress before migration",
        actor: null,
      }),
    );
    created.push("revision 1");
  }

  if (created.length > 0) {
    await recordSeed(db, { created });
  }
  return { created };
}

/** The audit event of a seed run, by the system: what it created. */
export function recordSeed(db: PrismaClient, after: Prisma.InputJsonValue, metadata?: Prisma.InputJsonValue) {
  return db.auditEvent.create({
    data: {
      actorEmail: "system",
      actorRole: "system",
      action: "seed",
      targetType: "database",
      after,
      metadata,
    },
  });
}
