import { describe, expect, it } from "vitest";
import { parseResolver } from "./resolve-host";

describe("parseResolver", () => {
  it("takes an IPv4 address with an optional port, and says what to write otherwise", () => {
    expect(parseResolver("127.0.0.1:5353")).toEqual({ host: "127.0.0.1", port: 5353 });
    expect(parseResolver(" 10.0.0.2 ")).toEqual({ host: "10.0.0.2", port: 53 });
    for (const bad of ["dns.example.com:53", "10.0.0.2:0", "10.0.0.2:70000", "::1", ""])
      expect(() => parseResolver(bad)).toThrow(
        /PORTICO_DNS_RESOLVER must be an IPv4 address .* e\.g\. 10\.0\.0\.2:53/,
      );
  });
});
