-- Migrations as records (Migration, MigrationEvent), and what each revision and audit event
-- touches, so history, the audit product filter and scoped rollback can find them.

-- AlterTable
ALTER TABLE "Revision" ADD COLUMN     "products" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "clusters" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "changes" JSONB;

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "products" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "clusters" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "Migration" (
    "id" TEXT NOT NULL,
    "productSlug" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Migration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MigrationEvent" (
    "id" TEXT NOT NULL,
    "migrationId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "stage" TEXT,
    "kind" TEXT NOT NULL,
    "revisionId" TEXT,
    "revisionNumber" INTEGER,
    "evidence" JSONB NOT NULL,
    "actorId" TEXT,
    "actorEmail" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MigrationEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Revision_products_idx" ON "Revision" USING GIN ("products");

-- CreateIndex
CREATE INDEX "AuditEvent_products_idx" ON "AuditEvent" USING GIN ("products");

-- CreateIndex
CREATE INDEX "AuditEvent_clusters_idx" ON "AuditEvent" USING GIN ("clusters");

-- CreateIndex
CREATE UNIQUE INDEX "Migration_productSlug_key" ON "Migration"("productSlug");

-- CreateIndex
CREATE INDEX "MigrationEvent_migrationId_at_idx" ON "MigrationEvent"("migrationId", "at");

-- CreateIndex
CREATE INDEX "MigrationEvent_revisionId_idx" ON "MigrationEvent"("revisionId");

-- AddForeignKey
ALTER TABLE "MigrationEvent" ADD CONSTRAINT "MigrationEvent_migrationId_fkey" FOREIGN KEY ("migrationId") REFERENCES "Migration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MigrationEvent" ADD CONSTRAINT "MigrationEvent_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "Revision"("id") ON DELETE SET NULL ON UPDATE CASCADE;
