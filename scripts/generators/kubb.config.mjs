// kubb with its TypeScript and zod plugins, default options otherwise (run by scripts/check-generators.js).
import { defineConfig } from "@kubb/core";
import { pluginOas } from "@kubb/plugin-oas";
import { pluginTs } from "@kubb/plugin-ts";
import { pluginZod } from "@kubb/plugin-zod";

export default defineConfig({
  root: ".",
  input: { path: "./openapi.json" },
  output: { path: "./out/kubb", clean: true, format: false },
  plugins: [pluginOas({ generators: [] }), pluginTs({ output: { path: "types" } }), pluginZod({ output: { path: "zod" } })],
});
