import { describe, expect, it } from "vitest";
import { oidcSettingsFromEnv, parseRoleMap, rolesFromGroups } from "./oidc";

describe("PORTICO_OIDC_ROLE_MAP", () => {
  const map = parseRoleMap(
    "portico-admins=admin,platform=platform-engineer,payments-leads=team-lead:payments,auditors=auditor",
  );

  it("parses groups to roles, with team-lead teams", () => {
    expect(map).toEqual([
      { group: "portico-admins", role: "admin" },
      { group: "platform", role: "platform_engineer" },
      { group: "payments-leads", role: "team_lead", teamSlug: "payments" },
      { group: "auditors", role: "auditor" },
    ]);
  });

  it("maps a user's groups to role bindings", () => {
    expect(rolesFromGroups(["payments-leads", "everyone", "auditors"], map)).toEqual([
      { role: "team_lead", teamSlug: "payments" },
      { role: "auditor" },
    ]);
    expect(rolesFromGroups(["everyone"], map)).toEqual([]);
  });

  it("explains malformed entries", () => {
    expect(() => parseRoleMap("admins")).toThrow(/group=role/);
    expect(() => parseRoleMap("x=root")).toThrow(/unknown role "root"/);
    expect(() => parseRoleMap("x=team-lead")).toThrow(/needs a team/);
    expect(() => parseRoleMap("x=admin:payments")).toThrow(/only team-lead/);
  });

  it("is off unless issuer, client id and redirect URL are set", () => {
    expect(oidcSettingsFromEnv({})).toBeNull();
    const s = oidcSettingsFromEnv({
      PORTICO_OIDC_ISSUER: "https://idp.example",
      PORTICO_OIDC_CLIENT_ID: "portico",
      PORTICO_OIDC_REDIRECT_URL: "https://portico.example/api/auth/oidc/callback",
    });
    expect(s?.groupsClaim).toBe("groups");
    expect(s?.roleMap).toEqual([]);
  });
});
