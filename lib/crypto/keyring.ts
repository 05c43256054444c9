// Encryption keys for secrets at rest (cluster credentials).
//
// PORTICO_ENCRYPTION_KEYS holds one or more `id:base64key` pairs separated by commas; the first one
// seals new secrets and every listed key can open old ones, which is what makes rotation possible:
// put a new key first, run `npm run keys:rotate`, then drop the old key.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

export type Keyring = { activeId: string; keys: Map<string, Buffer> };

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export class KeyringError extends Error {}

export function parseKeyring(spec: string): Keyring {
  const keys = new Map<string, Buffer>();
  let activeId = "";
  for (const part of spec
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const sep = part.indexOf(":");
    const id = sep > 0 ? part.slice(0, sep) : "";
    if (!KEY_ID.test(id)) {
      throw new KeyringError(
        `PORTICO_ENCRYPTION_KEYS: "${part.slice(0, 12)}…" must look like id:base64key (id of letters, digits, - or _).`,
      );
    }
    const key = Buffer.from(part.slice(sep + 1), "base64");
    if (key.length !== 32) {
      throw new KeyringError(
        `PORTICO_ENCRYPTION_KEYS: key "${id}" must be 32 bytes encoded in base64 (got ${key.length}); ` +
          `generate one with: openssl rand -base64 32`,
      );
    }
    if (keys.has(id)) throw new KeyringError(`PORTICO_ENCRYPTION_KEYS: key id "${id}" appears twice.`);
    keys.set(id, key);
    activeId ||= id;
  }
  if (!activeId) throw new KeyringError("PORTICO_ENCRYPTION_KEYS is empty; give at least one id:base64key.");
  return { activeId, keys };
}

/**
 * The keyring from the environment or, outside production, from a key generated once and kept in
 * `.portico/encryption.key` so a local install works with no configuration and survives restarts.
 */
export function loadKeyring(
  env: Record<string, string | undefined> = process.env,
  dataDir = path.resolve(".portico"),
): Keyring {
  if (env.PORTICO_ENCRYPTION_KEYS) return parseKeyring(env.PORTICO_ENCRYPTION_KEYS);
  if (env.NODE_ENV === "production" && env.PORTICO_ALLOW_LOCAL_KEY !== "1") {
    throw new KeyringError(
      "PORTICO_ENCRYPTION_KEYS must be set in production (e.g. PORTICO_ENCRYPTION_KEYS=k1:$(openssl rand -base64 32)).",
    );
  }
  const file = path.join(dataDir, "encryption.key");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `local:${randomBytes(32).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  } else if ((statSync(file).mode & 0o077) !== 0) {
    // Note: a key file made by hand or by an older version may be readable by others; the key
    // opens every cluster credential, so it is narrowed to its owner.
    chmodSync(file, 0o600);
  }
  return parseKeyring(readFileSync(file, "utf8").trim());
}
