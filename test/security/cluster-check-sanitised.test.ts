// Connection checks report a status and a short reason in Portico's words, never what the target
// wrote (pointing a cluster at Portico itself used to store its HTML), and a bearer token travels
// only over TLS, or over plain http to a loopback simulated cluster in demo mode.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import type { RegistryContext } from "@/lib/clusters/cluster-context";
import { registerCluster } from "@/lib/clusters/register-cluster";
import { testClusterConnection } from "@/lib/clusters/test-cluster-connection";
import { ClusterClient } from "@/lib/k8s/cluster-client";
import { mayCarryBearerToken } from "@/lib/k8s/cluster-http";
import { registerClusterSchema } from "@/lib/validations/cluster";
import { uniqueSlug } from "../helpers/auth-fixtures";

const MARKER = "TARGET-BODY-MARKER";
const ctx: RegistryContext = {
  actor: { id: null, email: "check-test@portico.test", role: "admin" },
  requestId: "check-test",
  allowInsecure: true,
  client: { retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 20 }, timeoutMs: 3_000 },
};

/** What each path answers; every request's Authorization header is recorded. */
let answer: (req: IncomingMessage) => { status: number; type: string; body: string };
const seenAuthorization: (string | undefined)[] = [];
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    seenAuthorization.push(req.headers.authorization);
    const { status, type, body } = answer(req);
    res.writeHead(status, { "content-type": type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const html = `<!DOCTYPE html><html><body><script>alert(1)</script>${MARKER}</body></html>`;

async function checkAgainst(): Promise<string> {
  const name = uniqueSlug("check");
  await registerCluster(
    registerClusterSchema.parse({
      name,
      server: `http://127.0.0.1:${port}`,
      token: "demo-token",
      zone: "us-east-1a",
    }),
    ctx,
  );
  const { report } = await testClusterConnection(name, ctx);
  const row = await prisma.cluster.findUniqueOrThrow({ where: { name } });
  const stored = JSON.stringify({ report, row }, (_, v) => (typeof v === "bigint" ? String(v) : v));
  expect(report.status).toBe("fail");
  expect(report.reachable).toBe(false);
  expect(report.items[0]!.message.length).toBeLessThan(400);
  return stored;
}

describe("connection checks never copy the target's answer", () => {
  it.each([
    ["Portico's own sign-in page (200 HTML)", 200, "text/html"],
    ["an HTML error page (404)", 404, "text/html"],
    ["a proxy's 502 page", 502, "text/html"],
    ["plain text 403", 403, "text/plain"],
  ])("%s", async (_, status, type) => {
    answer = () => ({ status, type, body: html });
    const stored = await checkAgainst();
    expect(stored).not.toContain(MARKER);
    expect(stored).not.toContain("<script>");
  });

  it("a made-up Status message or version is not copied either", async () => {
    answer = () => ({
      status: 503,
      type: "application/json",
      body: JSON.stringify({ kind: "Status", reason: `x ${MARKER}`, message: `<b>${MARKER}</b>` }),
    });
    expect(await checkAgainst()).not.toContain(MARKER);

    answer = () => ({
      status: 200,
      type: "application/json",
      body: JSON.stringify({ major: "1", minor: "30", gitVersion: `<img src=x onerror=alert(1)>${MARKER}` }),
    });
    const stored = await checkAgainst();
    expect(stored).not.toContain(MARKER);
    expect(stored).toMatch(/not with a Kubernetes version/);
  });

  it("says what went wrong in a short sentence", async () => {
    answer = () => ({ status: 200, type: "text/html; charset=utf-8", body: html });
    const name = uniqueSlug("check");
    await registerCluster(
      registerClusterSchema.parse({
        name,
        server: `http://127.0.0.1:${port}`,
        token: "demo-token",
        zone: "us-east-1a",
      }),
      ctx,
    );
    const { report } = await testClusterConnection(name, ctx);
    expect(report.items[0]!.message).toBe(
      "The server's answer to GET /version is not JSON (200 NotKubernetes); is this the URL of a Kubernetes API server?",
    );
  });
});

describe("bearer tokens only over TLS", () => {
  it("decides by scheme and address", () => {
    expect(mayCarryBearerToken("https://10.0.0.1:6443", false)).toBe(true);
    expect(mayCarryBearerToken("http://127.0.0.1:6443", true)).toBe(true);
    expect(mayCarryBearerToken("http://[::1]:6443", true)).toBe(true);
    expect(mayCarryBearerToken("http://localhost:6443", true)).toBe(true);
    expect(mayCarryBearerToken("http://127.0.0.1:6443", false)).toBe(false);
    expect(mayCarryBearerToken("http://10.0.0.1:6443", true)).toBe(false);
    expect(mayCarryBearerToken("http://api.example.com", true)).toBe(false);
  });

  it("sends the token over plain http to loopback in demo mode", async () => {
    answer = () => ({
      status: 200,
      type: "application/json",
      body: JSON.stringify({ major: "1", minor: "30", gitVersion: "v1.30.0" }),
    });
    seenAuthorization.length = 0;
    const client = new ClusterClient(
      { name: "demo", server: `http://127.0.0.1:${port}`, credentials: { token: "demo-token" } },
      { allowInsecure: true, retry: { maxAttempts: 1 } },
    );
    try {
      expect((await client.version()).gitVersion).toBe("v1.30.0");
    } finally {
      await client.close();
    }
    expect(seenAuthorization).toEqual(["Bearer demo-token"]);
  });

  it("never sends it over plain http to another address, even in demo mode", async () => {
    // This machine's own non-loopback address reaches the same server over a real socket.
    const address = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && !a.internal && a.family === "IPv4")?.address;
    expect(address, "a non-loopback IPv4 address on this machine").toBeDefined();
    seenAuthorization.length = 0;
    const client = new ClusterClient(
      { name: "lan", server: `http://${address}:${port}`, credentials: { token: "lan-token" } },
      { allowInsecure: true, retry: { maxAttempts: 1 } },
    );
    try {
      await expect(client.version()).rejects.toMatchObject({ kind: "endpointRefused", reason: "PlainHttp" });
    } finally {
      await client.close();
    }
    expect(seenAuthorization).toEqual([]);
  });
});
