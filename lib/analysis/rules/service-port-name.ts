import { gatewayRefString } from "@/lib/topology";
import { gatewayServicePorts } from "@/lib/istio/render-service";
import { gatewayObject, type AnalysisContext } from "../context";
import { finding, type Finding, type ObjectRef, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC024",
  name: "InvalidServicePortName",
  severity: "error",
  description:
    "Service port names must be unique, at most 15 characters (IANA service name) and follow Istio's `<protocol>[-suffix]` convention.",
};

/** IANA service name as Kubernetes checks named ports: 1-15 chars, a letter, no `--` or edge `-`. */
const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?!-))*[a-z0-9]$|^[a-z]$/;

/** Protocols Istio reads from a port name (`http`, `http-web`, `grpc-api`, …). */
const ISTIO_PROTOCOLS = [
  "grpc-web",
  "grpc",
  "http2",
  "https",
  "http",
  "mongo",
  "mysql",
  "redis",
  "tcp",
  "tls",
  "udp",
];

/** Why a port name is refused, or undefined when the API server accepts it. */
export function invalidPortNameReason(name: string): string | undefined {
  if (name.length > 15) return `"${name}" is ${name.length} characters; port names are at most 15`;
  if (!IANA_SVC_NAME.test(name))
    return `"${name}" must be lower case letters, digits and single '-', with at least one letter`;
  return undefined;
}

/** Does the name tell Istio the protocol (so HTTP routing applies to the port)? */
export function followsIstioConvention(name: string): boolean {
  return ISTIO_PROTOCOLS.some((p) => name === p || name.startsWith(`${p}-`));
}

interface NamedPort {
  name?: string;
  port: number;
}

/**
 * Checks one Service's ports. Backend services are named by their teams, so the convention is
 * a warning there; gateway Services take their names from listeners, whose protocol Istio reads
 * from the Gateway instead.
 */
function checkPorts(
  out: Finding[],
  what: string,
  ports: NamedPort[],
  objects: ObjectRef[],
  convention: boolean,
): void {
  const seen = new Set<string>();
  for (const p of ports) {
    if (p.name === undefined) {
      if (ports.length > 1)
        out.push(
          finding(
            meta,
            `${what}: port ${p.port} has no name; a Service with several ports must name each.`,
            objects,
            `Name it after its protocol, e.g. http-${p.port}.`,
          ),
        );
      continue;
    }
    const reason = invalidPortNameReason(p.name);
    if (reason)
      out.push(
        finding(meta, `${what}: port ${p.port}: ${reason}.`, objects, "Use a name such as http or grpc-api."),
      );
    if (seen.has(p.name))
      out.push(
        finding(
          meta,
          `${what}: port name "${p.name}" is used twice; the API server refuses the Service.`,
          objects,
          "Give every port its own name.",
        ),
      );
    seen.add(p.name);
    if (convention && !reason && !followsIstioConvention(p.name))
      out.push(
        finding(
          meta,
          `${what}: port "${p.name}" does not name a protocol, so Istio treats it as opaque TCP and HTTP route rules do not apply.`,
          objects,
          `Rename it <protocol>[-suffix], e.g. http-${p.name}, or declare the protocol another way.`,
          "warning",
        ),
      );
  }
}

export const servicePortName: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    for (const s of ctx.topology.services) {
      checkPorts(
        out,
        `Service ${s.namespace}/${s.name}`,
        s.ports,
        [{ kind: "Service", namespace: s.namespace, name: s.name, product: s.product }],
        true,
      );
    }
    for (const gw of ctx.topology.gateways) {
      if (gw.mode !== "product") continue;
      checkPorts(
        out,
        `Service of gateway ${gatewayRefString(gw)}`,
        gatewayServicePorts(gw),
        [gatewayObject(gw), { kind: "Service", namespace: gw.namespace, name: gw.name, product: gw.product }],
        false,
      );
    }
    return out;
  },
};
