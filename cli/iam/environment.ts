/**
 * The IAM checks of one environment, as the offline plan and the tests run them: every policy
 * document of every stack against the grammar, the Service Authorization Reference and its quota,
 * and every call a spoke makes through its `hub` provider against the role that provider assumes.
 */
import { ONBOARDING_MODEL } from "../../components/network/spoke-onboarding-role";
import type { Environment } from "../../stacks/schema/environment";
import type { StackRun } from "../mock-cloud/run";
import { checkPolicyDocuments, POLICY_PROPERTIES, type PolicyFinding, type SizedDocument } from "./documents";
import { evaluateHubCalls, type HubCallFinding, type HubCallOptions } from "./hub-calls";
import { registrarConfigs, registrarEffects } from "./registrar-effects";
import { rolesOf } from "./roles";

/** One evaluated stack as the checks need it. */
export interface IamStack {
    readonly name: string;
    readonly role: string;
    readonly accountId: string;
    /** Flat Pulumi config of the stack (for `aws:assumeRoles`). */
    readonly config: Readonly<Record<string, string>>;
    readonly run: StackRun;
    /** The same stack evaluated as after an update (every value known), when the plan has it. */
    readonly deployed?: StackRun;
}

/** What the checks found, and the figures the plan prints. */
export interface IamReport {
    /** Policy documents checked. */
    readonly documents: number;
    /** Policy documents whose text is not known yet (a preview): checked once deployed, or with `--update`. */
    readonly unknownDocuments: number;
    readonly policyFindings: readonly (PolicyFinding & { readonly stack: string })[];
    /** Calls through `hub` providers evaluated. */
    readonly hubCalls: number;
    readonly hubFindings: readonly HubCallFinding[];
    /** The document closest to its quota. */
    readonly largest?: SizedDocument & { readonly stack: string };
    /** The environment's onboarding model (docs/tenancy.md). */
    readonly onboarding: OnboardingSummary;
}

/** How spokes act on the hub in an environment, as the plan reports it. */
export interface OnboardingSummary {
    readonly model: string;
    /** Spoke accounts the environment lists. */
    readonly listedAccounts: number;
    /** Spoke accounts the hub's registrars know by spoke name (fewest over the regions' hubs). */
    readonly registeredSpokes: number;
    /** The onboarding and preview roles' document closest to its quota. */
    readonly largest?: SizedDocument & { readonly stack: string };
}

/** The hub roles spokes assume: their documents are the onboarding model's. */
const HUB_ROLE_COMPONENTS = [
    "hub-network:network:SpokeOnboardingRole$",
    "hub-network:network:SpokePreviewRole$",
];

/** Extra inputs of {@link checkEnvironmentIam}: the effects hook of the hub's own controls. */
export type IamCheckOptions = Pick<HubCallOptions, "effects" | "hubTags">;

function unknownDocuments(run: StackRun): number {
    let count = 0;
    for (const r of run.resources) {
        for (const p of POLICY_PROPERTIES[r.type] ?? []) {
            const value = r.inputs[p.property];
            if (value !== undefined && typeof value !== "string") count++;
        }
    }
    return count;
}

/** The principal a stack deploys with: the last role of its `aws:assumeRoles`, else its account's deployer role. */
function callerOf(stack: IamStack, environment: Environment): { arn: string; account: string } {
    try {
        const chain = JSON.parse(stack.config["aws:assumeRoles"] ?? "[]") as { roleArn?: string }[];
        const last = chain[chain.length - 1]?.roleArn;
        if (last) return { arn: last, account: last.split(":")[4] };
    } catch {
        // Not JSON: the stack's schema check reports it.
    }
    const spoke = environment.accounts.spokes.find((s) => s.id === stack.accountId);
    return {
        arn: spoke?.deployerRoleArn ?? `arn:aws:iam::${stack.accountId}:role/hub-network-deployer`,
        account: stack.accountId,
    };
}

/** Runs the checks over the stacks of `environment`. */
export async function checkEnvironmentIam(
    stacks: readonly IamStack[],
    environment: Environment,
    options: IamCheckOptions = {},
): Promise<IamReport> {
    let documents = 0;
    let unknown = 0;
    const policyFindings: (PolicyFinding & { stack: string })[] = [];
    let largest: (SizedDocument & { stack: string }) | undefined;
    let largestOnboarding: (SizedDocument & { stack: string }) | undefined;
    const ratio = (d: SizedDocument) => d.size / d.quota.limit;
    for (const stack of stacks) {
        const run = stack.deployed ?? stack.run;
        const checked = await checkPolicyDocuments(run.resources);
        documents += checked.documents;
        unknown += unknownDocuments(run);
        policyFindings.push(...checked.findings.map((f) => ({ ...f, stack: stack.name })));
        for (const size of checked.sizes) {
            if (!largest || ratio(size) > ratio(largest)) largest = { ...size, stack: stack.name };
            const hubRole = HUB_ROLE_COMPONENTS.some((c) => size.urn.includes(c));
            if (hubRole && (!largestOnboarding || ratio(size) > ratio(largestOnboarding))) {
                largestOnboarding = { ...size, stack: stack.name };
            }
        }
    }
    const roles = rolesOf(stacks.flatMap((s) => (s.deployed ?? s.run).resources));
    const configs = registrarConfigs(stacks.map((s) => s.deployed ?? s.run));
    const effects = options.effects ?? registrarEffects(configs);
    const onboarding: OnboardingSummary = {
        model: ONBOARDING_MODEL,
        listedAccounts: environment.accounts.spokes.length,
        registeredSpokes: configs.size
            ? Math.min(...[...configs.values()].map((c) => Object.keys(c.spokes).length))
            : 0,
        ...(largestOnboarding ? { largest: largestOnboarding } : {}),
    };
    const organizationId = environment.organization.arn.split("/").pop();
    let hubCalls = 0;
    const hubFindings: HubCallFinding[] = [];
    for (const stack of stacks.filter((s) => s.role === "spoke")) {
        const report = evaluateHubCalls(stack.run, {
            caller: callerOf(stack, environment),
            organizationId,
            roles,
            effects,
            hubTags: options.hubTags,
        });
        hubCalls += report.calls;
        hubFindings.push(...report.findings);
    }
    return {
        documents,
        unknownDocuments: unknown,
        policyFindings,
        hubCalls,
        hubFindings,
        largest,
        onboarding,
    };
}
