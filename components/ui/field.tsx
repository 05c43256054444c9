import { cloneElement, type ReactElement, type ReactNode } from "react";
import { cn } from "./cn";

type ControlProps = {
  id?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean | "true" | "false";
};

/**
 * A form control with its visible label, an optional hint and the error that concerns it, tied
 * together for screen readers: Field gives its one child control the id, `aria-describedby` (hint
 * and error) and `aria-invalid` (when there is an error). The error is a sentence saying what to
 * change, shown under the control rather than in a list at the top of the form.
 */
export function Field({
  id,
  label,
  hint,
  error,
  className,
  labelHidden = false,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  className?: string;
  /** Keep the label for screen readers only, e.g. in a table row whose header names the column. */
  labelHidden?: boolean;
  children: ReactElement<ControlProps>;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy =
    [children.props["aria-describedby"], hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("min-w-0 space-y-1", className)}>
      <label htmlFor={id} className={labelHidden ? "sr-only" : "block text-sm font-medium text-slate-800"}>
        {label}
      </label>
      {cloneElement(children, {
        id,
        "aria-describedby": describedBy,
        ...(error ? { "aria-invalid": true } : {}),
      })}
      {hint ? (
        <p id={hintId} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
