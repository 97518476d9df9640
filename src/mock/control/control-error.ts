// The one error the control API throws: the HTTP routes answer its status with `{ "error": message }`,
// the methods in process (vpcep-openapi/msw, startMock) throw their caller's error with its message.
export class ControlError extends Error {
  override name = "ControlError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
