import { cn } from "./cn";

/**
 * The one look of text inputs, selects and text areas: full width unless told otherwise, a red
 * border when `aria-invalid` (set by Field when it shows an error). `compact` for controls inside
 * table rows and toolbars.
 */
export function controlClasses(className?: string, compact = false): string {
  return cn(
    "block w-full min-w-0 rounded-md border border-slate-300 bg-white text-slate-900 shadow-sm",
    "placeholder:text-slate-400 disabled:bg-slate-50 disabled:text-slate-500",
    "focus-visible:border-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-indigo-600",
    "aria-invalid:border-red-600",
    compact ? "px-2 py-1 text-xs" : "px-2.5 py-1.5 text-sm",
    className,
  );
}
