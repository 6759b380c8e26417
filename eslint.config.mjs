// ESLint (flat config): the recommended JavaScript and typescript-eslint rules, kept pragmatic
// (`npm run lint`, part of `npm test`).
// Formatting is Prettier's job (`npm run format:check`), not ESLint's.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["bin/", "publish/", ".cache/", "node_modules/", "examples/stacks/", "tests/fixtures/"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        languageOptions: {
            ecmaVersion: 2022,
            sourceType: "module",
            globals: { console: "readonly", process: "readonly", require: "readonly", module: "writable", __dirname: "readonly", Buffer: "readonly" },
        },
        rules: {
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
            // @pulumi/policy's server, proxy and protobuf modules declare no types: they are loaded with require().
            "@typescript-eslint/no-require-imports": "off",
            // Terminal output is matched with ANSI escape sequences (\x1b) on purpose.
            "no-control-regex": "off",
        },
    },
);
