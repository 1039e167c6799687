/**
 * The rules that tie adopted resources to the rest of the config: an existing Transit Gateway to its
 * environment, an existing spoke VPC to its request and its environment.
 */
import { cidrContains, cidrsOverlap } from "../../components/network/subnet-plan";
import type { ConfigProblem } from "./errors";
import type { Environment, Issue } from "./environment";
import type { ExistingVpc } from "./existing";

/** The environment's adoption rules (`regions.<key>.existingTransitGateway`). */
export function checkExistingTransitGateways(env: Environment, issue: Issue): void {
    const ids: string[] = [];
    for (const key of ["primary", "dr"] as const) {
        const existing = env.regions[key]?.existingTransitGateway;
        if (!existing) continue;
        const path = ["regions", key, "existingTransitGateway"];
        if (ids.includes(existing.id)) {
            issue(
                [...path, "id"],
                existing.id,
                "is the primary region's Transit Gateway too; expected one Transit Gateway per region",
            );
        }
        ids.push(existing.id);
        if (!existing.defaultRouteTableId) {
            for (const field of ["legacyAttachmentIds", "inspectLegacyCidrs"] as const) {
                if (existing[field].length > 0) {
                    issue(
                        [...path, field],
                        existing[field],
                        "is set but defaultRouteTableId is not; expected the default route table these attachments are associated with (Options.AssociationDefaultRouteTableId of aws ec2 describe-transit-gateways), or no legacy attachments",
                    );
                }
            }
        }
        existing.inspectLegacyCidrs.forEach((range, i) => {
            if (cidrsOverlap(range, env.addressing.spokePool)) {
                issue(
                    [...path, "inspectLegacyCidrs", i],
                    range,
                    `overlaps the spoke pool ${env.addressing.spokePool}; expected the range of a legacy VPC, which new spokes never use`,
                );
            }
        });
    }
}

/** Where a spoke request's problems are reported (its stack config file, or the scaffolder). */
interface Location {
    readonly file: string;
    lineOf(field: string): number | undefined;
    fieldName(field: string): string;
}

/** What the adoption rules read of a spoke request. */
interface AdoptingRequest {
    readonly cidr?: string;
    readonly availabilityZones: number;
    readonly workload: string;
    readonly inspection: string;
}

/**
 * An adopted VPC runs no shipped workload (they need the spoke's own route tables, which an adopted
 * VPC keeps as they are), declares a subnet per AZ in each tier inside its range, and brings its
 * attachment only on a Transit Gateway the environment adopts too.
 */
export function checkExistingVpc(
    request: AdoptingRequest,
    existing: ExistingVpc,
    env: Environment,
    environmentFile: string,
    at: Location,
): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const problem = (field: string, value: unknown, message: string) =>
        problems.push({ file: at.file, line: at.lineOf(field), field: at.fieldName(field), value, message });
    if (request.workload !== "none") {
        problem(
            "workload",
            request.workload,
            "runs a shipped example, which needs route tables of the spoke's own; expected none on an adopted VPC (it keeps its subnets and routing), or a new spoke for the example",
        );
    }
    if (request.inspection !== "none") {
        problem(
            "inspection",
            request.inspection,
            "needs gwlbe subnets of the spoke's own; expected none on an adopted VPC",
        );
    }
    if (env.addressing.ipam) {
        problem(
            "existing",
            existing.vpcId,
            `is an existing VPC but ${environmentFile} allocates spoke ranges from IPAM; expected a new spoke, or an environment without addressing.ipam`,
        );
    }
    if (existing.attachmentId && !env.regions.primary.existingTransitGateway) {
        problem(
            "existing.attachmentId",
            existing.attachmentId,
            `is an attachment of an existing Transit Gateway, but ${environmentFile} creates its own (no regions.primary.existingTransitGateway); expected no attachmentId: the spoke attaches the VPC to the hub's Transit Gateway`,
        );
    }
    for (const tier of ["tgw", "workload"] as const) {
        const subnets = existing.subnets[tier];
        if (subnets.length !== request.availabilityZones) {
            problem(
                `existing.subnets.${tier}`,
                subnets.map((s) => s.id),
                `lists ${subnets.length} subnet(s) for the spoke's ${request.availabilityZones} AZ(s); expected one per AZ (or availabilityZones: ${subnets.length})`,
            );
        }
        const zones = subnets.map((s) => s.availabilityZone);
        subnets.forEach((subnet, i) => {
            if (request.cidr && !cidrContains(request.cidr, subnet.cidr)) {
                problem(
                    `existing.subnets.${tier}.${i}.cidr`,
                    subnet.cidr,
                    `is outside the VPC's cidr ${request.cidr}; expected the subnet's own CIDR from aws ec2 describe-subnets`,
                );
            }
            if (zones.indexOf(subnet.availabilityZone) !== i) {
                problem(
                    `existing.subnets.${tier}.${i}.availabilityZone`,
                    subnet.availabilityZone,
                    "repeats an AZ of this tier; expected one subnet per AZ",
                );
            }
        });
    }
    const tgwZones = existing.subnets.tgw.map((s) => s.availabilityZone).join(",");
    const workloadZones = existing.subnets.workload.map((s) => s.availabilityZone).join(",");
    if (tgwZones !== workloadZones) {
        problem(
            "existing.subnets.workload",
            existing.subnets.workload.map((s) => s.availabilityZone),
            `are in other AZs than the tgw subnets (${tgwZones}); expected the same AZs in the same order`,
        );
    }
    return problems;
}
