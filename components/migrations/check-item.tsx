import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/** One line of a checklist: ✓ or ✗ for the eye, "Passed:" or "Failed:" for a screen reader. */
export function CheckItem({
  pass,
  className,
  children,
}: {
  pass: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <li className={cn("flex items-start gap-2", className)}>
      <span aria-hidden="true" className={pass ? "text-emerald-700" : "text-red-700"}>
        {pass ? "✓" : "✗"}
      </span>
      <span>
        <span className="sr-only">{pass ? "Passed: " : "Failed: "}</span>
        {children}
      </span>
    </li>
  );
}
