import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { arrivedOverHttps, pageContentSecurityPolicy, securityHeaders } from "./security-headers";

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values.join(" ")];
    }),
  );
}

describe("security headers", () => {
  it("pages: scripts only with the nonce, no framing, no sniffing, a referrer policy", () => {
    const headers = securityHeaders({ nonce: "abc123", https: false });
    const csp = directives(headers["content-security-policy"]!);
    expect(csp.get("script-src")).toBe("'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp.get("style-src")).toBe("'self' 'nonce-abc123'");
    expect(csp.get("frame-ancestors")).toBe("'none'");
    expect(csp.get("object-src")).toBe("'none'");
    expect(csp.get("base-uri")).toBe("'self'");
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["strict-transport-security"]).toBeUndefined();
  });

  it("sends HSTS and upgrades requests only under https", () => {
    const headers = securityHeaders({ nonce: "n", https: true });
    expect(headers["strict-transport-security"]).toMatch(/^max-age=\d{8,}/);
    expect(directives(headers["content-security-policy"]!).has("upgrade-insecure-requests")).toBe(true);
  });

  it("allows eval only for next dev", () => {
    expect(pageContentSecurityPolicy("n", { https: false })).not.toContain("unsafe-eval");
    expect(pageContentSecurityPolicy("n", { https: false, development: true })).toContain("'unsafe-eval'");
  });

  it("API answers embed nothing", () => {
    expect(securityHeaders({ https: false })["content-security-policy"]).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
  });

  it("knows https from the public URL, the request or the proxy's X-Forwarded-Proto", () => {
    expect(arrivedOverHttps(new Request("http://p.test/"), "https://portico.example")).toBe(true);
    expect(arrivedOverHttps(new Request("https://p.test/"), undefined)).toBe(true);
    const proxied = new Request("http://p.test/", { headers: { "x-forwarded-proto": "https" } });
    expect(arrivedOverHttps(proxied, undefined)).toBe(true);
    expect(arrivedOverHttps(new Request("http://p.test/"), "http://localhost:3000")).toBe(false);
  });
});

describe("proxy", () => {
  it("gives every page a fresh nonce, in the CSP Next.js reads and in the response", () => {
    const first = proxy(new NextRequest("http://portico.test/topology"));
    const second = proxy(new NextRequest("http://portico.test/topology"));
    const nonceOf = (res: Response) =>
      /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonceOf(first)).toMatch(/^[A-Za-z0-9+/]{24}$/);
    expect(nonceOf(first)).not.toBe(nonceOf(second));
    // Next.js passes the request headers it is told to override in x-middleware-request-*.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toContain(
      `'nonce-${nonceOf(first)}'`,
    );
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("puts the API policy on API answers", () => {
    const res = proxy(new NextRequest("http://portico.test/api/health"));
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it.each([
    ["/sign-in?next=/%09/evil.example", /U\+0009/],
    ["/clusters/%ff", /not UTF-8/],
    ["/requests/%00", /U\+0000/],
    ["/audit?actor=%", /two hexadecimal digits/],
  ])("refuses the page %s with 400 and says why", async (path, message) => {
    const res = proxy(new NextRequest(`http://portico.test${path}`));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(message);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("refuses an API URL with hostile bytes with the JSON error body", async () => {
    const res = proxy(new NextRequest("http://portico.test/api/requests/%00"));
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("BAD_REQUEST");
  });
});
