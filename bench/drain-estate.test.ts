// The drain benchmark's estate really gives 100 verdicts: a real Prometheus scraping the synthetic
// metrics endpoint, read by readDrainStatus with its one batched query.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPrometheus } from "@/lib/sim/prometheus";
import { until } from "@/test/traffic";
import { expectedVerdict, startDrainEstate, estateSettled, type DrainEstate } from "./drain-estate";

const prom = findPrometheus();
if (!prom.path && process.env.CI !== "true")
  console.warn(
    `\nWARNING: the drain estate test did NOT run: ${prom.why}. Run scripts/ensure-deps.sh --tests.\n`,
  );

describe.skipIf(!prom.path && process.env.CI !== "true")("the drain benchmark's estate", () => {
  const dir = mkdtempSync(join(tmpdir(), "portico-drain-estate-"));
  let estate: DrainEstate;
  beforeAll(async () => {
    if (!prom.path) throw new Error(`Prometheus is needed under CI: ${prom.why}`);
    estate = await startDrainEstate(dir, 100);
  }, 60_000);
  afterAll(async () => {
    await estate?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives 100 verdicts from one query: even products still served by the shared gateway, odd ones drained", async () => {
    expect(estate.telemetry.series).toBe(400);
    const statuses = await until(
      "every product's verdict",
      async () => {
        const s = await estate.drain();
        return estateSettled(estate.topology, s) ? s : undefined;
      },
      30_000,
    );
    expect(statuses).toHaveLength(100);
    expect(new Set(statuses.map((s) => s.product)).size).toBe(100);
    expect(new Set(statuses.flatMap((s) => s.queries))).toHaveProperty("size", 1);
    const p0 = statuses[0]!;
    expect(p0.verdict).toBe(expectedVerdict(0));
    expect(p0.sharedGateway!.requestsPerSecond).toBeGreaterThan(1);
    expect(p0.reason).toMatch(/^istio-system\/istio-ingressgateway still routed [\d.]+ req\/s to p0 /);
    const p1 = statuses[1]!;
    expect(p1.sharedGateway!.requests).toBe(0);
    // The product gateway's 5xx (billing answers 503 to one request in seven) and the direct caller.
    for (const s of [p0, p1]) {
      expect(s.productGateway!.gateways).toEqual([`${s.product}/${s.product}-gateway`]);
      expect(s.productGateway!.errorRate).toBeGreaterThan(0.05);
      expect(s.productGateway!.errorRateAboveThreshold).toBe(true);
      expect(s.directCallers).toEqual([
        expect.objectContaining({
          namespace: s.product,
          workload: "frontend",
          destinationService: `api.${s.product}.svc.cluster.local`,
        }),
      ]);
    }
  }, 60_000);
});
