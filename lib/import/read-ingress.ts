import type { GatewaySpec, HttpRule, Listener, RouteMatch, StringMatch } from "@/lib/topology";
import { IMPORT_RULES as R } from "./import-findings";
import { creationOrder, isIngress, nsOf, refOf, type Ingress, type IngressPath } from "./k8s-types";
import type { NginxSettings } from "./nginx-settings";
import { ingressClass, isNginxClass } from "./read-nginx-annotations";
import { SHARED_GATEWAY } from "./read-istio";
import type { ImportContext, SourceReader } from "./source-reader";

type Backend = { service: string; namespace: string; port?: number };

/** One path of one Ingress rule. */
interface PathEntry {
  ing: Ingress;
  ruleIndex: number;
  path: string;
  pathType: string;
  backend: Backend;
}

/**
 * Kubernetes `Prefix` matches whole path elements (`/foo` matches `/foo` and `/foo/bar`, not
 * `/foobar`); Istio prefixes match characters, so it becomes exact `/foo` or prefix `/foo/`.
 */
export function elementPrefix(path: string): StringMatch[] {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed === "" ? [{ prefix: "/" }] : [{ exact: trimmed }, { prefix: `${trimmed}/` }];
}

/** Exact-only rules first, then longer paths first: first-match order keeps "most specific wins". */
function specificFirst(a: HttpRule, b: HttpRule): number {
  const exactOnly = (r: HttpRule) => Number(r.match.every((m) => m.path?.exact !== undefined));
  const len = (r: HttpRule) =>
    Math.max(...r.match.map((m) => (m.path?.exact ?? m.path?.prefix ?? "").length));
  return exactOnly(b) - exactOnly(a) || len(b) - len(a);
}

function backendOf(ing: Ingress, p: IngressPath): Backend | undefined {
  const svc = p.backend?.service;
  if (!svc?.name) return undefined;
  return {
    service: svc.name,
    namespace: nsOf(ing),
    ...(typeof svc.port?.number === "number" ? { port: svc.port.number } : {}),
  };
}

function gatewayFor(cls: string, ing: Ingress, ctx: ImportContext): string {
  if (cls === "istio") {
    // Istio serves Ingress objects on the workload labelled istio=ingressgateway.
    const found = [...ctx.gateways.values()].find((g) => g.selector?.istio === "ingressgateway");
    const ref = found
      ? `${found.namespace}/${found.name}`
      : `${SHARED_GATEWAY.namespace}/${SHARED_GATEWAY.name}`;
    if (!ctx.gateways.has(ref))
      ctx.gateways.set(ref, {
        ...SHARED_GATEWAY,
        mode: "shared",
        selector: { istio: "ingressgateway" },
        placement: [{ cluster: ctx.cluster }],
        listeners: [],
      } as unknown as GatewaySpec);
    return ref;
  }
  const ref = `ingress-${cls}/${cls}`;
  if (!ctx.gateways.has(ref)) {
    ctx.gateways.set(ref, {
      name: cls,
      namespace: `ingress-${cls}`,
      mode: "shared",
      selector: isNginxClass(cls)
        ? { "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller" }
        : { "app.kubernetes.io/name": cls },
      placement: [{ cluster: ctx.cluster }],
      listeners: [],
    } as unknown as GatewaySpec);
    ctx.notImported(
      ing,
      `ingress class ${cls} is not Istio; it is modelled as shared gateway ${ref}`,
      "Check the selector of that gateway model before migrating its products.",
    );
  }
  return ref;
}

/** Puts a host on the gateway's listener for a port (HTTPS with its secret, HTTP plain or redirecting). */
function serve(
  gw: GatewaySpec,
  host: string,
  kind: "https" | "http" | "http-redirect",
  secret?: string,
): void {
  const port = kind === "https" ? 443 : 80;
  let l = gw.listeners.find((x) => x.port === port && x.name === kind);
  if (!l) {
    l = {
      name: kind,
      port,
      protocol: kind === "https" ? "HTTPS" : "HTTP",
      hosts: [],
      ...(kind === "https"
        ? { tls: { mode: "SIMPLE", credentialName: secret || `${host.split(".")[0]}-tls` } }
        : {}),
      ...(kind === "http-redirect" ? { httpsRedirect: true } : {}),
    } as Listener;
    gw.listeners.push(l);
  }
  if (!l.hosts.includes(host)) l.hosts.push(host);
}

function tlsSecret(ing: Ingress, host: string): string | undefined {
  for (const t of ing.spec?.tls ?? []) if ((t.hosts ?? []).includes(host)) return t.secretName ?? "";
  return undefined;
}

function warnDefaultBackend(ing: Ingress, ctx: ImportContext) {
  ctx.report(
    R.ingressWithoutHost,
    ing,
    `Ingress ${refOf(ing)} has a default backend: it answers requests for any host.`,
    "Give every rule a host and remove the default backend before moving its product.",
  );
}

/** Ingress of class `istio` (Istio's own conversion) or of a controller other than ingress-nginx. */
/** A rule without a host answers any name: it is reported and not imported. */
function reportRuleWithoutHost(ing: Ingress, index: number, ctx: ImportContext): void {
  ctx.report(
    R.ingressWithoutHost,
    ing,
    `Ingress ${refOf(ing)} rule ${index + 1} has no host: it answers requests for any name.`,
    "Add the host the rule is meant for; the rule was not imported.",
  );
}

function readPlainIngress(ing: Ingress, cls: string, ctx: ImportContext): void {
  if (ing.spec?.defaultBackend) warnDefaultBackend(ing, ctx);
  const ref = gatewayFor(cls, ing, ctx);
  const gw = ctx.gateways.get(ref)!;
  const rules = ing.spec?.rules ?? [];
  for (const [ri, rule] of rules.entries()) {
    if (!rule.host) {
      reportRuleWithoutHost(ing, ri, ctx);
      continue;
    }
    const host = rule.host;
    const backends: string[] = [];
    const http: HttpRule[] = [];
    for (const p of rule.http?.paths ?? []) {
      const backend = backendOf(ing, p);
      if (!backend) {
        ctx.notImported(
          ing,
          `a path of ${host} has a resource backend`,
          "Only service backends are imported.",
        );
        continue;
      }
      const path = p.path ?? "/";
      let matches: StringMatch[];
      if (p.pathType === "Exact") matches = [{ exact: path }];
      else if (p.pathType === "Prefix") matches = elementPrefix(path);
      else if (cls === "istio")
        // Istio's conversion: a trailing `.*` is a prefix, anything else exact.
        matches = path.endsWith(".*") ? [{ prefix: path.slice(0, -2) }] : [{ exact: path }];
      else {
        ctx.notImported(
          ing,
          `path ${path} of ${host} is ImplementationSpecific; imported as a prefix`,
          "Check it matches what the controller did.",
        );
        matches = [{ prefix: path }];
      }
      backends.push(`${backend.namespace}/${backend.service}`);
      http.push({ match: matches.map((m) => ({ path: m })), destinations: [backend] });
    }
    if (http.length === 0) continue;
    http.sort(specificFirst);
    const secret = tlsSecret(ing, host);
    serve(gw, host, secret !== undefined ? "https" : "http", secret);
    ctx.drafts.push({
      route: {
        name: rules.length > 1 ? `${ing.metadata.name}-${ri}` : ing.metadata.name,
        product: "",
        namespace: nsOf(ing),
        host,
        gateways: [ref],
        http,
      },
      sources: [`Ingress ${refOf(ing)}`],
      backends,
    });
  }
  ctx.imported.push(`Ingress ${refOf(ing)}`);
}

const PCRE_ONLY = /\(\?[=!<]|\\[1-9]|[*+?}]\+|\(\?>/;

interface Location {
  path: string;
  kind: "exact" | "prefix" | "regex";
  entry: PathEntry;
}

/**
 * One host of ingress-nginx: every non-canary Ingress of the host is one NGINX server, so they
 * become one route, ordered as ingress-nginx orders its locations.
 */
function readNginxHost(
  host: string,
  entries: PathEntry[],
  canaries: Map<string, PathEntry>,
  ref: string,
  ctx: ImportContext,
): void {
  const settings = (e: PathEntry): NginxSettings => ctx.nginx.get(refOf(e.ing))!;
  const rewrites = (e: PathEntry) => {
    const t = settings(e).rewriteTarget;
    return t !== undefined && t !== e.path;
  };
  // ingress-nginx: use-regex or a rewrite on any Ingress of the host makes every path of the host
  // a case-insensitive regex anchored at the start.
  const regex = entries.some((e) => settings(e).useRegex || rewrites(e));
  const locations: Location[] = [];
  const add = (l: Location) => {
    if (!locations.some((x) => x.path === l.path && x.kind === l.kind)) locations.push(l);
  };
  const exactPaths = new Set(entries.filter((e) => e.pathType === "Exact").map((e) => e.path));
  for (const e of entries) {
    if (regex) add({ path: e.path, kind: "regex", entry: e });
    else if (e.pathType === "Exact") add({ path: e.path, kind: "exact", entry: e });
    else if (e.pathType === "Prefix" && e.path !== "/") {
      add({ path: e.path.endsWith("/") ? e.path : `${e.path}/`, kind: "prefix", entry: e });
      if (!e.path.endsWith("/") && !exactPaths.has(e.path)) add({ path: e.path, kind: "exact", entry: e });
    } else add({ path: e.path, kind: "prefix", entry: e });
  }
  // Every NGINX server has a root location: the Ingress's default backend, else a 404.
  if (!locations.some((l) => l.path === "/" && l.kind !== "exact")) {
    const withDefault = entries.map((e) => e.ing).find((i) => i.spec?.defaultBackend?.service?.name);
    if (withDefault) {
      const d = withDefault.spec!.defaultBackend!.service!;
      locations.push({
        path: "/",
        kind: regex ? "regex" : "prefix",
        entry: {
          ing: withDefault,
          ruleIndex: -1,
          path: "/",
          pathType: "Prefix",
          backend: {
            service: d.name,
            namespace: nsOf(withDefault),
            ...(typeof d.port?.number === "number" ? { port: d.port.number } : {}),
          },
        },
      });
    }
  }
  // NGINX picks exact first, then the longest prefix; regexes in order, which ingress-nginx sorts
  // by descending length. Istio takes the first match, so the rules are ordered accordingly.
  locations.sort((a, b) => (a.path > b.path ? -1 : a.path < b.path ? 1 : 0));
  locations.sort(
    (a, b) => Number(b.kind === "exact") - Number(a.kind === "exact") || b.path.length - a.path.length,
  );

  const http: HttpRule[] = [];
  const backends: string[] = [];
  const appRoot = entries.map((e) => settings(e).appRoot).find(Boolean);
  if (appRoot)
    http.push({
      name: "app-root",
      match: [{ path: { exact: "/" } }],
      destinations: [],
      redirect: { uri: appRoot, code: 302 },
    });
  for (const l of locations) {
    const e = l.entry;
    const s = settings(e);
    if (l.kind === "regex" && PCRE_ONLY.test(l.path)) {
      ctx.notImported(
        e.ing,
        `path ${l.path} of ${host} uses PCRE features RE2 does not have`,
        "Rewrite the path as an RE2 regular expression; the path was not imported.",
      );
      continue;
    }
    const match: RouteMatch =
      l.kind === "regex"
        ? { path: { regex: `(?i)(?:${l.path}).*` } }
        : { path: { [l.kind]: l.path } as StringMatch };
    const rule: HttpRule = { match: [match], destinations: [] };
    if (s.redirect) rule.redirect = { ...s.redirect };
    else {
      rule.destinations = [{ ...e.backend }];
      backends.push(`${e.backend.namespace}/${e.backend.service}`);
    }
    if (!s.redirect) {
      const rewrite: NonNullable<HttpRule["rewrite"]> = {};
      if (regex && rewrites(e))
        rewrite.uriRegex = {
          match: `(?i)^(?:${l.path}).*`,
          substitution: s.rewriteTarget!.replace(/\$(\d)/g, "\\$1"),
        };
      if (s.upstreamVhost) rewrite.authority = s.upstreamVhost;
      if (Object.keys(rewrite).length) rule.rewrite = rewrite;
      if (s.xForwardedPrefix) rule.setRequestHeaders = { "x-forwarded-prefix": s.xForwardedPrefix };
      if (s.timeout) rule.timeout = s.timeout;
      if (s.maxRequestBodyBytes !== undefined) rule.maxRequestBodyBytes = s.maxRequestBodyBytes;
      setBackend(e, s, ctx);
    }
    if (s.cors) rule.cors = structuredClone(s.cors);
    const canary = s.redirect ? undefined : canaries.get(`${host} ${e.path}`);
    if (canary) http.push(...canaryRules(rule, canary, ctx, backends));
    http.push(rule);
  }
  if (http.length === 0) return;

  const gw = ctx.gateways.get(ref)!;
  const ingresses = [...new Set(entries.map((e) => e.ing))];
  const secret = ingresses.map((i) => tlsSecret(i, host)).find((x) => x !== undefined);
  const redirects = ingresses.map((i) => {
    const s = ctx.nginx.get(refOf(i))!;
    return s.forceSslRedirect || (secret !== undefined && s.sslRedirect !== false);
  });
  if (secret !== undefined) serve(gw, host, "https", secret);
  serve(gw, host, redirects.some(Boolean) ? "http-redirect" : "http");
  if (redirects.some(Boolean)) {
    // Istio's httpsRedirect keeps the path as it came; ingress-nginx drops one trailing slash.
    const slash = ingresses.some((i) => !ctx.nginx.get(refOf(i))!.preserveTrailingSlash);
    ctx.report(
      R.approximated,
      ingresses[0]!,
      `http://${host} redirects to https with 301 (Istio) where ingress-nginx answered 308${slash ? ", and keeps a trailing slash ingress-nginx dropped (http://host/ now goes to https://host/, not https://host)" : ""}${redirects.every(Boolean) ? "" : "; some of its Ingresses did not redirect, now all do"}.`,
      "Clients that POST over plain http must move to https before the cutover.",
    );
  }
  for (const i of ingresses) allowLists(i, host, locations, ref, ctx);

  const first = entries[0]!;
  const ruleCount = first.ing.spec?.rules?.length ?? 0;
  ctx.drafts.push({
    route: {
      name: ruleCount > 1 ? `${first.ing.metadata.name}-${first.ruleIndex}` : first.ing.metadata.name,
      product: "",
      namespace: nsOf(first.ing),
      host,
      gateways: [ref],
      http,
    },
    sources: ingresses.map((i) => `Ingress ${refOf(i)}`),
    backends,
  });
}

function setBackend(e: PathEntry, s: NginxSettings, ctx: ImportContext): void {
  const backend = {
    ...(s.backendProtocol && s.backendProtocol !== "HTTP" ? { protocol: s.backendProtocol } : {}),
    ...(s.connectTimeout ? { connectTimeout: s.connectTimeout } : {}),
    ...(s.sessionCookie ? { sessionCookie: { ...s.sessionCookie } } : {}),
  };
  if (Object.keys(backend).length === 0) return;
  const key = `${e.backend.namespace}/${e.backend.service}`;
  const had = ctx.backends.get(key);
  if (!had) ctx.backends.set(key, { backend, source: `Ingress ${refOf(e.ing)}` });
  else if (JSON.stringify(had.backend) !== JSON.stringify(backend))
    ctx.report(
      R.approximated,
      e.ing,
      `Service ${key}: backend settings of Ingress ${refOf(e.ing)} differ from those of ${had.source}; Istio has one DestinationRule per service, the first is kept.`,
      "Give both Ingresses the same backend-protocol, proxy-connect-timeout and affinity annotations.",
    );
}

/** Canary rules before the main rule: header, then cookie (ingress-nginx's precedence), then weight. */
function canaryRules(main: HttpRule, c: PathEntry, ctx: ImportContext, backends: string[]): HttpRule[] {
  const s = ctx.nginx.get(refOf(c.ing))!.canary!;
  backends.push(`${c.backend.namespace}/${c.backend.service}`);
  const out: HttpRule[] = [];
  const to = (header: string, m: StringMatch, dest: HttpRule["destinations"][number]): HttpRule => ({
    ...structuredClone(main),
    match: main.match.map((x) => ({ ...x, headers: { ...x.headers, [header]: m } })),
    destinations: [{ ...dest }],
  });
  const mainDest = main.destinations[0]!;
  if (s.header) {
    if (s.header.value) out.push(to(s.header.name, { exact: s.header.value }, c.backend));
    else if (s.header.pattern) out.push(to(s.header.name, { regex: s.header.pattern }, c.backend));
    else {
      out.push(to(s.header.name, { exact: "always" }, c.backend));
      out.push(to(s.header.name, { exact: "never" }, mainDest));
    }
  }
  if (s.cookie) {
    const cookie = (v: string) => ({
      regex: `(.*;\\s*)?${s.cookie!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}=${v}(;.*)?`,
    });
    out.push(to("cookie", cookie("always"), c.backend));
    out.push(to("cookie", cookie("never"), mainDest));
  }
  if (s.weight !== undefined && s.weight > 0)
    main.destinations = [
      { ...mainDest, weight: 100 - s.weight },
      { ...c.backend, weight: s.weight },
    ];
  ctx.imported.push(`Ingress ${refOf(c.ing)}`);
  return out;
}

/** whitelist/denylist-source-range as a DENY policy on the gateway, limited to the Ingress's paths. */
function allowLists(
  ing: Ingress,
  host: string,
  locations: Location[],
  gateway: string,
  ctx: ImportContext,
): void {
  const s = ctx.nginx.get(refOf(ing))!;
  if (!s.allowSourceRange && !s.denySourceRange) return;
  const own = locations.filter((l) => l.entry.ing === ing);
  // Istio's `p*` is a character prefix, like NGINX's.
  const paths = own.flatMap((l) =>
    l.kind === "exact" ? [l.path] : l.kind === "prefix" ? [`${l.path}*`] : [],
  );
  const everyPath = own.some((l) => l.kind === "regex") || own.some((l) => l.path === "/");
  if (own.some((l) => l.kind === "regex"))
    ctx.report(
      R.approximated,
      ing,
      `Ingress ${refOf(ing)}: its source ranges apply to every path of ${host}, as its paths are regular expressions.`,
      "Check other Ingresses of the host do not need other ranges.",
    );
  const to = { hosts: [host], ...(everyPath ? {} : { paths: [...new Set(paths)] }) };
  const base = ing.metadata.name.slice(0, 50).replace(/-+$/, "");
  if (s.allowSourceRange)
    ctx.policies.push({
      host,
      policy: {
        name: `${base}-allow-list`,
        target: { gateway },
        action: "DENY",
        rules: [{ from: { notIpBlocks: s.allowSourceRange }, to }],
      },
    });
  if (s.denySourceRange)
    ctx.policies.push({
      host,
      policy: {
        name: `${base}-deny-list`,
        target: { gateway },
        action: "DENY",
        rules: [{ from: { ipBlocks: s.denySourceRange }, to }],
      },
    });
}

function readNginxIngresses(ingresses: Ingress[], cls: string, ctx: ImportContext): void {
  const hosts = new Map<string, PathEntry[]>();
  const canaries = new Map<string, PathEntry>();
  let ref = "";
  for (const ing of ingresses) {
    ref = gatewayFor(cls, ing, ctx);
    const canary = ctx.nginx.get(refOf(ing))!.canary !== undefined;
    if (ing.spec?.defaultBackend && !(ing.spec.rules ?? []).length) warnDefaultBackend(ing, ctx);
    for (const [ri, rule] of (ing.spec?.rules ?? []).entries()) {
      if (!rule.host) {
        reportRuleWithoutHost(ing, ri, ctx);
        continue;
      }
      for (const p of rule.http?.paths ?? []) {
        const backend = backendOf(ing, p);
        if (!backend) {
          ctx.notImported(
            ing,
            `a path of ${rule.host} has a resource backend`,
            "Only service backends are imported.",
          );
          continue;
        }
        const entry = { ing, ruleIndex: ri, path: p.path ?? "/", pathType: p.pathType ?? "Prefix", backend };
        const key = `${rule.host} ${entry.path}`;
        if (canary) {
          if (!canaries.has(key)) canaries.set(key, entry);
        } else {
          const list = hosts.get(rule.host);
          if (list) list.push(entry);
          else hosts.set(rule.host, [entry]);
        }
      }
    }
    if (!canary) ctx.imported.push(`Ingress ${refOf(ing)}`);
  }
  for (const [key, c] of canaries) {
    const [host, path] = key.split(" ");
    if (!(hosts.get(host!) ?? []).some((e) => e.path === path))
      ctx.notImported(
        c.ing,
        `canary path ${path} of ${host} has no main Ingress`,
        "ingress-nginx ignores such a canary too; delete it.",
      );
  }
  for (const [host, entries] of hosts) readNginxHost(host, entries, canaries, ref, ctx);
}

/** Kubernetes Ingress objects, read with the semantics of the controller their class names. */
export const ingressReader: SourceReader = {
  name: "Kubernetes Ingress",
  read(objects, ctx) {
    const byClass = new Map<string, Ingress[]>();
    for (const ing of objects.filter(isIngress).sort(creationOrder)) {
      const cls = ingressClass(ing);
      const list = byClass.get(cls);
      if (list) list.push(ing);
      else byClass.set(cls, [ing]);
    }
    for (const [cls, list] of byClass) {
      if (isNginxClass(cls)) readNginxIngresses(list, cls, ctx);
      else for (const ing of list) readPlainIngress(ing, cls, ctx);
    }
  },
};
