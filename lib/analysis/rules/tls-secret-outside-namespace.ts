import { gatewayRefString } from "@/lib/topology";
import { gatewayObject, type AnalysisContext } from "../context";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC008",
  name: "TlsSecretOutsideGatewayNamespace",
  severity: "error",
  description:
    "A TLS credential must live in the gateway's own namespace; elsewhere the gateway cannot read it.",
};

export const tlsSecretOutsideNamespace: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const gw of ctx.topology.gateways) {
      for (const l of gw.listeners) {
        const needsSecret = l.tls && (l.tls.mode === "SIMPLE" || l.tls.mode === "MUTUAL");
        const cred = l.tls?.credentialName;
        if (needsSecret && !cred) {
          out.push(
            finding(
              meta,
              `Listener ${l.name} of ${gatewayRefString(gw)} terminates TLS but names no credential.`,
              [gatewayObject(gw)],
              `Set tls.credentialName to a secret in namespace ${gw.namespace}.`,
            ),
          );
          continue;
        }
        if (!cred || !cred.includes("/")) continue;
        const ns = cred.slice(0, cred.indexOf("/"));
        if (ns === gw.namespace) continue;
        out.push(
          finding(
            meta,
            `Listener ${l.name} of ${gatewayRefString(gw)} uses secret ${cred} from namespace ${ns}; the gateway only reads secrets in ${gw.namespace}.`,
            [
              gatewayObject(gw),
              { kind: "Secret", namespace: ns, name: cred.slice(ns.length + 1), product: gw.product },
            ],
            `Create the certificate secret in namespace ${gw.namespace} (e.g. a cert-manager Certificate there) and reference it by name.`,
          ),
        );
      }
    }
    return out;
  },
};
