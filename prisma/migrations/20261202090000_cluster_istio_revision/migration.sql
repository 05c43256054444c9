-- AlterTable
ALTER TABLE "Cluster" ADD COLUMN     "istioRevision" TEXT;
