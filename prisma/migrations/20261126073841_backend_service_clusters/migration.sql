-- AlterTable
ALTER TABLE "BackendService" DROP COLUMN "cluster",
ADD COLUMN     "clusters" TEXT[];
