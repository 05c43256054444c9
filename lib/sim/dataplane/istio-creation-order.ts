// The order istiod gives configs of one kind: oldest first (configCompareByCreationTime). Merged
// VirtualService rules and competing Gateway servers follow it.
import { type KObject } from "../json";

function created(obj: KObject): number {
  const t = Date.parse(obj.metadata?.creationTimestamp ?? "");
  // A missing timestamp is Go's zero time in istiod: older than everything.
  return Number.isNaN(t) ? 0 : t;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sort comparator: creation time, then name, then namespace. Note: istiod breaks ties by name
 * before namespace, and timestamps have one-second resolution, so ties are common.
 */
export function byCreation(a: KObject, b: KObject): number {
  return (
    created(a) - created(b) ||
    compareText(a.metadata?.name ?? "", b.metadata?.name ?? "") ||
    compareText(a.metadata?.namespace ?? "", b.metadata?.namespace ?? "")
  );
}
