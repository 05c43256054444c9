// Pure computations of the migration journey (docs/topology.md, PRODUCT.md): each step takes the
// current topology and returns the after-topology; plans, checks and applies happen elsewhere.
export * from "./migration-error";
export * from "./step-result";
export * from "./suggest-gateway-namespace";
export * from "./insert-product-gateway";
export * from "./split-service";
export * from "./copy-to-cluster";
export * from "./describe-migration";
export * from "./require-approval";
export * from "./preview-step";
export * from "./analyzer-blockers";
export * from "./verify-step";
export * from "./event-kinds";
