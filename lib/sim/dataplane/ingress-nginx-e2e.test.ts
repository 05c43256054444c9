// The demo started with `--scenario reference --ingress nginx`, driven from the shell the way a
// person would: the controller's address read from its Service's status through the Kubernetes
// API, then curl with --resolve against it (real sockets, real TLS).
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "portico-nginx-e2e-"));
let child: ChildProcess | undefined;
let address = "";

interface Curl {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** curl -v's description of the server certificate. */
  verbose: string;
}

async function curl(url: string, args: string[] = []): Promise<Curl> {
  const u = new URL(url);
  const port = u.port || (u.protocol === "https:" ? "443" : "80");
  const { stdout, stderr } = await run(
    "curl",
    [
      "-sk",
      "-v",
      "--max-time",
      "10",
      "-D",
      "-",
      "--resolve",
      `${u.hostname}:${port}:${address}`,
      ...args,
      url,
    ],
    { maxBuffer: 4 * 1024 * 1024 },
  );
  const split = stdout.indexOf("\r\n\r\n");
  const head = stdout.slice(0, split).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status: Number(head[0]!.split(" ")[1]), headers, body: stdout.slice(split + 4), verbose: stderr };
}

function json(c: Curl): {
  service: string;
  namespace: string;
  path: string;
  host: string;
  headers: Record<string, string>;
} {
  return JSON.parse(c.body) as never;
}

// GET through the cluster's API with the kubeconfig's credentials.
function getFromApi(kubeconfig: string, path: string): Promise<Record<string, never>> {
  const kc = parse(readFileSync(kubeconfig, "utf8")) as {
    clusters: { name: string; cluster: { server: string; "certificate-authority-data": string } }[];
    users: { name: string; user: { token: string } }[];
    contexts: { name: string; context: { cluster: string; user: string } }[];
  };
  const ctx = kc.contexts.find((c) => c.name === "east")!.context;
  const cluster = kc.clusters.find((c) => c.name === ctx.cluster)!.cluster;
  const token = kc.users.find((u) => u.name === ctx.user)!.user.token;
  const server = new URL(cluster.server);
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: server.hostname,
        port: server.port,
        path,
        ca: Buffer.from(cluster["certificate-authority-data"], "base64"),
        headers: { Authorization: `Bearer ${token}` },
      },
      (res) => {
        let text = "";
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () => resolve(JSON.parse(text) as never));
      },
    );
    r.on("error", reject);
    r.end();
  });
}

beforeAll(async () => {
  const kubeconfig = join(dir, "kubeconfig");
  child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(__dirname, "..", "cli.ts"),
      "--clusters",
      "east=us-east-1a",
      "--kubeconfig",
      kubeconfig,
      "--scenario",
      "reference",
      "--ingress",
      "nginx",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child!.stdout! }).once("line", () => resolve());
    child!.once("exit", (code) => reject(new Error(`sim exited with ${code}: ${stderr}`)));
  });
  // The load balancer address appears once the data plane has reconciled the Service.
  for (let i = 0; i < 50 && !address; i++) {
    const svc = await getFromApi(
      kubeconfig,
      "/api/v1/namespaces/ingress-nginx/services/ingress-nginx-controller",
    );
    address =
      (svc as { status?: { loadBalancer?: { ingress?: { ip?: string }[] } } }).status?.loadBalancer
        ?.ingress?.[0]?.ip ?? "";
    if (!address) await new Promise((r) => setTimeout(r, 100));
  }
  expect(address).toMatch(/^127\./);
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    await new Promise<void>((resolve) => {
      child!.once("exit", () => resolve());
      child!.kill("SIGTERM");
    });
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("ingress-nginx in the demo (curl --resolve)", () => {
  it("serves payments over TLS with the Ingress's certificate, HSTS and the proxy's forwarded headers", async () => {
    const c = await curl("https://payments.my-company.io/v1/payments?id=7");
    expect(c.status).toBe(200);
    expect(c.verbose).toMatch(/subject: CN=\*\.my-company\.io/);
    expect(c.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    const echo = json(c);
    expect(echo).toMatchObject({ service: "payments", namespace: "payments", path: "/v1/payments?id=7" });
    expect(echo.host).toBe("payments.my-company.io");
    expect(echo.headers["x-real-ip"]).toBe("127.0.0.1");
    expect(echo.headers["x-forwarded-proto"]).toBe("https");
  });

  it("redirects plain HTTP to HTTPS with 308, without the trailing slash", async () => {
    const c = await curl("http://payments.my-company.io/v1/payments/");
    expect(c.status).toBe(308);
    expect(c.headers.location).toBe("https://payments.my-company.io/v1/payments");
  });

  it("sends x-canary: always to the canary Ingress's backend", async () => {
    const c = await curl("https://payments.my-company.io/v1/payments", ["-H", "x-canary: always"]);
    expect(json(c).service).toBe("credit-card");
  });

  it("answers a CORS preflight from an allowed origin itself, and not from another", async () => {
    const ok = await curl("https://payments.my-company.io/v1/payments", [
      "-X",
      "OPTIONS",
      "-H",
      "Origin: https://shop.my-company.io",
    ]);
    expect(ok.status).toBe(204);
    expect(ok.headers["access-control-allow-origin"]).toBe("https://shop.my-company.io");
    const other = await curl("https://payments.my-company.io/v1/payments", [
      "-X",
      "OPTIONS",
      "-H",
      "Origin: https://evil.example",
    ]);
    expect(other.status).toBe(200);
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("routes analytics across two namespaces, case-insensitively once a rewrite is on the host", async () => {
    const events = await curl("https://analytics.my-company.io/v1/events", ["-X", "POST", "-d", "{}"]);
    expect(json(events)).toMatchObject({ service: "ingest", path: "/v1/events" });
    const reports = await curl("https://analytics.my-company.io/v1/reports/daily?x=1");
    expect(json(reports)).toMatchObject({ service: "reports", path: "/v1/reports/daily?x=1" });
    const upper = await curl("https://analytics.my-company.io/V1/EVENTS");
    expect(json(upper).service).toBe("ingest");
    expect((await curl("https://analytics.my-company.io/v2/other")).status).toBe(404);
  });

  it("terminates an unknown host with the fake certificate and answers 404", async () => {
    const c = await curl("https://unknown.example.com/");
    expect(c.verbose).toMatch(/subject: CN=Kubernetes Ingress Controller Fake Certificate/);
    expect(c.status).toBe(404);
  });

  it("counts the controller's requests in Istio's metrics on port 15020", async () => {
    const res = await fetch(`http://${address}:15020/stats/prometheus`);
    const text = await res.text();
    expect(text).toMatch(
      /istio_requests_total\{[^}]*source_workload="ingress-nginx-controller"[^}]*destination_service_name="payments"[^}]*response_code="200"/,
    );
  });
});
