// Refuses a request whose namespace or hosts belong to another team's product in the newest
// revision, with the fields to change.
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { GatewayRequestPayload } from "@/lib/validations/request";
import { loadDraftBase } from "./build-draft";
import { foreignClaims } from "./foreign-claims";

export async function assertOwnClaims(tx: Tx, payload: GatewayRequestPayload): Promise<void> {
  const { base } = await loadDraftBase(tx, []);
  const issues = foreignClaims(base, payload);
  if (issues.length === 0) return;
  throw AppError.unprocessable(
    `The request claims what another team owns: ${issues.map((i) => i.message).join("; ")}.`,
    { issues },
  );
}
