import { gatewayRefString } from "@/lib/topology";
import { k8sName } from "@/lib/istio/context";
import { meshHosts, serviceEntryPorts } from "@/lib/istio/render-service-entry";
import { finding, type Finding, type RuleMeta } from "../finding";
import type { AnalysisContext } from "../context";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC039",
  name: "ServiceEntryAddressesRequired",
  severity: "warning",
  description:
    "A product gateway's TCP listener puts a TCP port without addresses on its mesh ServiceEntry; sidecars cannot tell its traffic apart without DNS auto-allocation (Istio IST0134).",
};

/**
 * Sidecars route plain TCP by destination IP and port only. The mesh ServiceEntry Portico renders
 * for a gateway's hosts has no `addresses` (Portico knows no virtual IPs), so for a TCP port every
 * host of that port shares one listener unless the mesh enables DNS capture with address
 * auto-allocation (istioctl analyze: serviceentry-missing-addresses-protocol.yaml).
 */
export const serviceEntryAddressesRequired: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const gw of ctx.topology.gateways) {
      if (gw.mode !== "product" || meshHosts(gw).length === 0) continue;
      const tcp = serviceEntryPorts(gw).filter((p) => p.protocol === "TCP");
      if (tcp.length === 0) continue;
      out.push(
        finding(
          meta,
          `Gateway ${gatewayRefString(gw)} publishes ${meshHosts(gw).join(", ")} into the mesh with TCP port ${tcp.map((p) => p.number).join(", ")} and no addresses: sidecars cannot route that TCP traffic by host.`,
          [
            {
              kind: "ServiceEntry",
              namespace: gw.namespace,
              name: k8sName(gw.name, "mesh"),
              product: gw.product,
            },
          ],
          "Enable DNS capture with address auto-allocation in the mesh (ISTIO_META_DNS_CAPTURE and ISTIO_META_DNS_AUTO_ALLOCATE), or serve the port as TLS so the SNI names the host.",
        ),
      );
    }
    return out;
  },
};
