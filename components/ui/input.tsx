import type { InputHTMLAttributes, Ref } from "react";
import { controlClasses } from "./control";

/** A text input in the shared look; put it in a Field for its label, hint and error. */
export function Input({
  className,
  compact,
  ref,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { compact?: boolean; ref?: Ref<HTMLInputElement> }) {
  return <input ref={ref} className={controlClasses(className, compact)} {...props} />;
}
