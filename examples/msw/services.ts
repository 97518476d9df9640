// The seed data of the MSW examples: your services (EndpointService[]); here the document's examples.
import type { EndpointService } from "vpcep-openapi";
import { exampleServices } from "../../generated/contract-validators.js";

export const services: EndpointService[] = [...exampleServices];
