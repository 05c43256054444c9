import type { Cors, HttpRule, K8sObject, Redirect, Route, RouteMatch, StringMatch } from "@/lib/topology";
import {
  MESH,
  destinationNamespace,
  gatewayRefString,
  parseGatewayRef,
  routeNamespace,
  serviceHost,
} from "@/lib/topology";
import { meta, type RenderContext } from "./context";

export function istioStringMatch(m: StringMatch): Record<string, string> {
  if (m.exact !== undefined) return { exact: m.exact };
  if (m.prefix !== undefined) return { prefix: m.prefix };
  return { regex: m.regex ?? "" };
}

function renderMatch(m: RouteMatch): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (m.path) out.uri = istioStringMatch(m.path);
  if (m.method) out.method = { exact: m.method };
  if (m.headers) {
    const headers: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(m.headers)) headers[k] = istioStringMatch(v);
    out.headers = headers;
  }
  return out;
}

function renderCors(c: Cors): Record<string, unknown> {
  const out: Record<string, unknown> = { allowOrigins: c.allowOrigins.map(istioStringMatch) };
  if (c.allowMethods.length) out.allowMethods = [...c.allowMethods];
  if (c.allowHeaders.length) out.allowHeaders = [...c.allowHeaders];
  if (c.exposeHeaders.length) out.exposeHeaders = [...c.exposeHeaders];
  if (c.allowCredentials !== undefined) out.allowCredentials = c.allowCredentials;
  if (c.maxAge) out.maxAge = c.maxAge;
  return out;
}

function renderRedirect(r: Redirect): Record<string, unknown> {
  const out: Record<string, unknown> = { redirectCode: r.code };
  if (r.scheme) out.scheme = r.scheme;
  if (r.authority) out.authority = r.authority;
  if (r.uri) out.uri = r.uri;
  return out;
}

export function renderHttpRule(rule: HttpRule, route: Route, ctx: RenderContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (rule.name) out.name = rule.name;
  if (rule.match.length > 0) out.match = rule.match.map(renderMatch);
  if (rule.redirect) out.redirect = renderRedirect(rule.redirect);
  else
    out.route = rule.destinations.map((d) => {
      const destination: Record<string, unknown> = {
        host: serviceHost(d.service, destinationNamespace(d, route, ctx.index)),
      };
      if (d.port !== undefined) destination.port = { number: d.port };
      if (d.subset) destination.subset = d.subset;
      const r: Record<string, unknown> = { destination };
      if (d.weight !== undefined) r.weight = d.weight;
      return r;
    });
  if (rule.rewrite) {
    const rewrite: Record<string, unknown> = {};
    if (rule.rewrite.uri) rewrite.uri = rule.rewrite.uri;
    if (rule.rewrite.uriRegex)
      rewrite.uriRegexRewrite = {
        match: rule.rewrite.uriRegex.match,
        rewrite: rule.rewrite.uriRegex.substitution,
      };
    if (rule.rewrite.authority) rewrite.authority = rule.rewrite.authority;
    out.rewrite = rewrite;
  }
  if (rule.setRequestHeaders) out.headers = { request: { set: { ...rule.setRequestHeaders } } };
  if (rule.cors) out.corsPolicy = renderCors(rule.cors);
  if (rule.timeout) out.timeout = rule.timeout;
  if (rule.retries) {
    const retries: Record<string, unknown> = { attempts: rule.retries.attempts };
    if (rule.retries.perTryTimeout) retries.perTryTimeout = rule.retries.perTryTimeout;
    if (rule.retries.retryOn) retries.retryOn = rule.retries.retryOn;
    out.retries = retries;
  }
  return out;
}

/**
 * VirtualService for one route in one cluster, bound to the route's gateways that run in this
 * cluster (shared ones included: during cutover both must serve) and to `mesh` when asked.
 * Returns undefined when nothing in this cluster would use it: a VirtualService without gateways
 * would silently apply to every sidecar.
 */
export function renderVirtualService(ctx: RenderContext, route: Route): K8sObject | undefined {
  const ns = routeNamespace(route, ctx.index);
  const gateways: string[] = [];
  for (const ref of route.gateways) {
    const parsed = parseGatewayRef(ref, ns);
    if (parsed === MESH) {
      gateways.push(MESH);
      continue;
    }
    const gw = ctx.index.gateways.get(gatewayRefString(parsed));
    if (gw && gw.placement.some((p) => p.cluster === ctx.cluster.name))
      gateways.push(gatewayRefString(parsed));
  }
  if (gateways.length === 0) return undefined;
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: meta(ctx, {
      name: route.name,
      namespace: ns,
      product: route.product,
      source: `route/${ns}/${route.name}`,
    }),
    spec: {
      hosts: [route.host],
      gateways: [...new Set(gateways)].sort(),
      http: route.http.map((r) => renderHttpRule(r, route, ctx)),
      ...(route.exportTo ? { exportTo: [...route.exportTo] } : {}),
    },
  };
}
