// Guard against server-side request forgery through cluster endpoints. Whoever registers a cluster
// chooses a URL the Portico server will call with credentials attached, so the URL must not reach
// the cloud metadata service (which hands out the server's own cloud credentials) or other
// link-local services, and must not reach the Portico host itself unless explicitly allowed.
//
// The check runs twice: when a cluster is registered (clear message for the person), and on every
// connection through `guardedLookup` (so a host name re-pointed at a forbidden address after
// registration, i.e. DNS rebinding, is refused too).
import dns from "node:dns";
import net from "node:net";

export class EndpointRefusedError extends Error {
  constructor(
    message: string,
    /** "unresolvable": DNS gave no answer, which may pass; "refused": the address is forbidden. */
    readonly why: "refused" | "unresolvable" = "refused",
  ) {
    super(message);
    this.name = "EndpointRefusedError";
  }
}

export type EndpointGuardOptions = {
  /** Loopback addresses and plain http (simulated clusters, local development). */
  allowInsecure?: boolean;
  /** DNS resolution; injectable for tests. Returns every address of the name. */
  lookup?: (hostname: string) => Promise<string[]>;
};

/** PORTICO_ALLOW_INSECURE_CLUSTERS=1 (or true): the switch for simulated and local clusters. */
export function insecureClustersAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.PORTICO_ALLOW_INSECURE_CLUSTERS;
  return v === "1" || v === "true";
}

/** Names of metadata services that resolve only inside a cloud; refused before any DNS lookup. */
const METADATA_HOSTS = new Set([
  "metadata.google.internal",
  "metadata",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
]);

/** Metadata service addresses (AWS/GCP/Azure/OpenStack, AWS IPv6, Alibaba Cloud). */
const METADATA_ADDRESSES = new Set(["169.254.169.254", "fd00:ec2:0:0:0:0:0:254", "100.100.100.200"]);

function ipv4ToInt(ip: string): number {
  return ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

/** Eight 16-bit groups of an IPv6 address (handles `::` and a trailing dotted IPv4 part). */
function ipv6Groups(ip: string): number[] {
  let addr = ip.split("%")[0]!.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(addr);
  if (dotted) {
    const n = ipv4ToInt(dotted[1]!);
    addr = addr.slice(0, -dotted[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = addr.split("::") as [string, string | undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : new Array(8 - h.length - t.length).fill("0");
  return [...h, ...fill, ...t].map((g) => parseInt(g || "0", 16));
}

/**
 * The IPv4 address an IPv6 address stands for, if any: IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible
 * (`::a.b.c.d`) and NAT64 (`64:ff9b::a.b.c.d`) forms all reach the IPv4 host.
 */
function embeddedIpv4(groups: number[]): string | undefined {
  const prefix = groups.slice(0, 6);
  const zeros = prefix.slice(0, 5).every((g) => g === 0);
  const mapped = zeros && (prefix[5] === 0xffff || prefix[5] === 0);
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0);
  if (!mapped && !nat64) return undefined;
  const hi = groups[6]!;
  const lo = groups[7]!;
  if (mapped && prefix[5] === 0 && hi === 0) return undefined; // `::` and `::1` are not IPv4.
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join(".");
}

export type AddressClass = "metadata" | "link-local" | "loopback" | "unspecified" | "ok";

/** What an IP address is, for the guard. */
export function classifyAddress(ip: string): AddressClass {
  const family = net.isIP(ip.split("%")[0]!);
  if (family === 4) {
    if (METADATA_ADDRESSES.has(ip)) return "metadata";
    const n = ipv4ToInt(ip);
    if (n >>> 16 === (169 << 8) + 254) return "link-local"; // 169.254.0.0/16
    if (n >>> 24 === 127) return "loopback"; // 127.0.0.0/8
    if (n >>> 24 === 0) return "unspecified"; // 0.0.0.0/8 reaches the local host
    return "ok";
  }
  if (family === 6) {
    const groups = ipv6Groups(ip);
    const v4 = embeddedIpv4(groups);
    if (v4) return classifyAddress(v4);
    const canonical = groups.map((g) => g.toString(16)).join(":");
    if (METADATA_ADDRESSES.has(canonical)) return "metadata";
    if ((groups[0]! & 0xffc0) === 0xfe80) return "link-local"; // fe80::/10
    if (groups.every((g, i) => g === (i === 7 ? 1 : 0))) return "loopback"; // ::1
    if (groups.every((g) => g === 0)) return "unspecified"; // ::
    return "ok";
  }
  throw new EndpointRefusedError(`"${ip}" is not an IP address.`);
}

/** Why an address is refused under the given options, or undefined when it may be called. */
export function refusalFor(ip: string, allowInsecure: boolean): string | undefined {
  switch (classifyAddress(ip)) {
    case "metadata":
      return `${ip} is a cloud metadata service address; Portico never calls it`;
    case "link-local":
      return `${ip} is a link-local address; Portico never calls link-local addresses`;
    case "loopback":
    case "unspecified":
      return allowInsecure
        ? undefined
        : `${ip} is this server's own address; loopback endpoints are allowed only with PORTICO_ALLOW_INSECURE_CLUSTERS=1 (simulated clusters)`;
    case "ok":
      return undefined;
  }
}

async function systemLookup(hostname: string): Promise<string[]> {
  const found = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => a.address);
}

function bareHost(url: URL): string {
  // URL keeps IPv6 literals in brackets and may keep a trailing dot on names.
  return url.hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
}

/**
 * Parses and checks a cluster API server URL: scheme, no embedded credentials, and every address the
 * host resolves to. Returns the normalised URL (no trailing slash). Throws EndpointRefusedError with
 * a message meant for the person registering the cluster.
 */
export async function assertEndpointAllowed(
  server: string,
  options: EndpointGuardOptions = {},
): Promise<string> {
  const allowInsecure = options.allowInsecure ?? insecureClustersAllowed();
  let url: URL;
  try {
    url = new URL(server.trim());
  } catch {
    throw new EndpointRefusedError(
      `"${server.slice(0, 200)}" is not a URL; give the API server address, e.g. https://10.0.0.1:6443.`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new EndpointRefusedError(`The API server URL must start with https:// (got ${url.protocol}).`);
  }
  if (url.protocol === "http:" && !allowInsecure) {
    throw new EndpointRefusedError(
      "The API server URL must use https://; plain http is allowed only with PORTICO_ALLOW_INSECURE_CLUSTERS=1 (simulated clusters).",
    );
  }
  if (url.username || url.password) {
    throw new EndpointRefusedError(
      "The API server URL must not contain a user name or password; give credentials separately.",
    );
  }
  if (url.search || url.hash) {
    throw new EndpointRefusedError("The API server URL must not contain a query string or fragment.");
  }
  await allowedAddresses(bareHost(url), { ...options, allowInsecure });
  return url.toString().replace(/\/+$/, "");
}

/**
 * Every address a host name (or IP literal) stands for, when all of them may be called; throws
 * EndpointRefusedError otherwise. Callers that connect to an address they did not choose (a load
 * balancer's address read from a cluster) pin the connection to these addresses, so no later
 * lookup can point it elsewhere.
 */
export async function allowedAddresses(
  hostname: string,
  options: EndpointGuardOptions = {},
): Promise<string[]> {
  const allowInsecure = options.allowInsecure ?? insecureClustersAllowed();
  const host = hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  if (METADATA_HOSTS.has(host)) {
    throw new EndpointRefusedError(`${host} is a cloud metadata service; Portico never calls it.`);
  }
  let addresses: string[];
  if (net.isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = await (options.lookup ?? systemLookup)(host);
    } catch (err) {
      throw new EndpointRefusedError(
        `The host name ${host} could not be resolved (${(err as Error).message}).`,
        "unresolvable",
      );
    }
    if (addresses.length === 0)
      throw new EndpointRefusedError(`The host name ${host} has no address.`, "unresolvable");
  }
  for (const address of addresses) {
    const why = refusalFor(address, allowInsecure);
    if (why)
      throw new EndpointRefusedError(
        net.isIP(host) ? `Refused: ${why}.` : `Refused: ${host} resolves to ${why}.`,
      );
  }
  return addresses;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for net/tls.connect that refuses forbidden addresses at connection time. Host names
 * that are IP literals never reach a lookup function, which is why assertEndpointAllowed also checks
 * literals before any request.
 */
export function guardedLookup(allowInsecure: boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      for (const a of addresses) {
        const why = refusalFor(a.address, allowInsecure);
        if (why) {
          const refused: NodeJS.ErrnoException = new EndpointRefusedError(
            `Refused: ${hostname} resolves to ${why}.`,
          );
          refused.code = "EPORTICO_ENDPOINT_REFUSED";
          return callback(refused, []);
        }
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
      callback(null, first.address, first.family);
    });
  };
}
