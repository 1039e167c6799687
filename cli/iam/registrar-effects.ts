/**
 * The onboarding registrar in the mock cloud: when a spoke invokes it through its `hub` provider, the
 * registrar's own decision functions (services/onboarding-registrar/decide.ts) run on the facts AWS
 * would give it (the attachment's Transit Gateway and the account of its VPC; the zone's name and
 * owning account) with the configuration the network stack wrote for it. An allowed registration
 * tags the attachment as the registrar would, so the calls after it see that tag; a refusal is what
 * the spoke's `pulumi up` would stop on.
 */
import {
    attachmentDecision,
    OWNER_TAG,
    zoneDecision,
    type RegistrarConfig,
} from "../../services/onboarding-registrar/decide";
import type { RecordedResource, StackRun } from "../mock-cloud/run";
import type { HubCallOptions } from "./hub-calls";

const REGISTRAR = "hub-network:network:OnboardingRegistrar";
const INVOCATION = "aws:lambda/invocation:Invocation";
const ATTACHMENT = "aws:ec2transitgateway/vpcAttachment:VpcAttachment";
const ZONE = "aws:route53/zone:Zone";

/** The configuration of every registrar of `runs`, by function ARN. */
export function registrarConfigs(runs: readonly StackRun[]): Map<string, RegistrarConfig> {
    const configs = new Map<string, RegistrarConfig>();
    for (const run of runs) {
        for (const r of run.resources) {
            const { functionArn, config } = r.outputs as { functionArn?: unknown; config?: RegistrarConfig };
            if (
                r.type === REGISTRAR &&
                typeof functionArn === "string" &&
                config &&
                typeof config === "object"
            ) {
                configs.set(functionArn, config);
            }
        }
    }
    return configs;
}

const idOf = (r: RecordedResource | undefined) =>
    typeof r?.id === "string" && r.id !== "" ? r.id : "(unknown)";

/** The registrar as the mock cloud runs it: the `effects` hook of the hub-call evaluation. */
export function registrarEffects(
    configs: ReadonlyMap<string, RegistrarConfig>,
): NonNullable<HubCallOptions["effects"]> {
    return ({ action, resource, stack, account }, state) => {
        if (action !== "lambda:InvokeFunction" || resource.type !== INVOCATION) return undefined;
        const config = configs.get(String(resource.inputs.functionName));
        if (!config)
            return `invokes ${String(resource.inputs.functionName)}, which is no registrar of the environment`;
        // The resource the request is about: what the invocation's input depends on.
        const about = (resource.propertyDependencies.input ?? [])
            .map((urn) => stack.resources.find((r) => r.urn === urn))
            .find((r) => r?.type === ATTACHMENT || r?.type === ZONE);
        if (about?.type === ATTACHMENT) {
            const id = idOf(about);
            const facts = {
                id,
                transitGatewayId: String(about.inputs.transitGatewayId),
                vpcOwnerId: account,
                state: "pendingAcceptance",
                tags: state.tags.get(id) ?? {},
            };
            const decision = attachmentDecision(id, facts, config);
            if (!decision.ok) return decision.reason;
            state.tags.set(id, { ...facts.tags, [OWNER_TAG]: decision.owner });
            return undefined;
        }
        if (about?.type === ZONE) {
            const id = idOf(about);
            const decision = zoneDecision(
                id,
                { id, name: String(about.inputs.name), owningAccount: account },
                config,
            );
            return decision.ok ? undefined : decision.reason;
        }
        return "sends the registrar a request about neither an attachment nor a zone of this stack";
    };
}
