import { afterEach, describe, expect, it, vi } from "vitest";
import { parseCookies, secureCookies, sessionCookies } from "./session";

afterEach(() => vi.unstubAllEnvs());

describe("session cookies", () => {
  it("are HttpOnly for the session and readable for the CSRF token, both SameSite=Lax", () => {
    const [session, csrf] = sessionCookies({ token: "t", csrfToken: "c" }, true);
    expect(session).toBe("portico_session=t; Path=/; SameSite=Lax; HttpOnly; Secure");
    expect(csrf).toBe("portico_csrf=c; Path=/; SameSite=Lax; Secure");
  });

  it("are Secure over https, behind a TLS proxy and in production", () => {
    vi.stubEnv("NODE_ENV", "development");
    vi.stubEnv("PORTICO_PUBLIC_URL", "");
    expect(secureCookies(new Request("http://localhost:3000/"))).toBe(false);
    expect(secureCookies(new Request("https://portico.example/"))).toBe(true);
    expect(
      secureCookies(new Request("http://10.0.0.5/", { headers: { "x-forwarded-proto": "https" } })),
    ).toBe(true);
    vi.stubEnv("NODE_ENV", "production");
    expect(secureCookies(new Request("http://localhost:3000/"))).toBe(true);
    vi.stubEnv("PORTICO_PUBLIC_URL", "http://portico.lab:3000");
    expect(secureCookies(new Request("http://portico.lab:3000/"))).toBe(false);
  });

  it("parses a Cookie header, keeping the first of duplicate names and surviving bad escapes", () => {
    const cookies = parseCookies("a=1; portico_session=abc; a=2; bad=%E0%A4%A");
    expect(cookies.get("a")).toBe("1");
    expect(cookies.get("portico_session")).toBe("abc");
    expect(cookies.get("bad")).toBe("%E0%A4%A");
  });
});
