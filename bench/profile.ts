/**
 * Profiling the pack: V8's CPU profiler started in the pack process by a preloaded module, and
 * where the profile's time goes: per policy (the policy module whose code is running, outermost
 * first), per function of the pack's own code (time with the function on the stack), and per
 * function overall (time in the function itself).
 */
import * as fs from "fs";
import * as path from "path";

/**
 * Node.js refuses --cpu-prof in NODE_OPTIONS, and would not write the profile when the driver
 * stops the pack with SIGTERM: this module, preloaded with --require, starts the profiler and
 * writes the profile to $BENCH_CPU_PROFILE on SIGTERM.
 */
const PROFILER_PRELOAD = `"use strict";
const fs = require("fs");
const inspector = require("inspector");
const session = new inspector.Session();
session.connect();
session.post("Profiler.enable");
session.post("Profiler.start");
process.on("SIGTERM", () => {
    session.post("Profiler.stop", (error, result) => {
        if (!error) {
            fs.writeFileSync(process.env.BENCH_CPU_PROFILE, JSON.stringify(result.profile));
        }
        process.exit(0);
    });
});
`;

/** The environment that makes a pack write its CPU profile to `file` when stopped. */
export function profilingEnvironment(dir: string, file: string): Record<string, string> {
    const preload = path.join(dir, "profile-pack.js");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(preload, PROFILER_PRELOAD);
    fs.rmSync(file, { force: true });
    return { NODE_OPTIONS: `--require ${preload}`, BENCH_CPU_PROFILE: file };
}

interface CallFrame {
    functionName: string;
    url: string;
    lineNumber: number;
}

interface ProfileNode {
    id: number;
    callFrame: CallFrame;
    children?: number[];
}

interface CpuProfile {
    nodes: ProfileNode[];
    samples: number[];
    /** Microseconds since the previous sample. */
    timeDeltas: number[];
}

const IDLE = "(idle)";

function add(totals: Map<string, number>, key: string, ms: number): void {
    totals.set(key, (totals.get(key) ?? 0) + ms);
}

function top(totals: Map<string, number>, count: number, overall: number): string[] {
    return [...totals.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, count)
        .map(([key, ms]) => `  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / overall).toFixed(1).padStart(5)}%  ${key}`);
}

/** `codeRoot`: the directory of the pack's compiled code (bin/), whose functions are reported by name. */
export function summarizeProfile(file: string, codeRoot: string, count = 15): string {
    const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const parents = new Map<number, number>();
    for (const node of profile.nodes) {
        node.children?.forEach((child) => parents.set(child, node.id));
    }
    const root = `file://${codeRoot}${path.sep}`;
    const ownFile = (frame: CallFrame) => (frame.url.startsWith(root) ? frame.url.slice(root.length) : undefined);
    const label = (frame: CallFrame) => {
        const own = ownFile(frame);
        const where = own ?? (frame.url.includes("node_modules/") ? frame.url.slice(frame.url.lastIndexOf("node_modules/") + 13) : frame.url);
        return `${frame.functionName || "(anonymous)"}${where ? ` ${where}:${frame.lineNumber + 1}` : ""}`;
    };
    /** A policy's own module: bin/policies/<name>.js (the model, support code and the pack's catalogue and factory are in folders below). */
    const policyOf = (frame: CallFrame) => {
        const own = ownFile(frame);
        const match = own ? /^policies\/([^/]+)\.js$/.exec(own) : null;
        return match ? match[1] : undefined;
    };

    const self = new Map<string, number>();
    const inclusive = new Map<string, number>();
    const byPolicy = new Map<string, number>();
    let busy = 0;
    let inOwnCode = 0;
    profile.samples.forEach((id, i) => {
        const ms = (profile.timeDeltas[i] ?? 0) / 1000;
        const leaf = nodes.get(id)!;
        if (leaf.callFrame.functionName === IDLE) {
            return;
        }
        busy += ms;
        add(self, label(leaf.callFrame), ms);
        const stack: CallFrame[] = [];
        for (let node: ProfileNode | undefined = leaf; node; node = nodes.get(parents.get(node.id) ?? -1)) {
            stack.push(node.callFrame);
        }
        const seen = new Set<string>();
        for (const frame of stack) {
            if (ownFile(frame) && !seen.has(label(frame))) {
                seen.add(label(frame));
                add(inclusive, label(frame), ms);
            }
        }
        if (seen.size > 0) {
            inOwnCode += ms;
        }
        const policy = [...stack]
            .reverse()
            .map(policyOf)
            .find((name) => name !== undefined);
        if (policy) {
            add(byPolicy, policy, ms);
        }
    });
    return [
        `busy ${busy.toFixed(0)} ms, of which ${inOwnCode.toFixed(0)} ms (${((100 * inOwnCode) / busy).toFixed(1)}%) with the pack's own code on the stack`,
        "by policy (time with the policy's module on the stack):",
        ...top(byPolicy, count, busy),
        "the pack's functions, by time on the stack:",
        ...top(inclusive, count, busy),
        "all functions, by time in the function itself:",
        ...top(self, count, busy),
    ].join("\n");
}
