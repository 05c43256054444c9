import { Gateway as IstioGateway } from "@kubernetes-models/istio/networking.istio.io/v1/Gateway";
import { VirtualService } from "@kubernetes-models/istio/networking.istio.io/v1/VirtualService";
import { DestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1/DestinationRule";
import { ServiceEntry } from "@kubernetes-models/istio/networking.istio.io/v1/ServiceEntry";
import { AuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy";
import { RequestAuthentication } from "@kubernetes-models/istio/security.istio.io/v1/RequestAuthentication";
import { PeerAuthentication } from "@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication";
import { Gateway as K8sGateway } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway";
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { GatewayClass } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/GatewayClass";
import { type KObject } from "./json";
import { type ResourceType } from "./resources";
import { type StatusCause } from "./status";

interface Validatable {
  validate(): void;
}
type ModelCtor = new (data: KObject) => Validatable;

const MODELS: Record<string, ModelCtor> = {
  "networking.istio.io/gateways": IstioGateway as unknown as ModelCtor,
  "networking.istio.io/virtualservices": VirtualService as unknown as ModelCtor,
  "networking.istio.io/destinationrules": DestinationRule as unknown as ModelCtor,
  "networking.istio.io/serviceentries": ServiceEntry as unknown as ModelCtor,
  "security.istio.io/authorizationpolicies": AuthorizationPolicy as unknown as ModelCtor,
  "security.istio.io/requestauthentications": RequestAuthentication as unknown as ModelCtor,
  "security.istio.io/peerauthentications": PeerAuthentication as unknown as ModelCtor,
  "gateway.networking.k8s.io/gateways": K8sGateway as unknown as ModelCtor,
  "gateway.networking.k8s.io/httproutes": HTTPRoute as unknown as ModelCtor,
  "gateway.networking.k8s.io/gatewayclasses": GatewayClass as unknown as ModelCtor,
};

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Namespaces and Services must be DNS-1123 labels; most other names DNS-1123 subdomains. */
export function validateName(rt: ResourceType, name: string): StatusCause[] {
  const label = rt.resource === "namespaces" || rt.resource === "services";
  if (label) {
    if (name.length > 63 || !DNS1123_LABEL.test(name)) {
      return [
        {
          reason: "FieldValueInvalid",
          message: `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
          field: "metadata.name",
        },
      ];
    }
    return [];
  }
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    return [
      {
        reason: "FieldValueInvalid",
        message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
        field: "metadata.name",
      },
    ];
  }
  return [];
}

interface AjvError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: KObject;
}

/** "/spec/servers/0/port" + missing "name" -> "spec.servers[0].port.name". */
function fieldOf(err: AjvError): string {
  const parts = (err.instancePath ?? "").split("/").filter((p) => p.length > 0);
  if (err.keyword === "required" && err.params?.missingProperty)
    parts.push(String(err.params.missingProperty));
  let s = "";
  for (const p of parts) s += /^\d+$/.test(p) ? `[${p}]` : (s ? "." : "") + p;
  return s;
}

function causeOf(err: AjvError): StatusCause {
  const field = fieldOf(err);
  if (err.keyword === "required") return { reason: "FieldValueRequired", message: "Required value", field };
  if (err.keyword === "enum") {
    const allowed = (err.params?.allowedValues as unknown[] | undefined)
      ?.map((v) => JSON.stringify(v))
      .join(", ");
    return {
      reason: "FieldValueNotSupported",
      message: `Unsupported value: supported values: ${allowed ?? ""}`,
      field,
    };
  }
  if (err.keyword === "additionalProperties") {
    return {
      reason: "FieldValueInvalid",
      message: `Invalid value: field not declared in schema: ${String(err.params?.additionalProperty ?? "")}`,
      field,
    };
  }
  return { reason: "FieldValueInvalid", message: `Invalid value: ${err.message ?? "invalid"}`, field };
}

/** Schema validation of add-on (CRD) objects; built-in kinds are trusted beyond their names. */
export function validateSchema(rt: ResourceType, obj: KObject): StatusCause[] {
  const Model = MODELS[`${rt.group}/${rt.resource}`];
  if (!Model) return [];
  // Server-managed metadata is not part of the published schemas' concerns.
  const { status: _s, ...rest } = obj;
  try {
    new Model(rest).validate();
    return [];
  } catch (e) {
    const errs = (e as { errors?: AjvError[] }).errors;
    if (Array.isArray(errs) && errs.length > 0) return errs.map(causeOf);
    return [{ reason: "FieldValueInvalid", message: String((e as Error).message) }];
  }
}

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function keyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (
    prefix !== undefined &&
    (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))
  ) {
    return "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  }
  return undefined;
}

/** metadata.labels and annotation keys, as ObjectMeta validation checks them on every kind. */
export function validateMetadata(md: KObject): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const [k, v] of Object.entries((md.labels ?? {}) as Record<string, unknown>)) {
    const kp = keyProblem(k);
    if (kp)
      causes.push({
        reason: "FieldValueInvalid",
        message: `Invalid value: "${k}": ${kp}`,
        field: "metadata.labels",
      });
    if (typeof v !== "string" || v.length > 63 || !LABEL_VALUE.test(v)) {
      causes.push({
        reason: "FieldValueInvalid",
        message: `Invalid value: "${String(v)}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
        field: "metadata.labels",
      });
    }
  }
  const annotations = (md.annotations ?? {}) as Record<string, unknown>;
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    const kp = keyProblem(k);
    if (kp)
      causes.push({
        reason: "FieldValueInvalid",
        message: `Invalid value: "${k}": ${kp}`,
        field: "metadata.annotations",
      });
    size += k.length + (typeof v === "string" ? v.length : JSON.stringify(v).length);
  }
  if (size > 256 * 1024) {
    causes.push({
      reason: "FieldValueTooLong",
      message: "Too long: must have at most 262144 bytes",
      field: "metadata.annotations",
    });
  }
  return causes;
}
