// ClusterClient against simulated clusters over real HTTPS: every request goes through ClusterHttp
// (undici) and the simulator's HTTP server; faults are switched on the simulator, not mocked.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "@/lib/sim";
import type { K8sObject } from "@/lib/topology/k8s-object";
import { ClusterClient, type ClusterClientOptions } from "./cluster-client";
import { KubeApiError } from "./kube-api-error";

let sim: Simulator;
const clients: ClusterClient[] = [];

beforeAll(async () => {
  sim = await startSimulator({
    clusters: ["east=us-east-1a", { name: "plain", zone: "eu-west-1b", istio: false, gatewayApi: false }],
    deploymentReadyDelayMs: 10,
  });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await sim.stop();
});
beforeEach(async () => {
  for (const c of sim.clusters) await sim.faults.clear(c.name);
});

const FAST = { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 100, maxRetryAfterMs: 5_000 };

function clientFor(name: string, options: ClusterClientOptions & { token?: string } = {}): ClusterClient {
  const info = sim.clusters.find((c) => c.name === name)!;
  const { token, ...rest } = options;
  const client = new ClusterClient(
    {
      name,
      server: info.server,
      caData: Buffer.from(info.ca!).toString("base64"),
      credentials: { token: token ?? info.token },
    },
    { allowInsecure: true, retry: FAST, timeoutMs: 5_000, ...rest },
  );
  clients.push(client);
  return client;
}

const gateway = (name: string, host: string, extra: Record<string, unknown> = {}): K8sObject => ({
  apiVersion: "networking.istio.io/v1",
  kind: "Gateway",
  metadata: { name, namespace: "default", labels: { "app.kubernetes.io/managed-by": "portico" } },
  spec: {
    selector: { istio: name },
    servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: [host] }],
    ...extra,
  },
});

async function failure(p: Promise<unknown>): Promise<KubeApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KubeApiError);
  return err as KubeApiError;
}

describe("discovery", () => {
  it("lists kinds with plural and scope, and tells which API groups are installed", async () => {
    const east = clientFor("east");
    const d = await east.discover();
    const vs = d.resources.find((r) => r.kind === "VirtualService");
    expect(vs).toMatchObject({
      apiVersion: "networking.istio.io/v1",
      plural: "virtualservices",
      namespaced: true,
    });
    expect(d.resources.find((r) => r.kind === "Node")).toMatchObject({ apiVersion: "v1", namespaced: false });
    expect(await east.discover()).toBe(d); // cached per client
    expect(await east.hasGroup("networking.istio.io")).toBe(true);
    expect(await east.hasGroup("gateway.networking.k8s.io")).toBe(true);

    const plain = clientFor("plain");
    expect(await plain.hasGroup("networking.istio.io")).toBe(false);
    expect(await plain.hasGroup("gateway.networking.k8s.io")).toBe(false);
    expect((await plain.discover()).groups.has("networking.istio.io")).toBe(false);
    const err = await failure(plain.list("networking.istio.io/v1", "Gateway"));
    expect(err).toMatchObject({ kind: "notFound", reason: "KindNotServed" });
    expect(err.message).toMatch(/is Istio installed/);
    expect(await plain.get("networking.istio.io/v1", "Gateway", "default", "x")).toBeNull();
  });

  it("reads the Kubernetes version", async () => {
    expect(await clientFor("east").version()).toMatchObject({
      major: "1",
      gitVersion: expect.stringMatching(/^v1\./),
    });
  });
});

describe("objects", () => {
  it("applies, lists, gets and deletes (server-side apply roundtrip)", async () => {
    const east = clientFor("east");
    const applied = await east.apply(gateway("rt-pay", "pay.example.com"));
    expect(applied.metadata.name).toBe("rt-pay");
    const managed = applied.metadata.managedFields as { manager: string; operation: string }[];
    expect(managed.some((m) => m.manager === "portico" && m.operation === "Apply")).toBe(true);

    const listed = await east.list("networking.istio.io/v1", "Gateway", {
      labelSelector: "app.kubernetes.io/managed-by=portico",
    });
    expect(listed.map((g) => g.metadata.name)).toContain("rt-pay");
    expect(listed.every((g) => g.kind === "Gateway" && g.apiVersion === "networking.istio.io/v1")).toBe(true);

    const got = await east.get("networking.istio.io/v1", "Gateway", "default", "rt-pay");
    expect(got?.spec).toEqual(gateway("rt-pay", "pay.example.com").spec);
    // Answers are plain JSON: timestamps stay strings, as the server wrote them.
    expect(typeof got?.metadata.creationTimestamp).toBe("string");

    // Re-applying a changed object updates it; a dry run changes nothing.
    await east.apply(gateway("rt-pay", "pay2.example.com"));
    await east.apply(gateway("rt-pay", "dry.example.com"), { dryRun: true });
    const after = await east.get<K8sObject & { spec: { servers: { hosts: string[] }[] } }>(
      "networking.istio.io/v1",
      "Gateway",
      "default",
      "rt-pay",
    );
    expect(after?.spec.servers[0]?.hosts).toEqual(["pay2.example.com"]);

    expect(await east.delete("networking.istio.io/v1", "Gateway", "default", "rt-pay")).toBe("deleted");
    expect(await east.delete("networking.istio.io/v1", "Gateway", "default", "rt-pay")).toBe("absent");
    expect(await east.get("networking.istio.io/v1", "Gateway", "default", "rt-pay")).toBeNull();
  });

  it("lists across all namespaces by default and follows continue tokens", async () => {
    const east = clientFor("east", { pageSize: 2 });
    for (const ns of ["page-a", "page-b"]) {
      await east.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
      for (let i = 0; i < 3; i++) {
        await east.apply({
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: `cm-${i}`, namespace: ns, labels: { page: "yes" } },
          data: { i: String(i) },
        });
      }
    }
    sim.counters.reset("east");
    const all = await east.list("v1", "ConfigMap", { labelSelector: "page=yes" });
    expect(all.map((c) => `${c.metadata.namespace}/${c.metadata.name}`).sort()).toEqual([
      "page-a/cm-0",
      "page-a/cm-1",
      "page-a/cm-2",
      "page-b/cm-0",
      "page-b/cm-1",
      "page-b/cm-2",
    ]);
    expect(sim.counters.get("east").byVerb.list).toBeGreaterThanOrEqual(3);
    const one = await east.list("v1", "ConfigMap", { namespace: "page-b", labelSelector: "page=yes" });
    expect(one).toHaveLength(3);
  });

  it("keeps fields client-node's typed models do not know", async () => {
    const east = clientFor("east");
    const cm = await east.apply({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "raw", namespace: "default" },
      data: { a: "1" },
      binaryData: { b: "Yg==" },
    });
    expect(cm).toMatchObject({ data: { a: "1" }, binaryData: { b: "Yg==" } });
  });
});

describe("errors", () => {
  it("classifies a field manager conflict and names the other manager and field", async () => {
    const east = clientFor("east");
    await east.apply(gateway("conflict-gw", "a.example.com"), { fieldManager: "other-controller" });
    const err = await failure(east.apply(gateway("conflict-gw", "b.example.com")));
    expect(err.kind).toBe("conflict");
    expect(err.status).toBe(409);
    expect(err.conflicts.length).toBeGreaterThan(0);
    expect(err.conflicts.every((c) => c.manager === "other-controller")).toBe(true);
    expect(err.conflicts.map((c) => c.field).join(" ")).toMatch(/servers/);
    // force takes the fields over.
    const forced = await east.apply(gateway("conflict-gw", "b.example.com"), { force: true });
    expect((forced.spec as { servers: { hosts: string[] }[] }).servers[0]?.hosts).toEqual(["b.example.com"]);
  });

  it("reports invalid objects without retrying", async () => {
    const east = clientFor("east");
    sim.counters.reset("east");
    const err = await failure(
      east.apply({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "Not_A_Valid_Name", namespace: "default" },
      }),
    );
    expect(err.kind).toBe("invalid");
    expect([400, 422]).toContain(err.status);
    expect(sim.counters.get("east").byVerb.patch ?? 0).toBe(1);
  });

  it("honours Retry-After on 429 and then succeeds", async () => {
    const east = clientFor("east");
    await east.discover();
    await sim.faults.set("east", { throttleRate: 1, retryAfterSeconds: 1 });
    const waits: number[] = [];
    const retrying = clientFor("east", {
      onRetry: ({ delayMs, error }) => waits.push(error.kind === "rateLimited" ? delayMs : -1),
    });
    const started = Date.now();
    const pending = retrying.version();
    setTimeout(() => void sim.faults.clear("east"), 200);
    await expect(pending).resolves.toMatchObject({ major: "1" });
    const elapsed = Date.now() - started;
    expect(waits[0]).toBe(1_000);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(4_000);
  });

  it("retries 5xx with backoff then succeeds", async () => {
    const east = clientFor("east");
    await east.discover();
    await sim.faults.set("east", { errorRate: 1, errorCode: 503 });
    const kinds: string[] = [];
    const retrying = clientFor("east", {
      retry: { ...FAST, maxAttempts: 20 },
      onRetry: ({ error }) => kinds.push(error.kind),
    });
    setTimeout(() => void sim.faults.clear("east"), 150);
    await expect(retrying.version()).resolves.toMatchObject({ major: "1" });
    expect(kinds.length).toBeGreaterThan(0);
    expect(kinds.every((k) => k === "unavailable")).toBe(true);
  });

  it("gives up with a network error when the cluster is down", async () => {
    await sim.faults.set("east", { down: "refuse" });
    const retries: string[] = [];
    const east = clientFor("east", { onRetry: ({ error }) => retries.push(error.reason) });
    const err = await failure(east.version());
    expect(err.kind).toBe("network");
    expect(err.reason).toBe("ECONNREFUSED");
    expect(retries).toHaveLength(FAST.maxAttempts - 1);
  });

  it("does not retry 401 and never puts the token in the error", async () => {
    const token = "canary-bad-token-7f3e";
    const east = clientFor("east", { token });
    sim.counters.reset("east");
    const err = await failure(east.version());
    expect(err.kind).toBe("unauthorized");
    expect(err.status).toBe(401);
    expect(JSON.stringify(err.toJSON()) + err.message + String(err.stack)).not.toContain(token);
    expect(
      sim.counters.get("east").faults.unauthorized ?? sim.counters.get("east").total,
    ).toBeLessThanOrEqual(1);
  });

  it("does not retry 403", async () => {
    const limited = sim.addToken("east", {
      user: "reader",
      rules: [
        { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list"] },
        { apiGroups: ["*"], resources: ["*"], verbs: [] },
      ],
    });
    const east = clientFor("east", { token: limited.token });
    const admin = clientFor("east");
    await admin.discover();
    // Discovery is open to every authenticated user; the write is what RBAC refuses.
    await east.resourceFor("networking.istio.io/v1", "Gateway");
    sim.counters.reset("east");
    const retries: string[] = [];
    const watched = clientFor("east", {
      token: limited.token,
      onRetry: ({ error }) => retries.push(error.kind),
    });
    const err = await failure(watched.apply(gateway("forbidden-gw", "f.example.com")));
    expect(err.kind).toBe("forbidden");
    expect(retries).toEqual([]);
    expect(err.message).toMatch(/cannot patch resource "gateways"/);
  });

  it("keeps at most maxConcurrent requests in flight", async () => {
    const east = clientFor("east", { maxConcurrent: 2 });
    await sim.faults.set("east", { latencyMs: 100 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 6 }, () => east.version()));
    // Six requests of 100 ms, two at a time: at least three rounds.
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("times out a request that gets no answer in time", async () => {
    const east = clientFor("east", { timeoutMs: 100, retry: { maxAttempts: 1 } });
    await sim.faults.set("east", { latencyMs: 1_000 });
    const started = Date.now();
    const err = await failure(east.version());
    expect(err).toMatchObject({ kind: "network", reason: "Timeout" });
    expect(Date.now() - started).toBeLessThan(900);
  });

  it("stops retrying when the client's signal aborts (shutdown)", async () => {
    const controller = new AbortController();
    const east = clientFor("east", {
      signal: controller.signal,
      retry: { maxAttempts: 50, baseDelayMs: 5_000, maxDelayMs: 5_000 },
    });
    await sim.faults.set("east", { errorRate: 1 });
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const err = await failure(east.version());
    expect(err.kind).toBe("aborted");
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe("redirects and endpoints", () => {
  let redirector: Server;
  let redirectUrl = "";
  let hits = 0;
  beforeAll(async () => {
    // An "API server" that bounces every request elsewhere, as a compromised or misconfigured
    // endpoint could; the target must never be called with the token.
    redirector = createServer((req, res) => {
      if (req.url?.startsWith("/target")) {
        hits++;
        res.end("{}");
        return;
      }
      res.writeHead(302, {
        location: `http://127.0.0.1:${(redirector.address() as { port: number }).port}/target`,
      });
      res.end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, "127.0.0.1", resolve));
    redirectUrl = `http://127.0.0.1:${(redirector.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => redirector.close(() => resolve())));

  it("refuses redirects from the API server", async () => {
    const client = new ClusterClient(
      { name: "bouncy", server: redirectUrl, credentials: { token: "canary-redirect" } },
      { allowInsecure: true, retry: FAST },
    );
    clients.push(client);
    const err = await failure(client.version());
    expect(err.kind).toBe("redirect");
    expect(err.message).toMatch(/does not follow redirects/);
    expect(hits).toBe(0);
  });

  it("refuses loopback endpoints unless insecure clusters are allowed, and metadata always", async () => {
    const info = sim.clusters[0]!;
    const strict = new ClusterClient(
      { name: "east", server: info.server, credentials: { token: info.token } },
      { allowInsecure: false, retry: FAST },
    );
    clients.push(strict);
    expect(await failure(strict.version())).toMatchObject({ kind: "endpointRefused" });
    const metadata = new ClusterClient(
      { name: "meta", server: "http://169.254.169.254", credentials: { token: "x" } },
      { allowInsecure: true, retry: FAST },
    );
    clients.push(metadata);
    const err = await failure(metadata.version());
    expect(err.kind).toBe("endpointRefused");
    expect(err.message).toMatch(/metadata/);
  });

  it("refuses at connection time a host name that resolves to loopback", async () => {
    const info = sim.clusters[0]!;
    const port = new URL(info.server).port;
    // The registration-time check passes (the stand-in DNS says 10.0.0.1); the real lookup at
    // connect time says 127.0.0.1 and is refused: a DNS rebinding attempt.
    const client = new ClusterClient(
      {
        name: "rebind",
        server: `https://localhost:${port}`,
        caData: Buffer.from(info.ca!).toString("base64"),
        credentials: { token: info.token },
      },
      { allowInsecure: false, retry: FAST, lookup: async () => ["10.0.0.1"] },
    );
    clients.push(client);
    const err = await failure(client.version());
    expect(err.kind).toBe("endpointRefused");
  });

  it("checks the API server certificate against the given CA", async () => {
    const info = sim.clusters[0]!;
    const untrusted = new ClusterClient(
      { name: "east", server: info.server, credentials: { token: info.token } },
      { allowInsecure: true, retry: { maxAttempts: 1 } },
    );
    clients.push(untrusted);
    const err = await failure(untrusted.version());
    expect(err.kind).toBe("network");
    const skip = new ClusterClient(
      { name: "east", server: info.server, insecureSkipTlsVerify: true, credentials: { token: info.token } },
      { allowInsecure: true, retry: FAST },
    );
    clients.push(skip);
    await expect(skip.version()).resolves.toMatchObject({ major: "1" });
  });
});

describe("permissions", () => {
  it("reviews rules and single actions", async () => {
    const limited = sim.addToken("east", {
      user: "portico-test",
      rules: [
        { apiGroups: ["networking.istio.io"], resources: ["gateways"], verbs: ["get", "list", "patch"] },
      ],
    });
    const client = clientFor("east", { token: limited.token });
    const rules = await client.selfSubjectRulesReview("default");
    expect(rules.resourceRules.some((r) => r.resources?.includes("gateways"))).toBe(true);
    expect(
      await client.selfSubjectAccessReview({
        verb: "patch",
        group: "networking.istio.io",
        resource: "gateways",
        namespace: "payments",
      }),
    ).toMatchObject({ allowed: true });
    expect(
      await client.selfSubjectAccessReview({
        verb: "delete",
        group: "networking.istio.io",
        resource: "gateways",
      }),
    ).toMatchObject({ allowed: false });
  });
});
