import { describe, expect, it } from "vitest";
import { clusterHealth, formatAge } from "./cluster-health";

const now = new Date("2026-11-30T12:00:00Z");
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const clean = { drifted: 0, errors: 0 };
const options = { now, freshForSeconds: 420 };

describe("clusterHealth", () => {
  it("is healthy only with a recent successful contact and no drifted or failed object", () => {
    const h = clusterHealth(
      { lastContactAt: ago(12), contactFailedSince: null, contactError: null },
      clean,
      options,
    );
    expect(h).toMatchObject({ state: "healthy", reachable: true, lastContactAgeSeconds: 12, reason: null });
    expect(h.summary).toBe("reachable · last contact 12 s ago");
  });

  it("never calls a cluster healthy that was never reached", () => {
    const h = clusterHealth(
      { lastContactAt: null, contactFailedSince: null, contactError: null },
      clean,
      options,
    );
    expect(h.state).toBe("never-contacted");
    expect(h.reachable).toBe(false);
  });

  it("says since when and why a cluster is unreachable, whatever the last success", () => {
    const h = clusterHealth(
      {
        lastContactAt: ago(400),
        contactFailedSince: ago(300),
        contactError: "connect ECONNREFUSED 127.0.0.1:6443",
      },
      clean,
      options,
    );
    expect(h).toMatchObject({
      state: "unreachable",
      reachable: false,
      unreachableSince: ago(300).toISOString(),
    });
    expect(h.summary).toBe(
      "unreachable since 2026-11-30 11:55:00 UTC: connect ECONNREFUSED 127.0.0.1:6443 (last contact 7 min ago)",
    );
  });

  it("does not trust an old contact: no sync reached the cluster for longer than a sweep interval", () => {
    const h = clusterHealth(
      { lastContactAt: ago(421), contactFailedSince: null, contactError: null },
      clean,
      options,
    );
    expect(h.state).toBe("stale");
    expect(h.reachable).toBe(false);
    expect(h.summary).toContain("last contact 7 min ago");
  });

  it("shows a reachable cluster with drifted or failed objects as drifted, not healthy", () => {
    const h = clusterHealth(
      { lastContactAt: ago(3), contactFailedSince: null, contactError: null },
      { drifted: 1, errors: 2 },
      options,
    );
    expect(h).toMatchObject({
      state: "drifted",
      reachable: true,
      reason: "objects 1 drifted, 2 with errors",
    });
    const failing = clusterHealth(
      { lastContactAt: ago(3), contactFailedSince: null, contactError: null },
      { drifted: 0, errors: 1 },
      options,
    );
    expect(failing).toMatchObject({ state: "degraded", reachable: true, reason: "objects 1 with errors" });
  });

  it("formats ages in the unit people read", () => {
    expect([formatAge(0), formatAge(89), formatAge(90), formatAge(5400), formatAge(200_000)]).toEqual([
      "0 s",
      "89 s",
      "2 min",
      "2 h",
      "2 d",
    ]);
  });
});
