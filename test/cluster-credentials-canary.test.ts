// Credentials canary: a cluster registered (and rotated) with tokens that are easy to search for
// goes through every cluster endpoint, and the tokens must never appear in a response body, in the
// stored checkReport, in the audit log or in anything written to stdout/stderr at the most verbose
// log level.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { stringify } from "yaml";
import { prisma } from "@/lib/db/client";
import { ADMIN_RULES } from "@/lib/sim/access";
import { startSimulator, type Simulator } from "@/lib/sim";
import { callRoute, createUser, sessionHeaders } from "./helpers/auth-fixtures";
import { captureOutput } from "./helpers/capture-output";

vi.hoisted(() => {
  // Before any logger is created: log everything, and allow the simulator's loopback endpoints.
  process.env.PORTICO_LOG_LEVEL = "trace";
  process.env.PORTICO_ALLOW_INSECURE_CLUSTERS = "1";
});

let output: ReturnType<typeof captureOutput>;

let sim: Simulator;
const canary = {
  kubeconfig: `canary-kc-${randomUUID()}`,
  endpoint: `canary-ep-${randomUUID()}`,
  rotated: `canary-rot-${randomUUID()}`,
  wrong: `canary-wrong-${randomUUID()}`,
  invalid: `canary-invalid-${randomUUID()}`,
};
const bodies: string[] = [];
let headers: Record<string, string>;

async function call(
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  opts: { params?: Record<string, string>; body?: unknown } = {},
) {
  const res = await callRoute(method, path, { ...opts, headers });
  const text = await res.text();
  bodies.push(text);
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, any>) : null };
}

beforeAll(async () => {
  sim = await startSimulator({ clusters: ["canary-east=us-east-1a"], deploymentReadyDelayMs: 10 });
  for (const token of [canary.kubeconfig, canary.endpoint, canary.rotated]) {
    sim.addToken("canary-east", { user: "portico", rules: ADMIN_RULES, token });
  }
  const admin = await createUser([{ role: "admin" }]);
  headers = await sessionHeaders(admin.id);
  output = captureOutput();
});
afterAll(async () => {
  output.restore();
  await sim.stop();
});

describe("cluster credentials never leave the server", () => {
  it("walks every cluster endpoint with canary tokens", async () => {
    const east = sim.clusters[0]!;
    const kubeconfig = stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [
        {
          name: "east",
          cluster: {
            server: east.server,
            "certificate-authority-data": Buffer.from(east.ca!).toString("base64"),
          },
        },
      ],
      users: [{ name: "portico", user: { token: canary.kubeconfig } }],
      contexts: [{ name: "canary-east", context: { cluster: "east", user: "portico" } }],
      "current-context": "canary-east",
    });
    const fromKubeconfig = `canary-kc-${randomUUID().slice(0, 6)}`;
    const fromEndpoint = `canary-ep-${randomUUID().slice(0, 6)}`;

    const contexts = await call("POST", "/api/clusters/kubeconfig-contexts", { body: { kubeconfig } });
    expect(contexts.status).toBe(200);
    expect(contexts.json!.contexts[0]).toMatchObject({ name: "canary-east", auth: "token", usable: true });

    const registered = await call("POST", "/api/clusters", {
      body: { kubeconfig, context: "canary-east", name: fromKubeconfig },
    });
    expect(registered.status).toBe(201);
    expect(registered.json!.cluster).toMatchObject({ name: fromKubeconfig, status: "unknown" });

    const byEndpoint = await call("POST", "/api/clusters", {
      body: {
        name: fromEndpoint,
        server: east.server,
        caData: east.ca,
        token: canary.endpoint,
        region: "us-east-1",
      },
    });
    expect(byEndpoint.status).toBe(201);

    const invalid = await call("POST", "/api/clusters", {
      body: { name: "Not Valid", server: east.server, token: canary.invalid },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json!.error.message).toMatch(/name/);

    const list = await call("GET", "/api/clusters");
    expect(list.json!.clusters.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining([fromKubeconfig, fromEndpoint]),
    );

    const tested = await call("POST", "/api/clusters/[name]/test", { params: { name: fromKubeconfig } });
    expect(tested.status).toBe(200);
    expect(tested.json!.report.items.find((i: { id: string }) => i.id === "reachable").status).toBe("ok");
    expect(tested.json!.cluster.status).toBe("reachable");

    const one = await call("GET", "/api/clusters/[name]", { params: { name: fromKubeconfig } });
    expect(one.json!.cluster.checkReport.items.length).toBeGreaterThan(3);

    const patched = await call("PATCH", "/api/clusters/[name]", {
      params: { name: fromEndpoint },
      body: { zone: "us-east-1a", production: true },
    });
    expect(patched.json!.cluster).toMatchObject({ zone: "us-east-1a", production: true });

    const wrong = await call("POST", "/api/clusters/[name]/credentials", {
      params: { name: fromEndpoint },
      body: { token: canary.wrong },
    });
    expect(wrong.status).toBe(422);
    const rotated = await call("POST", "/api/clusters/[name]/credentials", {
      params: { name: fromEndpoint },
      body: { token: canary.rotated },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.json!.cluster.status).toBe("reachable");

    const missing = await call("POST", "/api/clusters/[name]/test", { params: { name: "no-such-cluster" } });
    expect(missing.status).toBe(404);

    const deleted = await call("DELETE", "/api/clusters/[name]", { params: { name: fromEndpoint } });
    expect(deleted.status).toBe(204);

    // Nothing of any canary anywhere a person or a log reader could see.
    const stored = await prisma.cluster.findMany({
      where: { name: { in: [fromKubeconfig, fromEndpoint] } },
      select: { checkReport: true, statusMessage: true, contactError: true },
    });
    const audits = await prisma.auditEvent.findMany({
      where: { clusterName: { in: [fromKubeconfig, fromEndpoint] } },
    });
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "cluster.register",
        "cluster.test",
        "cluster.update",
        "cluster.credentials.rotate",
        "cluster.delete",
      ]),
    );
    const visible = [
      ...bodies,
      JSON.stringify(stored),
      JSON.stringify(audits.map((a) => ({ ...a, id: String(a.id) }))),
      output.text(),
    ].join("\n");
    expect(output.text()).toMatch(/request refused/); // the capture works: the 400 above was logged
    for (const token of Object.values(canary)) expect(visible).not.toContain(token);
    expect(visible).not.toMatch(/canary-(kc|ep|rot|wrong|invalid)-[0-9a-f]{8}-/);
  });
});
