// Metadata-only reads, as kube-apiserver serves them for
// `Accept: application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1`: the object's metadata and
// nothing else, so a client that must not see a Secret's data never receives it.
import { type KObject } from "./json";

const AS_ITEM = /as=PartialObjectMetadata(?!List)/;
const AS_LIST = /as=PartialObjectMetadataList/;

/** Whether the client asks for metadata only (of one object, or of a list). */
export function wantsPartialMetadata(accept: string | undefined): boolean {
  return !!accept && (AS_ITEM.test(accept) || AS_LIST.test(accept)) && /g=meta\.k8s\.io/.test(accept);
}

export function partialObjectMetadata(o: KObject): KObject {
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: o.metadata };
}

export function partialObjectMetadataList(items: KObject[], listMeta: KObject): KObject {
  return {
    kind: "PartialObjectMetadataList",
    apiVersion: "meta.k8s.io/v1",
    metadata: listMeta,
    items: items.map(partialObjectMetadata),
  };
}
