// The package root: the client, AK/SK signing, errors, helpers and the contract's types.
export { createVpcepClient, type RequestOptions, type VpcepClient, type VpcepClientOptions } from "./client/client.js";
export { signRequest, type AkSkCredentials, type SignInput, type SignOptions } from "./auth/sign-request.js";
export {
  VpcepApiError,
  VpcepConfigError,
  VpcepError,
  VpcepNetworkError,
  VpcepPagingError,
  VpcepResponseTooLargeError,
  VpcepTimeoutError,
} from "./client/errors.js";
export { MAX_PAGE_SIZE, type EndpointServicePages, type PagingQuery } from "./client/paging.js";
export { endpointOf, knownRegions, type KnownRegion, type Region } from "./document/regions.js";
export { parseVpcepTimestamp } from "./floor/timestamps.js";
export type * from "./document/types.js";
