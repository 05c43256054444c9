// What a drifted object's row says; the diff itself is served on request (describe-drift.ts).

/**
 * How the message of an object that differs only by what Portico keeps in it begins. A sync that
 * does not read the object back counts it as kept by this prefix of its last verdict.
 */
export const KEPT = "The object existed before Portico applied it";

export function driftMessage(extras: readonly string[], keptOnly: boolean): string {
  const list = `${extras.slice(0, 5).join(", ")}${extras.length > 5 ? ` and ${extras.length - 5} more` : ""}`;
  if (keptOnly)
    return `${KEPT}; Portico holds the fields it renders and keeps the rest: ${list}. Remove those in the cluster, or model them in the topology.`;
  const added = extras.length ? ` Added outside Portico: ${list}.` : "";
  return `Changed in the cluster outside Portico.${added} Revert it, or adopt it where the topology models the field.`;
}
