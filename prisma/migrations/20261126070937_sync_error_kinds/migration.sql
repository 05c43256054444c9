-- AlterTable
ALTER TABLE "InventoryObject" ADD COLUMN     "errorKind" TEXT;

-- AlterTable
ALTER TABLE "SyncRun" ADD COLUMN     "errorKind" TEXT;
