// Which analyzer errors a request brings in: errors of the draft that the newest revision does not
// already have. Only those block an approval; an unrelated problem already recorded is not the
// requester's to fix and would otherwise hold every request hostage. Pure.
import type { Finding } from "./finding";

function key(f: Finding): string {
  return `${f.code}|${f.message}`;
}

export function introducedErrors(
  baseFindings: readonly Finding[],
  draftFindings: readonly Finding[],
): Finding[] {
  const known = new Set(baseFindings.map(key));
  return draftFindings.filter((f) => f.severity === "error" && !known.has(key(f)));
}
