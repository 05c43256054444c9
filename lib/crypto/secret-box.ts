// AES-256-GCM envelopes for secrets at rest: "v1:<keyId>:<iv>:<tag>:<ciphertext>" (base64 parts).
// The key id travels with the ciphertext so rotation can tell which key opens which secret.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { Keyring } from "./keyring";

export class SecretBoxError extends Error {}

export function seal(keyring: Keyring, plaintext: string, context = ""): { envelope: string; keyId: string } {
  const key = keyring.keys.get(keyring.activeId)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  // Note: the context (e.g. the cluster id) is authenticated, so a ciphertext copied onto another
  // row does not decrypt there.
  cipher.setAAD(Buffer.from(context));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  const envelope = [
    "v1",
    keyring.activeId,
    iv.toString("base64"),
    tag.toString("base64"),
    data.toString("base64"),
  ].join(":");
  return { envelope, keyId: keyring.activeId };
}

export function open(keyring: Keyring, envelope: string, context = ""): string {
  const [version, keyId, iv, tag, data] = envelope.split(":");
  if (version !== "v1" || !keyId || !iv || !tag || data === undefined) {
    throw new SecretBoxError("Encrypted secret is malformed.");
  }
  const key = keyring.keys.get(keyId);
  if (!key) {
    throw new SecretBoxError(
      `Secret was sealed with key "${keyId}", which is not in PORTICO_ENCRYPTION_KEYS; add it back to read it.`,
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError(
      `Secret could not be decrypted with key "${keyId}" (wrong key or tampered data).`,
    );
  }
}

export function needsRotation(keyring: Keyring, envelope: string): boolean {
  return envelope.split(":")[1] !== keyring.activeId;
}
