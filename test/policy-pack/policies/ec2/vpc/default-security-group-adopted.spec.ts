import { expect } from "chai";
import { vpcDefaultSecurityGroupAdopted as policy } from "../../../../../policy-pack/policies/ec2/vpc/default-security-group-adopted";
import { res, stackDiagnostics, stackViolations } from "../../../support";

const vpc = res("aws:ec2/vpc:Vpc", "spoke", { id: "vpc-1", cidrBlock: "10.1.0.0/16" });
const adopted = res(
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    "spoke-default",
    { id: "sg-default" },
    { propertyDependencies: { vpcId: [vpc] } },
);
const workloadSg = res("aws:ec2/securityGroup:SecurityGroup", "workload", { id: "sg-workload" });
const rule = (name: string, type: string, group: typeof adopted, byId = false) =>
    res(
        type,
        name,
        {
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrIpv4: "10.0.0.0/8",
            ...(byId ? { securityGroupId: group.props.id } : {}),
        },
        byId ? {} : { propertyDependencies: { securityGroupId: [group] } },
    );
const VPC_MESSAGE =
    "VPC 'spoke' does not adopt its default security group; add an aws.ec2.DefaultSecurityGroup with no rules for it.";

describe("ec2-vpc-default-security-group-adopted", () => {
    it("passes a VPC that adopts its default security group, with rules on other groups", async () => {
        expect(
            await stackViolations(policy, [
                vpc,
                adopted,
                workloadSg,
                rule(
                    "workload-https",
                    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                    workloadSg,
                ),
            ]),
        ).to.deep.equal([]);
    });

    it("flags a VPC that does not adopt it", async () => {
        expect(await stackViolations(policy, [vpc, workloadSg])).to.deep.equal([
            { urn: vpc.urn, message: VPC_MESSAGE },
        ]);
    });

    it("flags rule resources attached to the adopted group, by property dependency or by ID", async () => {
        const ingress = rule("open", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", adopted);
        const legacy = rule("legacy", "aws:ec2/securityGroupRule:SecurityGroupRule", adopted, true);
        expect(await stackViolations(policy, [vpc, adopted, ingress, legacy])).to.deep.equal([
            {
                urn: ingress.urn,
                message:
                    "rule 'open' is attached to default security group 'spoke-default'; attach it to a security group of its own.",
            },
            {
                urn: legacy.urn,
                message:
                    "rule 'legacy' is attached to default security group 'spoke-default'; attach it to a security group of its own.",
            },
        ]);
    });

    it("is advisory by default", async () => {
        expect(await stackDiagnostics(policy, [vpc])).to.deep.equal([
            { level: "advisory", message: VPC_MESSAGE },
        ]);
    });
});
