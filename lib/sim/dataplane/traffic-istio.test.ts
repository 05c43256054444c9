// Istio's gateway semantics end to end: objects applied with kubectl, requests sent with curl and
// undici to the address in the gateway Service's status. Unless a case says otherwise, its objects
// follow istio.io/latest/docs/reference/config/networking/virtual-service/ and
// istio.io/latest/docs/reference/config/networking/gateway/.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCa, issueServerCertificate } from "../tls";
import {
  backendYaml,
  curl,
  gatewayWorkloadYaml,
  send,
  startTrafficSim,
  until,
  type TrafficSim,
} from "@/test/traffic";

const HOST = "payments.my-company.io";
const FLAGS = "x-portico-sim-response-flags";

const GATEWAY = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: payments-gateway, namespace: payments}
spec:
  selector: {istio: payments-gateway}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: [${HOST}]
    tls: {mode: SIMPLE, credentialName: payments-tls}
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [${HOST}]
    tls: {httpsRedirect: true}
  - port: {number: 443, name: https-new, protocol: HTTPS}
    hosts: [pay-new.my-company.io]
    tls: {mode: SIMPLE, credentialName: pay-new-tls}
  - port: {number: 443, name: https-broken, protocol: HTTPS}
    hosts: [broken.my-company.io]
    tls: {mode: SIMPLE, credentialName: broken-tls}
  - port: {number: 443, name: https-passthrough, protocol: HTTPS}
    hosts: [nginx.my-company.io]
    tls: {mode: PASSTHROUGH}
`;

// One VirtualService, rules in the order the first-match cases rely on.
const VIRTUAL_SERVICE = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: payments, namespace: payments}
spec:
  hosts: [${HOST}]
  gateways: [payments-gateway]
  http:
  - name: payments
    match: [{uri: {prefix: /v1/payments}}]
    route: [{destination: {host: payments.payments.svc.cluster.local, port: {number: 8080}}}]
  - name: shadowed
    match: [{uri: {prefix: /v1/payments/cards}}]
    route: [{destination: {host: credit-card}}]
  - name: deposits
    match: [{uri: {regex: "/v1/accounts/[0-9]+/deposits"}}]
    route: [{destination: {host: direct-deposit}}]
  - name: cards-for-jason
    match: [{uri: {prefix: /v1/cards}, headers: {end-user: {exact: jason}}}]
    route: [{destination: {host: credit-card}}]
  - name: legacy
    match: [{uri: {prefix: /legacy/}}]
    rewrite: {uri: /v1/}
    route: [{destination: {host: payments}}]
  - name: moved
    match: [{uri: {exact: /v1/old-payments}}]
    redirect: {uri: /v1/payments}
  - name: maintenance
    match: [{uri: {exact: /v1/status}}]
    directResponse: {status: 503, body: {string: "down for maintenance"}}
  - name: split
    match: [{uri: {prefix: /v1/split}}]
    route:
    - {destination: {host: payments}, weight: 75}
    - {destination: {host: credit-card}, weight: 25}
  - name: slow
    match: [{uri: {prefix: /v1/slow}}]
    timeout: 0.2s
    route: [{destination: {host: payments}}]
  - name: ghost
    match: [{uri: {prefix: /v1/ghost}}]
    route: [{destination: {host: ghost}}]
`;

describe("Istio gateway traffic (real kubectl, curl and undici)", () => {
  let t: TrafficSim;
  let addr: string;
  let ca: { path: string; pem: string };
  const resolve = (host = HOST, port = 443) => ["--resolve", `${host}:${port}:${addr}`];
  const get = (path: string, headers: Record<string, string> = {}) =>
    send(addr, HOST, path, { ca: ca.pem, headers });

  beforeAll(async () => {
    t = await startTrafficSim(["east=us-east-1a"]);
    await t.apply(
      "east",
      [gatewayWorkloadYaml("payments", "payments-gateway"), GATEWAY, VIRTUAL_SERVICE].join("---\n"),
    );
    addr = await t.loadBalancer("east", "payments", "payments-gateway");
    ca = await t.caFile("east");
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("serves the shared istio-ingressgateway at its Service's address (curl --resolve -k)", async () => {
    await t.apply(
      "east",
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: payments-shared, namespace: payments}
spec:
  hosts: [${HOST}]
  gateways: [istio-system/istio-ingressgateway]
  http: [{route: [{destination: {host: payments}}]}]
`,
    );
    const shared = await t.loadBalancer("east", "istio-system", "istio-ingressgateway");
    expect(shared).toMatch(/^127\./);
    expect(shared).not.toBe(addr);
    const r = await curl(["-k", "--resolve", `${HOST}:443:${shared}`, `https://${HOST}/v1/payments`]);
    expect(r.exit).toBe(0);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ cluster: "east", namespace: "payments", service: "payments" });
  });

  it("terminates TLS SIMPLE with the credentialName Secret of the gateway's namespace", async () => {
    const r = await curl([...resolve(), "--cacert", ca.path, `https://${HOST}/v1/payments/42`]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(200);
    expect(r.headers!.server).toBe("istio-envoy");
    expect(r.json).toMatchObject({
      service: "payments",
      method: "GET",
      path: "/v1/payments/42",
      host: HOST,
    });
    expect(r.json.headers["x-forwarded-proto"]).toBe("https");
    const u = await get("/v1/payments/42");
    expect(u.status).toBe(200);
    expect(u.json.service).toBe("payments");
  });

  it("fails the handshake while the Secret is missing, and serves once kubectl creates it (no restart)", async () => {
    const host = "pay-new.my-company.io";
    await t.apply(
      "east",
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: pay-new, namespace: payments}
spec:
  hosts: [${host}, broken.my-company.io]
  gateways: [payments-gateway]
  http: [{route: [{destination: {host: payments}}]}]
`,
    );
    const missing = await curl([...resolve(host), "-k", `https://${host}/v1/payments`]);
    expect(missing.exit).toBe(35); // CURLE_SSL_CONNECT_ERROR
    await expect(send(addr, host, "/v1/payments")).rejects.toThrow();

    const newCa = generateCa("pay-new-ca");
    const pair = issueServerCertificate(newCa, "pay-new-ca", host, { dns: [host] });
    for (const [name, pem] of [
      ["pay-new.crt", pair.cert],
      ["pay-new.key", pair.key],
      ["pay-new-ca.pem", newCa.cert],
    ] as const)
      writeFileSync(join(t.dir, name), pem);
    await t.kubectl(
      "east",
      "create",
      "secret",
      "tls",
      "pay-new-tls",
      "-n",
      "payments",
      `--cert=${join(t.dir, "pay-new.crt")}`,
      `--key=${join(t.dir, "pay-new.key")}`,
    );
    const ok = await curl([
      ...resolve(host),
      "--cacert",
      join(t.dir, "pay-new-ca.pem"),
      `https://${host}/v1/payments`,
    ]);
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ service: "payments", host });
    expect((await send(addr, host, "/v1/payments", { ca: newCa.cert })).status).toBe(200);
  });

  it("fails the handshake when the Secret holds no usable certificate", async () => {
    await t.kubectl(
      "east",
      "create",
      "secret",
      "generic",
      "broken-tls",
      "-n",
      "payments",
      "--type=kubernetes.io/tls",
      "--from-literal=tls.crt=not a certificate",
      "--from-literal=tls.key=not a key",
    );
    const r = await curl([...resolve("broken.my-company.io"), "-k", "https://broken.my-company.io/"]);
    expect(r.exit).toBe(35);
    // The other servers of the port are unaffected.
    expect((await get("/v1/payments")).status).toBe(200);
  });

  it("redirects plain HTTP to HTTPS on a server with httpsRedirect (301)", async () => {
    const r = await curl([...resolve(HOST, 80), `http://${HOST}/v1/payments?x=1`]);
    expect(r.status).toBe(301);
    expect(r.headers!.location).toBe(`https://${HOST}/v1/payments?x=1`);
    const u = await send(addr, HOST, "/v1/payments", { tls: false });
    expect(u.status).toBe(301);
  });

  // istio.io/latest/docs/tasks/traffic-management/ingress/ingress-sni-passthrough/
  it("passes TLS through by SNI to a backend that terminates it itself (PASSTHROUGH)", async () => {
    await t.apply(
      "east",
      [
        backendYaml(
          "payments",
          "my-nginx",
          { app: "my-nginx" },
          { name: "my-nginx", port: 443, portName: "https" },
        ),
        `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: nginx, namespace: payments}
spec:
  hosts: [nginx.my-company.io]
  gateways: [payments-gateway]
  tls:
  - match: [{port: 443, sniHosts: [nginx.my-company.io]}]
    route: [{destination: {host: my-nginx, port: {number: 443}}}]
`,
      ].join("---\n"),
    );
    const r = await until("the passthrough backend to answer", async () => {
      const c = await curl([...resolve("nginx.my-company.io"), "-k", "https://nginx.my-company.io/hello"]);
      return c.status === 200 ? c : undefined;
    });
    expect(r.json).toMatchObject({ service: "my-nginx", path: "/hello", host: "nginx.my-company.io" });
    // The gateway never saw HTTP: none of the headers Envoy adds when it routes a request.
    expect(r.json.headers["x-envoy-attempt-count"]).toBeUndefined();
    expect(r.json.headers["x-forwarded-proto"]).toBeUndefined();
  });

  it("routes to the first matching rule, in order", async () => {
    // /v1/payments/cards also matches the later "shadowed" rule, which never wins.
    const r = await curl([...resolve(), "--cacert", ca.path, `https://${HOST}/v1/payments/cards`]);
    expect(r.json.service).toBe("payments");
  });

  // istio.io/latest/docs/ops/best-practices/traffic-management/ "Split large virtual services and
  // destination rules into multiple resources": the rules of several VirtualServices for one host
  // are merged, the older VirtualService's rules first.
  it("merges VirtualServices of one host in creation order", async () => {
    await t.apply(
      "east",
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: payments-part2, namespace: payments}
spec:
  hosts: [${HOST}]
  gateways: [payments-gateway]
  http:
  - match: [{uri: {prefix: /v1/payments}}]
    route: [{destination: {host: direct-deposit}}]
  - match: [{uri: {prefix: /v1/deposits}}]
    route: [{destination: {host: direct-deposit}}]
`,
    );
    expect((await get("/v1/deposits/7")).json.service).toBe("direct-deposit");
    expect((await get("/v1/payments/7")).json.service).toBe("payments");
  });

  it("matches a uri regex (RE2, whole path)", async () => {
    const r = await curl([...resolve(), "--cacert", ca.path, `https://${HOST}/v1/accounts/42/deposits`]);
    expect(r.json.service).toBe("direct-deposit");
    const none = await get("/v1/accounts/abc/deposits");
    expect(none.status).toBe(404);
    expect(none.headers[FLAGS]).toBe("NR");
  });

  // The bookinfo "Request Routing" task: reviews v2 for end-user jason.
  it("matches headers, and answers 404 NR when no rule matches", async () => {
    const r = await curl([
      ...resolve(),
      "--cacert",
      ca.path,
      "-H",
      "end-user: jason",
      `https://${HOST}/v1/cards`,
    ]);
    expect(r.json.service).toBe("credit-card");
    const other = await get("/v1/cards", { "end-user": "mary" });
    expect(other.status).toBe(404);
    expect(other.headers[FLAGS]).toBe("NR");
  });

  it("rewrites the uri before forwarding (the backend sees the new path)", async () => {
    const r = await curl([...resolve(), "--cacert", ca.path, `https://${HOST}/legacy/payments/9?v=1`]);
    expect(r.status).toBe(200);
    expect(r.json.path).toBe("/v1/payments/9?v=1");
    expect(r.json.headers["x-envoy-original-path"]).toBe("/legacy/payments/9?v=1");
  });

  it("redirects (301 with the new uri) and answers directly (directResponse)", async () => {
    const moved = await curl([...resolve(), "--cacert", ca.path, `https://${HOST}/v1/old-payments`]);
    expect(moved.status).toBe(301);
    expect(moved.headers!.location).toBe(`https://${HOST}/v1/payments`);
    const direct = await get("/v1/status");
    expect(direct.status).toBe(503);
    expect(direct.body).toBe("down for maintenance");
  });

  // istio.io/latest/docs/tasks/traffic-management/traffic-shifting/
  it("splits traffic by weight (75/25 over 100 requests)", async () => {
    const counts: Record<string, number> = {};
    for (let batch = 0; batch < 5; batch++) {
      const replies = await Promise.all(Array.from({ length: 20 }, () => get("/v1/split")));
      for (const r of replies) counts[r.json.service] = (counts[r.json.service] ?? 0) + 1;
    }
    expect(Object.keys(counts).sort()).toEqual(["credit-card", "payments"]);
    // Binomial(100, 0.75): mean 75, sd 4.3; the bounds are about five deviations away.
    expect(counts.payments).toBeGreaterThan(53);
    expect(counts.payments).toBeLessThan(97);
  });

  // istio.io/latest/docs/tasks/traffic-management/request-timeouts/
  it("times out a slow upstream: 504 with flag UT", async () => {
    const started = Date.now();
    const r = await curl([
      ...resolve(),
      "--cacert",
      ca.path,
      "-H",
      "x-portico-echo-delay-ms: 2000",
      `https://${HOST}/v1/slow`,
    ]);
    expect(r.status).toBe(504);
    expect(r.headers![FLAGS]).toBe("UT");
    expect(Date.now() - started).toBeLessThan(1500);
    expect((await get("/v1/slow", { "x-portico-echo-delay-ms": "50" })).status).toBe(200);
  });

  it("answers 404 NR for a host no server declares", async () => {
    const r = await send(addr, "unknown.my-company.io", "/", { tls: false });
    expect(r.status).toBe(404);
    expect(r.headers[FLAGS]).toBe("NR");
  });

  it("answers 503 NC for a destination Service that does not exist", async () => {
    const r = await curl([...resolve(), "--cacert", ca.path, `https://${HOST}/v1/ghost`]);
    expect(r.status).toBe(503);
    expect(r.headers![FLAGS]).toBe("NC");
  });

  it("answers 503 UH when kubectl scales the backend to zero (no endpoints), 200 after scaling back", async () => {
    const slice = async () =>
      JSON.parse(
        await t.kubectl(
          "east",
          "get",
          "endpointslices",
          "-n",
          "payments",
          "-l",
          "kubernetes.io/service-name=payments",
          "-o",
          "json",
        ),
      ).items as { endpoints?: { conditions: { ready: boolean } }[] }[];
    expect((await slice())[0]!.endpoints!.filter((e) => e.conditions.ready)).toHaveLength(1);

    await t.kubectl("east", "scale", "deploy/payments", "-n", "payments", "--replicas=0");
    const down = await until("503 UH", async () => {
      const r = await get("/v1/payments");
      return r.status === 503 ? r : undefined;
    });
    expect(down.headers[FLAGS]).toBe("UH");
    expect(down.body).toBe("no healthy upstream");
    const c = await curl([...resolve(), "--cacert", ca.path, `https://${HOST}/v1/payments`]);
    expect([c.status, c.headers![FLAGS]]).toEqual([503, "UH"]);
    const slices = await until("an empty EndpointSlice", async () => {
      const s = await slice();
      return (s[0]?.endpoints ?? []).length === 0 ? s : undefined;
    });
    expect(slices).toHaveLength(1);

    await t.kubectl("east", "scale", "deploy/payments", "-n", "payments", "--replicas=1");
    const up = await until("200 again", async () => {
      const r = await get("/v1/payments");
      return r.status === 200 ? r : undefined;
    });
    expect(up.json.service).toBe("payments");
  });

  // istio.io/latest/docs/reference/config/networking/destination-rule/ (subsets by version label)
  // and the bookinfo "Request Routing" task's destination-rule-all.yaml.
  it("routes to DestinationRule subsets chosen by pod labels", async () => {
    await t.apply(
      "east",
      [
        backendYaml("payments", "payments-v2", { app: "payments", version: "v2" }),
        `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: payments, namespace: payments}
spec:
  host: payments
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
`,
        `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: payments-canary, namespace: payments}
spec:
  hosts: [${HOST}]
  gateways: [payments-gateway]
  http:
  - match: [{uri: {prefix: /v1/canary}, headers: {x-canary: {exact: "yes"}}}]
    route: [{destination: {host: payments, subset: v2}}]
  - match: [{uri: {prefix: /v1/canary}}]
    route: [{destination: {host: payments, subset: v1}}]
`,
      ].join("---\n"),
    );
    const v2 = await until("a ready v2 pod", async () => {
      const r = await get("/v1/canary", { "x-canary": "yes" });
      return r.status === 200 ? r : undefined;
    });
    expect(v2.json.labels.version).toBe("v2");
    for (let i = 0; i < 4; i++) {
      const v1 = await get("/v1/canary");
      expect(v1.json.labels).toMatchObject({ app: "payments", version: "v1" });
    }
  });
});
