import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "./cn";

/** A dense data table; `caption` names it for screen readers (visually hidden unless shown). */
export function Table({
  caption,
  showCaption = false,
  children,
  className,
}: {
  caption: string;
  showCaption?: boolean;
  children: ReactNode;
  className?: string;
}) {
  return (
    // Note: `relative` so screen-reader-only labels (absolutely positioned) of columns scrolled out
    // of view are clipped with them instead of widening the page.
    <div className={cn("relative overflow-x-auto rounded-lg border border-slate-200 bg-white", className)}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className={showCaption ? "px-3 py-2 text-left text-xs text-slate-600" : "sr-only"}>
          {caption}
        </caption>
        {children}
      </table>
    </div>
  );
}

/**
 * A column heading: its words, or `{ hidden }` for a column whose cells speak for themselves (a
 * checkbox, row actions) and needs its name only for screen readers. A null or false heading is a
 * column this viewer does not get, left out.
 */
export type Column = string | { hidden: string } | null | false;

/** The header row of a table, one heading a column. */
export function THead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead className="bg-slate-50">
      <tr>
        {columns.map((c, i) =>
          c === null || c === false ? null : (
            <Th key={i}>{typeof c === "string" ? c : <span className="sr-only">{c.hidden}</span>}</Th>
          ),
        )}
      </tr>
    </thead>
  );
}

export function TBody(props: HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody className="divide-y divide-slate-100" {...props} />;
}

function Th({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      scope="col"
      className={cn(
        "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600",
        className,
      )}
      {...props}
    />
  );
}

/**
 * How a cell lays out its content. `nowrap` (the default) for short values; `text` for sentences
 * (wraps, and keeps a readable width so the table cannot squeeze it to one word a line); `code` for
 * long unbroken values such as host names and paths. Both break a word longer than the column
 * anywhere (overflow-wrap: anywhere, which unlike break-word also lets the table narrow the column),
 * so a 253-character host or a 2,000-character message never widens the table past its box.
 */
export type CellWrap = "nowrap" | "text" | "code";

const WRAP: Record<CellWrap, string> = {
  nowrap: "whitespace-nowrap",
  text: "min-w-56 whitespace-normal wrap-anywhere",
  code: "min-w-40 whitespace-normal wrap-anywhere",
};

export function Td({
  className,
  wrap = "nowrap",
  ...props
}: TdHTMLAttributes<HTMLTableCellElement> & { wrap?: CellWrap }) {
  return <td className={cn("px-3 py-1.5 align-top text-slate-800", WRAP[wrap], className)} {...props} />;
}
