import { describe, expect, it } from "vitest";
import { analyze, checkContract, hasErrors } from "@/lib/analysis";
import { loadExample } from "@/lib/topology/examples";
import type { Topology } from "@/lib/topology";
import { splitService, type SplitServiceOptions } from "./split-service";
import { comparable } from "./test-helpers";

const step2 = loadExample("02-payments-split");

/** 02 as it was right before the split: one payments rule, no successors, no new policies. */
function beforeSplit(): Topology {
  const t = structuredClone(step2);
  const route = t.routes.find((r) => r.name === "payments")!;
  route.http = route.http.filter((r) => r.name === "payments-api");
  t.services = t.services.filter((s) => s.name !== "direct-deposit" && s.name !== "credit-card");
  t.successors = [];
  return t;
}

const reference: SplitServiceOptions = {
  product: "payments",
  service: { name: "payments", namespace: "payments" },
  successors: [
    { name: "direct-deposit", paths: [{ prefix: "/v1/payments/direct-deposits" }] },
    { name: "credit-card", paths: [{ prefix: "/v1/payments/cards" }] },
  ],
};

describe("splitService", () => {
  it("produces the routes, services and successors of 02 (policies and the credit-card retries are separate edits)", () => {
    const r = splitService(beforeSplit(), reference);
    const expected = comparable(step2);
    delete expected.routes[0]!.http[1]!.retries;
    expect(comparable(r.topology)).toEqual(expected);
  });

  it("keeps the contract: every call still reaches payments or a declared successor", () => {
    const before = beforeSplit();
    const r = splitService(before, reference);
    expect(checkContract(before, r.topology)).toMatchObject({ ok: true });
    expect(hasErrors(analyze(r.topology))).toBe(false);
  });

  it("lists exactly what breaks when the rest of the API is retired without a successor for it", () => {
    const before = beforeSplit();
    const r = splitService(before, { ...reference, retire: true });
    const c = checkContract(before, r.topology);
    expect(c.ok).toBe(false);
    const paths = c.broken.map((b) => `${b.path} ${b.after.join(",") || "nothing"}`);
    expect(paths).toContain(
      "/v1/payments* except /v1/payments/direct-deposits*, /v1/payments/cards* nothing",
    );
    expect(paths.every((p) => !p.startsWith("/v1/payments/cards"))).toBe(true);
    expect(c.broken[0]!.reason).toMatch(/404/);
  });

  it("without declared successors every moved path is reported as routed to an unrelated service", () => {
    const before = beforeSplit();
    const r = splitService(before, { ...reference, declareSuccessors: false });
    const c = checkContract(before, r.topology);
    expect(c.ok).toBe(false);
    expect(new Set(c.broken.map((b) => b.after.join()))).toEqual(
      new Set(["payments/direct-deposit", "payments/credit-card"]),
    );
    expect(
      c.broken.every((b) => /neither the previous service nor a declared successor/.test(b.reason)),
    ).toBe(true);
  });

  it("warns about a path no rule of the service serves", () => {
    const r = splitService(beforeSplit(), {
      ...reference,
      successors: [{ name: "credit-card", paths: [{ prefix: "/v2/cards" }] }],
    });
    expect(r.notes.join("\n")).toMatch(/\/v2\/cards\* of credit-card is not under any rule/);
  });

  it("keeps the rule's method and header conditions on the moved paths", () => {
    const t = beforeSplit();
    t.routes[0]!.http[0]!.match = [{ path: { prefix: "/v1/payments" }, method: "POST" }];
    const r = splitService(t, {
      ...reference,
      successors: [{ name: "credit-card", paths: [{ prefix: "/v1/payments/cards" }] }],
    });
    expect(r.topology.routes[0]!.http[0]!.match).toEqual([
      { path: { prefix: "/v1/payments/cards" }, method: "POST" },
    ]);
  });

  it("refuses successors named like the split service", () => {
    expect(() =>
      splitService(beforeSplit(), {
        ...reference,
        successors: [{ name: "payments", paths: [{ prefix: "/x" }] }],
      }),
    ).toThrow(/named twice/);
  });
});
