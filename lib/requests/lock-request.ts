// Reads a request row under FOR UPDATE so two reviewers deciding at once are serialised.
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";

export async function lockRequest(tx: Tx, id: string) {
  await tx.$queryRaw`SELECT id FROM "GatewayRequest" WHERE id = ${id} FOR UPDATE`;
  const row = await tx.gatewayRequest.findUnique({ where: { id } });
  if (!row) throw AppError.notFound(`Request ${id}`);
  return row;
}
