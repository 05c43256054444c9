import { createHash } from "node:crypto";
import { sortKeys } from "@/lib/topology";

/** SHA-256 of the canonical JSON (sorted keys) of a document: equal documents, equal hashes. */
export function documentHash(document: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify(sortKeys(document)))
    .digest("hex");
}
