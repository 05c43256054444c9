import { route } from "@/lib/api/handler";
import {
  encodeFlow,
  OIDC_FLOW_COOKIE,
  OIDC_FLOW_TTL_S,
  oidcSettingsFromEnv,
  startOidcSignIn,
} from "@/lib/auth/oidc";
import { secureCookies, serializeCookie } from "@/lib/auth/session";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { AppError } from "@/lib/errors/app-error";

// Sends the browser to the identity provider (authorization code + PKCE). Permission: public
export const GET = route({ permission: "public" }, async ({ req }) => {
  const settings = oidcSettingsFromEnv();
  if (!settings) throw AppError.notFound("Single sign-on (PORTICO_OIDC_ISSUER is not configured)");
  const next = safeRedirectPath(new URL(req.url).searchParams.get("next"));
  const { url, flow } = await startOidcSignIn(settings, next);
  const headers = new Headers({ location: url.href, "cache-control": "no-store" });
  headers.append(
    "set-cookie",
    serializeCookie(OIDC_FLOW_COOKIE, encodeFlow(flow), {
      httpOnly: true,
      secure: secureCookies(req),
      maxAge: OIDC_FLOW_TTL_S,
    }),
  );
  return new Response(null, { status: 302, headers });
});
