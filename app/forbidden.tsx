import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

// Rendered with HTTP 403 when a page calls forbidden() (requirePermission).
export default function Forbidden() {
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 px-4">
      <div className="max-w-md rounded-lg border border-slate-200 bg-white p-8 text-center shadow-sm">
        <p className="text-sm font-semibold text-red-700">403</p>
        <h1 className="mt-1 text-lg font-semibold text-slate-900">Your role cannot open this page</h1>
        <p className="mt-2 text-sm text-slate-600">
          Ask a Portico administrator for a role that includes this area if you need it.
        </p>
        <Link href="/" className={buttonClasses("primary", "mt-5")}>
          Go to the overview
        </Link>
      </div>
    </main>
  );
}
