import { type IncomingMessage } from "node:http";

const BODY_LIMIT = 10 * 1024 * 1024;

/** Lower-case header names; repeated headers joined with ", " (what routers match on). */
export function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

export function hostWithoutPort(host: string | undefined): string {
  const h = (host ?? "").toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  const i = h.lastIndexOf(":");
  return i >= 0 ? h.slice(0, i) : h;
}

/** The whole request body, or undefined past 10 MiB (answered 413) or on a broken connection. */
export function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= BODY_LIMIT) chunks.push(c);
    });
    req.on("end", () => resolve(size <= BODY_LIMIT ? Buffer.concat(chunks) : undefined));
    req.on("error", () => resolve(undefined));
  });
}
