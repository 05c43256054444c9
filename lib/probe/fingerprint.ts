import { createHash } from "node:crypto";
import type { ProbeSettings } from "@/lib/topology";
import type { AnsweredCall } from "./gateway-answer";

export const DEFAULT_PROBE_SETTINGS: ProbeSettings = {
  headers: ["content-type"],
  body: "fields",
  bodyFields: ["namespace", "service", "labels", "method", "path", "host"],
};

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

function pick(value: unknown, path: string): unknown {
  let v = value;
  for (const part of path.split(".")) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** JSON with sorted keys, so field order never makes two answers differ. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (typeof v === "object" && v !== null)
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v ?? null);
}

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(body).toString("utf8"));
  } catch {
    return undefined;
  }
}

/**
 * The comparable part of one HTTP answer. Volatile parts (request ids, the pod that answered, the
 * cluster, dates) stay out unless the product's settings name them; the upstream identity is read
 * from the body's `namespace` and `service` fields when both are strings (an echo backend's answer).
 */
export function fingerprintAnswer(
  res: { status: number; headers: Record<string, string | string[] | undefined>; body: Uint8Array },
  settings: ProbeSettings = DEFAULT_PROBE_SETTINGS,
): Pick<AnsweredCall, "status" | "upstream" | "headers" | "bodyHash" | "fingerprint"> {
  const headers: Record<string, string> = {};
  for (const name of settings.headers) {
    const v = res.headers[name];
    if (v !== undefined) headers[name] = Array.isArray(v) ? v.join(", ") : v;
  }
  const json = parseJson(res.body);
  let bodyHash: string;
  if (settings.body === "none") bodyHash = sha256("");
  else if (settings.body === "full" || json === undefined) bodyHash = sha256(res.body);
  else bodyHash = sha256(canonical(Object.fromEntries(settings.bodyFields.map((f) => [f, pick(json, f)]))));
  const ns = pick(json, "namespace");
  const svc = pick(json, "service");
  const upstream = typeof ns === "string" && typeof svc === "string" ? `${ns}/${svc}` : undefined;
  return {
    status: res.status,
    ...(upstream ? { upstream } : {}),
    headers,
    bodyHash,
    fingerprint: sha256(canonical({ status: res.status, headers, bodyHash })),
  };
}
