import { DNS_LABEL } from "@/lib/validations/names";
import type { GatewaySpec, HttpRule, K8sObject, Listener, RouteMatch, StringMatch } from "@/lib/topology";
import { IMPORT_RULES as R, importFinding } from "./import-findings";
import {
  creationOrder,
  isIstioGateway,
  isVirtualService,
  nsOf,
  refOf,
  type HttpRoute,
  type IstioGateway,
  type IstioStringMatch,
  type IstioVirtualService,
} from "./k8s-types";
import type { ImportContext, SourceReader } from "./source-reader";

export const SHARED_GATEWAY = { namespace: "istio-system", name: "istio-ingressgateway" } as const;
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"]);
const PROTOCOLS = new Set(["HTTP", "HTTPS", "HTTP2", "GRPC", "TLS", "TCP"]);

/** `ns/host`, `./host`, `*\/host` in Gateway servers → `host`. */
function bareServerHost(h: string): string {
  const i = h.indexOf("/");
  return i === -1 ? h : h.slice(i + 1);
}

/** The shared gateway: istio-system/istio-ingressgateway, anything selecting its pods, or no selector at all. */
export function isSharedGateway(g: K8sObject): boolean {
  if (!isIstioGateway(g)) return false;
  const selector = g.spec?.selector ?? {};
  return (
    (nsOf(g) === SHARED_GATEWAY.namespace && g.metadata.name === SHARED_GATEWAY.name) ||
    selector.istio === "ingressgateway" ||
    Object.keys(selector).length === 0
  );
}

function stringMatch(m: IstioStringMatch | undefined): StringMatch | undefined | null {
  if (m === undefined) return undefined;
  if (typeof m.exact === "string") return { exact: m.exact };
  if (typeof m.prefix === "string") return { prefix: m.prefix };
  if (typeof m.regex === "string") return { regex: m.regex };
  return null;
}

function destination(host: string, ns: string): { service: string; namespace: string } | undefined {
  const parts = host.split(".");
  if (parts.length === 1) return { service: parts[0]!, namespace: ns };
  if (parts.length === 2 || (parts.length >= 3 && parts[2] === "svc"))
    return { service: parts[0]!, namespace: parts[1]! };
  return undefined; // an external host (ServiceEntry); not a service of a product
}

function readGateway(g: IstioGateway, ctx: ImportContext): void {
  const selector = g.spec?.selector ?? {};
  if (Object.keys(selector).length === 0) {
    ctx.report(
      R.gatewayWithoutSelector,
      g,
      `Gateway ${refOf(g)} has no selector: it attaches to every gateway workload it can, including product gateways.`,
      "Give it the selector of the workload it is meant for (istio: ingressgateway).",
    );
  }
  const names = new Set<string>();
  const listeners: Listener[] = [];
  for (const [i, s] of (g.spec?.servers ?? []).entries()) {
    const protocol = String(s.port?.protocol ?? "HTTP").toUpperCase();
    const number = s.port?.number;
    if (!PROTOCOLS.has(protocol) || typeof number !== "number") {
      ctx.notImported(
        g,
        `server ${i} has protocol ${protocol} or no port number`,
        "Model it by hand if Portico should know about it.",
      );
      continue;
    }
    let name =
      typeof s.port?.name === "string" && DNS_LABEL.test(s.port.name) ? s.port.name : `port-${number}`;
    while (names.has(name)) name = `${name}-${i}`;
    names.add(name);
    const hosts = (s.hosts ?? []).map(bareServerHost);
    if (hosts.includes("*")) {
      ctx.report(
        R.wildcardHost,
        g,
        `Gateway ${refOf(g)} server ${name} accepts host "*": requests for any name reach it.`,
        "List the hosts it serves; a catch-all on a shared gateway hides other teams' mistakes.",
      );
    }
    const tls =
      s.tls && (s.tls.mode || s.tls.credentialName)
        ? {
            mode: (s.tls.mode ?? "SIMPLE") as NonNullable<Listener["tls"]>["mode"],
            ...(s.tls.credentialName ? { credentialName: s.tls.credentialName } : {}),
          }
        : undefined;
    listeners.push({
      name,
      port: number,
      protocol: protocol as Listener["protocol"],
      hosts: hosts.length ? hosts : ["*"],
      ...(tls ? { tls } : {}),
      // Port-80 servers that only redirect keep doing so: clients rely on http:// answering.
      ...(!tls && s.tls?.httpsRedirect === true ? { httpsRedirect: true } : {}),
    });
  }
  if (listeners.length === 0) return;
  ctx.gateways.set(refOf(g), {
    name: g.metadata.name,
    namespace: nsOf(g),
    mode: "shared",
    selector: { ...selector },
    placement: [{ cluster: ctx.cluster }],
    listeners,
  } as GatewaySpec);
  ctx.imported.push(`Gateway ${refOf(g)}`);
}

/** The rules of one VirtualService, with delegates inlined; undefined entries were reported. */
function readRules(
  vs: IstioVirtualService,
  ctx: ImportContext,
  delegates: ReadonlyMap<string, IstioVirtualService>,
  backends: string[],
  outer?: RouteMatch[],
): HttpRule[] {
  const ns = nsOf(vs);
  const rules: HttpRule[] = [];
  for (const [i, rule] of (vs.spec?.http ?? []).entries()) {
    const label = rule.name ?? `#${i + 1}`;
    const matches = readMatches(rule, vs, label, ctx);
    if (!matches) continue;
    if (rule.delegate) {
      const key = `${rule.delegate.namespace ?? ns}/${rule.delegate.name ?? ""}`;
      const target = delegates.get(key);
      if (!target || outer) {
        ctx.notImported(
          vs,
          `rule ${label} delegates to ${key}, which ${outer ? "delegates again" : "was not found"}`,
          "Only one level of delegation is imported; inline the rules by hand.",
        );
        continue;
      }
      // Note: Istio applies a delegate's rules only within the root rule's match; the root's
      // match is kept when the delegate rule has none, which covers the usual split by path.
      rules.push(...readRules(target, ctx, delegates, backends, matches));
      ctx.report(
        R.approximated,
        vs,
        `VirtualService ${refOf(vs)}: rule ${label} delegates to ${key}; its rules were inlined into this route.`,
        "The delegate's team edits the route through its product from now on.",
      );
      ctx.imported.push(`VirtualService ${key}`);
      continue;
    }
    if (rule.directResponse || rule.mirror || !rule.redirect === !rule.route?.length) {
      ctx.notImported(
        vs,
        `rule ${label} answers directly, mirrors, or neither routes nor redirects`,
        "Only rules that route to services or redirect are imported; calls matching it are not in the contract.",
      );
      continue;
    }
    const destinations = [];
    let external = "";
    for (const r of rule.route ?? []) {
      const d = destination(String(r.destination?.host ?? ""), ns);
      if (!d || !DNS_LABEL.test(d.service) || !DNS_LABEL.test(d.namespace)) {
        external = String(r.destination?.host ?? "");
        break;
      }
      backends.push(`${d.namespace}/${d.service}`);
      destinations.push({
        service: d.service,
        namespace: d.namespace,
        ...(typeof r.destination?.port?.number === "number" ? { port: r.destination.port.number } : {}),
        ...(r.destination?.subset ? { subset: r.destination.subset } : {}),
        ...(typeof r.weight === "number" && ((rule.route ?? []).length > 1 || r.weight !== 100)
          ? { weight: r.weight }
          : {}),
      });
    }
    if (external) {
      ctx.notImported(
        vs,
        `rule ${label} routes to ${external}, which is not a cluster service`,
        "External destinations (ServiceEntries) are not part of a product; model them by hand.",
      );
      continue;
    }
    const redirect = rule.redirect;
    const code = redirect?.redirectCode ?? 301;
    rules.push({
      ...(typeof rule.name === "string" && DNS_LABEL.test(rule.name) ? { name: rule.name } : {}),
      match: matches.length ? matches : (outer ?? []),
      destinations,
      ...(redirect
        ? {
            redirect: {
              ...(redirect.scheme === "http" || redirect.scheme === "https"
                ? { scheme: redirect.scheme }
                : {}),
              ...(redirect.authority ? { authority: redirect.authority } : {}),
              ...(redirect.uri ? { uri: redirect.uri } : {}),
              code: ([301, 302, 303, 307, 308].includes(code) ? code : 301) as 301,
            },
          }
        : {}),
      ...(rule.rewrite?.uri || rule.rewrite?.authority
        ? {
            rewrite: {
              ...(rule.rewrite.uri ? { uri: rule.rewrite.uri } : {}),
              ...(rule.rewrite.authority ? { authority: rule.rewrite.authority } : {}),
            },
          }
        : {}),
      ...(typeof rule.timeout === "string" ? { timeout: rule.timeout } : {}),
      ...(typeof rule.retries?.attempts === "number"
        ? {
            retries: {
              attempts: rule.retries.attempts,
              ...(rule.retries.perTryTimeout ? { perTryTimeout: rule.retries.perTryTimeout } : {}),
              ...(rule.retries.retryOn ? { retryOn: rule.retries.retryOn } : {}),
            },
          }
        : {}),
    } as HttpRule);
  }
  return rules;
}

function readMatches(
  rule: HttpRoute,
  vs: IstioVirtualService,
  label: string,
  ctx: ImportContext,
): RouteMatch[] | undefined {
  const matches: RouteMatch[] = [];
  let unsupported = "";
  for (const m of rule.match ?? []) {
    const extra = Object.keys(m).filter(
      (k) => !["uri", "method", "headers", "name", "ignoreUriCase"].includes(k),
    );
    if (extra.length) unsupported = `matches on ${extra.join(", ")}`;
    const out: RouteMatch = {};
    const path = stringMatch(m.uri);
    if (path === null) unsupported = "a URI match without exact/prefix/regex";
    else if (path) out.path = path;
    if (m.method) {
      const method = stringMatch(m.method);
      if (!method?.exact || !METHODS.has(method.exact))
        unsupported = "a method match other than one exact method";
      else out.method = method.exact as RouteMatch["method"];
    }
    if (m.headers) {
      const headers: Record<string, StringMatch> = {};
      for (const [k, v] of Object.entries(m.headers)) {
        const hv = stringMatch(v as IstioStringMatch);
        if (!hv) unsupported = `header ${k} without exact/prefix/regex`;
        else headers[k.toLowerCase()] = hv;
      }
      out.headers = headers;
    }
    matches.push(out);
  }
  if (!unsupported) return matches;
  ctx.notImported(
    vs,
    `rule ${label} uses ${unsupported}`,
    "Dropping the condition would widen the rule, so the rule was left out; model it by hand.",
  );
  return undefined;
}

function readVirtualService(
  vs: IstioVirtualService,
  ctx: ImportContext,
  delegates: ReadonlyMap<string, IstioVirtualService>,
): void {
  const ns = nsOf(vs);
  const refs = (vs.spec?.gateways ?? []).map((g) => (g === "mesh" || g.includes("/") ? g : `${ns}/${g}`));
  const bound = refs.filter((g) => ctx.gateways.has(g));
  if (bound.length === 0) return;
  const other = refs.filter((g) => g !== "mesh" && !ctx.gateways.has(g));
  if (other.length)
    ctx.notImported(
      vs,
      `its binding to ${other.join(", ")} (not a shared gateway) was left out`,
      "Import that gateway's product separately or bind it in the topology.",
    );
  if (vs.spec?.tcp || vs.spec?.tls)
    ctx.notImported(
      vs,
      "TCP/TLS routes are not imported",
      "Portico models HTTP routes only; keep these outside Portico.",
    );
  const backends: string[] = [];
  const rules = readRules(vs, ctx, delegates, backends);
  if (rules.length === 0) return;
  const hosts = vs.spec?.hosts ?? [];
  const exportTo = vs.spec?.exportTo;
  for (const [hi, host] of hosts.entries()) {
    if (host === "*") {
      ctx.findings.push(
        importFinding(
          R.wildcardHost,
          `VirtualService ${refOf(vs)} serves host "*" on the shared gateway.`,
          ctx.at(vs),
          "Name the hosts; a catch-all route takes requests meant for other products.",
        ),
      );
    }
    ctx.drafts.push({
      route: {
        name: hosts.length > 1 ? `${vs.metadata.name}-${hi}` : vs.metadata.name,
        product: "",
        namespace: ns,
        host,
        gateways: [...bound, ...(refs.includes("mesh") ? ["mesh"] : [])],
        http: structuredClone(rules),
        ...(exportTo?.length ? { exportTo: [...exportTo] } : {}),
      },
      sources: [`VirtualService ${refOf(vs)}`],
      backends,
    });
  }
  ctx.imported.push(`VirtualService ${refOf(vs)}`);
}

/**
 * Istio's own objects: every Gateway of the shared workload (several may select it), and the
 * VirtualServices bound to them in Istio's merge order, delegates inlined.
 */
export const istioReader: SourceReader = {
  name: "Istio Gateway and VirtualService",
  read(objects, ctx) {
    for (const g of objects.filter(isSharedGateway).sort(creationOrder)) readGateway(g as IstioGateway, ctx);
    const services = objects.filter(isVirtualService).sort(creationOrder);
    // Delegates have no hosts; Istio only uses them through a root's `delegate`.
    const delegates = new Map(services.filter((v) => !v.spec?.hosts?.length).map((v) => [refOf(v), v]));
    for (const vs of services) readVirtualService(vs, ctx, delegates);
  },
};
