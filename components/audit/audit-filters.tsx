import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

export type AuditFilterValues = {
  actor?: string;
  product?: string;
  cluster?: string;
  action?: string;
  from?: string;
  to?: string;
};

/** The filter form: a plain GET form, so filters live in the URL and work without JavaScript. */
export function AuditFilters({ values, actions }: { values: AuditFilterValues; actions: string[] }) {
  const field = (name: keyof AuditFilterValues, label: string, props: Record<string, string> = {}) => (
    <Field id={`audit-${name}`} label={label}>
      <Input name={name} defaultValue={values[name] ?? ""} {...props} />
    </Field>
  );
  return (
    <form
      method="get"
      action="/audit"
      className="mb-4 grid items-end gap-3 sm:grid-cols-3 lg:grid-cols-7"
      aria-label="Filter the audit log"
    >
      {field("actor", "Actor e-mail", { type: "email" })}
      {field("product", "Product")}
      {field("cluster", "Cluster")}
      <Field id="audit-action" label="Action">
        <Input name="action" list="audit-actions" defaultValue={values.action ?? ""} placeholder="request." />
      </Field>
      <datalist id="audit-actions">
        {actions.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      {field("from", "From (UTC)", { type: "datetime-local" })}
      {field("to", "To (UTC)", { type: "datetime-local" })}
      <div className="flex gap-2">
        <button type="submit" className={buttonClasses("primary")}>
          Filter
        </button>
        <Link href="/audit" className={buttonClasses("ghost")}>
          Clear
        </Link>
      </div>
    </form>
  );
}
