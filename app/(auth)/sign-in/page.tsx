import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { getCurrentUser } from "@/lib/auth/current-user";
import { oidcSettingsFromEnv } from "@/lib/auth/oidc";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";

export const metadata: Metadata = { title: "Sign in" };

// Local accounts and, when configured, single sign-on.
export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const next = safeRedirectPath(typeof params.next === "string" ? params.next : null);
  if (await getCurrentUser()) redirect(next);
  const ssoError = typeof params.error === "string" ? params.error.slice(0, 300) : null;
  let sso = false;
  try {
    sso = oidcSettingsFromEnv() !== null;
  } catch {
    sso = false;
  }

  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2">
          <span aria-hidden="true" className="inline-block h-6 w-6 rounded bg-indigo-600" />
          <span className="text-lg font-semibold text-slate-900">Portico</span>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="mb-1 text-base font-semibold text-slate-900">Sign in</h1>
          <p className="mb-4 text-sm text-slate-600">Control plane for gateways per product.</p>
          {ssoError ? (
            <div className="mb-4">
              <Alert tone="error">{ssoError}</Alert>
            </div>
          ) : null}
          <SignInForm next={next} />
          {sso ? (
            <>
              <div className="my-4 flex items-center gap-2 text-xs text-slate-500" aria-hidden="true">
                <span className="h-px flex-1 bg-slate-200" /> or <span className="h-px flex-1 bg-slate-200" />
              </div>
              <a
                href={`/api/auth/oidc/start?next=${encodeURIComponent(next)}`}
                className={buttonClasses("secondary", "w-full")}
              >
                Sign in with single sign-on
              </a>
            </>
          ) : null}
        </div>
      </div>
    </main>
  );
}
