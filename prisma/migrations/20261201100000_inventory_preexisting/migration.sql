-- AlterTable
ALTER TABLE "InventoryObject" ADD COLUMN "preexisting" BOOLEAN NOT NULL DEFAULT false;
