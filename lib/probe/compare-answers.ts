import type { AnsweredCall, GatewayAnswer } from "./gateway-answer";

export type Verdict = "same" | "differs" | "failed";

export interface CallVerdict {
  verdict: Verdict;
  /** Why it differs or failed, in a sentence. */
  why?: string;
}

function show(a: AnsweredCall): string {
  return `${a.status}${a.upstream ? ` from ${a.upstream}` : ""}`;
}

/**
 * The verdict for one call class in one cluster, the shared gateway's answer being the reference.
 *
 * Note: a 5xx from the product gateway is a failure even when the shared gateway answers the same
 * 5xx. Both answering 503 because the backend has no ready endpoints is "equal", but it proves
 * nothing about the product gateway, and a gate that passes on it would let DNS move onto a
 * product nobody has seen answer. So: product 5xx → failed; shared 5xx while the product answers
 * → differs (the product gateway does better, still worth a look).
 */
export function compareAnswers(shared: GatewayAnswer, product: GatewayAnswer): CallVerdict {
  if (!product.ok) return { verdict: "failed", why: `product gateway: ${product.why}` };
  if (!shared.ok)
    return { verdict: "failed", why: `shared gateway: ${shared.why} (no reference answer to compare with)` };
  if (product.status >= 500) {
    return {
      verdict: "failed",
      why:
        shared.status >= 500
          ? `both gateways answer ${show(shared)} / ${show(product)}: the backend is not serving, so nothing shows the product gateway serves this call`
          : `product gateway answers ${show(product)} where the shared gateway answers ${show(shared)}`,
    };
  }
  if (shared.status >= 500)
    return {
      verdict: "differs",
      why: `shared gateway answers ${show(shared)}, product gateway ${show(product)}`,
    };
  if (shared.fingerprint === product.fingerprint) return { verdict: "same" };
  if (shared.status !== product.status)
    return {
      verdict: "differs",
      why: `status ${shared.status} on the shared gateway, ${product.status} on the product gateway`,
    };
  if (shared.upstream !== product.upstream)
    return {
      verdict: "differs",
      why: `answered by ${product.upstream ?? "an unknown backend"} instead of ${shared.upstream ?? "an unknown backend"}`,
    };
  const header = Object.keys({ ...shared.headers, ...product.headers }).find(
    (h) => shared.headers[h] !== product.headers[h],
  );
  if (header)
    return {
      verdict: "differs",
      why: `header ${header}: "${shared.headers[header] ?? "(absent)"}" vs "${product.headers[header] ?? "(absent)"}"`,
    };
  return { verdict: "differs", why: "same status, different body" };
}
