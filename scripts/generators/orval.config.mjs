// orval's zod client, default options otherwise (run by scripts/check-generators.js).
export default {
  vpcep: {
    input: { target: "./openapi.json" },
    output: { client: "zod", target: "./out/orval/zod.ts", mode: "single" },
  },
};
