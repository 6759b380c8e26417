/** The benchmark's tables and verdicts, as plain text for the terminal and as markdown. */
import { median, Timing, Workload } from "./measure";

export const TARGETS = {
    /** Start-up, ours / do-nothing. */
    startupRatio: 1.2,
    /** Analyze and AnalyzeStack, ours / do-nothing. */
    callRatio: 1.3,
    /** Time at N=1,000 / time at N=100. */
    growth: 12,
    /** Peak memory at N=1,000. */
    peakMb: 300,
};

export type Variant = "preview" | "deployed";

export interface Summary {
    size: number;
    variant: Variant;
    resources: number;
    ours: Workload;
    baseline: Workload;
}

type Row = string[];

interface Section {
    title: string;
    header: Row;
    rows: Row[];
}

export interface Report {
    sections: Section[];
    failures: string[];
}

const CALLS = [
    ["Analyze", "analyze"],
    ["AnalyzeStack", "analyzeStack"],
] as const;

const ms = (value: number) => `${value.toFixed(value < 100 ? 1 : 0)} ms`;
const mb = (value: number) => `${value.toFixed(0)} MB`;
const times = (value: number) => `${value.toFixed(2)}x`;

export function buildReport(startups: { ours: number[]; baseline: number[] }, summaries: Summary[]): Report {
    const failures: string[] = [];
    const verdict = (pass: boolean, what: string) => {
        if (!pass) {
            failures.push(what);
        }
        return pass ? "PASS" : "FAIL";
    };

    const [ours, baseline] = [median(startups.ours), median(startups.baseline)];
    const startup: Section = {
        title: `Start-up: launch until the port is printed, median of ${startups.ours.length} launches each, interleaved`,
        header: ["", "ours", "do-nothing", "ratio", `target ≤ ${TARGETS.startupRatio}x`],
        rows: [["start-up", ms(ours), ms(baseline), times(ours / baseline), verdict(ours / baseline <= TARGETS.startupRatio, "start-up")]],
    };

    const calls: Section = {
        title:
            "Analysis: all per-resource Analyze calls in sequence, and the one AnalyzeStack call (medians). " +
            "Judged on the pack process's CPU time; wall-clock time includes the driver's side of each call and other load on the machine.",
        header: [
            "N",
            "stack",
            "resources",
            "call",
            "ours wall",
            "do-nothing wall",
            "wall ratio",
            "ours CPU",
            "do-nothing CPU",
            "CPU ratio",
            `target ≤ ${TARGETS.callRatio}x`,
        ],
        rows: summaries.flatMap((s) =>
            CALLS.map(([call, key]) => {
                const [o, b]: Timing[] = [s.ours[key], s.baseline[key]];
                const ratio = o.cpuMs / b.cpuMs;
                return [
                    `${s.size}`,
                    s.variant,
                    `${s.resources}`,
                    call,
                    ms(o.wallMs),
                    ms(b.wallMs),
                    times(o.wallMs / b.wallMs),
                    ms(o.cpuMs),
                    ms(b.cpuMs),
                    times(ratio),
                    verdict(ratio <= TARGETS.callRatio, `${call} at N=${s.size} ${s.variant}`),
                ];
            }),
        ),
    };

    const growthRows: Row[] = [];
    const sizes = [...new Set(summaries.map((s) => s.size))].sort((a, b) => a - b);
    for (let i = 1; i < sizes.length; i++) {
        for (const variant of ["preview", "deployed"] as const) {
            const small = summaries.find((s) => s.size === sizes[i - 1] && s.variant === variant);
            const large = summaries.find((s) => s.size === sizes[i] && s.variant === variant);
            if (!small || !large) {
                continue;
            }
            for (const [call, key] of CALLS) {
                const growth = large.ours[key].cpuMs / small.ours[key].cpuMs;
                const judged = small.size === 100 && large.size === 1000;
                growthRows.push([
                    `${small.size} → ${large.size}`,
                    variant,
                    call,
                    times(growth),
                    times(large.baseline[key].cpuMs / small.baseline[key].cpuMs),
                    times(large.ours[key].wallMs / small.ours[key].wallMs),
                    judged ? verdict(growth <= TARGETS.growth, `${call} growth ${small.size} → ${large.size} ${variant}`) : "(not judged)",
                ]);
            }
        }
    }
    const growth: Section = {
        title: "Growth with 10x the resources: time at the larger N / time at the smaller N",
        header: ["N", "stack", "call", "ours CPU", "do-nothing CPU", "ours wall", `target ≤ ${TARGETS.growth}x (100 → 1000)`],
        rows: growthRows,
    };

    const memory: Section = {
        title: "Peak memory of the pack process: VmHWM after the Analyze calls, and at the end (after AnalyzeStack)",
        header: [
            "N",
            "stack",
            "ours after Analyze",
            "do-nothing after Analyze",
            "ours at the end",
            "do-nothing at the end",
            `target < ${TARGETS.peakMb} MB (N = 1000)`,
        ],
        rows: summaries.map((s) => [
            `${s.size}`,
            s.variant,
            mb(s.ours.analyzePeakMb),
            mb(s.baseline.analyzePeakMb),
            mb(s.ours.peakMb),
            mb(s.baseline.peakMb),
            s.size === 1000 ? verdict(s.ours.peakMb < TARGETS.peakMb, `peak memory at N=${s.size} ${s.variant}`) : "(not judged)",
        ]),
    };

    const findings: Section = {
        title: "Findings of our pack (the clones are compliant: no mandatory finding expected)",
        header: ["N", "stack", "mandatory", "advisory"],
        rows: summaries.map((s) => [`${s.size}`, s.variant, `${s.ours.mandatory}`, `${s.ours.advisory}`]),
    };
    return { sections: [startup, calls, growth, memory, findings], failures };
}

function table({ header, rows }: Section, markdown: boolean): string {
    if (markdown) {
        return [header, header.map(() => "---"), ...rows].map((row) => `| ${row.join(" | ")} |`).join("\n");
    }
    const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
    const line = (row: Row) =>
        row
            .map((cell, i) => cell.padEnd(widths[i]))
            .join("  ")
            .trimEnd();
    return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function render(report: Report, markdown: boolean): string {
    return report.sections.map((section) => `${markdown ? "### " : ""}${section.title}\n\n${table(section, markdown)}`).join("\n\n");
}

export function verdictLine(report: Report): string {
    return report.failures.length === 0 ? "All targets PASS." : `FAIL: ${report.failures.join("; ")}.`;
}
