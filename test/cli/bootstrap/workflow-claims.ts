/**
 * The OIDC subjects the workflows present when they assume an AWS role, read from the workflow YAML
 * itself: which jobs assume which role (`role-arn` of the pulumi-stack action), in which GitHub
 * environment, on which event. GitHub's subject is `repo:<owner>/<repo>:environment:<name>` for a job
 * in an environment, else `repo:<owner>/<repo>:pull_request` for pull-request events, else
 * `repo:<owner>/<repo>:ref:<ref>`:
 * https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/** One job that assumes a role, and the subject context its token carries. */
export interface RoleClaim {
    readonly workflow: string;
    readonly job: string;
    readonly role: "deploy" | "preview";
    /** What follows `repo:<owner>/<repo>:` in the token's `sub`. */
    readonly context: string;
}

interface Job {
    readonly if?: string;
    readonly uses?: string;
    readonly environment?: string | { name: string };
    readonly steps?: readonly { uses?: string; with?: Record<string, string> }[];
}
interface Workflow {
    readonly on: Record<string, unknown> | string[] | string;
    readonly jobs: Record<string, Job>;
}

const ACTION = "./.github/actions/pulumi-stack";
const ROLE_OF: Readonly<Record<string, RoleClaim["role"]>> = {
    "${{ matrix.roleArn }}": "deploy",
    "${{ matrix.previewRoleArn }}": "preview",
};

/** The workflow files' text, by name (`.github/workflows/<name>`). */
export function readWorkflows(root: string): Record<string, string> {
    const dir = path.join(root, ".github", "workflows");
    return Object.fromEntries(
        fs
            .readdirSync(dir)
            .filter((f) => /\.ya?ml$/.test(f))
            .map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]),
    );
}

/**
 * Every role assumption of the workflows triggered from `entry`, for hub-network environment `env`
 * (ci-stacks fills `matrix.environment` with the hub-network environment's name).
 */
export function workflowClaims(
    texts: Readonly<Record<string, string>>,
    env: string,
    entry = "hub-network.yml",
): RoleClaim[] {
    const workflows = Object.fromEntries(Object.entries(texts).map(([f, t]) => [f, parse(t) as Workflow]));
    const claims: RoleClaim[] = [];
    const events = (w: Workflow) =>
        typeof w.on === "string" ? [w.on] : Array.isArray(w.on) ? w.on : Object.keys(w.on);
    const visit = (file: string, eventsIn: readonly string[]) => {
        const w = workflows[file];
        if (!w) throw new Error(`no workflow ${file}`);
        for (const [name, job] of Object.entries(w.jobs)) {
            // A job restricted to one event by its `if` runs only on that event.
            const only = /github\.event_name == '([a-z_]+)'/.exec(job.if ?? "")?.[1];
            const jobEvents = only ? eventsIn.filter((e) => e === only) : eventsIn;
            if (job.uses?.startsWith("./.github/workflows/")) {
                visit(path.basename(job.uses), jobEvents);
                continue;
            }
            for (const step of job.steps ?? []) {
                if (step.uses !== ACTION) continue;
                const arn = step.with?.["role-arn"];
                const role = arn === undefined ? undefined : ROLE_OF[arn];
                if (!role)
                    throw new Error(
                        `${file} job ${name}: role-arn '${arn}' is neither matrix.roleArn nor matrix.previewRoleArn`,
                    );
                const environment =
                    typeof job.environment === "object" ? job.environment.name : job.environment;
                if (environment !== undefined) {
                    if (environment !== "${{ matrix.environment }}") {
                        throw new Error(
                            `${file} job ${name}: environment '${environment}' is not the hub-network environment`,
                        );
                    }
                    claims.push({ workflow: file, job: name, role, context: `environment:${env}` });
                    continue;
                }
                for (const event of jobEvents) {
                    const context = event === "pull_request" ? "pull_request" : "ref:refs/heads/main";
                    claims.push({ workflow: file, job: name, role, context });
                }
            }
        }
    };
    visit(entry, events(workflows[entry]));
    return claims;
}
