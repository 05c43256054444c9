// The one place that decides where a browser may be sent back to after sign-in, sign-out and
// single sign-on. Anything that could leave Portico's origin becomes the fallback.

/**
 * Stands in for Portico's own origin while parsing: only relative paths are accepted, so the
 * real host never matters, and a result that resolves anywhere else is refused.
 */
const OWN_ORIGIN = "https://portico.invalid";

/** Printable ASCII without the backslash; everything else is refused before parsing. */
const PLAIN_PATH = /^[\x21-\x5b\x5d-\x7e]*$/;

const CONTROL = /[\x00-\x1f\x7f]/;

const MAX_LENGTH = 2048;

function decodedOnce(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

function leavesOrigin(path: string): boolean {
  return path.startsWith("//") || path.startsWith("/\\");
}

/**
 * A same-origin path (with query and fragment) to redirect to, or `fallback`.
 *
 * Note: browsers strip tabs and newlines from URLs and treat `\` as `/`, so `/\tevil.example` and
 * `/\evil.example` both mean `//evil.example`; raw control characters, whitespace, backslashes and
 * non-ASCII (look-alike slashes and dots) are refused outright rather than cleaned. A path that is
 * still scheme-relative once decoded (`/%2F%2Fevil`) or once dot segments are removed (`/.//evil`)
 * is refused too.
 */
export function safeRedirectPath(next: string | null | undefined, fallback = "/"): string {
  if (typeof next !== "string" || next.length === 0 || next.length > MAX_LENGTH) return fallback;
  if (!next.startsWith("/") || leavesOrigin(next) || !PLAIN_PATH.test(next)) return fallback;
  const decoded = decodedOnce(next);
  if (decoded === null || leavesOrigin(decoded) || CONTROL.test(decoded)) return fallback;
  let url: URL;
  try {
    url = new URL(next, OWN_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== OWN_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (leavesOrigin(path)) return fallback;
  const decodedPath = decodedOnce(url.pathname);
  if (decodedPath === null || leavesOrigin(decodedPath)) return fallback;
  return path;
}
