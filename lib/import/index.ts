// Import of a cluster's shared ingress into the topology (journey step 0). Pure except for the
// reader, which only lists objects through a client it is given.
export * from "./import-findings";
export * from "./propose-owner";
export * from "./import-ingress";
export * from "./read-ingress-objects";
export * from "./source-reader";
