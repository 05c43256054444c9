export * from "./check-contract";
export * from "./witnesses";
