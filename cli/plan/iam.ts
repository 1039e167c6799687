/**
 * The plan's IAM section: every policy document checked against the Service Authorization Reference
 * and its quota, every call through a `hub` provider evaluated against the role it assumes
 * (cli/iam), and the environment's onboarding model with its largest policy against its quota.
 */
import { cappedLines, CONSOLE_ROWS } from "./summary";
import { checkEnvironmentIam, type IamReport } from "../iam/environment";
import { hubCallText } from "../iam/hub-calls";
import { loadEnvironment } from "../../stacks/schema/stack-config";
import type { StackResult } from "./run";

/** The IAM section of a plan. */
export interface PlanIam extends IamReport {
    /** The findings as the plan prints them, one line each (policy documents, then hub calls). */
    readonly errors: readonly string[];
}

/** Runs the IAM checks over the evaluated stacks of `env`. */
export async function planIam(env: string, results: readonly StackResult[], root?: string): Promise<PlanIam> {
    const { environment } = loadEnvironment(env, undefined, root);
    const report = await checkEnvironmentIam(
        results
            .filter((r) => r.run)
            .map((r) => ({
                name: r.stack.name,
                role: r.stack.role,
                accountId: r.accountId,
                config: r.stack.config,
                run: r.run!,
                ...(r.deployed ? { deployed: r.deployed } : {}),
            })),
        environment,
    );
    const errors = [
        ...report.policyFindings.map(
            (f) =>
                `${f.stack}: ${f.urn} ${f.property}${f.statement ? ` statement ${f.statement}` : ""}: ${f.problem}`,
        ),
        ...report.hubFindings.map(hubCallText),
    ];
    return { ...report, errors };
}

/** The section as text. */
export function iamText(report: PlanIam): string {
    const largest = report.largest
        ? `; largest: ${report.largest.what} ${report.largest.size}/${report.largest.quota.limit} characters (${Math.round((100 * report.largest.size) / report.largest.quota.limit)}%, ${report.largest.stack})`
        : "";
    const unknown = report.unknownDocuments
        ? ` (${report.unknownDocuments} more not known in this preview: --update checks them)`
        : "";
    const head = `IAM: ${report.documents} policy document(s) checked against the Service Authorization Reference${unknown}; ${report.hubCalls} call(s) through hub providers evaluated${largest}.`;
    return [
        head,
        onboardingText(report.onboarding),
        ...cappedLines(
            report.errors.map((e) => `  error: ${e}`),
            2 * CONSOLE_ROWS,
            "IAM errors (every one is in plan.json under hubNetwork.iam.errors)",
        ),
    ].join("\n");
}

/** The onboarding model line: how spokes act on the hub, and its largest policy against its quota. */
export function onboardingText(onboarding: PlanIam["onboarding"]): string {
    const l = onboarding.largest;
    const largest = l
        ? `; largest onboarding policy: ${l.what} ${l.size}/${l.quota.limit} characters (${Math.round((100 * l.size) / l.quota.limit)}%, ${l.stack})`
        : "; no onboarding role in this plan";
    return `Onboarding: ${onboarding.model}; ${onboarding.registeredSpokes} of ${onboarding.listedAccounts} listed spoke account(s) known to the registrar${largest}.`;
}
