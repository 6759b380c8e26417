/**
 * Measuring a pack over the analyzer protocol: its start-up, its per-resource Analyze calls and
 * its AnalyzeStack call, in wall-clock time and in the pack process's own CPU time (which neither
 * the driver's side of the calls nor other processes on the machine add to), and its peak memory.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import { performance } from "perf_hooks";

import { Stack, stackConfiguration, startPack, toAnalyzerResource, toAnalyzerStackResource } from "../driver";

export interface Pack {
    label: "ours" | "baseline";
    dir: string;
}

/** Time spent on one phase: wall-clock, and CPU time of the pack process (all its threads). */
export interface Timing {
    wallMs: number;
    cpuMs: number;
}

export interface Workload {
    analyze: Timing;
    analyzeStack: Timing;
    /** VmHWM after the Analyze calls, before AnalyzeStack. */
    analyzePeakMb: number;
    /** VmHWM at the end. */
    peakMb: number;
    mandatory: number;
    advisory: number;
    /** The characters of every diagnostic's message. */
    messageCharacters: number;
}

export interface WorkloadOptions {
    /** Extra environment of the pack process (e.g. NODE_OPTIONS). */
    env?: Record<string, string>;
    /** Send the per-resource Analyze calls before AnalyzeStack (default true). */
    analyzeEachResource?: boolean;
}

const CLOCK_TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** The process's peak resident set (VmHWM), in MB. */
function peakMemoryMb(pid: number): number {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1]) / 1024;
}

/** User and system CPU time the process has used so far, in ms (10 ms steps, usually). */
export function cpuTimeMs(pid: number): number {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

async function timed<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; timing: Timing }> {
    const [wall, cpu] = [performance.now(), cpuTimeMs(pid)];
    const result = await work();
    return { result, timing: { wallMs: performance.now() - wall, cpuMs: cpuTimeMs(pid) - cpu } };
}

/** Launch until the pack prints its port (the driver's Engine service start included, a few ms). */
export async function timeStartup(pack: Pack, env: Record<string, string> = {}): Promise<number> {
    const started = performance.now();
    const session = await startPack(pack.dir, { env });
    const elapsed = performance.now() - started;
    await session.close();
    return elapsed;
}

/** A fresh pack for the stack, as the engine starts one per preview: every Analyze call in turn, then AnalyzeStack. */
export async function runWorkload(pack: Pack, stack: Stack, options: WorkloadOptions = {}): Promise<Workload> {
    const session = await startPack(pack.dir, { stack: stackConfiguration(stack), callTimeoutMs: 600_000, env: options.env });
    try {
        const resources = options.analyzeEachResource === false ? [] : stack.resources.map((r) => toAnalyzerResource(r, stack));
        const stackResources = stack.resources.map((r) => toAnalyzerStackResource(r, stack));
        const analyze = await timed(session.pid, async () => {
            const results = [];
            for (const resource of resources) {
                results.push(...(await session.analyze(resource)).diagnostics);
            }
            return results;
        });
        const analyzePeakMb = peakMemoryMb(session.pid);
        const analyzeStack = await timed(session.pid, async () => (await session.analyzeStack(stackResources)).diagnostics);
        const diagnostics = [...analyze.result, ...analyzeStack.result];
        return {
            analyze: analyze.timing,
            analyzeStack: analyzeStack.timing,
            analyzePeakMb,
            peakMb: peakMemoryMb(session.pid),
            mandatory: diagnostics.filter((d) => d.enforcementLevel === "mandatory").length,
            advisory: diagnostics.filter((d) => d.enforcementLevel === "advisory").length,
            messageCharacters: diagnostics.reduce((sum, d) => sum + d.message.length, 0),
        };
    } finally {
        await session.close();
    }
}

export function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Medians of the times, maxima of the memory peaks and findings. */
export function summarize(runs: Workload[]): Workload {
    const timing = (pick: (w: Workload) => Timing): Timing => ({
        wallMs: median(runs.map((r) => pick(r).wallMs)),
        cpuMs: median(runs.map((r) => pick(r).cpuMs)),
    });
    const max = (pick: (w: Workload) => number) => Math.max(...runs.map(pick));
    return {
        analyze: timing((r) => r.analyze),
        analyzeStack: timing((r) => r.analyzeStack),
        analyzePeakMb: max((r) => r.analyzePeakMb),
        peakMb: max((r) => r.peakMb),
        mandatory: max((r) => r.mandatory),
        advisory: max((r) => r.advisory),
        messageCharacters: max((r) => r.messageCharacters),
    };
}

/** `rounds` runs of each pack on `stack`, the order of the packs alternating round by round (so that load falls on both alike). */
export async function interleavedRuns(
    packs: readonly Pack[],
    stack: Stack,
    rounds: number,
    options: WorkloadOptions = {},
): Promise<Record<string, Workload[]>> {
    const runs: Record<string, Workload[]> = Object.fromEntries(packs.map((pack) => [pack.label, []]));
    for (let round = 0; round < rounds; round++) {
        for (const pack of round % 2 === 0 ? packs : [...packs].reverse()) {
            runs[pack.label].push(await runWorkload(pack, stack, options));
        }
    }
    return runs;
}
