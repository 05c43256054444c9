import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClasses } from "./button";
import { cn } from "./cn";

/** A whole page that answers an HTTP error status in words, with the way back to the overview. */
export function StatusPage({
  status,
  statusClassName,
  title,
  children,
}: {
  status: 403 | 404;
  /** The colour of the status line: red for a refusal, indigo for a missing page. */
  statusClassName: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 px-4">
      <div className="max-w-md rounded-lg border border-slate-200 bg-white p-8 text-center shadow-sm">
        <p className={cn("text-sm font-semibold", statusClassName)}>{status}</p>
        <h1 className="mt-1 text-lg font-semibold text-slate-900">{title}</h1>
        <p className="mt-2 text-sm text-slate-600">{children}</p>
        <Link href="/" className={buttonClasses("primary", "mt-5")}>
          Go to the overview
        </Link>
      </div>
    </main>
  );
}
