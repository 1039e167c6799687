import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of {@link SpokeDns}. */
export interface SpokeDnsArgs {
    /** The spoke VPC that uses the hub's forwarding rules. */
    readonly vpcId: pulumi.Input<string>;
    /**
     * Rule ID by domain, as the network stack of the VPC's region exports them (`resolverRuleIds`).
     * The domains must be known when the program runs (they come from the environment file); see
     * {@link ruleIdsOf} to read the IDs from a StackReference.
     */
    readonly ruleIds: Readonly<Record<string, pulumi.Input<string>>>;
}

/** The rule ID of each of `domains` from a network stack's `resolverRuleIds` export. */
export function ruleIdsOf(
    exported: pulumi.Input<Record<string, string>>,
    domains: readonly string[],
): Record<string, pulumi.Output<string>> {
    return Object.fromEntries(
        domains.map((domain) => [
            domain,
            pulumi.output(exported).apply((ids) => {
                const id = ids[domain];
                if (!id) {
                    throw new Error(
                        `the network stack exports no resolver rule for ${domain} (it has: ${Object.keys(ids).join(", ")})`,
                    );
                }
                return id;
            }),
        ]),
    );
}

/** A child name suffix for a domain: dots become dashes. */
function slug(domain: string): string {
    return domain.replace(/\./g, "-");
}

/**
 * The spoke side of the DNS hub: associates every forwarding rule the network account shares (each
 * on-premises domain and the corporate AWS domain) with the spoke VPC, so that the VPC resolves
 * on-premises names and every other spoke's private zone through the hub's resolver endpoints.
 */
export class SpokeDns extends pulumi.ComponentResource {
    readonly associations: Readonly<Record<string, aws.route53.ResolverRuleAssociation>>;

    constructor(name: string, args: SpokeDnsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:dns:SpokeDns", name, {}, opts);
        this.associations = Object.fromEntries(
            Object.entries(args.ruleIds).map(([domain, ruleId]) => [
                domain,
                new aws.route53.ResolverRuleAssociation(
                    `${name}-${slug(domain)}`,
                    { name: `${name}-${slug(domain)}`, resolverRuleId: ruleId, vpcId: args.vpcId },
                    { parent: this },
                ),
            ]),
        );
        this.registerOutputs({});
    }
}
