// Bytes no Portico input ever needs, found before they reach the database or a cluster: NUL and
// other control characters (Postgres refuses NUL in text and the error surfaced as a 500),
// malformed percent-encoding, and strings that are not well-formed Unicode. Used by the route
// wrapper (lib/api/handler.ts), by proxy.ts for pages, and by pages that read dynamic segments.
import { AppError, formatIssuePath } from "@/lib/errors/app-error";

const CONTROL_IN_URL = /[\x00-\x1f\x7f]/;
// Note: tab, newline and carriage return are allowed inside JSON strings because YAML manifests,
// reasons and descriptions are multi-line text; every other C0 control and DEL is refused.
const CONTROL_IN_TEXT = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

function decodeComponent(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** Why a URL's path or query cannot be accepted, or null when it is clean. */
export function hostileUrlReason(href: string): string | null {
  const url = new URL(href);
  const parts: [string, string][] = [
    ...url.pathname.split("/").map((segment): [string, string] => ["path", segment]),
    ...url.search
      .slice(1)
      .split("&")
      .flatMap((pair) => pair.split("="))
      .map((component): [string, string] => ["query string", component]),
  ];
  for (const [where, raw] of parts) {
    if (BAD_PERCENT.test(raw)) {
      return `The ${where} has a "%" that is not followed by two hexadecimal digits: encode "%" as "%25".`;
    }
    const decoded = decodeComponent(raw);
    // Note: Next.js re-encodes an undecodable query (`%FF`) as U+FFFD before handlers see it, so
    // the replacement character counts as the bytes it replaced.
    if (decoded === null || decoded.includes("\uFFFD")) {
      return `The ${where} has percent-encoded bytes that are not UTF-8 text (such as %FF).`;
    }
    const control = CONTROL_IN_URL.exec(decoded);
    if (control) {
      return `The ${where} has the control character ${codePoint(control[0])}; remove it.`;
    }
  }
  return null;
}

/** Why one string cannot be accepted (`where` names it for the person who sent it), or null. */
export function hostileStringReason(value: string, where: string, allowLineBreaks = true): string | null {
  const control = (allowLineBreaks ? CONTROL_IN_TEXT : CONTROL_IN_URL).exec(value);
  if (control) return `${where} has the control character ${codePoint(control[0])}; remove it.`;
  if (LONE_SURROGATE.test(value))
    return `${where} has an unpaired UTF-16 surrogate (\\uD800–\\uDFFF); remove it.`;
  return null;
}

type Visit = { value: unknown; key: string | number | null; parent: Visit | null };

function pathOf(visit: Visit): string {
  const path: (string | number)[] = [];
  for (let v: Visit | null = visit; v && v.key !== null; v = v.parent) path.push(v.key);
  return path.length ? `The field ${formatIssuePath(path.reverse())}` : "The request body";
}

/**
 * Walks a parsed JSON value, keys included; the first hostile string's reason, or null.
 * Note: iterative and with parent links instead of copied paths, because JSON.parse accepts
 * nesting deep enough to overflow a recursive walk.
 */
export function hostileValueReason(root: unknown): string | null {
  const pending: Visit[] = [{ value: root, key: null, parent: null }];
  while (pending.length > 0) {
    const visit = pending.pop()!;
    const { value } = visit;
    if (typeof value === "string") {
      if (hostileStringReason(value, "")) return hostileStringReason(value, pathOf(visit));
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push({ value: value[i], key: i, parent: visit });
    } else if (value !== null && typeof value === "object") {
      const entries = Object.entries(value);
      for (const [key] of entries) {
        if (hostileStringReason(key, "", false)) {
          return hostileStringReason(key, `A field name in ${pathOf(visit).toLowerCase()}`, false);
        }
      }
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        pending.push({ value: child, key, parent: visit });
      }
    }
  }
  return null;
}

/** Throws a 400 naming what is wrong with the request's URL. */
export function assertCleanUrl(href: string): void {
  const reason = hostileUrlReason(href);
  if (reason) throw AppError.badRequest(reason);
}

/** Throws a 400 naming the first hostile string in a parsed body. */
export function assertCleanValue(value: unknown): void {
  const reason = hostileValueReason(value);
  if (reason) throw AppError.badRequest(reason);
}

/**
 * A page's dynamic segment, decoded once, or null when it holds malformed encoding or control
 * characters (the page then answers "not found" instead of throwing).
 */
export function pageParam(raw: string | string[] | undefined): string | null {
  if (typeof raw !== "string") return null;
  const decoded = decodeComponent(raw);
  if (decoded === null) return null;
  return hostileStringReason(decoded, "", false) ? null : decoded;
}
