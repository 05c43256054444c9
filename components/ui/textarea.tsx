import type { Ref, TextareaHTMLAttributes } from "react";
import { controlClasses } from "./control";

/** A multi-line text input in the shared look; put it in a Field for its label, hint and error. */
export function Textarea({
  className,
  compact,
  ref,
  ...props
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { compact?: boolean; ref?: Ref<HTMLTextAreaElement> }) {
  return <textarea ref={ref} className={controlClasses(className, compact)} {...props} />;
}
