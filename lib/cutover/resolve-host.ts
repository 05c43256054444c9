// Asks a DNS resolver what it answers for a host, several times, over UDP: what clients are sent to
// now, as an observed fact (weighted records answer differently from one query to the next).
import { randomInt } from "node:crypto";
import { createSocket } from "node:dgram";
import { isIP } from "node:net";
import { decode, encode, type Packet } from "dns-packet";

/** `host:port` of a resolver, from PORTICO_DNS_RESOLVER; the port defaults to 53. */
export interface ResolverAddress {
  host: string;
  port: number;
}

/** Parses `127.0.0.1:5353` or `10.0.0.2`; throws with what to write instead. */
export function parseResolver(value: string): ResolverAddress {
  const m = /^([^:\s]+)(?::(\d{1,5}))?$/.exec(value.trim());
  const port = m?.[2] === undefined ? 53 : Number(m[2]);
  if (!m || isIP(m[1]!) !== 4 || port < 1 || port > 65535)
    throw new Error(
      `PORTICO_DNS_RESOLVER must be an IPv4 address with an optional port, e.g. 10.0.0.2:53; got "${value}".`,
    );
  return { host: m[1]!, port };
}

/** One distinct answer and how many of the samples gave it. */
export interface ObservedAnswer {
  /** A record addresses, sorted; a CNAME chain's names come first as `CNAME <name>`. */
  answer: string[];
  count: number;
}

export interface HostObservation {
  host: string;
  samples: number;
  answers: ObservedAnswer[];
  /** Queries that got NXDOMAIN, another error code, or no answer in time. */
  failures: Array<{ why: string; count: number }>;
}

function queryOnce(resolver: ResolverAddress, host: string, timeoutMs: number): Promise<Packet> {
  const id = randomInt(0, 65536);
  const socket = createSocket("udp4");
  return new Promise<Packet>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no answer from ${resolver.host}:${resolver.port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on("message", (msg) => {
      let p: Packet;
      try {
        p = decode(msg);
      } catch {
        return; // not DNS: keep waiting for the real answer
      }
      if (p.id !== id) return;
      clearTimeout(timer);
      socket.close();
      resolve(p);
    });
    socket.on("error", (err) => {
      clearTimeout(timer);
      socket.close();
      reject(err);
    });
    const q = encode({ type: "query", id, flags: 1 << 8, questions: [{ type: "A", name: host }] });
    socket.send(q, resolver.port, resolver.host);
  });
}

const RCODES: Record<number, string> = { 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 5: "REFUSED" };

/**
 * Resolves `host` (type A) `samples` times, one query after another, and counts the distinct
 * answers. Never throws for a failed query; it is counted with why.
 */
export async function observeHost(
  resolver: ResolverAddress,
  host: string,
  samples: number,
  timeoutMs = 2_000,
): Promise<HostObservation> {
  const answers = new Map<string, ObservedAnswer>();
  const failures = new Map<string, number>();
  for (let i = 0; i < samples; i++) {
    try {
      const p = await queryOnce(resolver, host, timeoutMs);
      const rcode = (p.flags ?? 0) & 0xf;
      if (rcode !== 0) {
        const why = RCODES[rcode] ?? `rcode ${rcode}`;
        failures.set(why, (failures.get(why) ?? 0) + 1);
        continue;
      }
      const records = (p.answers ?? []).flatMap((a) =>
        a.type === "A" || a.type === "CNAME" ? [{ type: a.type, data: String(a.data) }] : [],
      );
      const cnames = records.filter((a) => a.type === "CNAME").map((a) => `CNAME ${a.data}`);
      const as = records
        .filter((a) => a.type === "A")
        .map((a) => a.data)
        .sort();
      const answer = [...cnames, ...as];
      if (answer.length === 0) {
        failures.set("no A record", (failures.get("no A record") ?? 0) + 1);
        continue;
      }
      const key = answer.join(",");
      const seen = answers.get(key) ?? { answer, count: 0 };
      seen.count++;
      answers.set(key, seen);
    } catch (err) {
      const why = (err as Error).message;
      failures.set(why, (failures.get(why) ?? 0) + 1);
    }
  }
  return {
    host,
    samples,
    answers: [...answers.values()].sort((a, b) => b.count - a.count),
    failures: [...failures].map(([why, count]) => ({ why, count })),
  };
}
