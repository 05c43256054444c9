import { analyze, hasErrors, type Finding } from "@/lib/analysis";
import { checkContract, type ContractOptions, type ContractResult } from "@/lib/analysis/contract";
import type { Topology } from "@/lib/topology";
import { copyToCluster } from "./copy-to-cluster";
import { insertProductGateway } from "./insert-product-gateway";
import { splitService } from "./split-service";
import type { StepResult } from "./step-result";
import { introducedErrors } from "@/lib/analysis/introduced-errors";
import { analyzerBlocker } from "./analyzer-blockers";

export type StepInput =
  | {
      step: "insert";
      phase: "serve-both" | "cut-over";
      namespace?: string;
      clusters?: string[];
      size?: "small" | "medium" | "large";
      replicas?: number;
      tlsSecret?: string;
      moveInternalClients: boolean;
    }
  | {
      step: "split";
      service: { name: string; namespace: string };
      successors: { name: string; paths: ({ prefix: string } | { exact: string })[] }[];
      retire?: boolean;
    }
  | { step: "copy"; targetCluster: string; failover: boolean; clients?: string[] };

export interface StepPreview extends StepResult {
  contract: ContractResult;
  findings: Finding[];
  /** Why the step may not be applied as is; empty when it may. */
  blockers: string[];
}

/**
 * Computes one step for a product and the checks that decide whether it may be applied. `contract`
 * carries what the clusters hold, so shared gateways and foreign routes count in the check.
 */
export function previewStep(
  before: Topology,
  product: string,
  input: StepInput,
  contractOptions: ContractOptions = {},
): StepPreview {
  const result =
    input.step === "insert"
      ? insertProductGateway(before, { product, ...input })
      : input.step === "split"
        ? splitService(before, { product, ...input })
        : copyToCluster(before, { product, ...input });
  const contract = checkContract(before, result.topology, contractOptions);
  const findings = analyze(result.topology);
  const blockers: string[] = [];
  if (!contract.ok)
    blockers.push(
      `The API contract breaks for ${contract.broken.length} call class(es); fix the step before applying.`,
    );
  // Note: only errors the step brings in block it, as createRevision's analysis gate judges them;
  // an error the topology already had is not this step's to fix (and overriding it would record
  // nothing, since the gate finds the revision clean).
  const errors = hasErrors(findings) ? introducedErrors(analyze(before), findings) : [];
  if (errors.length)
    blockers.push(
      analyzerBlocker(
        errors.map((f) => f.code),
        errors.length,
      ),
    );
  return { ...result, contract, findings, blockers };
}
