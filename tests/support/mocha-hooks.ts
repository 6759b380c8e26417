/**
 * Root hooks for every test file, loaded by .mocharc.json (`require`): with `mocha --parallel`
 * each file runs in a fresh root suite of a worker process that may have run other files before,
 * so a hook registered while a shared module loads would apply to the first file only.
 */
import { forgetObservedSecrets } from "../../policies/runtime/engine-observer";

export const mochaHooks = {
    // A pack process serves one preview and keeps the secrets its requests marked for its lifetime;
    // each test is a preview of its own.
    beforeEach(): void {
        forgetObservedSecrets();
    },
};
