/** How one gateway answered one call. */
export type GatewayAnswer = AnsweredCall | FailedCall;

export interface AnsweredCall {
  ok: true;
  /** `host:port` the call went to (the gateway Service's load-balancer address). */
  target: string;
  /** TLS facts; absent on plain HTTP. `verified` is false when no CA was given (or it failed to verify). */
  tls?: { verified: boolean; note?: string };
  status: number;
  /** The answering backend (`namespace/service`) where the body reveals it, e.g. an echo server. */
  upstream?: string;
  /** Compared response headers (lower case), as configured. */
  headers: Record<string, string>;
  /** SHA-256 of the compared part of the body. */
  bodyHash: string;
  /** Status, headers and body hash in one value: equal fingerprints mean equal answers. */
  fingerprint: string;
  ms: number;
}

export interface FailedCall {
  ok: false;
  target?: string;
  /** Where it failed: no address, refused by the guard, TCP connect, TLS handshake, the exchange, a timeout, the budget. */
  phase: "address" | "refused" | "connect" | "tls" | "request" | "timeout" | "budget";
  why: string;
}
