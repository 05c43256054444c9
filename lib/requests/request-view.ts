// The request as the API and the pages show it: status names as people write them
// (`changes-requested`), the payload typed, dates as ISO strings.
import type { GatewayRequestPayload } from "@/lib/validations/request";

export type RequestStatusName =
  "submitted" | "changes-requested" | "approved" | "rejected" | "applied" | "failed" | "withdrawn";

export function statusName(status: string): RequestStatusName {
  return status.replaceAll("_", "-") as RequestStatusName;
}

export function statusColumn(name: RequestStatusName) {
  return name.replaceAll("-", "_") as
    "submitted" | "changes_requested" | "approved" | "rejected" | "applied" | "failed" | "withdrawn";
}

type Row = {
  id: string;
  productSlug: string;
  status: string;
  payload: unknown;
  revisionId: string | null;
  requesterId: string;
  submittedAt: Date;
  createdAt: Date;
  updatedAt: Date;
  requester?: { email: string } | null;
  team?: { slug: string } | null;
};

export type RequestView = {
  id: string;
  product: string;
  team: string | null;
  status: RequestStatusName;
  payload: GatewayRequestPayload;
  requesterId: string;
  requester: string | null;
  revisionId: string | null;
  submittedAt: string;
  createdAt: string;
  updatedAt: string;
};

export function toRequestView(row: Row): RequestView {
  return {
    id: row.id,
    product: row.productSlug,
    team: row.team?.slug ?? null,
    status: statusName(row.status),
    payload: row.payload as GatewayRequestPayload,
    requesterId: row.requesterId,
    requester: row.requester?.email ?? null,
    revisionId: row.revisionId,
    submittedAt: row.submittedAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
