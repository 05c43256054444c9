import type { AnalysisContext } from "./context";
import type { Finding, RuleMeta } from "./finding";

export interface Rule {
  meta: RuleMeta;
  run(ctx: AnalysisContext): Finding[];
}
