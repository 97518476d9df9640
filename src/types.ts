// `vpcep-openapi/types`: the operation's types, from the document layer. Types only: it costs nothing at run time.
export type * from "./document/types.js";
