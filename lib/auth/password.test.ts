import { describe, expect, it } from "vitest";
import { scryptSync } from "node:crypto";
import { hashPassword, needsRehash, verifyPassword } from "./password";

describe("password hashing", () => {
  it("verifies the right password and rejects others", async () => {
    const hash = await hashPassword("portico-demo");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(needsRehash(hash)).toBe(false);
    expect(await verifyPassword("portico-demo", hash)).toBe(true);
    expect(await verifyPassword("portico-demO", hash)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("rejects malformed stored hashes instead of throwing", async () => {
    expect(await verifyPassword("x", "plain-text")).toBe(false);
    expect(await verifyPassword("x", "scrypt$1$2$3$$")).toBe(false);
  });
});

describe("hashes from before argon2id", () => {
  const salt = Buffer.from("0123456789abcdef");
  const legacy = (password: string) =>
    [
      "scrypt",
      32768,
      8,
      1,
      salt.toString("base64"),
      scryptSync(password, salt, 64, { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }).toString("base64"),
    ].join("$");

  it("still verify, and are marked for rehashing", async () => {
    const old = legacy("portico-demo");
    expect(await verifyPassword("portico-demo", old)).toBe(true);
    expect(await verifyPassword("portico-demO", old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
  });

  it("argon2id below OWASP's parameters is marked for rehashing too", () => {
    expect(needsRehash("$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaA")).toBe(true);
    expect(needsRehash("$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA")).toBe(true);
  });
});
