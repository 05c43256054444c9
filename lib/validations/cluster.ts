// Input schemas for the cluster registry: registration (from a kubeconfig or from an endpoint and a
// token), edits, credential rotation and kubeconfig inspection.
// Note: imports nothing but zod, so registration forms can validate in the browser too.
import { z } from "zod";
import { DNS_LABEL } from "./names";

/** Largest kubeconfig accepted (real ones are a few KiB; the limit bounds YAML parsing work). */
export const MAX_KUBECONFIG_BYTES = 256 * 1024;

/** Cluster names are the names the topology uses, so DNS-1123 labels like `east`. */
export const clusterNameSchema = z
  .string({ error: "Give the cluster a name, e.g. east." })
  .trim()
  .min(1, { error: "Give the cluster a name, e.g. east." })
  .max(63, { error: "Cluster names are at most 63 characters." })
  .regex(DNS_LABEL, {
    error: "Use lower case letters, digits and '-' (e.g. east or prod-eu-1).",
  });

const locality = (example: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(63)
    .regex(/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, {
      error: `Use letters, digits, '-', '_' or '.' (e.g. ${example}).`,
    });

const details = {
  /** topology.kubernetes.io/zone, e.g. us-east-1a (filled from the nodes on the first check when omitted). */
  zone: locality("us-east-1a").optional(),
  region: locality("us-east-1").optional(),
  /** Istio network name for multi-network meshes. */
  network: locality("network1").optional(),
  /** Production clusters get stricter approval rules and may never skip TLS verification. */
  production: z.boolean().optional(),
};

const secret = (what: string) =>
  z
    .string({ error: `Give the ${what}.` })
    .trim()
    .min(1, { error: `Give the ${what}.` })
    .max(16_384, { error: `The ${what} is too long.` });

const serverSchema = z
  .string({ error: "Give the API server URL, e.g. https://10.0.0.1:6443." })
  .trim()
  .min(1, { error: "Give the API server URL, e.g. https://10.0.0.1:6443." })
  .max(2048);

const caDataSchema = z.string().trim().min(1).max(65_536, { error: "The CA bundle is too long." });

export const kubeconfigTextSchema = z
  .string({ error: "Paste or upload a kubeconfig file." })
  .min(1, { error: "Paste or upload a kubeconfig file." })
  .max(MAX_KUBECONFIG_BYTES, { error: `The kubeconfig is larger than ${MAX_KUBECONFIG_BYTES / 1024} KiB.` });

/** Registration from a kubeconfig: the context chosen from the contexts listed beforehand. */
export const kubeconfigRegistrationSchema = z.strictObject({
  kubeconfig: kubeconfigTextSchema,
  context: z
    .string()
    .trim()
    .min(1, { error: "Choose one of the kubeconfig's contexts." })
    .max(253)
    .optional(),
  /** Defaults to the context name when that is a valid cluster name. */
  name: clusterNameSchema.optional(),
  ...details,
});

/** Registration from an API server URL, its CA and a token (or client certificate and key). */
export const endpointRegistrationSchema = z
  .strictObject({
    name: clusterNameSchema,
    server: serverSchema,
    /** CA bundle as PEM text or base64 PEM (kubeconfig certificate-authority-data). */
    caData: caDataSchema.optional(),
    insecureSkipTlsVerify: z.boolean().optional(),
    token: secret("service account token").optional(),
    clientCertificateData: secret("client certificate").optional(),
    clientKeyData: secret("client key").optional(),
    ...details,
  })
  .refine((v) => Boolean(v.token) !== Boolean(v.clientCertificateData && v.clientKeyData), {
    error: "Give a service account token, or a client certificate together with its key (not both).",
    path: ["token"],
  });

/**
 * Registration of the cluster Portico itself runs in: the endpoint, CA and token come from the
 * pod (KUBERNETES_SERVICE_HOST and the mounted ServiceAccount), so only a name and details are given.
 */
export const inClusterRegistrationSchema = z.strictObject({
  inCluster: z.literal(true, { error: "inCluster must be true." }),
  name: clusterNameSchema,
  ...details,
});

export type KubeconfigRegistration = z.infer<typeof kubeconfigRegistrationSchema>;
export type EndpointRegistration = z.infer<typeof endpointRegistrationSchema>;
export type InClusterRegistration = z.infer<typeof inClusterRegistrationSchema>;
export type RegisterClusterInput = KubeconfigRegistration | EndpointRegistration | InClusterRegistration;

/**
 * One of the shapes; the presence of `kubeconfig` or `inCluster` decides which, so errors name the
 * fields of that shape.
 */
export const registerClusterSchema = z.unknown().transform((value, ctx): RegisterClusterInput => {
  const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
  const schema =
    isObject && "kubeconfig" in value
      ? kubeconfigRegistrationSchema
      : isObject && "inCluster" in value
        ? inClusterRegistrationSchema
        : endpointRegistrationSchema;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
    return z.NEVER;
  }
  return parsed.data;
});

export const kubeconfigContextsSchema = z.strictObject({ kubeconfig: kubeconfigTextSchema });

export const updateClusterSchema = z
  .strictObject({
    zone: locality("us-east-1a").nullable().optional(),
    region: locality("us-east-1").nullable().optional(),
    network: locality("network1").nullable().optional(),
    production: z.boolean().optional(),
    server: serverSchema.optional(),
    caData: caDataSchema.nullable().optional(),
    insecureSkipTlsVerify: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { error: "Nothing to change: send at least one field." });

export type UpdateClusterInput = z.infer<typeof updateClusterSchema>;

export const rotateCredentialsSchema = z
  .strictObject({
    token: secret("new service account token").optional(),
    clientCertificateData: secret("new client certificate").optional(),
    clientKeyData: secret("new client key").optional(),
    /** Check the new credentials against the API server before storing them (default true). */
    verify: z.boolean().default(true),
  })
  .refine((v) => Boolean(v.token) !== Boolean(v.clientCertificateData && v.clientKeyData), {
    error: "Give the new token, or a new client certificate together with its key.",
    path: ["token"],
  });

export type RotateCredentialsInput = z.infer<typeof rotateCredentialsSchema>;
