import { route } from "@/lib/api/handler";
import { clientInfo } from "@/lib/api/client-info";
import { completeOidcSignIn, decodeFlow, OIDC_FLOW_COOKIE, oidcSettingsFromEnv } from "@/lib/auth/oidc";
import { parseCookies, secureCookies, serializeCookie, sessionCookies } from "@/lib/auth/session";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { toAppError } from "@/lib/errors/app-error";

// The identity provider's redirect back: verifies it, signs the user in, and returns the browser to
// where it started; failures go back to the sign-in page with a message. Permission: public
export const GET = route({ permission: "public" }, async ({ req, requestId }) => {
  const secure = secureCookies(req);
  const headers = new Headers({ "cache-control": "no-store" });
  headers.append("set-cookie", serializeCookie(OIDC_FLOW_COOKIE, "", { httpOnly: true, secure, maxAge: 0 }));
  const base = new URL(req.url);
  try {
    const settings = oidcSettingsFromEnv();
    const flow = decodeFlow(parseCookies(req.headers.get("cookie")).get(OIDC_FLOW_COOKIE));
    if (!settings || !flow) throw new Error("missing sign-on flow");
    // Note: the token request must name the registered redirect URL, not the proxied address.
    const callbackUrl = new URL(settings.redirectUrl);
    callbackUrl.search = base.search;
    const { session } = await completeOidcSignIn(settings, callbackUrl, flow, {
      ...clientInfo(req),
      requestId,
    });
    for (const cookie of sessionCookies(session, secure)) headers.append("set-cookie", cookie);
    headers.set("location", safeRedirectPath(flow.next));
  } catch (err) {
    const appError = toAppError(err);
    const message =
      appError.code === "INTERNAL"
        ? "Single sign-on failed. Start again from the sign-in page."
        : appError.message;
    headers.set("location", `/sign-in?error=${encodeURIComponent(message)}`);
  }
  return new Response(null, { status: 303, headers });
});
