import type { Ref, SelectHTMLAttributes } from "react";
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
