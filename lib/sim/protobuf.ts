import { type KObject } from "./json";

/**
 * Just enough of Kubernetes' protobuf encoding to read what kubectl's imperative commands send
 * (create namespace / configmap / secret, auth can-i). Other kinds answer 415 upstream.
 */

type Kind =
  | "string"
  | "bytes"
  | "bool"
  | "int"
  | { message: Schema }
  | { map: "string" | "bytes" }
  | { repeated: "string" };
type Schema = Record<number, [string, Kind]>;

const ObjectMeta: Schema = {
  1: ["name", "string"],
  2: ["generateName", "string"],
  3: ["namespace", "string"],
  11: ["labels", { map: "string" }],
  12: ["annotations", { map: "string" }],
  14: ["finalizers", { repeated: "string" }],
};
const meta: [string, Kind] = ["metadata", { message: ObjectMeta }];

const SCHEMAS: Record<string, Schema> = {
  "v1/Namespace": { 1: meta, 2: ["spec", { message: { 1: ["finalizers", { repeated: "string" }] } }] },
  "v1/ConfigMap": {
    1: meta,
    2: ["data", { map: "string" }],
    3: ["binaryData", { map: "bytes" }],
    4: ["immutable", "bool"],
  },
  "v1/Secret": {
    1: meta,
    2: ["data", { map: "bytes" }],
    3: ["type", "string"],
    4: ["stringData", { map: "string" }],
    5: ["immutable", "bool"],
  },
  "v1/ServiceAccount": { 1: meta },
  "authorization.k8s.io/v1/SelfSubjectAccessReview": {
    1: meta,
    2: [
      "spec",
      {
        message: {
          1: [
            "resourceAttributes",
            {
              message: {
                1: ["namespace", "string"],
                2: ["verb", "string"],
                3: ["group", "string"],
                4: ["version", "string"],
                5: ["resource", "string"],
                6: ["subresource", "string"],
                7: ["name", "string"],
              },
            },
          ],
          2: ["nonResourceAttributes", { message: { 1: ["path", "string"], 2: ["verb", "string"] } }],
        },
      },
    ],
  },
  "authorization.k8s.io/v1/SelfSubjectRulesReview": {
    1: meta,
    2: ["spec", { message: { 1: ["namespace", "string"] } }],
  },
};

export class ProtobufError extends Error {}

interface Field {
  no: number;
  wire: number;
  value: bigint | Buffer;
}

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let i = 0;
  const varint = (): bigint => {
    let shift = 0n;
    let v = 0n;
    for (;;) {
      if (i >= buf.length) throw new ProtobufError("truncated varint");
      const b = buf[i++]!;
      v |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return v;
      shift += 7n;
    }
  };
  while (i < buf.length) {
    const key = Number(varint());
    const no = key >> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ no, wire, value: varint() });
    else if (wire === 2) {
      const len = Number(varint());
      if (i + len > buf.length) throw new ProtobufError("truncated field");
      out.push({ no, wire, value: buf.subarray(i, i + len) });
      i += len;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else throw new ProtobufError(`unsupported wire type ${wire}`);
  }
  return out;
}

function decodeMessage(buf: Buffer, schema: Schema): KObject {
  const out: KObject = {};
  for (const f of fields(buf)) {
    const spec = schema[f.no];
    if (!spec) continue;
    const [name, kind] = spec;
    if (kind === "string") out[name] = (f.value as Buffer).toString("utf8");
    else if (kind === "bytes") out[name] = (f.value as Buffer).toString("base64");
    else if (kind === "bool") out[name] = f.value !== 0n;
    else if (kind === "int") out[name] = Number(f.value);
    else if ("message" in kind) out[name] = decodeMessage(f.value as Buffer, kind.message);
    else if ("repeated" in kind) (out[name] ??= []).push((f.value as Buffer).toString("utf8"));
    else {
      const entry = fields(f.value as Buffer);
      const k = entry.find((e) => e.no === 1)?.value as Buffer | undefined;
      const v = entry.find((e) => e.no === 2)?.value as Buffer | undefined;
      out[name] ??= {};
      out[name][k?.toString("utf8") ?? ""] =
        kind.map === "bytes" ? (v ?? Buffer.alloc(0)).toString("base64") : (v?.toString("utf8") ?? "");
    }
  }
  return out;
}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** Decodes a "k8s\0" envelope into a JSON-shaped object, or throws ProtobufError. */
export function decodeKubernetesProtobuf(body: Buffer): KObject {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC))
    throw new ProtobufError("missing k8s protobuf envelope");
  const unknown = fields(body.subarray(4));
  const typeMeta = unknown.find((f) => f.no === 1)?.value as Buffer | undefined;
  const raw = unknown.find((f) => f.no === 2)?.value as Buffer | undefined;
  const tm = typeMeta ? decodeMessage(typeMeta, { 1: ["apiVersion", "string"], 2: ["kind", "string"] }) : {};
  const schema = SCHEMAS[`${String(tm.apiVersion)}/${String(tm.kind)}`];
  if (!schema || !raw)
    throw new ProtobufError(
      `protobuf bodies of ${String(tm.apiVersion)} ${String(tm.kind)} are not decoded by the simulator; send application/json`,
    );
  return { apiVersion: tm.apiVersion, kind: tm.kind, ...decodeMessage(raw, schema) };
}
