import { expect } from "chai";
import facts from "../../../../cli/plan/changes/cfn-replacement.json";
import { replacementFactsFromPackage } from "../../../../cli/plan/changes/replacement-facts";
import { propertyVerdict, replaceReasons } from "../../../../cli/plan/changes/replacement";
import { REPLACEMENT_TABLE } from "../../../../cli/plan/changes/replacement-table";
import { diffValues } from "../../../../cli/plan/changes/values";

const RULE_GROUP = "aws:networkfirewall/ruleGroup:RuleGroup";
const replaces = (type: string, property: string) => propertyVerdict(type, property).replaces;

describe("replacement facts", () => {
    it("are what the installed CloudFormation specification says (an upgrade that changes one fails here)", function () {
        this.timeout(120000);
        expect(replacementFactsFromPackage()).to.deep.equal(facts);
    });

    it("pin the facts the plan relies on: what AWS cannot change in place", () => {
        // AWS::NetworkFirewall::RuleGroup Capacity: "Update requires: Replacement".
        expect(facts.types["AWS::NetworkFirewall::RuleGroup"].replaces).to.include("Capacity");
        expect(facts.types["AWS::EC2::VPC"].replaces).to.include("CidrBlock");
        expect(facts.types["AWS::EC2::Subnet"].replaces).to.include.members([
            "AvailabilityZone",
            "CidrBlock",
        ]);
        expect(facts.types["AWS::Route53Resolver::ResolverEndpoint"].replaces).to.include("SecurityGroupIds");
        expect(facts.types["AWS::EC2::TransitGateway"].replaces).to.include("AmazonSideAsn");
        expect(facts.types["AWS::DynamoDB::Table"].replaces).to.include("KeySchema");
        // ... and what it can.
        expect(facts.types["AWS::NetworkFirewall::RuleGroup"].replaces).not.to.include("RuleGroup");
        expect(facts.types["AWS::Route53Resolver::ResolverEndpoint"].replaces).not.to.include("IpAddresses");
    });
});

describe("replacement table", () => {
    it("maps every provider type to a CloudFormation type of the specification, and every rename to a property of it", () => {
        const types = facts.types as Record<string, { properties: string[] }>;
        for (const [type, row] of Object.entries(REPLACEMENT_TABLE)) {
            if (!row.cfnType) {
                expect(
                    row.provider,
                    `${type}: a type without CloudFormation needs the provider's rules`,
                ).to.be.an("object");
                continue;
            }
            expect(types[row.cfnType], `${type} -> ${row.cfnType}`).to.be.an("object");
            for (const [input, property] of Object.entries(row.renames ?? {})) {
                expect(types[row.cfnType].properties, `${type}.${input} -> ${property}`).to.include(property);
            }
            for (const rule of Object.values(row.provider ?? {}))
                expect(rule.source).to.match(/^internal\/service\/.+\.go$/);
        }
    });

    it("replaces a rule group whose capacity changes, and not one whose rules change", () => {
        expect(replaces(RULE_GROUP, "capacity")).to.equal(true);
        expect(replaces(RULE_GROUP, "ruleGroup")).to.equal(false);
        expect(replaces(RULE_GROUP, "name")).to.equal(true);
        const reasons = replaceReasons(RULE_GROUP, diffValues({ capacity: 100 }, { capacity: 200 }));
        expect(reasons).to.deep.equal([
            {
                property: "capacity",
                why: "CloudFormation AWS::NetworkFirewall::RuleGroup.Capacity: update requires replacement",
            },
        ]);
    });

    it("replaces a rule group whose stateful rule order changes (the provider's rule, not CloudFormation's)", () => {
        const reasons = replaceReasons(
            RULE_GROUP,
            diffValues(
                { ruleGroup: { statefulRuleOptions: { ruleOrder: "DEFAULT_ACTION_ORDER" } } },
                { ruleGroup: { statefulRuleOptions: { ruleOrder: "STRICT_ORDER" } } },
            ),
        );
        expect(reasons.map((r) => r.property)).to.deep.equal(["ruleGroup"]);
        expect(reasons[0].why).to.contain("internal/service/networkfirewall/rule_group.go");
    });

    it("replaces a VPC whose CIDR changes, a subnet whose AZ changes, a Resolver endpoint whose security groups change", () => {
        expect(replaces("aws:ec2/vpc:Vpc", "cidrBlock")).to.equal(true);
        expect(replaces("aws:ec2/subnet:Subnet", "availabilityZone")).to.equal(true);
        expect(replaces("aws:ec2/subnet:Subnet", "cidrBlock")).to.equal(true);
        expect(replaces("aws:route53/resolverEndpoint:ResolverEndpoint", "securityGroupIds")).to.equal(true);
        expect(replaces("aws:route53/resolverEndpoint:ResolverEndpoint", "ipAddresses")).to.equal(false);
        expect(replaces("aws:ec2transitgateway/transitGateway:TransitGateway", "amazonSideAsn")).to.equal(
            true,
        );
    });

    it("follows the provider where it changes in place what CloudFormation replaces", () => {
        // ModifyTransitGatewayVpcAttachment adds and removes subnets.
        expect(replaces("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "subnetIds")).to.equal(false);
        expect(facts.types["AWS::EC2::TransitGatewayVpcAttachment"].replaces).to.include("SubnetIds");
        // ReplaceRouteTableAssociation moves a subnet to another table.
        expect(replaces("aws:ec2/routeTableAssociation:RouteTableAssociation", "routeTableId")).to.equal(
            false,
        );
        // ModifySecurityGroupRules changes a rule in place; only its group replaces it.
        const ingress = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
        expect(replaces(ingress, "fromPort")).to.equal(false);
        expect(replaces(ingress, "cidrIpv4")).to.equal(false);
        expect(replaces(ingress, "securityGroupId")).to.equal(true);
        // ModifyVpnConnection and ModifyVpnTunnelOptions.
        expect(replaces("aws:ec2/vpnConnection:VpnConnection", "customerGatewayId")).to.equal(false);
        expect(replaces("aws:ec2/vpnConnection:VpnConnection", "tunnel1IkeVersions")).to.equal(false);
        expect(replaces("aws:ec2/vpnConnection:VpnConnection", "staticRoutesOnly")).to.equal(true);
    });

    it("never replaces for tags, even where CloudFormation would", () => {
        expect(facts.types["AWS::EC2::TransitGatewayRouteTable"].replaces).to.include("Tags");
        expect(replaces("aws:ec2transitgateway/routeTable:RouteTable", "tags")).to.equal(false);
    });

    it("says nothing replaces for a type it does not know", () => {
        expect(propertyVerdict("aws:example/thing:Thing", "name")).to.deep.equal({
            replaces: false,
            basis: "unknown",
        });
    });
});
