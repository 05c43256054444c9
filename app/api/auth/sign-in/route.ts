import { json, route } from "@/lib/api/handler";
import { clientInfo } from "@/lib/api/client-info";
import { secureCookies, sessionCookies } from "@/lib/auth/session";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { signInSchema } from "@/lib/validations/auth";

// Local account sign-in: sets the session and CSRF cookies. Permission: public
export const POST = route(
  { permission: "public", body: signInSchema, maxBytes: 16 * 1024 },
  async ({ req, body, requestId }) => {
    const { session, userId } = await signInWithPassword(body, { ...clientInfo(req), requestId });
    const headers = new Headers({ "cache-control": "no-store" });
    for (const cookie of sessionCookies(session, secureCookies(req))) headers.append("set-cookie", cookie);
    return json({ userId, expiresAt: session.expiresAt }, { status: 200, headers });
  },
);
