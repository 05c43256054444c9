/** One request the probe sends to both gateways: a call class of the product's API. */
export interface CallClass {
  /** Stable key: method, host and path (and headers when the match names some). */
  id: string;
  method: string;
  host: string;
  /** Concrete path sent, without a query string. */
  path: string;
  /** Request headers the call needs to match its route (lower-case names). */
  headers: Record<string, string>;
  /** Where the call class comes from. */
  source: "contract" | "access-log";
  /** Route and rule it stands for (`route/rule`), when it comes from the contract. */
  rule?: string;
  /** Requests of this class in the access log, when it comes from one. */
  seen?: number;
}

export function callClassId(
  method: string,
  host: string,
  path: string,
  headers: Record<string, string> = {},
) {
  const h = Object.keys(headers)
    .sort()
    .map((k) => ` ${k}=${headers[k]}`)
    .join("");
  return `${method} ${host}${path}${h}`;
}
