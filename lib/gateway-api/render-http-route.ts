import type { GatewaySpec, K8sObject, Route, RouteMatch, StringMatch } from "@/lib/topology";
import { destinationNamespace, routeNamespace, serviceKey } from "@/lib/topology";
import { meta, type RenderContext } from "@/lib/istio/context";
import type { NotExpressibleNote } from "./note";
import { planHttpRoute } from "./route-refusals";
import { gatewayApiPrefixGaps } from "./rule-order";
import { renderSubsetService, subsetBackend } from "./subset-service";

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function headerMatch(name: string, m: StringMatch): Record<string, string> {
  if (m.exact !== undefined) return { type: "Exact", name, value: m.exact };
  if (m.prefix !== undefined)
    return { type: "RegularExpression", name, value: `^${escapeRegex(m.prefix)}.*` };
  return { type: "RegularExpression", name, value: m.regex ?? "" };
}

function pathMatch(m: StringMatch): Record<string, string> {
  if (m.exact !== undefined) return { type: "Exact", value: m.exact };
  if (m.prefix !== undefined) return { type: "PathPrefix", value: m.prefix };
  return { type: "RegularExpression", value: m.regex ?? "" };
}

function renderMatch(m: RouteMatch): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (m.path) out.path = pathMatch(m.path);
  if (m.method) out.method = m.method;
  if (m.headers) out.headers = Object.entries(m.headers).map(([k, v]) => headerMatch(k, v));
  return out;
}

/**
 * HTTPRoute attached to the route's product gateways in this cluster. Returns the route, the
 * ReferenceGrants its cross-namespace backends need and a Service per subset it sends traffic to;
 * nothing (and a note with the analyzer's code) when Gateway API would route it differently.
 */
export function renderHttpRoute(
  ctx: RenderContext,
  route: Route,
  parents: GatewaySpec[],
  notes: NotExpressibleNote[],
): K8sObject[] {
  const ns = routeNamespace(route, ctx.index);
  const source = `route/${ns}/${route.name}`;
  const note = (message: string) => notes.push({ cluster: ctx.cluster.name, source, message });
  const { refusals, order } = planHttpRoute(route, ctx.index);
  if (refusals.length) {
    for (const r of refusals)
      notes.push({
        cluster: ctx.cluster.name,
        source,
        code: r.code,
        message: `not rendered as an HTTPRoute: ${r.message}`,
      });
    return [];
  }
  const gaps = gatewayApiPrefixGaps(route);
  if (gaps.length)
    note(
      `PathPrefix matches whole path segments where an Istio prefix matches characters: paths ${gaps
        .map((g) => (g.exact !== undefined ? g.exact : `~${g.regex}`))
        .join(", ")} route differently; every other request routes as in the Istio output`,
    );
  const grants = new Map<string, K8sObject>();
  const versions = new Map<string, K8sObject>();
  const rules = (order.kind === "same" ? order.order : route.http.map((_, i) => i)).map((ri) => {
    const rule = route.http[ri]!;
    const label = rule.name ?? `#${ri}`;
    const out: Record<string, unknown> = {};
    if (rule.match.length) out.matches = rule.match.map(renderMatch);
    if (rule.destinations.length)
      out.backendRefs = rule.destinations.map((d) => {
        const dns = destinationNamespace(d, route, ctx.index);
        const port = d.port ?? ctx.index.services.get(serviceKey(dns, d.service))?.ports[0]?.port;
        const ref: Record<string, unknown> = { name: d.service, namespace: dns };
        if (port !== undefined) ref.port = port;
        if (d.weight !== undefined) ref.weight = d.weight;
        if (d.subset) {
          // Refusals above guarantee the subset can be rendered.
          const b = subsetBackend(ctx.index, dns, d.service, d.subset);
          if (b.ok) {
            ref.name = b.name;
            versions.set(`${b.namespace}/${b.name}`, renderSubsetService(ctx, b));
          }
        }
        if (dns !== ns && !grants.has(dns)) {
          grants.set(dns, {
            apiVersion: "gateway.networking.k8s.io/v1beta1",
            kind: "ReferenceGrant",
            metadata: meta(ctx, {
              name: `portico-from-${ns}`,
              namespace: dns,
              product: route.product,
              source,
            }),
            spec: {
              from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: ns }],
              to: [{ group: "", kind: "Service" }],
            },
          });
        }
        return ref;
      });
    const filters: Record<string, unknown>[] = [];
    if (rule.redirect) {
      const r = rule.redirect;
      const redirect: Record<string, unknown> = { statusCode: r.code };
      if (r.scheme) redirect.scheme = r.scheme;
      if (r.authority) {
        const [hostname, port] = r.authority.split(":");
        redirect.hostname = hostname;
        if (port) redirect.port = Number(port);
      }
      if (r.uri) redirect.path = { type: "ReplaceFullPath", replaceFullPath: r.uri };
      filters.push({ type: "RequestRedirect", requestRedirect: redirect });
    }
    if (rule.rewrite) {
      const urlRewrite: Record<string, unknown> = {};
      if (rule.rewrite.authority) urlRewrite.hostname = rule.rewrite.authority;
      if (rule.rewrite.uriRegex) {
        note(
          `rule ${label}: regex rewrite ${rule.rewrite.uriRegex.match} -> ${rule.rewrite.uriRegex.substitution} has no Gateway API equivalent; not rendered`,
        );
      } else if (rule.rewrite.uri) {
        const kinds = new Set(
          rule.match.map((m) =>
            m.path?.prefix !== undefined ? "prefix" : m.path?.exact !== undefined ? "exact" : "other",
          ),
        );
        if (kinds.size === 1 && kinds.has("prefix")) {
          urlRewrite.path = { type: "ReplacePrefixMatch", replacePrefixMatch: rule.rewrite.uri };
        } else if (kinds.size === 1 && kinds.has("exact")) {
          urlRewrite.path = { type: "ReplaceFullPath", replaceFullPath: rule.rewrite.uri };
        } else {
          note(
            `rule ${label}: rewrite to ${rule.rewrite.uri} needs prefix or exact path matches only; not rendered`,
          );
        }
      }
      if (Object.keys(urlRewrite).length) filters.push({ type: "URLRewrite", urlRewrite });
    }
    if (rule.setRequestHeaders) {
      filters.push({
        type: "RequestHeaderModifier",
        requestHeaderModifier: {
          set: Object.entries(rule.setRequestHeaders).map(([name, value]) => ({ name, value })),
        },
      });
    }
    if (filters.length) out.filters = filters;
    if (rule.cors) note(`rule ${label}: CORS is not in the Gateway API standard channel; not rendered`);
    if (rule.maxRequestBodyBytes !== undefined)
      note(
        `rule ${label}: a request body limit of ${rule.maxRequestBodyBytes} bytes has no Gateway API equivalent; not rendered`,
      );
    if (rule.timeout) out.timeouts = { request: rule.timeout };
    if (rule.retries)
      note(`rule ${label}: retries are not in the Gateway API standard channel; not rendered`);
    return out;
  });
  const httpRoute: K8sObject = {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: meta(ctx, { name: route.name, namespace: ns, product: route.product, source }),
    spec: {
      parentRefs: parents.map((g) => ({
        group: "gateway.networking.k8s.io",
        kind: "Gateway",
        namespace: g.namespace,
        name: g.name,
      })),
      hostnames: [route.host],
      rules,
    },
  };
  return [httpRoute, ...grants.values(), ...versions.values()];
}
