// Where the API reference is published: the GitHub Pages site of the repository named in package.json.
export const REFERENCE_URL = "https://vpcep-openapi.github.io/vpcep-openapi/";
export const GETTING_STARTED_URL = `${REFERENCE_URL}#section/Getting-started`;
