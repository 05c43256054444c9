// Validators of the names Portico handles — DNS labels (Kubernetes names, namespaces, clusters,
// products, teams) and host names — shared by the topology schema, the request and migration forms,
// import and the analyzer, so a name is judged one way everywhere. Imports nothing but zod, so
// forms validate in the browser too, and the pure folders may use it.
import { z } from "zod";

/** A DNS-1123 label: lower case letters, digits and '-', not starting or ending with '-'. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const DNS_LABEL_HINT = "use lower case letters, digits and '-', at most 63 characters (a DNS label)";

/** A DNS label as forms and API bodies take it (surrounding spaces trimmed). */
export function dnsLabelSchema(message = DNS_LABEL_HINT) {
  return z.string().trim().min(1, "required").max(63, message).regex(DNS_LABEL, message);
}

/** `namespace/name`, both DNS labels (a Service or Gateway reference). */
export const NAMESPACED_NAME = new RegExp(
  `^${DNS_LABEL.source.slice(1, -1)}/${DNS_LABEL.source.slice(1, -1)}$`,
);

/**
 * Why a host is not a valid DNS name for Istio, or undefined when it is. `*` alone and a leading
 * `*.` are the only wildcards Istio accepts.
 */
export function invalidHostReason(host: string): string | undefined {
  if (host === "*") return undefined;
  const name = host.startsWith("*.") ? host.slice(2) : host;
  if (name.includes("*")) return "a wildcard is only allowed as the whole first label (`*.example.com`)";
  if (name.length === 0 || name.length > 253) return "a host name must be 1 to 253 characters";
  if (name.endsWith(".")) return "remove the trailing dot";
  if (name !== name.toLowerCase()) return "host names are lower case";
  for (const label of name.split(".")) {
    if (label.length > 63)
      return `label "${label}" has ${label.length} characters; at most 63 characters are allowed`;
    if (!DNS_LABEL.test(label))
      return `label "${label}" must be letters, digits and '-', not starting or ending with '-'`;
  }
  return undefined;
}

/**
 * A public host a person asks for, such as `payments.my-company.io` (a leading `*.` allowed): valid
 * for Istio (invalidHostReason) and fully qualified (a dot, no bare `*`).
 */
export const publicHostSchema = z
  .string()
  .trim()
  .min(1, "required")
  .superRefine((host, ctx) => {
    const why = invalidHostReason(host);
    if (why || host === "*" || !host.replace(/^\*\./, "").includes("."))
      ctx.addIssue({
        code: "custom",
        message: `a fully qualified host name in lower case, e.g. payments.my-company.io${why ? ` (${why})` : ""}`,
      });
  });
