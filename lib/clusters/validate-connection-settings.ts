// Checks the connection settings of a cluster before they are stored: the endpoint guard (SSRF),
// PEM material that parses, and no unverified TLS for production clusters. Every refusal is a 400
// with a message the person registering the cluster can act on.
import { X509Certificate, createPrivateKey } from "node:crypto";
import { AppError } from "@/lib/errors/app-error";
import type { ClusterCredentials } from "@/lib/k8s/cluster-connection";
import { pemFrom } from "@/lib/k8s/cluster-connection";
import { assertEndpointAllowed, EndpointRefusedError } from "@/lib/k8s/endpoint-guard";
import type { RegistryContext } from "./cluster-context";

export type ConnectionSettings = {
  server: string;
  caData?: string | null;
  insecureSkipTlsVerify?: boolean;
  production?: boolean;
};

function pemBlocks(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** CA bundle as stored: base64 of the PEM text, as kubeconfig's certificate-authority-data. */
export function normalizeCaData(caData: string): string {
  let pem: string;
  try {
    pem = pemFrom(caData);
  } catch {
    pem = "";
  }
  const blocks = pemBlocks(pem);
  if (blocks.length === 0) {
    throw AppError.badRequest(
      "caData is not a PEM certificate: paste the CA certificate (-----BEGIN CERTIFICATE-----) or its base64 form from certificate-authority-data.",
    );
  }
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch {
      throw AppError.badRequest(
        "caData holds a certificate that does not parse; copy certificate-authority-data again from a working kubeconfig.",
      );
    }
  }
  return Buffer.from(pem.trim() + "\n").toString("base64");
}

/** Client certificate and key stored as base64 PEM; checked to parse, never echoed back. */
export function normalizeCredentials(credentials: ClusterCredentials): ClusterCredentials {
  // Read at each request by the client; its presence was checked where the path came from.
  if (credentials.tokenFile) return { tokenFile: credentials.tokenFile };
  if (credentials.token) {
    if (/\s/.test(credentials.token.trim()))
      throw AppError.badRequest("The token must be a single line without spaces.");
    return { token: credentials.token.trim() };
  }
  const cert = pemFrom(credentials.clientCertificateData ?? "");
  const key = pemFrom(credentials.clientKeyData ?? "");
  try {
    new X509Certificate(cert);
  } catch {
    throw AppError.badRequest("The client certificate is not a PEM certificate (client-certificate-data).");
  }
  try {
    createPrivateKey(key);
  } catch {
    throw AppError.badRequest("The client key is not a PEM private key (client-key-data).");
  }
  return {
    clientCertificateData: Buffer.from(cert).toString("base64"),
    clientKeyData: Buffer.from(key).toString("base64"),
  };
}

/** Normalised settings, or a 400 AppError. */
export async function validateConnectionSettings(
  settings: ConnectionSettings,
  ctx: Pick<RegistryContext, "allowInsecure" | "lookup">,
): Promise<{ server: string; caData: string | null; insecureSkipTlsVerify: boolean }> {
  if (settings.production && settings.insecureSkipTlsVerify) {
    throw AppError.badRequest(
      "Production clusters must verify the API server's certificate: give its CA instead of skipping TLS verification.",
    );
  }
  let server: string;
  try {
    server = await assertEndpointAllowed(settings.server, {
      allowInsecure: ctx.allowInsecure,
      lookup: ctx.lookup,
    });
  } catch (err) {
    if (err instanceof EndpointRefusedError) throw AppError.badRequest(err.message);
    throw err;
  }
  return {
    server,
    caData: settings.caData ? normalizeCaData(settings.caData) : null,
    insecureSkipTlsVerify: Boolean(settings.insecureSkipTlsVerify),
  };
}
