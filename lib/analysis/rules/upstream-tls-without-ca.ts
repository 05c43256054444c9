import { finding, type Finding, type RuleMeta } from "../finding";
import type { AnalysisContext } from "../context";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC037",
  name: "UpstreamTlsWithoutCaCertificates",
  severity: "warning",
  description:
    "A service's backend protocol originates TLS (HTTPS, GRPCS) with no CA to verify the pods' certificates (Istio IST0128).",
};

/**
 * `backend.protocol` HTTPS or GRPCS renders DestinationRule `tls.mode: SIMPLE`; without
 * `caCertificates` Istio's analyzer warns that the server's certificate is not verified
 * (istioctl analyze: destinationrule-simple-destination.yaml). Imports from NGINX's
 * `backend-protocol: HTTPS` land here, as NGINX does not verify upstreams by default either.
 */
export const upstreamTlsWithoutCa: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const svc of ctx.topology.services) {
      const protocol = svc.backend?.protocol;
      if ((protocol !== "HTTPS" && protocol !== "GRPCS") || svc.backend?.caCertificates) continue;
      out.push(
        finding(
          meta,
          `Service ${svc.namespace}/${svc.name} is reached with ${protocol} (TLS mode SIMPLE) but no CA certificates are set: the proxies encrypt without checking the pods' identity.`,
          [{ kind: "DestinationRule", namespace: svc.namespace, name: svc.name, product: svc.product }],
          "Set backend.caCertificates to the CA bundle file mounted in the gateway proxy, e.g. /etc/istio/backend-ca/ca.crt.",
        ),
      );
    }
    return out;
  },
};
