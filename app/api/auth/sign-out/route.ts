import { json, noContent, route } from "@/lib/api/handler";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import {
  clearSessionCookies,
  deleteSession,
  parseCookies,
  secureCookies,
  SESSION_COOKIE,
} from "@/lib/auth/session";
import { signOutQuerySchema } from "@/lib/validations/auth";

// Ends the browser session: deletes its row and clears the cookies; with `next`, answers where the
// browser goes (the sign-in page, returning to `next` once signed in again). Permission: public
// (signing out without a session is a no-op, not an error)
export const POST = route({ permission: "public", query: signOutQuerySchema }, async ({ req, query }) => {
  await deleteSession(parseCookies(req.headers.get("cookie")).get(SESSION_COOKIE));
  const headers = new Headers({ "cache-control": "no-store" });
  for (const cookie of clearSessionCookies(secureCookies(req))) headers.append("set-cookie", cookie);
  if (query.next === undefined) return noContent({ headers });
  const next = safeRedirectPath(query.next);
  const location = next === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;
  return json({ location }, { headers });
});
