/** Reading a packed and installed copy of the pack as Pulumi's tools see it. */
import * as fs from "fs";
import * as path from "path";

/**
 * `runtime.options` of a PulumiPolicy.yaml (`runtime: nodejs` has none). A small reader for the
 * file's two shapes, scalars only: the pack's own file is the input.
 */
export function runtimeOptions(file: string): Record<string, unknown> {
    const lines = fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "" && !line.trim().startsWith("#"));
    const options: Record<string, unknown> = {};
    let section: "runtime" | "options" | undefined;
    for (const line of lines) {
        const indent = line.length - line.trimStart().length;
        const [key, ...rest] = line.trim().split(":");
        const value = rest.join(":").trim();
        if (indent === 0) {
            section = key === "runtime" && value === "" ? "runtime" : undefined;
        } else if (section === "runtime" && key === "options" && value === "") {
            section = "options";
        } else if (section === "options" && indent >= 4) {
            options[key] = value === "true" ? true : value === "false" ? false : value;
        } else if (section === "options") {
            section = "runtime";
        }
    }
    return options;
}

/** Names of the packages an install put under `dir`/node_modules, from npm's own record of it. */
export function installedPackages(dir: string): string[] {
    const record = JSON.parse(fs.readFileSync(path.join(dir, "node_modules", ".package-lock.json"), "utf8"));
    return Object.keys(record.packages ?? {}).map((location) => location.slice(location.lastIndexOf("node_modules/") + "node_modules/".length));
}

type LockEntry = {
    dev?: boolean;
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

function nameOf(location: string): string {
    return location.slice(location.lastIndexOf("node_modules/") + "node_modules/".length);
}

function requiredAtRunTime(entry: LockEntry): string[] {
    const peers = Object.keys(entry.peerDependencies ?? {}).filter((name) => !entry.peerDependenciesMeta?.[name]?.optional);
    return [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {}), ...peers];
}

/**
 * Packages of the lock file that only development needs: not reachable, by name, from the
 * package's dependencies and required peer dependencies (which a production install still installs).
 */
export function devOnlyPackages(lockFile: string): Set<string> {
    const lock = JSON.parse(fs.readFileSync(lockFile, "utf8")) as { packages: Record<string, LockEntry> };
    const byName = new Map<string, LockEntry[]>();
    for (const [location, entry] of Object.entries(lock.packages)) {
        if (location !== "") {
            byName.set(nameOf(location), [...(byName.get(nameOf(location)) ?? []), entry]);
        }
    }
    const runtime = new Set<string>();
    const pending = requiredAtRunTime(lock.packages[""]);
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
        if (!runtime.has(name)) {
            runtime.add(name);
            for (const entry of byName.get(name) ?? []) {
                pending.push(...requiredAtRunTime(entry));
            }
        }
    }
    return new Set([...byName.keys()].filter((name) => !runtime.has(name)));
}
