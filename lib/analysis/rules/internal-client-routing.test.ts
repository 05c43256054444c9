import { describe, expect, it } from "vitest";
import { internalClientRouting } from "./internal-client-routing";
import { EXAMPLE_STEPS } from "@/lib/topology/examples";
import { run, step } from "./test-fixture";

describe("PTC023 InternalClientRouting", () => {
  it("is clean for every journey step", () => {
    for (const s of EXAMPLE_STEPS) {
      expect(run(internalClientRouting, step(s))).toEqual([]);
    }
  });

  it("notes a client that still bypasses the product gateway", () => {
    const t = step("01-payments-gateway");
    t.clients[0]!.calls = ["payments.payments.svc.cluster.local"];
    const f = run(internalClientRouting, t);
    expect(f.map((x) => x.severity)).toEqual(["info"]);
  });

  it("warns about hosts nothing serves and gateways unreachable from the client's cluster", () => {
    const t = step("02-payments-split");
    t.clients[0]!.calls = ["pay.my-company.io"];
    expect(run(internalClientRouting, t)[0]!.message).toMatch(/no product gateway/);
    const moved = step("02-payments-split");
    moved.clients[0]!.clusters = ["west"];
    expect(run(internalClientRouting, moved)[0]!.objects[0]!.cluster).toBe("west");
  });
});
