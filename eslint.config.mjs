import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    {
        ignores: [
            "node_modules/",
            "bin/",
            "out/",
            "dist/",
            "policy-pack/node_modules/",
            // a pack the CLI-load test writes beside the project for a moment, with a deliberate type error
            ".load-test-pack-*/",
            "**/*.js",
            "**/*.mjs",
        ],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        rules: {
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
            "@typescript-eslint/no-explicit-any": "error",
            eqeqeq: ["error", "always"],
            "no-console": "off",
        },
    },
);
