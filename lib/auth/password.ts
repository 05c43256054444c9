// Password hashing with argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane) through
// @node-rs/argon2 (prebuilt binaries, no install script). Hashes made before, with scrypt, still
// verify and are replaced by argon2id at the next successful sign-in (`needsRehash`).
import { scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

// Note: `Algorithm` is an ambient const enum, unusable with isolatedModules; 2 is Argon2id.
const ARGON2ID = 2;

/** OWASP Password Storage Cheat Sheet, argon2id: m=19456 KiB, t=2, p=1. */
export const ARGON2_PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password, salt, keylen, { ...options, maxmem: 128 * options.N! * options.r! * 2 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>` (PHC string format). */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, ...ARGON2_PARAMS });
}

/** `scrypt$N$r$p$<salt b64>$<hash b64>`, the format before argon2id. */
async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, n, r, p, saltB64, hashB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hashB64, "base64");
  if (expected.length === 0) return false;
  const actual = await scrypt(password, Buffer.from(saltB64, "base64"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith("scrypt$")) return verifyScrypt(password, stored);
  if (!stored.startsWith("$argon2")) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Whether a stored hash is weaker than what hashPassword makes today (scrypt, or older argon2). */
export function needsRehash(stored: string): boolean {
  const { memoryCost: m, timeCost: t, parallelism: p } = ARGON2_PARAMS;
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  return !match || Number(match[1]) < m || Number(match[2]) < t || Number(match[3]) < p;
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real verification. Called when the email is unknown so response
 * times do not reveal which accounts exist.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("portico-timing-equaliser");
  await verifyPassword(password, await dummyHash);
}
