import { describe, expect, it } from "vitest";
import { exampleContext } from "./test-context";
import { renderServiceAccount } from "./render-service-account";
import { renderRole } from "./render-role";
import { renderRoleBinding } from "./render-role-binding";

describe("gateway identity", () => {
  it("renders a ServiceAccount named after the gateway", () => {
    const { ctx, gw } = exampleContext("01-payments-gateway");
    expect(renderServiceAccount(ctx, gw("payments-gateway")).metadata).toMatchObject({
      name: "payments-gateway",
      namespace: "payments",
    });
  });

  it("grants read access to secrets in the gateway namespace only (SDS)", () => {
    const { ctx, gw } = exampleContext("01-payments-gateway");
    const role = renderRole(ctx, gw("analytics-gateway")) as any;
    expect(role.metadata).toMatchObject({ name: "analytics-gateway-sds", namespace: "analytics-gateway" });
    expect(role.rules).toEqual([
      { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] },
    ]);
    const rb = renderRoleBinding(ctx, gw("analytics-gateway")) as any;
    expect(rb.roleRef).toEqual({
      apiGroup: "rbac.authorization.k8s.io",
      kind: "Role",
      name: "analytics-gateway-sds",
    });
    expect(rb.subjects).toEqual([
      { kind: "ServiceAccount", name: "analytics-gateway", namespace: "analytics-gateway" },
    ]);
  });
});
