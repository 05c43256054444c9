// Client address and agent for sessions, audit metadata and the sign-in limiter.
import { BlockList, isIP } from "node:net";
import { env } from "@/lib/env";

/**
 * The reverse proxies allowed to speak for the client through X-Forwarded-For, from a list of
 * addresses and CIDR ranges (`10.0.0.0/8, 192.168.1.7, fd00::/8`).
 */
export function trustedProxyList(spec: string | undefined): BlockList {
  const list = new BlockList();
  for (const entry of (spec ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [address, prefix] = entry.split("/") as [string, string | undefined];
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const version = isIP(address);
  return version !== 0 && list.check(address, version === 6 ? "ipv6" : "ipv4");
}

/**
 * The client's address from X-Forwarded-For, read from the right: each proxy appends the address it
 * received the request from, so entries are skipped only while they belong to a configured proxy;
 * the first other entry is the client. Whatever a client writes at the left of the header is never
 * believed once a trusted proxy has appended the real address after it.
 *
 * Note: Next.js fills X-Forwarded-For with the socket's address only when the request has none, so
 * without a proxy in front the rightmost entry is the socket's address or, if the client sent the
 * header itself, its own claim; deployments behind a proxy set PORTICO_TRUSTED_PROXIES.
 */
export function clientAddress(forwardedFor: string | null, trusted: BlockList): string | null {
  const hops = (forwardedFor ?? "")
    .split(",")
    .map((s) => s.trim().replace(/^::ffff:(?=\d+\.)/, ""))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) return null;
    if (i === 0 || !isTrusted(trusted, hop)) return hop;
  }
  return null;
}

let cachedList: BlockList | undefined;

export function clientInfo(req: Request): { ip: string | null; userAgent: string | null } {
  cachedList ??= trustedProxyList(env().PORTICO_TRUSTED_PROXIES);
  return {
    ip: clientAddress(req.headers.get("x-forwarded-for"), cachedList),
    userAgent: req.headers.get("user-agent")?.slice(0, 500) ?? null,
  };
}
