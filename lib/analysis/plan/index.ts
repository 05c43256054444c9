export * from "./plan-cluster";
export * from "./normalize-live";
export * from "./read-objects";
export * from "./diff-topologies";
export * from "./compare-object";
export * from "./removed-content";
