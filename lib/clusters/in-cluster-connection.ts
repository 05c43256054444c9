// "This cluster": the API server of the cluster Portico runs in, from what Kubernetes gives every
// pod: KUBERNETES_SERVICE_HOST/PORT and the ServiceAccount files mounted in
// PORTICO_SERVICE_ACCOUNT_DIR. Only the token file's path is kept: bound ServiceAccount tokens
// expire within the hour and the kubelet rewrites the file, so the client reads it at each request.
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { env, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";

export type InClusterConnection = {
  server: string;
  /** PEM text of the cluster's CA (ca.crt). */
  caData: string;
  credentials: { tokenFile: string };
  /** Namespace Portico's pod runs in, for messages and audit. */
  namespace: string | null;
};

export type InClusterSettings = Pick<
  Env,
  "KUBERNETES_SERVICE_HOST" | "KUBERNETES_SERVICE_PORT" | "PORTICO_SERVICE_ACCOUNT_DIR"
>;

function readMounted(file: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(file, "utf8").trim();
  } catch {
    throw AppError.badRequest(
      `Portico's pod has no ${what} at ${file}: mount the ServiceAccount token ` +
        "(automountServiceAccountToken: true on the pod, see docs/operating.md).",
    );
  }
  if (!text) throw AppError.badRequest(`The ${what} at ${file} is empty.`);
  return text;
}

/** The connection to the cluster Portico runs in, or a 400 saying what is missing. */
export function inClusterConnection(settings: InClusterSettings = env()): InClusterConnection {
  const host = settings.KUBERNETES_SERVICE_HOST;
  const port = settings.KUBERNETES_SERVICE_PORT;
  if (!host || !port) {
    throw AppError.badRequest(
      "Portico is not running inside a Kubernetes cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set.",
    );
  }
  const dir = settings.PORTICO_SERVICE_ACCOUNT_DIR;
  const tokenFile = path.join(dir, "token");
  readMounted(tokenFile, "ServiceAccount token");
  const caData = readMounted(path.join(dir, "ca.crt"), "cluster CA certificate (ca.crt)");
  let namespace: string | null = null;
  try {
    namespace = readFileSync(path.join(dir, "namespace"), "utf8").trim() || null;
  } catch {
    // Optional: only named in messages.
  }
  const address = isIP(host) === 6 ? `[${host}]` : host;
  return { server: `https://${address}:${port}`, caData, credentials: { tokenFile }, namespace };
}
