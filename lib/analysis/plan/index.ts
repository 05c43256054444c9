export * from "./plan-cluster";
export * from "./normalize-live";
export * from "./read-objects";
export * from "./compare-object";
export * from "./removed-content";
