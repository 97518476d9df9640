// The control API as methods (services, addServices, updateService, removeService, advanceClock,
// reset), called in process on the code that answers `/__mock/`: what `vpcep-openapi/msw` and
// `vpcep-openapi/mock`'s startMock give a test. No Node built-in (msw runs in browsers too).
import type { EndpointService } from "../../document/types.js";
import { CONTROL_PREFIX } from "./control.js";
import type { MockAnswer, MockRequest } from "../exchange.js";
import type { Transition } from "../state/lifecycle.js";

export interface ControlMethods {
  /** Every service the mock holds now, oldest first. */
  services(): Promise<EndpointService[]>;
  /** Adds services (id and created_at filled in when absent); `transition` makes a `creating` one change later. */
  addServices(
    services: Partial<EndpointService> | readonly Partial<EndpointService>[],
    transition?: Transition,
  ): Promise<EndpointService[]>;
  /** Merges fields into one service. */
  updateService(id: string, patch: Partial<EndpointService>): Promise<EndpointService>;
  removeService(id: string): Promise<void>;
  /** Moves the mock's clock forward: lifecycle transitions, the `X-Sdk-Date` window. */
  advanceClock(ms: number): Promise<void>;
  /** The seed data again, the clock back, throttling windows cleared: call it in `afterEach`. */
  reset(): Promise<void>;
}

/**
 * The methods over `control` (a stateful handler's in-process control). `fail` throws the caller's
 * error with the control API's refusal (a service that does not validate, an unknown id).
 */
export function controlMethods(control: (request: MockRequest) => Promise<MockAnswer>, fail: (message: string) => never): ControlMethods {
  async function call(method: string, target: string, body?: unknown): Promise<unknown> {
    const bytes = body === undefined ? new Uint8Array(0) : new TextEncoder().encode(JSON.stringify(body));
    const answer = await control({ method, target, headers: { "content-type": "application/json" }, body: async () => bytes });
    const parsed: unknown = answer.body === "" ? undefined : JSON.parse(answer.body);
    if (answer.status >= 300)
      fail(
        String((parsed as { error?: unknown } | undefined)?.error ?? `the control API answered ${answer.status}`)
          // In process the route is a method: point at it.
          .replace(/PATCH \/__mock\/services\/\S+ changes it/, "updateService() changes it"),
      );
    return parsed;
  }

  const transitionQuery = (transition?: Transition) =>
    transition === undefined
      ? ""
      : `?after_ms=${encodeURIComponent(transition.afterMs)}${transition.becomes === undefined ? "" : `&becomes=${encodeURIComponent(transition.becomes)}`}`;
  const serviceTarget = (id: string) => `${CONTROL_PREFIX}services/${encodeURIComponent(id)}`;

  return {
    services: async () => ((await call("GET", `${CONTROL_PREFIX}services`)) as { services: EndpointService[] }).services,
    async addServices(added, transition) {
      const many = Array.isArray(added);
      const answer = await call("POST", `${CONTROL_PREFIX}services${transitionQuery(transition)}`, added);
      return many ? (answer as { services: EndpointService[] }).services : [answer as EndpointService];
    },
    updateService: async (id, patch) => (await call("PATCH", serviceTarget(id), patch)) as EndpointService,
    async removeService(id) {
      await call("DELETE", serviceTarget(id));
    },
    async advanceClock(ms) {
      await call("POST", `${CONTROL_PREFIX}clock`, { advance_ms: ms });
    },
    async reset() {
      await call("POST", `${CONTROL_PREFIX}reset`);
    },
  };
}
