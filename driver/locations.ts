/** Where things live on disk: the pack launcher, this package's root and its node_modules. */
import * as fs from "fs";
import * as path from "path";

const RUN_POLICY_PACK = "@pulumi/pulumi/cmd/run-policy-pack";

/**
 * The launcher the Node.js analyzer shim runs: the pack's own copy, found from the pack directory
 * the way `require.resolve` does from there; this package's copy when the pack has none.
 */
export function resolveRunPolicyPack(packDir: string): string {
    try {
        return require.resolve(RUN_POLICY_PACK, { paths: [packDir] });
    } catch {
        return require.resolve(RUN_POLICY_PACK);
    }
}

/** The node_modules folder this package's dependencies were installed in. */
export function ownNodeModules(): string {
    const policyPackageJson = require.resolve("@pulumi/policy/package.json");
    return path.resolve(path.dirname(policyPackageJson), "..", "..");
}

/**
 * The nearest folder at or above `startDir` holding a package.json: this repository's root both
 * from `cli/` (ts-node) and from `bin/cli/` (compiled).
 */
export function findPackageRoot(startDir: string): string {
    let dir = path.resolve(startDir);
    for (;;) {
        if (fs.existsSync(path.join(dir, "package.json"))) {
            return dir;
        }
        const parent = path.dirname(dir);
        if (parent === dir) {
            throw new Error(`no package.json found at or above ${startDir}`);
        }
        dir = parent;
    }
}
