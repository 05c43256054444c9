// Whether a live object already holds everything Portico wants in it. Fields the server or other
// managers added (status, defaults, managedFields, extra labels) do not make it different.
export function equalOnDesiredFields(desired: unknown, live: unknown): boolean {
  if (Array.isArray(desired)) {
    return (
      Array.isArray(live) &&
      live.length === desired.length &&
      desired.every((d, i) => equalOnDesiredFields(d, live[i]))
    );
  }
  if (desired !== null && typeof desired === "object") {
    if (live === null || typeof live !== "object" || Array.isArray(live)) return false;
    const l = live as Record<string, unknown>;
    return Object.entries(desired as Record<string, unknown>).every(([k, v]) =>
      v === undefined ? true : equalOnDesiredFields(v, l[k]),
    );
  }
  return desired === live;
}
