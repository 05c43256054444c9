import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { KeyringError, loadKeyring, parseKeyring } from "./keyring";
import { needsRotation, open, seal } from "./secret-box";

const k = () => randomBytes(32).toString("base64");

describe("secret box", () => {
  it("round-trips and never contains the plaintext", () => {
    const ring = parseKeyring(`a:${k()}`);
    const { envelope, keyId } = seal(ring, "canary-token-123", "cluster-1");
    expect(keyId).toBe("a");
    expect(envelope).not.toContain("canary-token-123");
    expect(open(ring, envelope, "cluster-1")).toBe("canary-token-123");
  });

  it("refuses a ciphertext moved to another context or tampered with", () => {
    const ring = parseKeyring(`a:${k()}`);
    const { envelope } = seal(ring, "secret", "cluster-1");
    expect(() => open(ring, envelope, "cluster-2")).toThrow(/could not be decrypted/);
    const parts = envelope.split(":");
    parts[4] = Buffer.from("tampered").toString("base64");
    expect(() => open(ring, parts.join(":"), "cluster-1")).toThrow(/could not be decrypted/);
  });

  it("rotates: the new key seals, the old key still opens until removed", () => {
    const oldKey = k();
    const before = parseKeyring(`old:${oldKey}`);
    const sealed = seal(before, "s3cret").envelope;
    const during = parseKeyring(`new:${k()},old:${oldKey}`);
    expect(needsRotation(during, sealed)).toBe(true);
    const resealed = seal(during, open(during, sealed)).envelope;
    expect(needsRotation(during, resealed)).toBe(false);
    const after = parseKeyring(`new:${during.keys.get("new")!.toString("base64")}`);
    expect(open(after, resealed)).toBe("s3cret");
    expect(() => open(after, sealed)).toThrow(/key "old", which is not in PORTICO_ENCRYPTION_KEYS/);
  });

  it("explains malformed key configuration", () => {
    expect(() => parseKeyring("nokey")).toThrow(KeyringError);
    expect(() => parseKeyring("a:c2hvcnQ=")).toThrow(/must be 32 bytes/);
    expect(() => parseKeyring(`a:${k()},a:${k()}`)).toThrow(/appears twice/);
    expect(() => loadKeyring({ NODE_ENV: "production" })).toThrow(/must be set in production/);
  });

  it("generates and keeps a local key when none is configured", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "portico-key-"));
    const first = loadKeyring({}, dir);
    const second = loadKeyring({}, dir);
    expect(first.activeId).toBe("local");
    expect(second.keys.get("local")!.equals(first.keys.get("local")!)).toBe(true);
    expect(readFileSync(path.join(dir, "encryption.key"), "utf8")).toMatch(/^local:/);
  });
});
