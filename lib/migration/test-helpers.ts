import type { Topology } from "@/lib/topology";

/** A topology without what differs between journey files by design (revision, description). */
export function comparable(t: Topology): Omit<Topology, "metadata"> & { metadata: { name: string } } {
  const { metadata, ...rest } = structuredClone(t);
  return { ...rest, metadata: { name: metadata.name } };
}
