// npm run keys:rotate: re-encrypts every cluster's credentials with the first key of
// PORTICO_ENCRYPTION_KEYS. Exit code 1 when a cluster could not be re-encrypted. See docs/operating.md.
import { prisma } from "@/lib/db/client";
import { rotateEncryptionKeys } from "./rotate-encryption-keys";

async function main(): Promise<number> {
  const result = await rotateEncryptionKeys();
  console.log(`Active key: ${result.activeKeyId}`);
  console.log(`Re-encrypted: ${result.rotated.length ? result.rotated.join(", ") : "none"}`);
  console.log(`Already on the active key: ${result.current.length ? result.current.join(", ") : "none"}`);
  for (const f of result.failed) console.error(`Not re-encrypted: ${f.name}: ${f.reason}`);
  if (result.failed.length === 0) {
    console.log(
      "Every cluster's credentials are sealed with the active key; keys listed after it can be removed.",
    );
  }
  return result.failed.length === 0 ? 0 : 1;
}

main()
  .then(async (code) => {
    await prisma.$disconnect();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    console.error(`keys:rotate failed: ${(err as Error).message}`);
    await prisma.$disconnect().catch(() => undefined);
    process.exit(1);
  });
