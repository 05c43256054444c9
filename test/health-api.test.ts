// The web app's health endpoints through the real route handlers and the run's migrated database.
import { describe, expect, it } from "vitest";
import { callRoute } from "./helpers/auth-fixtures";

describe("health endpoints", () => {
  it("live answers without looking further; ready and its alias /api/health check database and migrations", async () => {
    const live = await callRoute("GET", "/api/health/live");
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: "ok" });
    for (const path of ["/api/health/ready", "/api/health"]) {
      const res = await callRoute("GET", path);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await res.json()).toMatchObject({ status: "ok", database: "ok", migrations: "ok" });
    }
  });
});
