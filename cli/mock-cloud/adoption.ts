/**
 * What importing an existing resource does, against a recorded copy of what AWS holds (`live`: the
 * resource's properties by ID, as `aws ec2 describe-*` give them). A declared value that differs from
 * the live one in a property the provider cannot change in place would replace the resource on the
 * `pulumi up` after the import (a new Transit Gateway, VPC or subnet: every attachment and route on the
 * old one cut); a default-route-table flag declared off where the live attachment has it on would
 * disassociate a live attachment. Each row cites the provider source it comes from.
 */

/** One way a declared property differs from the live resource, and what `pulumi up` would do. */
export interface ImportDifference {
    readonly urn: string;
    readonly id: string;
    readonly property: string;
    readonly declared: unknown;
    readonly live: unknown;
    /** `replace`: a new resource in place of the live one; `cut`: a live association or propagation removed. */
    readonly effect: "replace" | "cut";
    readonly source: string;
}

/** A property rule: the properties of a type whose change has the effect, and where that is written. */
interface Row {
    readonly properties: readonly string[];
    readonly effect: "replace" | "cut";
    /** Whether the change from `live` to `declared` has the effect (default: any change). */
    readonly when?: (live: unknown, declared: unknown) => boolean;
    readonly source: string;
}

const PROVIDER = "terraform-provider-aws internal/service/ec2";

/** The rows, by resource type. */
export const IMPORT_RULES: Readonly<Record<string, readonly Row[]>> = {
    "aws:ec2transitgateway/transitGateway:TransitGateway": [
        {
            properties: ["multicastSupport"],
            effect: "replace",
            source: `${PROVIDER}/transitgateway_.go: multicast_support is ForceNew`,
        },
        {
            // Only disable -> enable forces a new Transit Gateway; enable -> disable is ModifyTransitGateway.
            properties: ["defaultRouteTableAssociation", "defaultRouteTablePropagation"],
            effect: "replace",
            when: (live, declared) => live === "disable" && declared === "enable",
            source: `${PROVIDER}/transitgateway_.go: CustomizeDiff ForceNewIfChange on disable to enable`,
        },
    ],
    "aws:ec2/vpc:Vpc": [
        {
            properties: ["cidrBlock"],
            effect: "replace",
            source: `${PROVIDER}/vpc_.go: cidr_block is ForceNew`,
        },
    ],
    "aws:ec2/subnet:Subnet": [
        {
            properties: ["vpcId", "cidrBlock", "availabilityZone"],
            effect: "replace",
            source: `${PROVIDER}/vpc_subnet.go: vpc_id, cidr_block and availability_zone are ForceNew`,
        },
    ],
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": [
        {
            properties: ["transitGatewayId", "vpcId"],
            effect: "replace",
            source: `${PROVIDER}/transitgateway_vpc_attachment.go: transit_gateway_id and vpc_id are ForceNew`,
        },
        {
            // Update calls transitGatewayRouteTableAssociationUpdate / ...PropagationUpdate with false:
            // DisassociateTransitGatewayRouteTable / DisableTransitGatewayRouteTablePropagation.
            properties: [
                "transitGatewayDefaultRouteTableAssociation",
                "transitGatewayDefaultRouteTablePropagation",
            ],
            effect: "cut",
            when: (live, declared) => live === true && declared === false,
            source: `${PROVIDER}/transitgateway_vpc_attachment.go: Update removes the default association or propagation`,
        },
    ],
};

/** A registration that imports a resource. */
interface Imported {
    readonly urn: string;
    readonly type: string;
    readonly importId: string;
    readonly inputs: Readonly<Record<string, unknown>>;
}

/**
 * The differences between each imported resource's declared inputs and its live properties that
 * would replace it or cut live traffic. A resource without a live record is reported as missing: the
 * import would fail.
 */
export function importDifferences(
    imported: readonly Imported[],
    live: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
): { differences: ImportDifference[]; missing: Imported[] } {
    const differences: ImportDifference[] = [];
    const missing: Imported[] = [];
    for (const resource of imported) {
        const actual = live[resource.importId];
        if (!actual) {
            missing.push(resource);
            continue;
        }
        for (const row of IMPORT_RULES[resource.type] ?? []) {
            for (const property of row.properties) {
                const declared = resource.inputs[property];
                const was = actual[property];
                if (declared === undefined || JSON.stringify(declared) === JSON.stringify(was)) continue;
                if (row.when && !row.when(was, declared)) continue;
                differences.push({
                    urn: resource.urn,
                    id: resource.importId,
                    property,
                    declared,
                    live: was,
                    effect: row.effect,
                    source: row.source,
                });
            }
        }
    }
    return { differences, missing };
}
