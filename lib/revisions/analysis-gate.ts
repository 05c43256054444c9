// Decides whether a new desired state may be stored given what the analyzer says about it: errors
// the parent revision does not already have refuse the write, unless a caller allowed to override
// gives a written reason. Pure: the caller analyzes and audits.
import type { Finding } from "@/lib/analysis";
import { canEverywhere, type RoleHolder } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { introducedErrors } from "@/lib/analysis/introduced-errors";

/** A written reason to store a revision despite analyzer errors. */
export type AnalysisOverride = { reason: string };

export type AnalysisVerdict = { kind: "clean" } | { kind: "overridden"; reason: string; findings: Finding[] };

// Note: a reason shorter than this is a shrug ("ok", "fix"), not something an auditor can weigh.
export const MIN_OVERRIDE_REASON = 10;

export function analysisGate(input: {
  parentFindings: readonly Finding[];
  findings: readonly Finding[];
  actor: unknown;
  override?: AnalysisOverride;
}): AnalysisVerdict {
  // Errors already recorded in the parent are not this change's to fix; refusing them would block
  // every later change (and every rollback) until someone fixes an unrelated problem.
  const introduced = introducedErrors(input.parentFindings, input.findings);
  if (introduced.length === 0) return { kind: "clean" };
  const count = `${introduced.length} error${introduced.length === 1 ? "" : "s"}`;
  if (!input.override)
    throw AppError.unprocessable(
      `The analyzer found ${count} in this topology (${codes(introduced)}); nothing was saved. Fix ${introduced.length === 1 ? "it" : "them"}, or have a platform engineer override with a written reason.`,
      { findings: introduced },
    );
  if (!isRoleHolder(input.actor) || !canEverywhere(input.actor, "topology:override-analysis"))
    throw AppError.forbidden(
      `Only a platform engineer may store a topology with analyzer errors (${codes(introduced)}); nothing was saved.`,
    );
  const reason = input.override.reason.trim();
  if (reason.length < MIN_OVERRIDE_REASON)
    throw AppError.badRequest(
      `Say why the analyzer's ${count} may be ignored in at least ${MIN_OVERRIDE_REASON} characters; nothing was saved.`,
    );
  return { kind: "overridden", reason, findings: introduced };
}

function codes(findings: readonly Finding[]): string {
  return [...new Set(findings.map((f) => `${f.code} ${f.name}`))].join(", ");
}

function isRoleHolder(actor: unknown): actor is RoleHolder {
  return typeof actor === "object" && actor !== null && Array.isArray((actor as RoleHolder).bindings);
}
