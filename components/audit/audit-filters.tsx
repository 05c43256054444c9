import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

const input =
  "block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-sm focus-visible:outline-2 focus-visible:outline-indigo-600";

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
    <div className="space-y-1">
      <label htmlFor={`audit-${name}`} className="block text-xs font-medium text-slate-800">
        {label}
      </label>
      <input
        id={`audit-${name}`}
        name={name}
        defaultValue={values[name] ?? ""}
        className={input}
        {...props}
      />
    </div>
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
      <div className="space-y-1">
        <label htmlFor="audit-action" className="block text-xs font-medium text-slate-800">
          Action
        </label>
        <input
          id="audit-action"
          name="action"
          list="audit-actions"
          defaultValue={values.action ?? ""}
          className={input}
          placeholder="request."
        />
        <datalist id="audit-actions">
          {actions.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </div>
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
