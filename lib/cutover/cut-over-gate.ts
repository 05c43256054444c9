// Whether the shared gateway may stop serving a product's hosts (step 1's cut-over): DNS must send
// every client to the product gateway (published by Portico at 100 %, and, where a resolver is set,
// observed so), and the shared gateway must have served no request for the product over the drain
// window. Removing the hosts earlier answers 404 to every client still resolving to the shared
// gateway, so a check that cannot observe its fact fails rather than passes. Pure: the caller reads
// DNS and Prometheus (read-cut-over-gate.ts) and stores the evidence.
import type { DrainStatus } from "@/lib/traffic/drain-status";
import { judgeGate, type GateCheck, type GateVerdict } from "./stage-gate";

/** What DNS says about one host of the product. */
export interface HostDnsFact {
  host: string;
  /** Share Portico publishes to the product gateway (products[].dns); null when Portico does not publish it. */
  publishedPercent: number | null;
  /** Share of the resolver's answers that point at the product gateway; null when not observed. */
  observedPercent: number | null;
  /** How many answers the observed share is taken from. */
  observedAnswers?: number;
  /** Why the host was not observed (no resolver, wildcard, no answer). */
  observedWhy?: string;
}

/** The drain figures the gate needs (a DrainStatus carries them). */
export type DrainFact = Pick<DrainStatus, "verdict" | "reason" | "windowSeconds">;

export function dnsCheck(hosts: readonly HostDnsFact[]): GateCheck {
  if (hosts.length === 0)
    return { check: "dns", pass: false, detail: "the product declares no host whose DNS could be checked" };
  const problems: string[] = [];
  const facts: string[] = [];
  for (const h of hosts) {
    if (h.publishedPercent !== null && h.publishedPercent < 100)
      problems.push(
        `Portico publishes ${h.publishedPercent} % of ${h.host} to the product gateway: finish the DNS stages (100 %) first`,
      );
    if (h.observedPercent !== null && h.observedPercent < 100)
      problems.push(
        `the resolver sent ${100 - h.observedPercent} % of ${h.observedAnswers ?? "its"} answers for ${h.host} elsewhere than the product gateway`,
      );
    if (h.publishedPercent === null && h.observedPercent === null)
      problems.push(
        `DNS for ${h.host} is neither published by Portico nor observed (${h.observedWhy ?? "no resolver"}): set PORTICO_DNS_RESOLVER, or move it with DNS stages`,
      );
    const published =
      h.publishedPercent === null ? "not published by Portico" : `published ${h.publishedPercent} %`;
    const observed =
      h.observedPercent === null
        ? `not observed (${h.observedWhy ?? "no resolver"})`
        : `observed ${h.observedPercent} % of ${h.observedAnswers ?? "?"} answers`;
    facts.push(`${h.host}: ${published}, ${observed}`);
  }
  return problems.length
    ? { check: "dns", pass: false, detail: problems.join("; ") }
    : {
        check: "dns",
        pass: true,
        detail: `every client is sent to the product gateway (${facts.join("; ")})`,
      };
}

export function drainCheck(drain: DrainFact): GateCheck {
  if (drain.verdict === "drained")
    return {
      check: "drain",
      pass: true,
      detail: `the shared gateway served no request for the product in the last ${drain.windowSeconds} s`,
    };
  if (drain.verdict === "unknown")
    return { check: "drain", pass: false, detail: `drain not observed: ${drain.reason}` };
  return { check: "drain", pass: false, detail: drain.reason };
}

/** The verdict on a cut-over: passed, held (409 with the checks) or overridden with a reason. */
export function cutOverGate(input: {
  dns: readonly HostDnsFact[];
  drain: DrainFact;
  override?: { reason: string };
  actor: unknown;
}): GateVerdict {
  return judgeGate({
    what: "cut-over",
    checks: [dnsCheck(input.dns), drainCheck(input.drain)],
    override: input.override,
    actor: input.actor,
  });
}

/**
 * The contract check's broken calls that the cut-over itself explains: calls of the product's hosts
 * arriving at a shared gateway that, after the change, answers them with nothing (404 "for clients
 * not yet switched"). They break only for clients that DNS still sends there, which is exactly what
 * the gate observes; any other broken call stays a blocker.
 */
export function splitCutOverBreaks<B extends { entry: string; host: string; after: readonly string[] }>(
  broken: readonly B[],
  opts: { sharedGateways: readonly string[]; hosts: readonly string[] },
): { moved: B[]; unexplained: B[] } {
  const moved: B[] = [];
  const unexplained: B[] = [];
  for (const b of broken)
    (opts.sharedGateways.includes(b.entry) && opts.hosts.includes(b.host) && b.after.length === 0
      ? moved
      : unexplained
    ).push(b);
  return { moved, unexplained };
}
