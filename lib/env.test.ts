import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("environment", () => {
  it("has working defaults for a local install", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.PORTICO_ALLOW_INSECURE_CLUSTERS).toBe(false);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("names each bad variable and how to fix it", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x", PORT: "abc" })).toThrow(
      /DATABASE_URL: must start with postgresql:\/\/[\s\S]*PORT:/,
    );
    expect(() => parseEnv({ PORTICO_OIDC_ISSUER: "https://idp.example" })).toThrow(
      /set PORTICO_OIDC_ISSUER, PORTICO_OIDC_CLIENT_ID/,
    );
    expect(() => parseEnv({ PORTICO_ADMIN_EMAIL: "a@b.io" })).toThrow(/must be set together/);
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
  });
});
