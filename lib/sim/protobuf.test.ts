import { describe, expect, it } from "vitest";
import { decodeKubernetesProtobuf, ProtobufError } from "./protobuf";

// Minimal protobuf writer for the test: length-delimited fields only.
function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}
function field(no: number, value: Buffer | string): Buffer {
  const b = typeof value === "string" ? Buffer.from(value) : value;
  return Buffer.concat([varint((no << 3) | 2), varint(b.length), b]);
}
const entry = (k: string, v: string) => Buffer.concat([field(1, k), field(2, v)]);
function envelope(apiVersion: string, kind: string, raw: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from("k8s\0", "binary"),
    field(1, Buffer.concat([field(1, apiVersion), field(2, kind)])),
    field(2, raw),
    field(4, "application/vnd.kubernetes.protobuf"),
  ]);
}

describe("kubectl protobuf bodies", () => {
  it("decodes a ConfigMap with labels and data", () => {
    const meta = Buffer.concat([field(1, "c1"), field(3, "ns"), field(11, entry("app", "web"))]);
    const raw = Buffer.concat([field(1, meta), field(2, entry("a", "b")), field(2, entry("c", "d"))]);
    expect(decodeKubernetesProtobuf(envelope("v1", "ConfigMap", raw))).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "c1", namespace: "ns", labels: { app: "web" } },
      data: { a: "b", c: "d" },
    });
  });

  it("decodes a SelfSubjectAccessReview", () => {
    const attrs = Buffer.concat([
      field(1, "payments"),
      field(2, "create"),
      field(3, "networking.istio.io"),
      field(5, "gateways"),
    ]);
    const raw = Buffer.concat([field(1, Buffer.alloc(0)), field(2, field(1, attrs))]);
    const o = decodeKubernetesProtobuf(envelope("authorization.k8s.io/v1", "SelfSubjectAccessReview", raw));
    expect(o.spec).toEqual({
      resourceAttributes: {
        namespace: "payments",
        verb: "create",
        group: "networking.istio.io",
        resource: "gateways",
      },
    });
  });

  it("refuses kinds it does not know and bodies without the envelope", () => {
    expect(() => decodeKubernetesProtobuf(envelope("apps/v1", "Deployment", Buffer.alloc(0)))).toThrow(
      ProtobufError,
    );
    expect(() => decodeKubernetesProtobuf(Buffer.from("{}"))).toThrow(ProtobufError);
  });
});
