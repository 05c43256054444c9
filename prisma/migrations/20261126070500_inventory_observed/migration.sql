-- AlterTable
ALTER TABLE "InventoryObject" ADD COLUMN     "observed" JSONB;
