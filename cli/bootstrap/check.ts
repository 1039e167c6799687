/**
 * `npm run bootstrap -- --check <dir>`: whether templates written (and deployed) earlier still grant
 * what the stacks need now. A stack that declares a new resource type, a spoke with a workload no
 * spoke used before, or a new region needs grants the deployed roles lack: `pulumi up` would then fail
 * with AccessDenied half-way. The check compares, grant by grant (action, resources, conditions), and
 * the trusts' subjects.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parsePolicy, type PolicyDocument } from "../iam/policy";
import type { KindBootstrap } from "./bootstrap";

/** Grants of a set of documents: one key per Allow action with its resources and conditions. */
function grants(docs: readonly PolicyDocument[]): Map<string, string> {
    const out = new Map<string, string>();
    for (const doc of docs) {
        for (const s of parsePolicy(doc)) {
            if (s.effect !== "Allow") continue;
            for (const action of s.actions ?? []) {
                const key = JSON.stringify([
                    action.toLowerCase(),
                    [...(s.resources ?? [])].sort(),
                    s.conditions,
                ]);
                out.set(key, action);
            }
        }
    }
    return out;
}

/** `Fn::Sub` strings back to their text; `Fn::If` to its last branch (the account's own provider). */
function plain(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(plain);
    if (value && typeof value === "object") {
        const o = value as Record<string, unknown>;
        if (typeof o["Fn::Sub"] === "string") return o["Fn::Sub"];
        if (Array.isArray(o["Fn::If"])) return plain((o["Fn::If"] as unknown[])[2]);
        return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, plain(v)]));
    }
    return value;
}

interface TemplateResource {
    readonly Type?: string;
    readonly Properties?: {
        Roles?: { Ref?: string }[];
        PolicyDocument?: unknown;
        AssumeRolePolicyDocument?: unknown;
    };
}

/** What a written template grants a role (by logical name): its managed policies and its trust. */
function deployed(resources: Record<string, TemplateResource>, logical: string) {
    const policies = Object.values(resources)
        .filter(
            (r) =>
                r.Type === "AWS::IAM::ManagedPolicy" && r.Properties?.Roles?.some((x) => x.Ref === logical),
        )
        .map((r) => plain(r.Properties!.PolicyDocument) as PolicyDocument);
    const trust = plain(resources[logical]?.Properties?.AssumeRolePolicyDocument) as
        PolicyDocument | undefined;
    return { policies, trust };
}

/**
 * Compares the templates in `dir` with what the stacks need; returns one line per gap (none: the
 * templates cover the stacks) and throws nothing: an unreadable template is a gap too.
 */
export function checkTemplates(dir: string, kinds: readonly KindBootstrap[]): string[] {
    const gaps: string[] = [];
    for (const k of kinds) {
        const file = path.join(dir, `${k.kind}.json`);
        let resources: Record<string, TemplateResource>;
        try {
            resources = (
                JSON.parse(fs.readFileSync(file, "utf8")) as { Resources: Record<string, TemplateResource> }
            ).Resources;
            if (!resources || typeof resources !== "object") throw new Error("no Resources");
        } catch (error) {
            gaps.push(
                `${file}: cannot be read as a bootstrap template (${(error as Error).message.split("\n")[0]}); expected the ${k.kind}.json an earlier run wrote`,
            );
            continue;
        }
        for (const [logical, role] of [
            ["DeployRole", k.roles.deploy],
            ["PreviewRole", k.roles.preview],
        ] as const) {
            const have = deployed(resources, logical);
            const held = grants(have.policies);
            const lacking = [...grants(role.policies)].filter(([key]) => !held.has(key)).map(([, a]) => a);
            if (lacking.length) {
                const list = [...new Set(lacking)].sort();
                gaps.push(
                    `${file}: ${role.name} lacks ${list.length} grant(s) the ${k.kind} stacks need now: ${list.slice(0, 12).join(", ")}${list.length > 12 ? ", ..." : ""}`,
                );
            }
            const subjects = (doc: PolicyDocument | undefined) =>
                JSON.stringify(doc ? parsePolicy(doc).map((s) => s.conditions) : null);
            if (subjects(have.trust) !== subjects(role.trust)) {
                gaps.push(
                    `${file}: ${role.name}'s trust differs from the subjects the workflows present now`,
                );
            }
        }
    }
    return gaps;
}
