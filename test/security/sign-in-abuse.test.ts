// Sign-in abuse: failures are counted in Postgres per client address and per account from that
// address, with waits that grow instead of a lockout anyone could trigger; hashing waits at a gate
// so a flood cannot take every core; old scrypt hashes become argon2id at the next sign-in.
import { scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createHashingGate } from "@/lib/auth/hashing-gate";
import { delayAfter, recordFailure, SIGN_IN_POLICY, throttleWait } from "@/lib/auth/rate-limit";
import { callRoute, createUser, TEST_PASSWORD, uniqueSlug } from "../helpers/auth-fixtures";

let addressCounter = 0;
/** A fresh TEST-NET address per test, as Next.js would put the socket's address in X-Forwarded-For. */
function address(): string {
  addressCounter += 1;
  return `198.51.${100 + (process.pid % 50)}.${addressCounter}`;
}

function signIn(email: string, password: string, ip: string) {
  return callRoute("POST", "/api/auth/sign-in", {
    body: { email, password },
    headers: { "x-forwarded-for": ip },
  });
}

describe("growing delays", () => {
  it("double after the free failures, up to a ceiling", () => {
    const p = SIGN_IN_POLICY.account;
    expect(delayAfter(p.freeFailures, p)).toBe(0);
    expect(delayAfter(p.freeFailures + 1, p)).toBe(p.baseDelayMs);
    expect(delayAfter(p.freeFailures + 2, p)).toBe(2 * p.baseDelayMs);
    expect(delayAfter(p.freeFailures + 3, p)).toBe(4 * p.baseDelayMs);
    expect(delayAfter(p.freeFailures + 100, p)).toBe(p.maxDelayMs);
  });

  it("are kept in Postgres, so every replica sees the same wait", async () => {
    const key = `account:${uniqueSlug("shared")}@test.portico|203.0.113.1`;
    const now = new Date();
    for (let i = 0; i < SIGN_IN_POLICY.account.freeFailures + 3; i++) {
      await recordFailure(key, SIGN_IN_POLICY.account, now);
    }
    const row = await prisma.signInThrottle.findUniqueOrThrow({ where: { key } });
    expect(row.failures).toBe(SIGN_IN_POLICY.account.freeFailures + 3);
    expect(await throttleWait([key], now)).toBe(4 * SIGN_IN_POLICY.account.baseDelayMs);
  });
});

describe("POST /api/auth/sign-in under attack", () => {
  it("slows a guesser from one address, but not the owner signing in from elsewhere", async () => {
    const user = await createUser([{ role: "admin" }]);
    const attacker = address();
    let limited: Response | undefined;
    for (let i = 0; i < SIGN_IN_POLICY.account.freeFailures + 2; i++) {
      const res = await signIn(user.email, `guess-${i}`, attacker);
      if (res.status === 429) {
        limited = res;
        break;
      }
      expect(res.status).toBe(401);
    }
    expect(limited?.status).toBe(429);
    const body = (await limited!.json()) as { error: { message: string; details: { retryAfterMs: number } } };
    expect(body.error.message).toMatch(/Try again in \d+ second/);
    expect(body.error.details.retryAfterMs).toBeGreaterThan(0);
    // Even the right password waits from the guesser's address...
    expect((await signIn(user.email, TEST_PASSWORD, attacker)).status).toBe(429);
    // ...while the owner, from their own address, is not locked out.
    expect((await signIn(user.email, TEST_PASSWORD, address())).status).toBe(200);
  });

  it("counts every account tried from one address", async () => {
    const attacker = address();
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_POLICY.ip.freeFailures + 2; i++) {
      statuses.push((await signIn(`${uniqueSlug("nobody")}@test.portico`, "guess", attacker)).status);
    }
    expect(statuses.slice(0, SIGN_IN_POLICY.ip.freeFailures)).toEqual(
      Array(SIGN_IN_POLICY.ip.freeFailures).fill(401),
    );
    expect(statuses.at(-1)).toBe(429);
    const rows = await prisma.signInThrottle.findUniqueOrThrow({ where: { key: `ip:${attacker}` } });
    expect(rows.blockedUntil!.getTime()).toBeGreaterThan(Date.now());
  });

  it("believes X-Forwarded-For only from the right: a forged left entry does not pick the bucket", async () => {
    const user = await createUser([{ role: "auditor" }]);
    const real = address();
    for (let i = 0; i < SIGN_IN_POLICY.account.freeFailures + 1; i++) {
      await signIn(user.email, "guess", `${address()}, ${real}`);
    }
    expect(await prisma.signInThrottle.count({ where: { key: `account:${user.email}|${real}` } })).toBe(1);
  });
});

describe("the hashing gate", () => {
  it("runs at most `concurrency` hashes at once and turns away what does not fit in the queue", async () => {
    const gate = createHashingGate(1, 2);
    let running = 0;
    let peak = 0;
    const work = () =>
      gate(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 20));
        running -= 1;
        return "done";
      });
    const results = await Promise.allSettled([work(), work(), work(), work()]);
    expect(peak).toBe(1);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected"]);
    expect(String((results[3] as PromiseRejectedResult).reason.message)).toMatch(/Too many sign-ins at once/);
  });
});

describe("argon2id", () => {
  it("replaces an scrypt hash at the next successful sign-in", async () => {
    const user = await createUser([{ role: "auditor" }]);
    const salt = Buffer.from("fedcba9876543210");
    const legacy = [
      "scrypt",
      32768,
      8,
      1,
      salt.toString("base64"),
      scryptSync(TEST_PASSWORD, salt, 64, { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }).toString(
        "base64",
      ),
    ].join("$");
    await prisma.user.update({ where: { id: user.id }, data: { passwordHash: legacy } });
    expect((await signIn(user.email, TEST_PASSWORD, address())).status).toBe(200);
    const after = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await signIn(user.email, TEST_PASSWORD, address())).status).toBe(200);
  });
});
