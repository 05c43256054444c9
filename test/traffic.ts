// End-to-end traffic through a simulator, as Portico or a person at a shell would produce it:
// objects applied with the real kubectl, gateway addresses read from Service status, requests sent
// with the real curl and with undici from Node, over real sockets.
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, request } from "undici";
import { type ScenarioOptions } from "@/lib/sim/demo-scenario";
import { startSimulator, type Simulator } from "@/lib/sim/simulator";
import { kubectl, kubectlAvailable } from "./kubectl";

export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: string;
  json: any;
}

export interface CurlResult extends Partial<HttpReply> {
  /** curl's exit code: 0, or e.g. 35 for a failed TLS handshake. */
  exit: number;
  stderr: string;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Polls until check returns a value other than undefined; no fixed sleeps. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
    await new Promise((r) => setTimeout(r, wait));
  }
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

/** curl with the given arguments; the response head and body are parsed when there is one. */
export function curl(args: string[]): Promise<CurlResult> {
  return new Promise((resolve) => {
    execFile(
      "curl",
      ["-sS", "-i", "--http1.1", "--max-time", "10", ...args],
      { maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const exit = err ? Number((err as { code?: number }).code ?? 1) : 0;
        if (exit !== 0 || !stdout) return resolve({ exit, stderr });
        // With a proxy, curl prints the CONNECT answer first; the last head is the server's.
        const parts = stdout.split("\r\n\r\n");
        let i = 0;
        while (i + 1 < parts.length && /^HTTP\/1\.[01] 200 Connection established/i.test(parts[i]!)) i++;
        const [statusLine, ...headerLines] = parts[i]!.split("\r\n");
        const headers: Record<string, string> = {};
        for (const line of headerLines) {
          const at = line.indexOf(":");
          if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
        }
        const body = parts.slice(i + 1).join("\r\n\r\n");
        resolve({
          exit,
          stderr,
          status: Number(statusLine!.split(" ")[1]),
          headers,
          body,
          json: parseJson(body),
        });
      },
    );
  });
}

const agents = new Map<string, Agent>();

/**
 * An HTTP(S) request from Node with undici, pinned to a load balancer address: the URL names the
 * address, the Host header and SNI name the host, as a client of a DNS name pointing there would.
 */
export async function send(
  address: string,
  host: string,
  path: string,
  opts: {
    port?: number;
    tls?: boolean;
    ca?: string;
    method?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<HttpReply> {
  const tls = opts.tls ?? true;
  const port = opts.port ?? (tls ? 443 : 80);
  const key = `${tls}|${host}|${opts.ca ? "ca" : "insecure"}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({
      connect: tls
        ? { servername: host, ...(opts.ca ? { ca: opts.ca } : { rejectUnauthorized: false }) }
        : {},
    });
    agents.set(key, agent);
  }
  const r = await request(`${tls ? "https" : "http"}://${address}:${port}${path}`, {
    method: (opts.method ?? "GET") as "GET",
    headers: { host, ...(opts.headers ?? {}) },
    dispatcher: agent,
  });
  const body = await r.body.text();
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) if (v !== undefined) headers[k] = String(v);
  return { status: r.statusCode, headers, body, json: parseJson(body) };
}

export interface TrafficSim {
  sim: Simulator;
  dir: string;
  kubeconfig: string;
  /** kubectl against a cluster (context); throws with its stderr on failure. */
  kubectl(context: string, ...args: string[]): Promise<string>;
  /** kubectl apply --server-side of a YAML document (or several). */
  apply(context: string, yaml: string): Promise<string>;
  /**
   * The address of a LoadBalancer Service, read with kubectl from status.loadBalancer.ingress,
   * once it also accepts connections on port.
   */
  loadBalancer(context: string, namespace: string, service: string, port?: number): Promise<string>;
  /** The demo CA from ConfigMap istio-system/my-company-demo-ca, written to a file for curl. */
  caFile(context: string): Promise<{ path: string; pem: string }>;
  stop(): Promise<void>;
}

let applied = 0;

/**
 * One simulator with the reference scenario, a temp folder and a kubeconfig, for one test file.
 * Its shared Gateway has no routes unless `sharedRoutes` (tests apply their own, under the same
 * names); `ingress: "nginx"` starts east from an ingress-nginx controller.
 */
export async function startTrafficSim(
  clusters: string[],
  options: Pick<ScenarioOptions, "ingress" | "sharedRoutes"> = {},
): Promise<TrafficSim> {
  const k = kubectlAvailable();
  if (!k.ok)
    throw new Error(
      `the traffic tests need the real kubectl (${k.why}); run scripts/ensure-deps.sh --tests to install it`,
    );
  if (spawnSync("curl", ["--version"]).error) throw new Error("the traffic tests need curl on PATH");
  const dir = mkdtempSync(join(tmpdir(), "portico-traffic-"));
  const kubeconfig = join(dir, "kubeconfig");
  const sim = await startSimulator({
    clusters,
    kubeconfigPath: kubeconfig,
    deploymentReadyDelayMs: 20,
    scenario: { name: "reference", ...options, sharedRoutes: options.sharedRoutes ?? false },
  });
  const run = (context: string, ...args: string[]) => kubectl(kubeconfig, context, args);
  const cas = new Map<string, { path: string; pem: string }>();
  return {
    sim,
    dir,
    kubeconfig,
    kubectl: run,
    async apply(context, yaml) {
      const file = join(dir, `applied-${++applied}.yaml`);
      writeFileSync(file, yaml);
      return run(context, "apply", "--server-side", "-f", file);
    },
    async loadBalancer(context, namespace, service, port = 443) {
      const address = await until(`an address for ${context}:${namespace}/${service}`, async () => {
        const ip = await run(
          context,
          "get",
          "service",
          service,
          "-n",
          namespace,
          "-o",
          "jsonpath={.status.loadBalancer.ingress[0].ip}",
        );
        return ip.trim() || undefined;
      });
      await until(`${address}:${port} to accept connections`, async () =>
        (await canConnect(address, port)) ? true : undefined,
      );
      return address;
    },
    async caFile(context) {
      let ca = cas.get(context);
      if (!ca) {
        const pem = await run(
          context,
          "get",
          "configmap",
          "my-company-demo-ca",
          "-n",
          "istio-system",
          "-o",
          "jsonpath={.data.ca\\.crt}",
        );
        const path = join(dir, `ca-${context}.pem`);
        writeFileSync(path, pem);
        cas.set(context, (ca = { path, pem }));
      }
      return ca;
    },
    async stop() {
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A gateway Deployment (Istio gateway injection) and its LoadBalancer Service, as Portico renders them. */
export function gatewayWorkloadYaml(namespace: string, name: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  replicas: 1
  selector: {matchLabels: {istio: ${name}}}
  template:
    metadata:
      annotations: {inject.istio.io/templates: gateway}
      labels: {istio: ${name}, sidecar.istio.io/inject: "true"}
    spec:
      containers: [{name: istio-proxy, image: auto}]
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  type: LoadBalancer
  selector: {istio: ${name}}
  ports:
  - {name: http2, port: 80, targetPort: 8080}
  - {name: https, port: 443, targetPort: 8443}
`;
}

/** An echo backend Deployment and its Service (port 8080 unless told). */
export function backendYaml(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  service?: { name: string; port: number; portName: string },
): string {
  const l = Object.entries(labels)
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ");
  const deploy = `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  replicas: 1
  selector: {matchLabels: {${l}}}
  template:
    metadata: {labels: {${l}}}
    spec:
      containers: [{name: app, image: ghcr.io/portico-demo/echo:1.0}]
`;
  if (!service) return deploy;
  return `${deploy}---
apiVersion: v1
kind: Service
metadata: {name: ${service.name}, namespace: ${namespace}}
spec:
  selector: {app: ${labels.app}}
  ports: [{name: ${service.portName}, port: ${service.port}}]
`;
}
