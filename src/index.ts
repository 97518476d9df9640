// The package root: the client, AK/SK signing, errors, helpers and the contract's types.
export { createVpcepClient, type RequestOptions, type VpcepClient, type VpcepClientOptions } from "./client.js";
export { signRequest, type AkSkCredentials, type SignInput, type SignOptions } from "./sign-request.js";
export {
  VpcepApiError,
  VpcepConfigError,
  VpcepError,
  VpcepNetworkError,
  VpcepPagingError,
  VpcepResponseTooLargeError,
  VpcepTimeoutError,
} from "./errors.js";
export { MAX_PAGE_SIZE, type EndpointServicePages, type PagingQuery } from "./paging.js";
export { endpointOf, knownRegions, type KnownRegion, type Region } from "./regions.js";
export { parseVpcepTimestamp } from "./timestamps.js";
export type * from "./types.js";
