import { describe, expect, it } from "vitest";
import { shadowedRoute } from "./shadowed-route";
import { run, step } from "./test-fixture";

describe("PTC011 ShadowedRoute", () => {
  it("is clean when specific rules come first", () => {
    expect(run(shadowedRoute, step("02-payments-split"))).toEqual([]);
  });

  it("flags a rule after a more general prefix", () => {
    const t = step("02-payments-split");
    const http = t.routes[0]!.http;
    t.routes[0]!.http = [http[2]!, http[0]!, http[1]!];
    const f = run(shadowedRoute, t);
    expect(f).toHaveLength(2);
    expect(f[0]!.message).toMatch(/"direct-deposit".*"payments-api"/);
  });

  it("takes methods and headers into account", () => {
    const t = step("00-shared-ingress");
    const analytics = t.routes[1]!;
    // POST /v1/events first, then any /v1/events: the second still matches GET.
    analytics.http.push({
      name: "events-read",
      match: [{ path: { prefix: "/v1/events" } }],
      destinations: [{ service: "reports", namespace: "analytics-reports" }],
    });
    expect(run(shadowedRoute, t)).toEqual([]);
    analytics.http.push({
      name: "events-post",
      match: [{ path: { exact: "/v1/events/x" }, method: "POST", headers: { "x-a": { exact: "1" } } }],
      destinations: [{ service: "ingest", namespace: "analytics-ingest" }],
    });
    expect(run(shadowedRoute, t).map((f) => f.message)).toEqual([expect.stringMatching(/"events-post"/)]);
  });

  it("flags anything after a catch-all rule", () => {
    const t = step("00-shared-ingress");
    t.routes[0]!.http.unshift({ match: [], destinations: [{ service: "payments" }] });
    expect(run(shadowedRoute, t)).toHaveLength(1);
  });
});
