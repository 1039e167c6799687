import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { ResolverHub } from "../../../../../components/dns/resolver-hub";
import { SharedServicesVpc } from "../../../../../components/network/shared-services-vpc";
import { resolverCorporateRuleNoLoop as policy } from "../../../../../policy-pack/policies/route53resolver/rule-association/corporate-rule-no-loop";
import { runProgram } from "../../../../harness";
import { stackResourcesOfRun } from "../../../recorded";
import { res, stackViolations } from "../../../support";

const ACCOUNT = "111111111111";
const REGION = "eu-west-1";
const CORPORATE = "aws.example.internal";
const ASSOCIATION = "aws:route53/resolverRuleAssociation:ResolverRuleAssociation";

/** A shared-services VPC with the real ResolverHub; `loop` also associates the corporate rule with it. */
async function hubStack(preview: boolean, loop = false) {
    const run = await runProgram(
        () => {
            const provider = new aws.Provider("network", { region: REGION });
            const vpc = new SharedServicesVpc(
                "shared-services",
                {
                    accountId: ACCOUNT,
                    region: REGION,
                    cidrBlock: "10.64.1.0/24",
                    availabilityZones: ["eu-west-1a", "eu-west-1b"],
                    transitGatewayId: "tgw-0123456789abcdef0",
                    spokeRouteTableId: "tgw-rtb-0000000000000spoke",
                    inspectionRouteTableId: "tgw-rtb-00000000000inspect",
                    flowLogs: {
                        kmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`,
                        retentionDays: 30,
                        logGroupPrefix: "/test/flow-logs",
                    },
                },
                { provider },
            );
            const hub = new ResolverHub(
                "resolver",
                {
                    accountId: ACCOUNT,
                    region: REGION,
                    vpcId: vpc.vpcId,
                    placements: vpc.resolverPlacements(),
                    onPremisesCidrs: ["172.16.0.0/16"],
                    supernet: "10.64.0.0/12",
                    onPremisesDnsServers: ["172.16.0.10", "172.16.1.10"],
                    onPremisesDomains: ["corp.example.internal"],
                    corporateDomain: CORPORATE,
                    shareWith: { accountIds: ["333333333333"] },
                    // The on-premises rules are meant for the hub VPC itself.
                    onPremisesRuleVpcs: { "shared-services": vpc.vpcId },
                },
                { provider },
            );
            if (loop) {
                new aws.route53.ResolverRuleAssociation(
                    "corporate-in-hub",
                    { resolverRuleId: hub.rules[CORPORATE].id, vpcId: vpc.vpcId },
                    { provider },
                );
            }
        },
        { preview, accountId: ACCOUNT, region: REGION },
    );
    return stackResourcesOfRun(run);
}

const LOOP_MESSAGE =
    "resolver rule association 'corporate-in-hub' associates rule 'resolver-rule-aws-example-internal' (aws.example.internal), which forwards to inbound endpoint 'resolver-inbound', with the VPC that hosts that endpoint: queries for aws.example.internal would loop back to the endpoint.";

describe("route53resolver-corporate-rule-no-loop", () => {
    for (const preview of [false, true]) {
        const mode = preview ? "preview" : "update";

        it(`passes the ResolverHub, whose on-premises rules are associated with the hub VPC (${mode})`, async () => {
            const resources = await hubStack(preview);
            expect(resources.filter((r) => r.type === ASSOCIATION)).to.have.length(1);
            expect(await stackViolations(policy, resources)).to.deep.equal([]);
        });

        it(`flags the corporate rule associated with the hub VPC (${mode})`, async () => {
            const resources = await hubStack(preview, true);
            const association = resources.find((r) => r.name === "corporate-in-hub")!;
            expect(await stackViolations(policy, resources)).to.deep.equal([
                { message: LOOP_MESSAGE, urn: association.urn },
            ]);
        });
    }

    describe("with the VPC known only by its ID", () => {
        const sg = res("aws:ec2/securityGroup:SecurityGroup", "inbound", { id: "sg-0in", vpcId: "vpc-0hub" });
        const endpoint = res("aws:route53/resolverEndpoint:ResolverEndpoint", "inbound", {
            direction: "INBOUND",
            securityGroupIds: ["sg-0in"],
            ipAddresses: [{ ip: "10.64.1.52" }, { ip: "10.64.1.68" }],
        });
        const rule = res("aws:route53/resolverRule:ResolverRule", "corporate", {
            id: "rslvr-rr-0corporate",
            ruleType: "FORWARD",
            domainName: CORPORATE,
            targetIps: [{ ip: "10.64.1.52", port: 53 }],
        });
        const association = (vpcId: string) =>
            res(ASSOCIATION, "corporate", { resolverRuleId: "rslvr-rr-0corporate", vpcId });

        it("flags an association with the endpoint's VPC ID", async () => {
            const a = association("vpc-0hub");
            expect(await stackViolations(policy, [sg, endpoint, rule, a])).to.deep.equal([
                {
                    message:
                        "resolver rule association 'corporate' associates rule 'corporate' (aws.example.internal), which forwards to inbound endpoint 'inbound', with the VPC that hosts that endpoint: queries for aws.example.internal would loop back to the endpoint.",
                    urn: a.urn,
                },
            ]);
        });

        it("passes an association with a spoke VPC", async () => {
            expect(
                await stackViolations(policy, [sg, endpoint, rule, association("vpc-0spoke")]),
            ).to.deep.equal([]);
        });

        it("passes a rule whose targets are not the endpoint's addresses", async () => {
            const onPremises = { ...rule, props: { ...rule.props, targetIps: [{ ip: "172.16.0.10" }] } };
            expect(
                await stackViolations(policy, [sg, endpoint, onPremises, association("vpc-0hub")]),
            ).to.deep.equal([]);
        });
    });
});
