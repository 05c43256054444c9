import { noContent, route } from "@/lib/api/handler";
import {
  clearSessionCookies,
  deleteSession,
  parseCookies,
  secureCookies,
  SESSION_COOKIE,
} from "@/lib/auth/session";

// Ends the browser session: deletes its row and clears the cookies. Permission: public (signing
// out without a session is a no-op, not an error)
export const POST = route({ permission: "public" }, async ({ req }) => {
  await deleteSession(parseCookies(req.headers.get("cookie")).get(SESSION_COOKIE));
  const headers = new Headers({ "cache-control": "no-store" });
  for (const cookie of clearSessionCookies(secureCookies(req))) headers.append("set-cookie", cookie);
  return noContent({ headers });
});
