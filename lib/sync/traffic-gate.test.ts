// Which objects of an apply rank wait for the facts traffic depends on, and what they say.
import { describe, expect, it } from "vitest";
import { checkKey, type FactCheck } from "@/lib/cutover/fact-checks";
import type { Fact } from "@/lib/cutover/judge-facts";
import type { K8sObject } from "@/lib/topology";
import type { PlannedApply } from "./plan-reconcile";
import { waitingReasons } from "./traffic-gate";

const planned = (id: string, kind: string): PlannedApply => ({
  obj: {
    apiVersion: "networking.istio.io/v1",
    kind,
    metadata: { name: id, namespace: "payments" },
  } as K8sObject,
  row: {
    id,
    apiVersion: "networking.istio.io/v1",
    kind,
    namespace: "payments",
    name: id,
    status: "pending",
    message: null,
    preexisting: false,
    appliedHash: null,
    revisionNumber: null,
    observed: null,
  },
  hash: "h",
});

const secret: FactCheck = {
  kind: "tls-secret",
  namespace: "payments",
  name: "payments-cert",
  gateway: "payments/payments-gateway",
};
const deployment: FactCheck = {
  kind: "gateway-deployment",
  namespace: "payments",
  name: "payments-gateway",
  gateway: "payments/payments-gateway",
};

const facts = (...f: Fact[]) => new Map(f.map((x) => [checkKey(x), x]));

describe("waitingReasons", () => {
  const route = planned("route", "VirtualService");
  const rule = planned("rule", "DestinationRule");
  const dependencies = new Map([[route.row.id, [secret, deployment]]]);

  it("holds an object whose facts do not hold, naming each one that fails", () => {
    const held = waitingReasons(
      [route, rule],
      dependencies,
      facts(
        { ...secret, ok: false, message: "its TLS Secret payments-cert does not exist." },
        { ...deployment, ok: true, message: "Deployment is available." },
      ),
    );
    expect([...held]).toEqual([["route", "waiting: its TLS Secret payments-cert does not exist"]]);
  });

  it("lets it go once every fact holds", () => {
    const held = waitingReasons(
      [route],
      dependencies,
      facts({ ...secret, ok: true, message: "exists." }, { ...deployment, ok: true, message: "available." }),
    );
    expect(held.size).toBe(0);
  });

  it("holds an object whose fact was not observed at all, never lets it go for want of evidence", () => {
    const held = waitingReasons(
      [route],
      dependencies,
      facts({ ...deployment, ok: true, message: "available." }),
    );
    expect([...held]).toEqual([["route", "waiting: tls-secret payments/payments-cert was not observed"]]);
  });

  it("holds it with the reason when the facts could not be read", () => {
    const held = waitingReasons([route, rule], dependencies, { unreadable: "waiting: Portico cannot check" });
    expect(held.get("route")).toBe("waiting: Portico cannot check");
    expect(held.has("rule")).toBe(false);
  });

  it("needs no facts for objects that move no traffic, and refuses to judge without them otherwise", () => {
    expect(waitingReasons([rule], dependencies, undefined).size).toBe(0);
    expect(() => waitingReasons([route], dependencies, undefined)).toThrow(/not read/);
  });
});
