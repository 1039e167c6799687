/**
 * The bootstrap's logic, without process I/O: evaluates the environment's stacks under the mock cloud
 * (as the plan does), collects what each account kind declares, and builds each kind's template.
 * Every problem is collected and reported at once; nothing is built when there is one.
 */
import { QUOTAS } from "../iam/documents";
import { runStacks } from "../plan/run";
import { stacksOf } from "../plan/stacks";
import { ConfigError } from "../../stacks/schema/errors";
import { loadEnvironment } from "../../stacks/schema/stack-config";
import { onboardingRoleName, previewRoleName, SPOKE_PREVIEW_ROLE_NAME } from "../../stacks/network";
import { PROJECT_ROOT } from "../../stacks/schema/yaml-file";
import { actionsOf } from "./actions";
import { ACCOUNT_KINDS, declaredByKind, type AccountKind } from "./declared";
import { documentSize, roleDocuments, type RoleDocuments } from "./policies";
import { bootstrapTemplate, type Template } from "./template";

/** What to bootstrap. */
export interface BootstrapOptions {
    readonly env: string;
    /** `owner/repo` whose workflows assume the roles. */
    readonly repository: string;
    /** The deploy role's name in the network and security accounts (CI's HUB_NETWORK_DEPLOY_ROLE_NAME). */
    readonly deployRoleName: string;
    readonly stateBucket?: string;
    readonly stateKeyArn?: string;
    readonly root?: string;
}

/** One kind's result. */
export interface KindBootstrap {
    readonly kind: AccountKind;
    readonly template: Template;
    readonly roles: { deploy: RoleDocuments; preview: RoleDocuments };
    /** The stacks its permissions were derived from. */
    readonly stacks: readonly string[];
    /** Resource types and invokes the permissions cover. */
    readonly types: number;
}

/** Problems that stop the bootstrap, each one line (file or flag, field, value, fix). */
export class BootstrapError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(problems.join("\n"));
        this.name = "BootstrapError";
    }
}

const MANAGED_POLICIES_PER_ROLE = 10; // IAM default quota (20 at most).

/** Builds the templates of every kind that has stacks in the environment; throws BootstrapError. */
export async function bootstrapEnvironment(
    o: BootstrapOptions,
): Promise<{ kinds: KindBootstrap[]; without: AccountKind[] }> {
    const root = o.root ?? PROJECT_ROOT;
    const problems: string[] = [];
    let environment;
    let stacks;
    try {
        environment = loadEnvironment(o.env, undefined, root).environment;
        stacks = stacksOf(o.env, root);
    } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        throw new BootstrapError(
            error.message
                .split("\n")
                .slice(1)
                .map((l) => l.trim()),
        );
    }
    const results = await runStacks(o.env, stacks, false, undefined, { root });
    for (const r of results) if (r.error) problems.push(`${r.stack.name}: ${r.error}`);
    if (problems.length) throw new BootstrapError(problems);

    const envFile = `stacks/environments/${o.env}.yaml`;
    // One spoke template serves every spoke account: their deployer roles must share one name.
    const spokeRoleNames = [
        ...new Set(environment.accounts.spokes.map((s) => s.deployerRoleArn.split("/").pop()!)),
    ];
    if (spokeRoleNames.length > 1) {
        problems.push(
            `${envFile}: accounts.spokes name ${spokeRoleNames.length} deployer roles (${spokeRoleNames.join(", ")}); ` +
                `the spoke template creates one role in every spoke account: give every spoke account's deployerRoleArn the same role name, ` +
                `or drop deployerRoleArn and set accounts.deployerRoleName`,
        );
    }
    const regions = [
        environment.regions.primary.name,
        ...(environment.regions.dr ? [environment.regions.dr.name] : []),
    ];
    const network = environment.accounts.network;
    const hubRole = (name: string) => `arn:\${AWS::Partition}:iam::${network}:role/${name}`;
    const declared = declaredByKind(results);
    const kinds: KindBootstrap[] = [];
    const without: AccountKind[] = [];
    for (const kind of ACCOUNT_KINDS) {
        const d = declared[kind];
        if (d.stacks.length === 0) {
            without.push(kind);
            continue;
        }
        const actions = actionsOf(d.types, d.invokes);
        for (const type of actions.missing) {
            problems.push(
                `${kind} stacks (${d.stacks.join(", ")}) declare '${type}', which the bootstrap's action table does not know; ` +
                    `add its row (the IAM actions of its provider calls, with the provider source) to cli/bootstrap/actions-*.ts`,
            );
        }
        const hubDeployRoles =
            kind === "spoke" ? regions.map((r) => hubRole(onboardingRoleName(o.env, r))) : [];
        const hubPreviewRoles =
            kind === "spoke" ? regions.map((r) => hubRole(previewRoleName(o.env, r))) : [];
        // The security stacks designate the security account as delegated administrator through the
        // management account's role the environment names (that role's trust is the organization's).
        const management = environment.detection?.managementRoleArn;
        const managementRoles = kind === "security" && management ? [management] : [];
        for (const assumed of d.assumedRoles) {
            const granted = [...hubDeployRoles, ...managementRoles].map((r) =>
                r.replace("${AWS::Partition}", assumed.split(":")[1]),
            );
            if (!granted.includes(assumed)) {
                problems.push(
                    `${kind} stacks assume '${assumed}', which the bootstrap does not grant; expected the network account's onboarding roles or detection.managementRoleArn`,
                );
            }
        }
        const roles = roleDocuments({
            kind,
            environment: o.env,
            repository: o.repository,
            regions,
            actions,
            deployRoleName: kind === "spoke" ? spokeRoleNames[0] : o.deployRoleName,
            previewRoleName: SPOKE_PREVIEW_ROLE_NAME,
            hubDeployRoles,
            hubPreviewRoles,
            managementRoles,
            ...(o.stateBucket ? { stateBucket: o.stateBucket } : {}),
            ...(o.stateKeyArn ? { stateKeyArn: o.stateKeyArn } : {}),
        });
        for (const role of [roles.deploy, roles.preview]) {
            const trust = documentSize(role.trust);
            if (trust > QUOTAS.trust.limit) {
                problems.push(
                    `${kind}: ${role.name}'s trust policy is ${trust} characters; IAM allows ${QUOTAS.trust.limit} (${QUOTAS.trust.source})`,
                );
            }
            if (role.policies.length > MANAGED_POLICIES_PER_ROLE) {
                problems.push(
                    `${kind}: ${role.name} needs ${role.policies.length} managed policies; IAM attaches at most ${MANAGED_POLICIES_PER_ROLE} per role by default`,
                );
            }
        }
        const tags = { "hub-network:environment": o.env, "hub-network:stack-role": kind };
        kinds.push({
            kind,
            template: bootstrapTemplate(kind, o.env, roles, tags),
            roles,
            stacks: d.stacks,
            types: d.types.size + d.invokes.size,
        });
    }
    if (problems.length) throw new BootstrapError(problems);
    return { kinds, without };
}
