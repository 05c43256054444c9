import { describe, expect, it } from "vitest";
import { can, parseRole, PERMISSIONS, permissionsOf, type RoleHolder } from "./permissions";

const lead: RoleHolder = {
  bindings: [{ role: "team_lead", teamId: "t-payments", productSlugs: ["payments"] }],
};
const auditor: RoleHolder = { bindings: [{ role: "auditor", teamId: null }] };
const admin: RoleHolder = { bindings: [{ role: "admin", teamId: null }] };
const engineer: RoleHolder = { bindings: [{ role: "platform_engineer", teamId: null }] };

describe("can", () => {
  it("gives admin every permission", () => {
    for (const p of PERMISSIONS) expect(can(admin, p)).toBe(true);
  });

  it("gives auditors every read and nothing that changes domain state", () => {
    for (const p of PERMISSIONS) {
      const isRead = p.endsWith(":read") || p === "audit:export";
      if (p === "token:manage-own") continue;
      expect(can(auditor, p), p).toBe(isRead);
    }
  });

  it("keeps user and settings management from platform engineers", () => {
    expect(can(engineer, "user:manage")).toBe(false);
    expect(can(engineer, "settings:write")).toBe(false);
    expect(can(engineer, "sync:apply")).toBe(true);
  });

  it("scopes team leads to their own team and products", () => {
    expect(can(lead, "request:create")).toBe(true);
    expect(can(lead, "request:create", { teamId: "t-payments" })).toBe(true);
    expect(can(lead, "request:create", { teamId: "t-analytics" })).toBe(false);
    expect(can(lead, "topology:read", { productSlug: "payments" })).toBe(true);
    expect(can(lead, "topology:read", { productSlug: "analytics" })).toBe(false);
    expect(can(lead, "request:review")).toBe(false);
    expect(can(lead, "audit:read")).toBe(false);
    expect(can(lead, "cluster:read")).toBe(false);
  });

  it("does not let a team lead without a team act on team permissions", () => {
    expect(can({ bindings: [{ role: "team_lead", teamId: null }] }, "request:create")).toBe(false);
  });

  it("refuses callers without bindings", () => {
    expect(can(null, "profile:read")).toBe(false);
    expect(can({ bindings: [] }, "profile:read")).toBe(false);
  });
});

describe("roles", () => {
  it("parses the public role names", () => {
    expect(parseRole("platform-engineer")).toBe("platform_engineer");
    expect(parseRole("Team-Lead")).toBe("team_lead");
    expect(parseRole("root")).toBeUndefined();
  });

  it("lists a role's permissions", () => {
    expect(permissionsOf("team_lead")).toEqual([
      "profile:read",
      "token:manage-own",
      "topology:read",
      "request:read",
      "request:create",
    ]);
  });
});
