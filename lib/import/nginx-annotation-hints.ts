// What to do instead, for each ingress-nginx annotation import cannot translate. The first pattern
// that matches the annotation name (without prefix) gives the hint.
const HINTS: Array<[RegExp, string]> = [
  [
    /snippet$/,
    "Raw NGINX configuration has no Istio equivalent; express what it does as topology rules, or as an EnvoyFilter the platform team reviews.",
  ],
  [
    /^auth-tls-/,
    "Client certificates: give the listener TLS mode MUTUAL with the CA in its credential Secret.",
  ],
  [
    /^auth-(type|secret|secret-type|realm)$/,
    "Basic authentication has no Istio equivalent; move clients to JWT (policies.authentication) or an external authorization provider.",
  ],
  [
    /^(auth-|enable-global-auth)/,
    "External authentication: configure an Istio extensionProvider and an AuthorizationPolicy with action CUSTOM on the gateway.",
  ],
  [
    /^(limit-|global-rate-limit)/,
    "Rate limits: use Envoy local rate limiting (EnvoyFilter) or a global rate limit service on the gateway.",
  ],
  [
    /^(enable-modsecurity|enable-owasp-core-rules|modsecurity-)/,
    "Web application firewall: keep a WAF in front of the gateway or run one as a Wasm plugin.",
  ],
  [
    /^(proxy-buffer|proxy-buffering|proxy-busy-buffers|proxy-max-temp-file|client-body-buffer|proxy-request-buffering)/,
    "Envoy streams requests and responses itself; check no backend relies on NGINX buffering whole bodies.",
  ],
  [
    /^(custom-http-errors|default-backend)$/,
    "Custom error pages: serve them from the backend, or as an Envoy local reply (EnvoyFilter).",
  ],
  [
    /^(session-cookie-|affinity-)/,
    "Istio's cookie affinity sets name, path and lifetime only; check clients do not rely on this cookie attribute or mode.",
  ],
  [
    /^ssl-passthrough$/,
    "Use a listener with TLS mode PASSTHROUGH and a TLS route; Portico models HTTP routes only.",
  ],
  [
    /^(upstream-hash-by|load-balance)/,
    "Set a consistentHash or simple load balancer on the service's DestinationRule.",
  ],
  [/^proxy-next-upstream/, "Use the rule's retries (attempts, retryOn) instead."],
  [/^mirror-/, "Mirror traffic with a VirtualService mirror by hand; Portico does not model mirrors."],
  [
    /^(enable-access-log|enable-rewrite-log|enable-opentelemetry|opentelemetry-)/,
    "Access logs and tracing are configured for the gateway with Istio Telemetry resources.",
  ],
  [/^ssl-(ciphers|prefer-server-ciphers)$/, "Set cipher suites on the gateway's Istio Gateway server TLS."],
  [
    /^(server-alias|from-to-www-redirect)$/,
    "Add the other name as a host of its own (with a redirect rule when it should redirect).",
  ],
  [
    /^(proxy-redirect-|proxy-cookie-)/,
    "Envoy does not rewrite Location or Set-Cookie headers of responses; make the backend answer with the public names.",
  ],
  [/^proxy-ssl-/, "Set the backend's TLS (client certificate, SNI, CA) on its DestinationRule by hand."],
  [/^proxy-http-version$/, "Envoy picks the protocol to the backend from the Service port's appProtocol."],
  [/^service-upstream$/, "Istio always balances over the Service's endpoints; nothing to do."],
  [/^http2-push-preload$/, "HTTP/2 server push is gone from browsers; drop it."],
  [/^connection-proxy-header$/, "Envoy manages the Connection header itself; drop it."],
  [/^satisfy$/, "Combine authentication and IP allow-lists in AuthorizationPolicies instead."],
  [/^custom-headers$/, "Set the headers on the route (setRequestHeaders) or in the backend."],
];

export function untranslatedHint(name: string): string {
  for (const [re, hint] of HINTS) if (re.test(name)) return hint;
  return "Portico knows no translation for it; check whether the behaviour is still needed and model it by hand.";
}
