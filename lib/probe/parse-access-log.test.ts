import { describe, expect, it } from "vitest";
import { parseAccessLog } from "./parse-access-log";

// Istio's default: Envoy's text format with response code details, connection termination details
// and upstream transport failure reason (istio.io "Envoy Access Logs", default format).
const istio = (method: string, path: string, host: string) =>
  `[2026-11-30T10:00:00.000Z] "${method} ${path} HTTP/2" 200 - via_upstream - "-" 0 120 3 2 "10.0.0.9" "curl/8.0" "6c1f-4b" "${host}" "10.1.0.5:8080" outbound|8080||payments.payments.svc.cluster.local 10.1.0.2:41000 10.1.0.2:8443 10.0.0.9:50000 ${host} -`;
// Envoy's own default format (no details fields).
const envoy = (method: string, path: string, host: string) =>
  `[2026-11-30T10:00:01.000Z] "${method} ${path} HTTP/1.1" 404 NR 0 0 0 - "-" "Go-http-client/1.1" "a1b2" "${host}" "-"`;
// ingress-nginx's upstreaminfo format (no host field).
const nginx = (method: string, path: string) =>
  `192.168.1.7 - - [30/Nov/2026:10:00:02 +0000] "${method} ${path} HTTP/1.1" 200 612 "-" "Mozilla/5.0 (X11; Linux x86_64)" 431 0.003 [payments-payments-8080] [] 10.1.0.5:8080 612 0.003 200 5c0d3b4a`;

describe("parseAccessLog", () => {
  it("reads both default formats, mixed, into calls without query strings", () => {
    const { samples, report } = parseAccessLog(
      [
        istio("GET", "/v1/payments/7?expand=true", "payments.my-company.io"),
        istio("GET", "/v1/payments/7", "Payments.My-Company.io:443"),
        envoy("DELETE", "/v1/payments/7#frag", "payments.my-company.io"),
        nginx("POST", "/v1/payments?idempotency=1"),
        nginx("GET", "http://payments.my-company.io/v1/health"),
      ].join("\n"),
    );
    expect(report).toMatchObject({ lines: 5, envoy: 3, nginx: 2, errors: 0, truncated: 0 });
    expect(samples).toEqual([
      { method: "GET", host: "payments.my-company.io", path: "/v1/payments/7", count: 2 },
      { method: "DELETE", host: "payments.my-company.io", path: "/v1/payments/7", count: 1 },
      { method: "POST", path: "/v1/payments", count: 1 },
      { method: "GET", host: "payments.my-company.io", path: "/v1/health", count: 1 },
    ]);
  });

  it("counts malformed lines and shows the first few, never throwing", () => {
    const text = [
      istio("GET", "/ok", "payments.my-company.io"),
      "",
      "not a log line at all",
      `[2026-11-30T10:00:00.000Z] "GET /short HTTP/1.1" 200 - 0 0`,
      `10.0.0.1 - - [30/Nov/2026:10:00:02 +0000] "-" 400 0 "-" "-" 0 0.000 [] [] - - - - abc`,
      nginx("G3T", "/x"),
      istio("GET", "relative/path", "payments.my-company.io"),
      istio("GET", "/x", "bad host!"),
    ].join("\r\n");
    const { samples, report } = parseAccessLog(text);
    expect(samples).toHaveLength(1);
    expect(report).toMatchObject({ lines: 7, envoy: 1, nginx: 0, errors: 6 });
    expect(report.errorExamples).toHaveLength(5);
    expect(report.errorExamples[0]).toMatchObject({ line: 3, text: "not a log line at all" });
    expect(report.errorExamples.map((e) => e.reason).join("\n")).toMatch(/fewer quoted fields/);
  });

  it("reads a few thousand lines quickly and stops at the line limit", () => {
    const lines = Array.from({ length: 5_000 }, (_, i) =>
      i % 2
        ? istio("GET", `/v1/payments/${i % 50}`, "payments.my-company.io")
        : nginx("GET", `/v1/payments/${i % 50}`),
    );
    const started = performance.now();
    const { samples, report } = parseAccessLog(lines.join("\n"), { maxLines: 4_000 });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(report).toMatchObject({ lines: 4_000, truncated: 1_000, errors: 0 });
    expect(samples).toHaveLength(50);
  });
});
