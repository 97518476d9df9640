// `vpcep-openapi/mock`: vpcep-mock started from code (src/mock/start/start-mock.ts). A door: it only
// re-exports. Node only.
export {
  type ControlMethods,
  createStatefulHandler,
  type EndpointService,
  fetchHandler,
  type StartedMock,
  type StartMockOptions,
  startMock,
  type StatefulHandler,
  type StatefulOptions,
} from "./mock/start/start-mock.js";
