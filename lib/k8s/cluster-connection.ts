// What it takes to talk to one cluster's API server. Built from a Cluster row plus its opened
// credentials (lib/clusters/cluster-credentials.ts) or from a kubeconfig context.
import type { ClusterCredentials } from "@/lib/clusters/cluster-credentials";

export type { ClusterCredentials };

export type ClusterConnection = {
  /** Portico's name for the cluster, used in messages. */
  name: string;
  /** API server URL, e.g. https://10.0.0.1:6443. */
  server: string;
  /** Certificate authority bundle: base64 PEM as in kubeconfig `certificate-authority-data`, or PEM text. */
  caData?: string | null;
  /** Skip TLS verification of the API server certificate (never for production clusters). */
  insecureSkipTlsVerify?: boolean;
  credentials: ClusterCredentials;
};

/** PEM text from kubeconfig-style base64, or the PEM text itself when given as is. */
export function pemFrom(data: string): string {
  const trimmed = data.trim();
  if (trimmed.startsWith("-----BEGIN")) return trimmed;
  return Buffer.from(trimmed.replace(/\s+/g, ""), "base64").toString("utf8");
}

/** Whether `data` holds at least one PEM block once decoded (for friendly validation messages). */
export function looksLikePem(data: string): boolean {
  try {
    return /-----BEGIN [A-Z ]+-----[\s\S]+-----END [A-Z ]+-----/.test(pemFrom(data));
  } catch {
    return false;
  }
}
