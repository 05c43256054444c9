import { describe, expect, it } from "vitest";
import { RESOURCES } from "./resources";
import { humanDuration, toTable, wantsTable } from "./table";

describe("server-side printing", () => {
  it("recognises kubectl's Accept header", () => {
    expect(
      wantsTable(
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json",
      ),
    ).toBe(true);
    expect(wantsTable("application/json")).toBe(false);
  });

  it("formats ages like kubectl", () => {
    expect(humanDuration(5)).toBe("5s");
    expect(humanDuration(150)).toBe("2m30s");
    expect(humanDuration(3600 * 5 + 60 * 7)).toBe("5h7m");
    expect(humanDuration(86400 * 3)).toBe("3d");
  });

  it("prints deployment columns and metadata-only row objects", () => {
    const rt = RESOURCES.find((r) => r.resource === "deployments")!;
    const t = toTable(
      rt,
      [
        {
          metadata: { name: "web", creationTimestamp: new Date().toISOString(), managedFields: [{}] },
          spec: { replicas: 2 },
          status: { readyReplicas: 1, updatedReplicas: 2, availableReplicas: 1 },
        },
      ],
      { resourceVersion: "9" },
      null,
    );
    expect(t.columnDefinitions.map((c: { name: string }) => c.name)).toEqual([
      "Name",
      "Ready",
      "Up-to-date",
      "Available",
      "Age",
    ]);
    expect(t.rows[0].cells.slice(0, 4)).toEqual(["web", "1/2", 2, 1]);
    expect(t.rows[0].object).toEqual({
      kind: "PartialObjectMetadata",
      apiVersion: "meta.k8s.io/v1",
      metadata: { name: "web", creationTimestamp: expect.any(String) },
    });
  });
});
