import type { StringMatch } from "@/lib/topology";
import { simplifyRegion, type Region } from "../request-space";
import type { Constraint } from "../string-language";

function literal(m: StringMatch): string {
  if (m.exact !== undefined) return m.exact;
  if (m.prefix !== undefined) return `${m.prefix}*`;
  return `~${m.regex ?? ""}`;
}

function describe(cs: readonly Constraint[] | undefined, any: string): string {
  const pos = (cs ?? []).filter((c) => !c.not).map((c) => literal(c.match));
  const neg = (cs ?? []).filter((c) => c.not).map((c) => literal(c.match));
  const head = pos.length ? pos.join(" and ") : any;
  return neg.length ? `${head} except ${neg.join(", ")}` : head;
}

/**
 * A call class in words: `/v1/payments*` is everything under the prefix, `~re` a regex, `except`
 * lists what the class leaves out; `any method except GET`.
 */
export function describeRegion(region: Region): {
  method: string;
  path: string;
  headers?: Record<string, string>;
} {
  const r = simplifyRegion(region);
  const headers: Record<string, string> = {};
  for (const [dim, cs] of r)
    if (dim.startsWith("h:")) headers[dim.slice(2)] = describe(cs, "(absent or any)");
  return {
    method: describe(r.get("method"), "any method"),
    path: describe(r.get("path"), "/*"),
    ...(Object.keys(headers).length ? { headers } : {}),
  };
}
