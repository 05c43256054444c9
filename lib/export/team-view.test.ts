import { describe, expect, it } from "vitest";
import type { Finding } from "@/lib/analysis";
import { loadExample } from "@/lib/topology/examples";
import { teamFindings, teamView } from "./team-view";

describe("teamView", () => {
  it("keeps the team's products and, of a shared gateway, only their hosts", () => {
    const view = teamView(loadExample("00-shared-ingress"), ["analytics"]);
    expect(view.products.map((p) => p.name)).toEqual(["analytics"]);
    expect(view.routes.map((r) => r.product)).toEqual(["analytics"]);
    const shared = view.gateways.find((g) => g.name === "istio-ingressgateway")!;
    expect(shared.listeners.flatMap((l) => l.hosts)).toEqual(["analytics.my-company.io"]);
    expect(JSON.stringify(view)).not.toContain("payments");
  });

  it("leaves out the estate's description and keeps wildcard hosts", () => {
    const doc = loadExample("00-shared-ingress");
    doc.metadata.description = "Gateway request for payments";
    doc.gateways[0]!.listeners[0]!.hosts.push("*.my-company.io");
    const view = teamView(doc, ["analytics"]);
    expect(view.metadata.description).toBeUndefined();
    expect(view.gateways[0]!.listeners[0]!.hosts).toEqual(["analytics.my-company.io", "*.my-company.io"]);
  });
});

describe("teamFindings", () => {
  const f = (products: (string | undefined)[]): Finding => ({
    code: "PTC000",
    name: "Test",
    severity: "error",
    message: "m",
    hint: "h",
    objects: products.map((product, i) => ({ kind: "VirtualService", name: `o${i}`, product })),
  });

  it("keeps findings about the team's products only", () => {
    const mine = f(["analytics"]);
    const shared = f(["analytics", undefined]);
    expect(
      teamFindings(
        [mine, shared, f(["payments"]), f(["analytics", "payments"]), f([undefined])],
        ["analytics"],
      ),
    ).toEqual([mine, shared]);
  });
});
