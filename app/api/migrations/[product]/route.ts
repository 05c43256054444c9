import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { migrationRecordSchema } from "@/lib/api/schemas/migrations";
import { getMigration } from "@/lib/migration-records/get-migration";

// A product's migration record: every event (steps applied, rolled back, verified...) with its
// revision, evidence, actor and time, so the wizard shows the same progress after a reload and to
// every engineer. A product never migrated answers an empty record. Permission: migration:read
export const GET = route(
  { permission: "migration:read", response: migrationRecordSchema },
  async ({ params }) => {
    return json(await getMigration(prisma, params.product ?? ""));
  },
);
