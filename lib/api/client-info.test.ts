import { describe, expect, it } from "vitest";
import { clientAddress, trustedProxyList } from "./client-info";

describe("clientAddress", () => {
  const proxies = trustedProxyList("10.0.0.0/8, 192.168.1.7, fd00::/8");

  it.each([
    ["no header", null, proxies, null],
    ["direct, no proxies configured", "203.0.113.9", trustedProxyList(undefined), "203.0.113.9"],
    ["a forged left entry before the proxy's own", "1.1.1.1, 203.0.113.9, 10.1.2.3", proxies, "203.0.113.9"],
    ["two trusted hops", "203.0.113.9, 192.168.1.7, 10.0.0.2", proxies, "203.0.113.9"],
    ["IPv6 proxy", "2001:db8::5, fd00::1", proxies, "2001:db8::5"],
    ["only trusted hops", "10.0.0.3, 10.0.0.2", proxies, "10.0.0.3"],
    ["an untrusted appender is the client", "1.1.1.1, 198.51.100.4", proxies, "198.51.100.4"],
    ["garbage from the right", "203.0.113.9, not-an-ip", proxies, null],
    ["IPv4-mapped IPv6", "::ffff:203.0.113.9", proxies, "203.0.113.9"],
  ])("%s", (_, header, list, expected) => {
    expect(clientAddress(header, list)).toBe(expected);
  });

  it("without configured proxies, never believes an entry left of the last one", () => {
    expect(clientAddress("6.6.6.6, 10.0.0.2", trustedProxyList(""))).toBe("10.0.0.2");
  });
});
