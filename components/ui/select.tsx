import type { ReactNode, Ref, SelectHTMLAttributes } from "react";
import { controlClasses } from "./control";

/** A native select in the shared look; put it in a Field for its label, hint and error. */
export function Select({
  className,
  compact,
  ref,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { compact?: boolean; ref?: Ref<HTMLSelectElement> }) {
  return <select ref={ref} className={controlClasses(className, compact)} {...props} />;
}

/** A choice of a select: a value that is its own label, or a value with the words shown for it. */
export type Option = string | { value: string; label: ReactNode };

/** The options of a select, one a value, in the order given. */
export function Options({ options }: { options: readonly Option[] }) {
  return options.map((o) => {
    const { value, label } = typeof o === "string" ? { value: o, label: o } : o;
    return (
      <option key={value} value={value}>
        {label}
      </option>
    );
  });
}
