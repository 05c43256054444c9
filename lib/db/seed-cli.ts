// `npm run db:seed`: loads the reference scenario. Demo clusters are registered from the simulator's
// kubeconfig (PORTICO_DEMO_KUBECONFIG, default .portico/demo-kubeconfig) when that file exists.
// `npm run db:seed -- --reference-revision` also stores 00-shared-ingress.yaml as revision 1 instead
// of leaving the first revision to an import. `npm run db:seed -- --large` adds a wide estate
// (lib/db/seed-large.ts) for checking layouts with long data.
import { existsSync } from "node:fs";
import { KubeConfig } from "@kubernetes/client-node";
import { currentSetting } from "@/lib/env";
import { createPrismaClient } from "./client";
import { databaseUrl, unreachableMessage } from "./database-url";
import { seed, type SeedCluster } from "./seed";
import { seedLarge } from "./seed-large";

const ZONES: Record<string, { zone: string; region: string }> = {
  east: { zone: "us-east-1a", region: "us-east-1" },
  west: { zone: "us-west-2b", region: "us-west-2" },
};

function clustersFromKubeconfig(file: string): SeedCluster[] {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  return kc.getContexts().flatMap((ctx) => {
    const cluster = kc.getCluster(ctx.cluster);
    const user = kc.getUser(ctx.user);
    if (!cluster || !user?.token) return [];
    return [
      {
        name: ctx.name,
        server: cluster.server,
        caData: cluster.caData,
        credentials: { token: user.token },
        ...ZONES[ctx.name],
      },
    ];
  });
}

const kubeconfig = currentSetting("PORTICO_DEMO_KUBECONFIG");
const db = createPrismaClient();
try {
  const clusters = existsSync(kubeconfig) ? clustersFromKubeconfig(kubeconfig) : [];
  if (clusters.length === 0) {
    console.log(
      `No demo kubeconfig at ${kubeconfig}: clusters are not registered (start \`npm run sim\` first to add them).`,
    );
  }
  const { created } = await seed(db, {
    clusters,
    password: currentSetting("PORTICO_SEED_PASSWORD"),
    referenceRevision: process.argv.includes("--reference-revision"),
  });
  if (process.argv.includes("--large")) created.push(...(await seedLarge(db)).created);
  console.log(
    created.length === 0 ? "Seed data already present; nothing changed." : `Seeded: ${created.join(", ")}.`,
  );
} catch (err) {
  const code = (err as { code?: string }).code;
  console.error(code === "ECONNREFUSED" ? unreachableMessage(databaseUrl(), err) : (err as Error).message);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
