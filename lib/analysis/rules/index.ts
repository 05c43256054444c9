import type { Rule } from "../rule";
import { conflictingGateways } from "./conflicting-gateways";
import { selectorMatchesNoWorkload } from "./selector-matches-no-workload";
import { gatewayWithoutSelector } from "./gateway-without-selector";
import { virtualServiceGatewayNotFound } from "./virtual-service-gateway-not-found";
import { destinationHostNotFound } from "./destination-host-not-found";
import { subsetNotFound } from "./subset-not-found";
import { hostNotOnGateway } from "./host-not-on-gateway";
import { tlsSecretOutsideNamespace } from "./tls-secret-outside-namespace";
import { gatewayPortNotOnService } from "./gateway-port-not-on-service";
import { localityWithoutOutlierDetection } from "./locality-without-outlier-detection";
import { shadowedRoute } from "./shadowed-route";
import { overlappingRoutes } from "./overlapping-routes";
import { multipleVirtualServicesForHost } from "./multiple-virtual-services-for-host";
import { routesDifferAcrossClusters } from "./routes-differ-across-clusters";
import { invalidHost } from "./invalid-host";
import { reservedNamespace } from "./reserved-namespace";
import { cutoverSelectorClash } from "./cutover-selector-clash";
import { unknownReference } from "./unknown-reference";
import { gatewayNotDiscoverable } from "./gateway-not-discoverable";
import { duplicateObject } from "./duplicate-object";
import { invalidWeights } from "./invalid-weights";
import { hostWithoutRoute } from "./host-without-route";
import { internalClientRouting } from "./internal-client-routing";
import { servicePortName } from "./service-port-name";
import { invalidGatewayServer } from "./invalid-gateway-server";
import { invalidRegex } from "./invalid-regex";
import { httpRouteOnPassthrough } from "./http-route-on-passthrough";
import { unknownFailoverLocality } from "./unknown-failover-locality";
import { disruptionBudgetBlocksEviction } from "./disruption-budget-blocks-eviction";
import { policyMatchesNoWorkload } from "./policy-matches-no-workload";
import { peerIdentityBehindPassthrough } from "./peer-identity-behind-passthrough";
import { gatewaySelectsSeveralWorkloads } from "./gateway-selects-several-workloads";
import { routeHostOfAnotherProduct } from "./route-host-of-another-product";
import { conflictingMeshVirtualServiceHosts } from "./conflicting-mesh-virtual-service-hosts";
import { destinationPortRequired } from "./destination-port-required";
import { destinationPortNotFound } from "./destination-port-not-found";
import { upstreamTlsWithoutCa } from "./upstream-tls-without-ca";
import { ineffectiveMatch } from "./ineffective-match";
import { serviceEntryAddressesRequired } from "./service-entry-addresses-required";
import { gatewayDuplicateCertificate } from "./gateway-duplicate-certificate";
import { gatewayRouteBypassesMeshSubsets } from "./gateway-route-bypasses-mesh-subsets";
import { conflictingServiceEntryProtocol } from "./conflicting-service-entry-protocol";
import {
  gatewayApiPrecedenceChangesRouting,
  gatewayApiSubsetNotRenderable,
} from "./gateway-api-route-refused";

/** Every rule, in code order. */
export const RULES: readonly Rule[] = [
  conflictingGateways,
  selectorMatchesNoWorkload,
  gatewayWithoutSelector,
  virtualServiceGatewayNotFound,
  destinationHostNotFound,
  subsetNotFound,
  hostNotOnGateway,
  tlsSecretOutsideNamespace,
  gatewayPortNotOnService,
  localityWithoutOutlierDetection,
  shadowedRoute,
  overlappingRoutes,
  multipleVirtualServicesForHost,
  routesDifferAcrossClusters,
  invalidHost,
  reservedNamespace,
  cutoverSelectorClash,
  unknownReference,
  gatewayNotDiscoverable,
  duplicateObject,
  invalidWeights,
  hostWithoutRoute,
  internalClientRouting,
  servicePortName,
  invalidGatewayServer,
  invalidRegex,
  httpRouteOnPassthrough,
  unknownFailoverLocality,
  disruptionBudgetBlocksEviction,
  policyMatchesNoWorkload,
  peerIdentityBehindPassthrough,
  gatewaySelectsSeveralWorkloads,
  routeHostOfAnotherProduct,
  conflictingMeshVirtualServiceHosts,
  destinationPortRequired,
  destinationPortNotFound,
  upstreamTlsWithoutCa,
  ineffectiveMatch,
  serviceEntryAddressesRequired,
  gatewayDuplicateCertificate,
  gatewayRouteBypassesMeshSubsets,
  conflictingServiceEntryProtocol,
  gatewayApiSubsetNotRenderable,
  gatewayApiPrecedenceChangesRouting,
];
