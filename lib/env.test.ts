import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EnvSchema, parseEnv } from "./env";

describe("environment", () => {
  it("has working defaults for a local install", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.PORTICO_ALLOW_INSECURE_CLUSTERS).toBe(false);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("names each bad variable and how to fix it", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x", PORT: "abc" })).toThrow(
      /DATABASE_URL: must start with postgresql:\/\/[\s\S]*PORT:/,
    );
    expect(() => parseEnv({ PORTICO_OIDC_ISSUER: "https://idp.example" })).toThrow(
      /set PORTICO_OIDC_ISSUER, PORTICO_OIDC_CLIENT_ID/,
    );
    expect(() => parseEnv({ PORTICO_ADMIN_EMAIL: "a@b.io" })).toThrow(/must be set together/);
  });

  it("bounds the worker's concurrency and heap budget", () => {
    expect(parseEnv({}).PORTICO_WORKER_CONCURRENCY).toBe(4);
    expect(parseEnv({}).PORTICO_WORKER_HEAP_MB).toBe(160);
    expect(() => parseEnv({ PORTICO_WORKER_CONCURRENCY: "0" })).toThrow(/PORTICO_WORKER_CONCURRENCY/);
    expect(() => parseEnv({ PORTICO_WORKER_HEAP_MB: "16" })).toThrow(/PORTICO_WORKER_HEAP_MB/);
  });

  it("reads pool size, timeouts, retention and the worker's health port, with defaults", () => {
    expect(parseEnv({})).toMatchObject({
      PORTICO_DB_POOL_SIZE: 10,
      PORTICO_SYNC_JOB_TIMEOUT_S: 600,
      PORTICO_CLUSTER_REQUEST_TIMEOUT_S: 15,
      PORTICO_RETAIN_SYNC_RUNS_DAYS: 30,
      PORTICO_RETAIN_SESSIONS_DAYS: 7,
      PORTICO_RETAIN_FAILED_JOBS_DAYS: 14,
      PORTICO_WORKER_HEALTH_PORT: 0,
    });
    expect(parseEnv({ PORTICO_DB_POOL_SIZE: "25", PORTICO_WORKER_HEALTH_PORT: "8081" })).toMatchObject({
      PORTICO_DB_POOL_SIZE: 25,
      PORTICO_WORKER_HEALTH_PORT: 8081,
    });
    expect(() => parseEnv({ PORTICO_DB_POOL_SIZE: "0" })).toThrow(/PORTICO_DB_POOL_SIZE/);
    expect(() => parseEnv({ PORTICO_SYNC_JOB_TIMEOUT_S: "soon" })).toThrow(/PORTICO_SYNC_JOB_TIMEOUT_S/);
  });

  it("has the worker launcher refuse a heap budget that is not a number, before starting anything", () => {
    const run = spawnSync("bash", ["scripts/worker.sh"], {
      env: { ...process.env, PORTICO_WORKER_HEAP_MB: "lots" },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/PORTICO_WORKER_HEAP_MB must be a whole number of megabytes/);
  });

  it("documents every variable in .env.example", () => {
    const example = readFileSync(".env.example", "utf8");
    const missing = Object.keys(EnvSchema.shape).filter(
      (name) => name !== "NODE_ENV" && !example.includes(`${name}=`),
    );
    expect(missing).toEqual([]);
  });

  it("accepts trusted proxies only as addresses and CIDR ranges", () => {
    expect(
      parseEnv({ PORTICO_TRUSTED_PROXIES: "10.0.0.0/8, 192.168.1.7,fd00::/8" }).PORTICO_TRUSTED_PROXIES,
    ).toBe("10.0.0.0/8, 192.168.1.7,fd00::/8");
    for (const bad of ["10.0.0.0/33", "proxy.internal", "10.0.0.1/8/1", "*", "fd00::/129"]) {
      expect(() => parseEnv({ PORTICO_TRUSTED_PROXIES: bad }), bad).toThrow(
        /PORTICO_TRUSTED_PROXIES: must be IP addresses or CIDR ranges/,
      );
    }
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
  });
});
