import { request, Agent } from "node:http";
import { type Simulator } from "./simulator";

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

const agent = new Agent({ keepAlive: true });

/** A minimal client for simulator tests over plain HTTP (start the simulator with tls: false). */
export function client(sim: Simulator, clusterName: string, token?: string) {
  const c = sim.clusters.find((x) => x.name === clusterName)!;
  const base = new URL(c.server);
  return (
    method: string,
    path: string,
    body?: unknown,
    opts: { contentType?: string; token?: string | null; raw?: string | Buffer; accept?: string } = {},
  ): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const payload =
        opts.raw ?? (body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body));
      const auth = opts.token === null ? undefined : (opts.token ?? token ?? c.token);
      const r = request(
        {
          host: base.hostname,
          port: base.port,
          method,
          path,
          agent,
          headers: {
            ...(auth ? { Authorization: `Bearer ${auth}` } : {}),
            ...(opts.accept ? { Accept: opts.accept } : {}),
            ...(payload !== undefined
              ? {
                  "Content-Type": opts.contentType ?? "application/json",
                  "Content-Length": Buffer.byteLength(payload),
                }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (d: Buffer) => chunks.push(d));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown = undefined;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
          });
        },
      );
      r.on("error", reject);
      if (payload !== undefined) r.write(payload);
      r.end();
    });
}

export function adminClient(sim: Simulator) {
  const base = new URL(sim.adminUrl);
  return (method: string, path: string, body?: unknown): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const r = request(
        {
          host: base.hostname,
          port: base.port,
          method,
          path,
          headers: {
            Authorization: `Bearer ${sim.adminToken}`,
            ...(payload
              ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (d: Buffer) => chunks.push(d));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text,
              body: text ? JSON.parse(text) : undefined,
            });
          });
        },
      );
      r.on("error", reject);
      if (payload) r.write(payload);
      r.end();
    });
}

export const APPLY = "application/apply-patch+yaml";

export function istioGateway(name: string, ns: string, host: string) {
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "Gateway",
    metadata: { name, namespace: ns, labels: { product: name } },
    spec: {
      selector: { istio: "ingressgateway" },
      servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: [host] }],
    },
  };
}
