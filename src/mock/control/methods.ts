// The control API as methods (services, addServices, updateService, removeService, advanceClock,
// reset), called in process: what `vpcep-openapi/msw` and `vpcep-openapi/mock`'s startMock give a
// test. They call the typed API (api.ts) directly; the values given are taken as a body would carry
// them (json-body.ts). No Node built-in (msw runs in browsers too).
import type { EndpointService } from "../../document/types.js";
import type { Transition } from "../state/lifecycle.js";
import { type ControlApi, ControlError, transitionOf } from "./api.js";
import { jsonOfValue } from "./json-body.js";

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

/** A transition given in process, read as the query of a POST would read it (`after_ms`, `becomes`). */
const transitionOfValue = (transition: Transition | undefined) =>
  transition === undefined
    ? undefined
    : transitionOf(transition.becomes === undefined ? null : String(transition.becomes), String(transition.afterMs));

/**
 * The methods over `api` (a stateful handler's control API in process). `fail` throws the caller's
 * error with the control API's refusal (a service that does not validate, an unknown id).
 */
export function controlMethods(api: ControlApi, fail: (message: string) => never): ControlMethods {
  async function call<T>(work: () => T | Promise<T>, change = true): Promise<T> {
    try {
      return await (change ? api.oneAtATime(async () => work()) : work());
    } catch (error) {
      if (error instanceof ControlError) return fail(error.message);
      throw error;
    }
  }

  return {
    services: () => call(() => api.services(), false),
    addServices: (added, transition) =>
      call(async () => {
        const checkedTransition = transitionOfValue(transition);
        const body = await jsonOfValue(added);
        const many = Array.isArray(body);
        const batch = await api.addServices(many ? body : [body], checkedTransition);
        return batch.texts().map((text) => JSON.parse(text) as EndpointService);
      }),
    updateService: (id, patch) => call(() => api.updateService(String(id), () => jsonOfValue(patch))),
    removeService: (id) => call(() => api.removeService(String(id))),
    advanceClock: (ms) => call(async () => void (await api.advanceClock(ms))),
    reset: () => call(async () => void (await api.reset())),
  };
}
