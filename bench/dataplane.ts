/**
 * Benchmark of the demo clusters' data plane (npm run bench:dataplane).
 *
 * The simulator runs in a child process (one core) with the reference scenario; the load
 * generator (autocannon) runs here (the other core), so the figures are the data plane's. Every
 * request is real HTTP through a gateway's load-balancer address to an echo backend.
 *
 * dataplane_rps              64 connections, 10 s, plain HTTP through istio-ingressgateway
 * dataplane_rps_tls          the same over TLS (SNI payments.my-company.io), keep-alive
 * dataplane_p99_ms_at_500rps 500 requests/s for 10 s over TLS, evenly spaced (open loop), p99
 * dataplane_config_to_route_ms  p95 over 20 changes: from sending a VirtualService change
 *                            (server-side apply) to the first request that sees it
 */
import { readFileSync, mkdtempSync } from "node:fs";
import { request as httpsRequest, Agent as HttpsAgent } from "node:https";
import { request as httpRequest, Agent as HttpAgent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { Pool } from "undici";
import { parse } from "yaml";
import { emit, log, percentile } from "./report";
import { startDemoSim } from "./start-demo-sim";
import { stopChildren } from "./stop-children";

interface Api {
  server: string;
  token: string;
  ca: string;
}

function apiOf(kubeconfigPath: string): Api {
  const kc = parse(readFileSync(kubeconfigPath, "utf8"));
  const cluster = kc.clusters[0].cluster;
  return {
    server: cluster.server,
    ca: Buffer.from(cluster["certificate-authority-data"], "base64").toString(),
    token: kc.users[0].user.token,
  };
}

const agent = new HttpsAgent({ keepAlive: true });

function call(
  api: Api,
  method: string,
  path: string,
  body?: unknown,
  contentType = "application/json",
): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, api.server);
    const req = httpsRequest(
      url,
      {
        method,
        ca: api.ca,
        agent,
        headers: { authorization: `Bearer ${api.token}`, "content-type": contentType },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            json: JSON.parse(Buffer.concat(chunks).toString() || "{}"),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

function apply(api: Api, obj: any): Promise<{ status: number; json: any }> {
  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
  const plural = `${obj.kind.toLowerCase()}s`;
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  return call(
    api,
    "PATCH",
    `${base}/namespaces/${obj.metadata.namespace}/${plural}/${obj.metadata.name}?fieldManager=bench&force=true`,
    obj,
    "application/apply-patch+yaml",
  );
}

function virtualService(marker: number) {
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: { name: "bench", namespace: "payments" },
    spec: {
      hosts: ["payments.my-company.io", "bench.my-company.io"],
      gateways: ["istio-system/istio-ingressgateway", "istio-system/bench-http"],
      http: [
        {
          name: "payments-api",
          match: [{ uri: { prefix: "/v1/payments" } }],
          headers: { response: { set: { "x-bench-marker": String(marker) } } },
          route: [{ destination: { host: "payments.payments.svc.cluster.local", port: { number: 8080 } } }],
        },
      ],
    },
  };
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function get(
  address: string,
  port: number,
  host: string,
  tls: boolean,
  ag: HttpAgent | HttpsAgent,
): Promise<{ status: number; marker?: string }> {
  return new Promise((resolve, reject) => {
    const req = (tls ? httpsRequest : httpRequest)(
      {
        host: address,
        port,
        path: "/v1/payments",
        headers: { host },
        agent: ag,
        ...(tls ? { servername: host, rejectUnauthorized: false } : {}),
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            marker: res.headers["x-bench-marker"] as string | undefined,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/**
 * An open-loop load: one request every 1000/rate ms over a pool of keep-alive TLS connections,
 * each latency measured from the moment the request was due (so a stall counts for every request
 * queued behind it). autocannon's rate limit sends each second's requests in a burst, which
 * measures its own queue rather than the data plane.
 */
async function openLoop(address: string, rate: number, durationMs: number) {
  const pool = new Pool(`https://${address}:443`, {
    connections: 16,
    connect: { servername: "payments.my-company.io", rejectUnauthorized: false },
  });
  const latencies: number[] = [];
  let failures = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  const total = Math.round((rate * durationMs) / 1000);
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      pool
        .request({ path: "/v1/payments", method: "GET", headers: { host: "payments.my-company.io" } })
        .then(async (res) => {
          await res.body.dump();
          if (res.statusCode !== 200) failures++;
          latencies.push(performance.now() - due);
        })
        .catch(() => {
          failures++;
        }),
    );
  }
  await Promise.all(pending);
  await pool.close();
  return { latencies, failures };
}

async function cannon(opts: Parameters<typeof autocannon>[0]) {
  return await autocannon(opts);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "portico-bench-dataplane-"));
  const { child, ready } = await startDemoSim(dir);
  try {
    const api = apiOf(ready.kubeconfig);
    await apply(api, {
      apiVersion: "networking.istio.io/v1",
      kind: "Gateway",
      metadata: { name: "bench-http", namespace: "istio-system" },
      spec: {
        selector: { istio: "ingressgateway" },
        servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["bench.my-company.io"] }],
      },
    });
    await apply(api, virtualService(0));
    const address = await waitFor("the gateway's address", async () => {
      const svc = await call(api, "GET", "/api/v1/namespaces/istio-system/services/istio-ingressgateway");
      return svc.json.status?.loadBalancer?.ingress?.[0]?.ip as string | undefined;
    });
    const probeAgent = new HttpAgent({ keepAlive: true });
    await waitFor("the first routed answer", async () =>
      (await get(address, 80, "bench.my-company.io", false, probeAgent).catch(() => ({ status: 0 })))
        .status === 200
        ? true
        : undefined,
    );
    log(`gateway at ${address}`);

    const common = { connections: 64, duration: 10, requests: [{ method: "GET", path: "/v1/payments" }] };
    await cannon({
      ...common,
      url: `http://${address}:80`,
      duration: 2,
      headers: { host: "bench.my-company.io" },
    }); // warm-up
    const plain = await cannon({
      ...common,
      url: `http://${address}:80`,
      headers: { host: "bench.my-company.io" },
    });
    log(`plain: ${plain.requests.total} requests, non-2xx ${plain.non2xx}, errors ${plain.errors}`);
    if (plain.non2xx > 0 || plain.errors > 0) throw new Error("plain HTTP run had failures");
    emit("dataplane_rps", plain.requests.average, "req/s");

    const tlsOpts = {
      url: `https://${address}:443`,
      servername: "payments.my-company.io",
      headers: { host: "payments.my-company.io" },
    };
    const tls = await cannon({ ...common, ...tlsOpts });
    log(`tls: ${tls.requests.total} requests, non-2xx ${tls.non2xx}, errors ${tls.errors}`);
    if (tls.non2xx > 0 || tls.errors > 0) throw new Error("TLS run had failures");
    emit("dataplane_rps_tls", tls.requests.average, "req/s");

    const steady = await openLoop(address, 500, 10_000);
    log(
      `500 req/s: ${steady.latencies.length} answers, ${steady.failures} failures, p50 ${percentile(steady.latencies, 0.5).toFixed(1)} ms`,
    );
    if (steady.failures > 0) throw new Error("500 req/s run had failures");
    emit("dataplane_p99_ms_at_500rps", percentile(steady.latencies, 0.99), "ms");

    const seen: number[] = [];
    const tlsAgent = new HttpsAgent({ keepAlive: true });
    for (let i = 1; i <= 20; i++) {
      const t0 = performance.now();
      const applied = apply(api, virtualService(i));
      for (;;) {
        const r = await get(address, 443, "payments.my-company.io", true, tlsAgent);
        if (r.marker === String(i)) break;
        if (performance.now() - t0 > 10_000) throw new Error(`change ${i} never reached the route`);
      }
      seen.push(performance.now() - t0);
      await applied;
    }
    emit("dataplane_config_to_route_ms", percentile(seen, 0.95), "ms");
  } finally {
    await stopChildren([child]);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:dataplane: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
