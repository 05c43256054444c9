import { type IncomingMessage, type ServerResponse } from "node:http";
import { parse as parseYaml } from "yaml";
import { decodeKubernetesProtobuf } from "./protobuf";
import { ApiError, errors } from "./status";

export const MAX_BODY = 3 * 1024 * 1024;

export function send(
  res: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, e: unknown): void {
  if (e instanceof ApiError) {
    const headers: Record<string, string> = {};
    if (e.details?.retryAfterSeconds !== undefined)
      headers["Retry-After"] = String(e.details.retryAfterSeconds);
    send(res, e.code, e.toStatus(), headers);
    return;
  }
  send(
    res,
    500,
    new ApiError(
      500,
      "InternalError",
      `Internal error occurred: ${(e as Error)?.message ?? String(e)}`,
    ).toStatus(),
  );
}

/** Reads the request body, refusing more than 3 MiB as kube-apiserver does. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > MAX_BODY) return Promise.reject(errors.tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(errors.tooLarge());
        req.removeAllListeners("data");
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function parseBody(buf: Buffer, contentType: string): unknown {
  if (contentType === "application/vnd.kubernetes.protobuf") {
    try {
      return decodeKubernetesProtobuf(buf);
    } catch (e) {
      throw new ApiError(415, "UnsupportedMediaType", (e as Error).message);
    }
  }
  if (contentType.includes("protobuf") || contentType.includes("cbor")) {
    throw new ApiError(
      415,
      "UnsupportedMediaType",
      `the simulator does not decode ${contentType} bodies; send application/json`,
    );
  }
  const text = buf.toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    const c = text.trimStart()[0];
    if (c === "{" || c === "[") return JSON.parse(text);
    if (contentType.includes("yaml")) return parseYaml(text);
    return JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(`error decoding request body: ${(e as Error).message}`);
  }
}
