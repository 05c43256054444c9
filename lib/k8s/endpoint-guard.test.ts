import { describe, expect, it } from "vitest";
import {
  assertEndpointAllowed,
  classifyAddress,
  EndpointRefusedError,
  guardedLookup,
  refusalFor,
} from "./endpoint-guard";

/** A DNS stand-in: the guard's resolver is injectable so tests need no network. */
const dnsOf = (table: Record<string, string[]>) => async (host: string) => {
  const found = table[host];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  return found;
};

describe("classifyAddress", () => {
  it.each([
    ["169.254.169.254", "metadata"],
    ["100.100.100.200", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["169.254.10.1", "link-local"],
    ["fe80::1", "link-local"],
    ["febf::1", "link-local"],
    ["::ffff:169.254.169.254", "metadata"],
    ["::ffff:a9fe:a9fe", "metadata"],
    ["64:ff9b::169.254.169.254", "metadata"],
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["::1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["10.0.0.1", "ok"],
    ["192.168.1.20", "ok"],
    ["2001:db8::1", "ok"],
    ["fec0::1", "ok"],
  ])("%s is %s", (ip, cls) => {
    expect(classifyAddress(ip)).toBe(cls);
  });

  it("allows loopback only when insecure clusters are allowed, metadata never", () => {
    expect(refusalFor("127.0.0.1", false)).toMatch(/PORTICO_ALLOW_INSECURE_CLUSTERS/);
    expect(refusalFor("127.0.0.1", true)).toBeUndefined();
    expect(refusalFor("169.254.169.254", true)).toMatch(/metadata/);
    expect(refusalFor("fe80::1", true)).toMatch(/link-local/);
  });
});

describe("assertEndpointAllowed", () => {
  const lookup = dnsOf({
    "api.example.com": ["10.1.2.3"],
    "evil.example.com": ["10.1.2.3", "169.254.169.254"],
    "sneaky.example.com": ["fe80::5"],
    localhost: ["127.0.0.1", "::1"],
    "v6.example.com": ["::ffff:169.254.169.254"],
  });
  const refuse = (url: string, allowInsecure = false) =>
    assertEndpointAllowed(url, { allowInsecure, lookup });

  it("accepts https endpoints on ordinary addresses and normalises the URL", async () => {
    await expect(refuse("https://api.example.com:6443/")).resolves.toBe("https://api.example.com:6443");
    await expect(refuse("https://10.0.0.1:6443")).resolves.toBe("https://10.0.0.1:6443");
    await expect(
      refuse("https://rancher.example.com/k8s/clusters/c-1".replace("rancher", "api")),
    ).resolves.toBe("https://api.example.com/k8s/clusters/c-1");
  });

  it("refuses metadata and link-local addresses however they are written", async () => {
    for (const url of [
      "https://169.254.169.254",
      "http://169.254.169.254/latest/meta-data",
      "https://[fd00:ec2::254]",
      "https://100.100.100.200",
      "https://[fe80::1]:6443",
      "https://169.254.1.1:443",
      "https://[::ffff:169.254.169.254]",
      "https://metadata.google.internal",
      "https://METADATA.google.internal.",
      // Decimal, hex and short IPv4 forms: the URL parser normalises them to 169.254.169.254.
      "https://2852039166",
      "https://0xa9.0xfe.0xa9.0xfe",
      "https://169.254.43518",
    ]) {
      await expect(refuse(url, true), url).rejects.toBeInstanceOf(EndpointRefusedError);
    }
  });

  it("resolves host names and refuses when any address is forbidden", async () => {
    await expect(refuse("https://evil.example.com")).rejects.toThrow(
      /evil.example.com resolves to 169.254.169.254 is a cloud metadata/,
    );
    await expect(refuse("https://sneaky.example.com", true)).rejects.toThrow(/link-local/);
    await expect(refuse("https://v6.example.com", true)).rejects.toThrow(/metadata/);
  });

  it("refuses loopback and plain http unless insecure clusters are allowed", async () => {
    await expect(refuse("https://127.0.0.1:6443")).rejects.toThrow(/PORTICO_ALLOW_INSECURE_CLUSTERS=1/);
    await expect(refuse("https://localhost:6443")).rejects.toThrow(/localhost resolves to 127.0.0.1/);
    await expect(refuse("http://api.example.com")).rejects.toThrow(/must use https/);
    await expect(refuse("https://[::1]:6443")).rejects.toThrow(/own address/);
    await expect(refuse("https://0.0.0.0:6443")).rejects.toThrow(/own address/);
    await expect(refuse("http://127.0.0.1:6443", true)).resolves.toBe("http://127.0.0.1:6443");
    await expect(refuse("https://localhost:6443", true)).resolves.toBe("https://localhost:6443");
  });

  it("refuses other schemes, embedded credentials, queries and unresolvable names", async () => {
    await expect(refuse("file:///etc/passwd", true)).rejects.toThrow(/must start with https/);
    await expect(refuse("ftp://api.example.com")).rejects.toThrow(/must start with https/);
    await expect(refuse("https://user:pw@api.example.com")).rejects.toThrow(/user name or password/);
    await expect(refuse("https://api.example.com/?x=1")).rejects.toThrow(/query string/);
    await expect(refuse("not a url")).rejects.toThrow(/is not a URL/);
    const err = await refuse("https://nowhere.example.com").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndpointRefusedError);
    expect((err as EndpointRefusedError).why).toBe("unresolvable");
  });
});

describe("guardedLookup (connection time)", () => {
  const lookup = (host: string, allowInsecure: boolean, all: boolean) =>
    new Promise<unknown>((resolve, reject) =>
      guardedLookup(allowInsecure)(host, { all }, (err, address) => (err ? reject(err) : resolve(address))),
    );

  it("refuses a name resolving to loopback without the insecure switch", async () => {
    await expect(lookup("localhost", false, false)).rejects.toMatchObject({
      code: "EPORTICO_ENDPOINT_REFUSED",
    });
  });

  it("answers like dns.lookup when the addresses are allowed", async () => {
    const one = await lookup("localhost", true, false);
    expect(typeof one).toBe("string");
    const all = (await lookup("localhost", true, true)) as { address: string }[];
    expect(all.length).toBeGreaterThan(0);
  });
});
