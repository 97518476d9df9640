// Types more than one room of src/ uses (the client, the contract checks, the mock), kept once.

/** One header as HAR 1.2 records it (the proxy writes them, `vpcep-contract validate` reads them). */
export interface HarHeader {
  name: string;
  value: string;
}

/** An HTTP answer read whole: what the client's transport and the contract check both keep of one. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** The body as text. */
  text: string;
}
