// `npm run keys:rotate` as operators run it: a child process with PORTICO_ENCRYPTION_KEYS, against a
// database of its own (so other test files' clusters, sealed with other keys, are not involved).
import { execFile } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseKeyring } from "@/lib/crypto/keyring";
import { openClusterCredentials, sealClusterCredentials } from "@/lib/clusters/cluster-credentials";
import { createIsolatedDatabase, type IsolatedDatabase } from "./isolated-database";

const run = promisify(execFile);
const k1 = `k1:${randomBytes(32).toString("base64")}`;
const k2 = `k2:${randomBytes(32).toString("base64")}`;
let iso: IsolatedDatabase;

async function rotate(keys: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "lib/clusters/rotate-encryption-keys-cli.ts"], {
      env: {
        ...process.env,
        DATABASE_URL: iso.url,
        PORTICO_ENCRYPTION_KEYS: keys,
        PORTICO_LOG_LEVEL: "silent",
      },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

beforeAll(async () => {
  iso = await createIsolatedDatabase("keys");
  for (const name of ["east", "west"]) {
    const id = randomUUID();
    await iso.db.cluster.create({
      data: {
        id,
        name,
        server: "https://10.0.0.1:6443",
        ...sealClusterCredentials(id, { token: `canary-${name}` }, parseKeyring(k1)),
      },
    });
  }
}, 60_000);
afterAll(() => iso?.drop());

describe("npm run keys:rotate", () => {
  it("re-encrypts with the first key, is idempotent, and fails loudly when a key is missing", async () => {
    const first = await rotate(`${k2},${k1}`);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Active key: k2");
    expect(first.stdout).toContain("Re-encrypted: east, west");
    const rows = await iso.db.cluster.findMany({ orderBy: { name: "asc" } });
    expect(rows.map((r) => r.credentialsKeyId)).toEqual(["k2", "k2"]);
    expect(rows.map((r) => openClusterCredentials(r, parseKeyring(k2)).token)).toEqual([
      "canary-east",
      "canary-west",
    ]);
    expect(await iso.db.auditEvent.count({ where: { action: "cluster.credentials.reencrypt" } })).toBe(2);

    const again = await rotate(k2);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Re-encrypted: none");
    expect(again.stdout).toContain("Already on the active key: east, west");

    const lost = await rotate(`k3:${randomBytes(32).toString("base64")}`);
    expect(lost.code).toBe(1);
    expect(lost.stderr).toMatch(
      /Not re-encrypted: east: .*key "k2", which is not in PORTICO_ENCRYPTION_KEYS/,
    );
    expect(lost.stdout + lost.stderr).not.toContain("canary-");
  }, 120_000);
});
