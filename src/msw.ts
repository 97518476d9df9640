// `vpcep-openapi/msw`: the stateful mock as MSW request handlers (src/mock/msw/msw.ts). A door: it
// only re-exports. The package root never imports it, so `msw` stays optional.
export {
  type AkSkCredentials,
  createVpcepMsw,
  type EndpointService,
  type LifecycleOptions,
  type Region,
  type Transition,
  type VpcepMsw,
  type VpcepMswOptions,
  vpcepHandlers,
} from "./mock/msw/msw.js";
