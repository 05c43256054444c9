import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

// Any page path no route matches.
export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 px-4">
      <div className="max-w-md rounded-lg border border-slate-200 bg-white p-8 text-center shadow-sm">
        <p className="text-sm font-semibold text-indigo-700">404</p>
        <h1 className="mt-1 text-lg font-semibold text-slate-900">Page not found</h1>
        <p className="mt-2 text-sm text-slate-600">
          This address does not match any page of Portico. Check the link, or start again from the overview.
        </p>
        <Link href="/" className={buttonClasses("primary", "mt-5")}>
          Go to the overview
        </Link>
      </div>
    </main>
  );
}
