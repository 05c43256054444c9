import { describe, expect, it } from "vitest";
import { loadExample } from "@/lib/topology/examples";
import type { Topology } from "@/lib/topology";
import { contractCallClasses } from "./contract-calls";
import { buildRequestSet } from "./request-set";

describe("contractCallClasses", () => {
  it("turns each gateway-bound match into one concrete call", () => {
    const { calls, notes } = contractCallClasses(loadExample("01-payments-gateway"), "analytics");
    expect(notes).toEqual([]);
    expect(calls.map((c) => [c.id, c.rule])).toEqual([
      ["POST analytics.my-company.io/v1/events", "analytics/ingest"],
      ["GET analytics.my-company.io/v1/reports", "analytics/reports"],
    ]);
  });

  it("uses exact values, regex witnesses and header values; leaves out mesh-only routes", () => {
    const t = loadExample("01-payments-gateway");
    const topology: Topology = {
      ...t,
      routes: [
        {
          ...t.routes[0]!,
          http: [
            {
              name: "by-id",
              match: [
                {
                  path: { regex: "/v1/payments/[0-9]+" },
                  method: "GET",
                  headers: { "x-tenant": { prefix: "eu-" } },
                },
                { path: { exact: "/v1/payments/search" }, headers: { "x-api": { regex: "v[0-9]" } } },
                { path: { regex: "/x(?=y)" } },
              ],
              destinations: [{ service: "payments", port: 8080 }],
            },
            { name: "rest", match: [], destinations: [{ service: "payments", port: 8080 }] },
          ],
        },
        {
          ...t.routes[0]!,
          name: "internal",
          gateways: ["mesh"],
          http: [{ match: [{ path: { prefix: "/internal" } }], destinations: [{ service: "payments" }] }],
        },
      ],
    };
    const { calls, notes } = contractCallClasses(topology, "payments");
    expect(calls.map((c) => c.id)).toEqual([
      "GET payments.my-company.io/v1/payments/0 x-tenant=eu-",
      "GET payments.my-company.io/v1/payments/search x-api=v0",
      "GET payments.my-company.io/",
    ]);
    expect(notes).toEqual([expect.stringMatching(/payments\/by-id: no request found .*\(\?=y\)/)]);
  });

  it("keeps the contract first and cuts the least frequent access-log calls beyond the limit", () => {
    const line = (path: string) =>
      `[2026-11-30T10:00:00.000Z] "GET ${path} HTTP/1.1" 200 - 0 0 1 1 "-" "curl" "id" "payments.my-company.io" "-"`;
    const log = [
      ...Array(3).fill(line("/v1/payments/1")),
      line("/v1/payments/2"),
      ...Array(2).fill(line("/v1/payments/3")),
    ].join("\n");
    const set = buildRequestSet(loadExample("01-payments-gateway"), "payments", {
      accessLog: log,
      maxCallClasses: 3,
    });
    expect(set.calls.map((c) => [c.path, c.source, c.seen])).toEqual([
      ["/v1/payments", "contract", undefined],
      ["/v1/payments/1", "access-log", 3],
      ["/v1/payments/3", "access-log", 2],
    ]);
    expect(set.report).toMatchObject({ contract: 1, fromAccessLog: 3, dropped: 1 });
  });
});
