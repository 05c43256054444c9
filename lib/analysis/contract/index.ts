export * from "./check-contract";
export type { LiveObjects } from "./data-plane";
