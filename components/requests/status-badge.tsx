import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONES: Record<string, BadgeTone> = {
  submitted: "info",
  "changes-requested": "warning",
  approved: "success",
  applied: "success",
  rejected: "danger",
  failed: "danger",
  withdrawn: "neutral",
};

/** A request status in words; an approved request says it is waiting for the clusters. */
export function RequestStatusBadge({ status }: { status: string }) {
  const name = status.replaceAll("_", "-");
  return (
    <Badge tone={TONES[name] ?? "neutral"}>
      {name === "approved" ? "approved — waiting for sync" : name.replace("-", " ")}
    </Badge>
  );
}
