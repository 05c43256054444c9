import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Principal } from "@/lib/auth/principal";

vi.mock("server-only", () => ({}));
const current = vi.hoisted(() => ({ user: null as Principal | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => current.user }));

const { action } = await import("./action");

const auditor: Principal = {
  id: "u1",
  email: "a@test",
  name: "a",
  via: "session",
  bindings: [{ id: "b1", role: "auditor", teamId: null, teamSlug: null, productSlugs: [] }],
};

const rename = action(
  "cluster:write",
  z.object({ name: z.string().min(1, "Name the cluster.") }),
  async (input) => `renamed ${input.name}`,
);
const readOnly = action(
  "cluster:read",
  z.object({ name: z.string() }),
  async (input, { user }) => `${user.email} read ${input.name}`,
);

describe("action()", () => {
  beforeEach(() => {
    current.user = auditor;
  });

  it("refuses anonymous callers", async () => {
    current.user = null;
    expect(await readOnly({ name: "east" })).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
  });

  it("enforces the permission before parsing input", async () => {
    expect(await rename({ name: "" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
  });

  it("returns zod errors as field issues", async () => {
    current.user = { ...auditor, bindings: [{ ...auditor.bindings[0]!, role: "platform_engineer" }] };
    expect(await rename({ name: "" })).toEqual({
      ok: false,
      error: {
        code: "BAD_REQUEST",
        message: "Invalid form: name: Name the cluster.",
        details: { issues: [{ path: "name", message: "Name the cluster." }] },
      },
    });
    expect(await rename({ name: "east" })).toEqual({ ok: true, data: "renamed east" });
  });

  it("passes the user to the function", async () => {
    expect(await readOnly({ name: "east" })).toEqual({ ok: true, data: "a@test read east" });
  });
});
