-- AlterTable
ALTER TABLE "Cluster" ADD COLUMN     "contactError" TEXT,
ADD COLUMN     "contactFailedSince" TIMESTAMP(3),
ADD COLUMN     "lastContactAt" TIMESTAMP(3);
