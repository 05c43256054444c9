import { type KObject } from "../json";

/** Who answered: the identity an echo backend reports, so probes can tell which backend served. */
export interface EchoIdentity {
  cluster: string;
  zone: string;
  namespace: string;
  service: string;
  pod: string;
  labels: Record<string, string>;
}

export interface EchoReply {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Milliseconds the backend waits before answering. */
  delayMs: number;
}

/**
 * A backend pod's answer: a JSON echo of what it received. Two request headers let a test ask the
 * backend to misbehave, as httpbin's /status and /delay do: `x-portico-echo-status: 503` and
 * `x-portico-echo-delay-ms: 1500`. A Deployment annotation `sim.portico.dev/error-rate: "0.25"`
 * makes a quarter of its answers 503, for error-rate gates.
 */
export function echo(
  id: EchoIdentity,
  req: { method: string; path: string; host: string; headers: Record<string, string> },
  deployment: KObject | undefined,
  random: () => number = Math.random,
): EchoReply {
  let status = 200;
  const asked = Number(req.headers["x-portico-echo-status"]);
  if (Number.isInteger(asked) && asked >= 200 && asked <= 599) status = asked;
  const rate = Number(deployment?.metadata?.annotations?.["sim.portico.dev/error-rate"]);
  if (Number.isFinite(rate) && rate > 0 && random() < rate) status = 503;
  const delay = Number(req.headers["x-portico-echo-delay-ms"]);
  const body = JSON.stringify({
    cluster: id.cluster,
    zone: id.zone,
    namespace: id.namespace,
    service: id.service,
    pod: id.pod,
    labels: id.labels,
    method: req.method,
    path: req.path,
    host: req.host,
    headers: req.headers,
  });
  return {
    status,
    headers: { "content-type": "application/json", "x-portico-echo-pod": id.pod },
    body,
    delayMs: Number.isFinite(delay) && delay > 0 ? Math.min(delay, 60_000) : 0,
  };
}
