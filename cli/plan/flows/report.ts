/** The flow analysis in the console: totals, then only what is wrong (every verdict is in plan.json). */
import type { FlowReport } from "./index";
import type { FlowResult } from "./types";
import { cappedLines, CONSOLE_ROWS } from "../summary";

/** Required flows that are not allowed. */
export function failingFlows(report: FlowReport): FlowResult[] {
    return report.flows.filter((f) => f.required && f.verdict !== "allowed");
}

/** Whether the flow analysis fails the plan: a required flow not allowed, or an error finding. */
export function flowsFailPlan(report: FlowReport): boolean {
    return failingFlows(report).length > 0 || report.findings.some((f) => f.severity === "error");
}

/** One line per flow: `source → destination protocol/port: verdict (deciding step)`. */
export function flowLine(f: FlowResult): string {
    return `${f.source} → ${f.destination} ${f.protocol}/${f.port ?? "-"}: ${f.verdict.toUpperCase()} — ${f.decidedBy}`;
}

/**
 * Totals by category and verdict, the flows that are not allowed, and the findings; `quiet` keeps the
 * failing required flows and the errors. `all` lists every flow.
 */
export function flowsText(report: FlowReport, quiet = false, all = false): string {
    const flows = report.flows;
    const allowed = flows.filter((f) => f.verdict === "allowed").length;
    const failing = failingFlows(report);
    const categories = [...new Set(flows.map((f) => f.category))];
    const head = `Flows: ${flows.length} required flow(s): ${allowed} allowed, ${failing.length} not allowed (${categories
        .map(
            (c) =>
                `${c} ${flows.filter((f) => f.category === c && f.verdict === "allowed").length}/${flows.filter((f) => f.category === c).length}`,
        )
        .join(", ")}); ${report.findings.length} finding(s).`;
    const shown = all ? flows : flows.filter((f) => f.verdict !== "allowed");
    // The console keeps to a screen unless every flow is asked for (--all-flows).
    const max = all ? Infinity : 2 * CONSOLE_ROWS;
    const lines = cappedLines(
        shown.map((f) => `  - ${flowLine(f)}`),
        max,
        "flows (every verdict is in plan.json under hubNetwork.flows)",
    );
    const findings = cappedLines(
        (quiet ? report.findings.filter((f) => f.severity === "error") : report.findings).map(
            (f) => `  - [${f.severity}] ${f.stack}: ${f.message}`,
        ),
        max,
        "findings (in plan.json under hubNetwork.flows.findings)",
    );
    return [head, ...lines, ...(findings.length ? ["Flow findings:", ...findings] : [])].join("\n");
}
