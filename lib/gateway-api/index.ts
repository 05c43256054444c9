export * from "./note";
export * from "./render-gateway";
export * from "./render-http-route";
export * from "./gateway-deployment-name";
