// Istio's standard metrics and Envoy's access log of a gateway, read the ways operators read them:
// the merged metrics endpoint (ADDR:15020/stats/prometheus), the simulator's admin API, and a real
// Prometheus server (Debian's package) scraping the gateway. Metric names and labels follow
// istio.io/latest/docs/reference/config/metrics/.
import { join } from "node:path";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPrometheus, startPrometheus, type RunningPrometheus } from "@/lib/sim/prometheus";
import { curl, send, startTrafficSim, until, type TrafficSim } from "@/test/traffic";

const HOST = "payments.my-company.io";
const OK = 6;
const NOT_FOUND = 3;

/** `name{labels} value` lines of a Prometheus text exposition, labels parsed. */
function samples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  const out: { labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split("\n")) {
    const m = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const [, k, v] of m[2]!.matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
    out.push({ labels, value: Number(m[3]) });
  }
  return out;
}

const GATEWAY_LABELS = {
  reporter: "source",
  source_workload: "istio-ingressgateway",
  source_workload_namespace: "istio-system",
  request_protocol: "http",
};

describe("gateway telemetry (Istio metrics, access log, a real Prometheus)", () => {
  let t: TrafficSim;
  let addr: string;

  beforeAll(async () => {
    t = await startTrafficSim(["east=us-east-1a"]);
    await t.apply(
      "east",
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: payments, namespace: payments}
spec:
  hosts: [${HOST}]
  gateways: [istio-system/istio-ingressgateway]
  http:
  - match: [{uri: {prefix: /v1/payments}}]
    route: [{destination: {host: payments}}]
`,
    );
    addr = await t.loadBalancer("east", "istio-system", "istio-ingressgateway");
    const ca = await t.caFile("east");
    // Some requests from the shell, some from Node; a few that no route serves.
    for (let i = 0; i < 2; i++) {
      const r = await curl([
        "--resolve",
        `${HOST}:443:${addr}`,
        "--cacert",
        ca.path,
        `https://${HOST}/v1/payments`,
      ]);
      expect(r.status).toBe(200);
    }
    for (let i = 2; i < OK; i++)
      expect((await send(addr, HOST, `/v1/payments/${i}`, { ca: ca.pem })).status).toBe(200);
    for (let i = 0; i < NOT_FOUND; i++)
      expect((await send(addr, HOST, "/v2/nothing", { ca: ca.pem })).status).toBe(404);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("counts istio_requests_total with the standard labels on ADDR:15020/stats/prometheus", async () => {
    const r = await request(`http://${addr}:15020/stats/prometheus`);
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toContain("text/plain");
    const text = await r.body.text();
    const total = samples(text, "istio_requests_total");
    expect(total).toHaveLength(2);
    expect(total.find((s) => s.labels.response_code === "200")).toEqual({
      labels: expect.objectContaining({
        ...GATEWAY_LABELS,
        destination_service: "payments.payments.svc.cluster.local",
        destination_service_name: "payments",
        destination_service_namespace: "payments",
        destination_workload: "payments",
        destination_workload_namespace: "payments",
        response_flags: "-",
      }),
      value: OK,
    });
    expect(total.find((s) => s.labels.response_code === "404")).toEqual({
      labels: expect.objectContaining({
        ...GATEWAY_LABELS,
        destination_service: "unknown",
        response_flags: "NR",
      }),
      value: NOT_FOUND,
    });
    const counts = samples(text, "istio_request_duration_milliseconds_count");
    expect(counts.reduce((n, s) => n + s.value, 0)).toBe(OK + NOT_FOUND);
    const inf = samples(text, "istio_request_duration_milliseconds_bucket").filter(
      (s) => s.labels.le === "+Inf",
    );
    expect(inf.reduce((n, s) => n + s.value, 0)).toBe(OK + NOT_FOUND);
  });

  it("keeps one Envoy-format access-log line per request, through the admin API", async () => {
    const r = await request(
      `${t.sim.adminUrl}/_sim/clusters/east/accesslog?proxy=istio-system/istio-ingressgateway`,
      { headers: { authorization: `Bearer ${t.sim.adminToken}` } },
    );
    expect(r.statusCode).toBe(200);
    const lines = (await r.body.text()).trimEnd().split("\n");
    expect(lines).toHaveLength(OK + NOT_FOUND);
    // [START] "METHOD PATH PROTOCOL" CODE FLAGS DETAILS - "-" RECEIVED SENT DURATION UPSTREAM_TIME
    // "X-FORWARDED-FOR" "USER-AGENT" "REQUEST-ID" "AUTHORITY" "UPSTREAM-HOST" UPSTREAM-CLUSTER ...
    const format =
      /^\[\d{4}-\d\d-\d\dT[\d:.]+Z\] "GET (\S+) HTTP\/1\.1" (\d{3}) (\S+) (\S+) - "-" \d+ \d+ \d+ (\d+|-) "[^"]*" "([^"]*)" "[^"]*" "([^"]*)" "([^"]*)" (\S+) - [\d.]+:443 [\d.]+:\d+ (\S+) (\S+)$/;
    const parsed = lines.map((l) => format.exec(l));
    expect(parsed.every((m) => m !== null)).toBe(true);
    const ok = parsed.filter((m) => m![2] === "200");
    expect(ok).toHaveLength(OK);
    for (const m of ok) {
      expect(m![1]).toMatch(/^\/v1\/payments/);
      expect([m![3], m![4], m![7], m![9], m![10]]).toEqual([
        "-",
        "via_upstream",
        HOST,
        "outbound|8080||payments.payments.svc.cluster.local",
        HOST,
      ]);
    }
    expect(ok.filter((m) => m![6]!.startsWith("curl/"))).toHaveLength(2);
    const nr = parsed.filter((m) => m![2] === "404");
    expect(nr.map((m) => [m![1], m![3], m![4], m![8]])).toEqual(
      Array(NOT_FOUND).fill(["/v2/nothing", "NR", "route_not_found", "-"]),
    );
  });

  it("is scraped by a real Prometheus, and its HTTP API answers the same counts", async () => {
    const prom = findPrometheus();
    if (!prom.path) {
      const line = "=".repeat(78);
      console.warn(
        `\n${line}\nWARNING: the Prometheus scrape of a gateway did NOT run: ${prom.why}.\nRun scripts/ensure-deps.sh --tests (Debian's prometheus package) to run it.\n${line}\n`,
      );
      if (process.env.CI === "true") throw new Error(`Prometheus scrape could not run under CI: ${prom.why}`);
      return;
    }
    let server: RunningPrometheus | undefined;
    try {
      server = await startPrometheus({
        dir: join(t.dir, "prometheus"),
        jobs: [
          { name: "istio-ingressgateway", metricsPath: "/stats/prometheus", targets: [`${addr}:15020`] },
        ],
      });
      const api = `${server.url}/api/v1`;
      const query = async (q: string) => {
        const r = await request(`${api}/query?query=${encodeURIComponent(q)}`);
        const body = (await r.body.json()) as {
          data: { result: { metric: Record<string, string>; value: [number, string] }[] };
        };
        return body.data.result;
      };
      const target = await until(
        "Prometheus to scrape the gateway",
        async () => {
          const r = await request(`${api}/targets`);
          const body = (await r.body.json()) as {
            data: { activeTargets: { health: string; scrapeUrl: string; lastError: string }[] };
          };
          const t0 = body.data.activeTargets[0];
          return t0?.health === "up" ? t0 : undefined;
        },
        30_000,
      );
      expect(target.scrapeUrl).toBe(`http://${addr}:15020/stats/prometheus`);
      const series = await until("istio_requests_total in Prometheus", async () => {
        const r = await query("istio_requests_total");
        return r.length === 2 ? r : undefined;
      });
      const byCode = Object.fromEntries(series.map((s) => [s.metric.response_code, s]));
      expect(byCode["200"]!.metric).toMatchObject({
        __name__: "istio_requests_total",
        job: "istio-ingressgateway",
        instance: `${addr}:15020`,
        ...GATEWAY_LABELS,
        destination_service: "payments.payments.svc.cluster.local",
        response_flags: "-",
      });
      expect(Number(byCode["200"]!.value[1])).toBe(OK);
      expect(byCode["404"]!.metric.response_flags).toBe("NR");
      expect(Number(byCode["404"]!.value[1])).toBe(NOT_FOUND);
      const drain = await query(
        'sum by (destination_service_name) (istio_requests_total{source_workload="istio-ingressgateway",response_code="200"})',
      );
      expect(drain.map((s) => [s.metric.destination_service_name, s.value[1]])).toEqual([
        ["payments", String(OK)],
      ]);
    } catch (e) {
      throw new Error(`${(e as Error).message}\nprometheus log:\n${server?.log().slice(-2000) ?? ""}`);
    } finally {
      await server?.stop();
    }
  });
});
