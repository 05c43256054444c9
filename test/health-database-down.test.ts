// With PostgreSQL out of reach, liveness still answers 200 (Kubernetes must not restart the pod for
// an outage it cannot fix) while readiness answers 503 (no traffic until the database is back).
import { describe, expect, it } from "vitest";

// Note: set before the shared Prisma client is first created by the imports below.
process.env.DATABASE_URL = "postgresql://postgres@127.0.0.1:1/portico_unreachable";
const { callRoute } = await import("./helpers/auth-fixtures");

describe("health endpoints without a database", () => {
  it("live is 200, ready and /api/health are 503 and say the database is unreachable", async () => {
    const live = await callRoute("GET", "/api/health/live");
    expect(live.status).toBe(200);
    for (const path of ["/api/health/ready", "/api/health"]) {
      const res = await callRoute("GET", path);
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body).toMatchObject({ status: "degraded", database: "unreachable", migrations: "unknown" });
      expect(JSON.stringify(body)).not.toContain("127.0.0.1");
    }
  });
});
