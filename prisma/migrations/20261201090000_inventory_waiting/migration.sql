-- AlterEnum
ALTER TYPE "ObjectSyncStatus" ADD VALUE 'waiting';
