import { expect } from "chai";
import { CFN_MAPPING } from "../../../cli/mock-cloud/constraints/cfn/mapping";
import { factsFromPackage, type SpecFacts } from "../../../cli/mock-cloud/constraints/cfn/facts";
import FACTS from "../../../cli/mock-cloud/constraints/cfn/spec-facts.json";
import { ConstraintChecker } from "../../../cli/mock-cloud/constraints/check";
import { cfnRows } from "../../../cli/mock-cloud/constraints/table/cfn";
import { runEnvironment } from "../../harness";

const committed = FACTS as SpecFacts;

describe("facts from CloudFormation's resource specification", function () {
    // The package's database takes a second or more to load on a busy machine.
    this.timeout(120_000);
    let installed: SpecFacts;
    before(() => {
        installed = factsFromPackage();
    });

    it("holds in spec-facts.json what the installed @aws-cdk/aws-service-spec says (npm run spec-facts)", () => {
        expect(
            committed.version,
            "facts.json is from another version: run npm run spec-facts and review the diff",
        ).to.equal(installed.version);
        expect(committed.types).to.deep.equal(installed.types);
    });

    it("pins the facts the project relies on", () => {
        const fact = (type: string, property: string) => installed.types[type]?.[property];
        // Replacing a security group replaces what uses it; its description is required by CloudFormation.
        expect(fact("AWS::EC2::SecurityGroup", "GroupDescription")).to.include({
            required: true,
            causesReplacement: "yes",
        });
        // A rule group's capacity is fixed at creation (firewall-rules.ts declares it, never computes it).
        expect(fact("AWS::NetworkFirewall::RuleGroup", "Capacity")).to.include({
            required: true,
            causesReplacement: "yes",
        });
        // The inbound endpoint's security groups replace it; its addresses change in place.
        expect(fact("AWS::Route53Resolver::ResolverEndpoint", "SecurityGroupIds")).to.include({
            causesReplacement: "yes",
        });
        expect(fact("AWS::Route53Resolver::ResolverEndpoint", "IpAddresses")).to.include({
            causesReplacement: "no",
        });
        // The Transit Gateway's ASN and a subnet's range replace them.
        expect(fact("AWS::EC2::TransitGateway", "AmazonSideAsn")).to.include({ causesReplacement: "yes" });
        expect(fact("AWS::EC2::Subnet", "CidrBlock")).to.include({ causesReplacement: "yes" });
    });

    it("maps types and properties the specification has, and every property it requires", () => {
        for (const [type, mapping] of Object.entries(CFN_MAPPING)) {
            if (mapping.cfnType === null) continue;
            const props = installed.types[mapping.cfnType];
            expect(props, `${type} -> ${mapping.cfnType}`).to.not.equal(undefined);
            for (const [property, cfnProperty] of Object.entries(mapping.properties)) {
                expect(
                    props[cfnProperty],
                    `${type}.${property} -> ${mapping.cfnType}.${cfnProperty}`,
                ).to.not.equal(undefined);
            }
            const mapped = new Set([
                ...Object.values(mapping.properties),
                ...Object.keys(mapping.supplied ?? {}),
            ]);
            const unmapped = Object.entries(props)
                .filter(([name, f]) => f.required && !mapped.has(name))
                .map(([name]) => `${mapping.cfnType}.${name}`);
            expect(
                unmapped,
                `required by CloudFormation, neither mapped nor supplied (${type})`,
            ).to.deep.equal([]);
        }
    });

    it("maps every aws: type the fixture environments declare", async () => {
        const types = new Set<string>();
        for (const env of ["dev", "prod"]) {
            for (const run of Object.values(await runEnvironment(env))) {
                for (const r of run.resources) if (r.type.startsWith("aws:")) types.add(r.type);
            }
        }
        expect([...types].filter((t) => !(t in CFN_MAPPING)).sort()).to.deep.equal([]);
    });

    it("refuses a resource without a property CloudFormation requires, citing the specification", () => {
        const checker = new ConstraintChecker(cfnRows(committed));
        const [violation] = checker.check("aws:networkfirewall/loggingConfiguration:LoggingConfiguration", {
            firewallArn: "arn:aws:network-firewall:eu-west-1:111111111111:firewall/f",
        });
        expect(violation.error).to.deep.equal({
            code: "ValidationException",
            message:
                "1 validation error detected: Value null at 'LoggingConfiguration' failed to satisfy constraint: Member must not be null",
        });
        expect(violation.row.source).to.equal(
            `CloudFormation resource specification (@aws-cdk/aws-service-spec ${committed.version}): AWS::NetworkFirewall::LoggingConfiguration.LoggingConfiguration`,
        );
        // A property the provider supplies itself (auto-naming) is not required of the program.
        expect(
            checker.check("aws:networkfirewall/ruleGroup:RuleGroup", { type: "STATEFUL", capacity: 100 }),
        ).to.deep.equal([]);
    });
});
