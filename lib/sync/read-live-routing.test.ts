// Reading what simulated clusters hold over real HTTP, and the contract check that counts it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkContract } from "@/lib/analysis/contract";
import { openClusterClient } from "@/lib/clusters/open-cluster-client";
import { loadExample } from "@/lib/topology/examples";
import { startSimulatedEstate, type SimulatedEstate } from "@/test/simulated-estate";
import { readLiveRouting } from "./read-live-routing";

let estate: SimulatedEstate;
const options = { allowInsecure: true, retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 } };

beforeAll(async () => {
  estate = await startSimulatedEstate("live-routing");
});

afterAll(async () => {
  await estate?.stop();
});

async function applyShared(hosts: string[]) {
  const row = await estate.iso.db.cluster.findUniqueOrThrow({ where: { name: "east" } });
  const client = openClusterClient(row, options);
  try {
    await client.apply(
      {
        apiVersion: "networking.istio.io/v1",
        kind: "Gateway",
        metadata: { name: "istio-ingressgateway", namespace: "istio-system" },
        spec: {
          selector: { istio: "ingressgateway" },
          servers: [{ port: { number: 443, name: "https", protocol: "HTTPS" }, hosts }],
        },
      },
      { fieldManager: "platform-team", force: true },
    );
  } finally {
    await client.close();
  }
}

describe("readLiveRouting", () => {
  it("reads the shared gateway a cluster holds, which decides whether dropping it from the document holds", async () => {
    await applyShared(["payments.my-company.io", "analytics.my-company.io"]);
    const before = loadExample("01-payments-gateway");
    const after = loadExample("02-payments-split");
    let read = await readLiveRouting(estate.iso.db, ["east", "west", "nowhere"], options);
    expect(read.unread).toEqual([]);
    expect(Object.keys(read.live).sort()).toEqual(["east", "west"]);
    expect(
      read.live.east!.some((o) => o.kind === "Gateway" && o.metadata.name === "istio-ingressgateway"),
    ).toBe(true);
    const early = checkContract(before, after, { live: read.live });
    expect(early.ok).toBe(false);
    expect(early.broken.every((b) => b.entry === "istio-system/istio-ingressgateway")).toBe(true);

    // The platform team removes the product hosts from the shared gateway: now the step holds.
    await applyShared(["other.my-company.io"]);
    read = await readLiveRouting(estate.iso.db, ["east", "west"], options);
    expect(checkContract(before, after, { live: read.live }).broken).toEqual([]);
  });
});
