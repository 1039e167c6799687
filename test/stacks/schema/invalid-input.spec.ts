import { expect } from "chai";
import { ConfigError } from "../../../stacks/schema/errors";
import { checkSpokeRequest, endpointServiceProblem, spokeRequestSchema } from "../../../stacks/schema/spoke";
import { parseEnvironment } from "../../../stacks/schema/stack-config";
import { parseYaml } from "../../../stacks/schema/yaml-file";
import { QA_ENVIRONMENT } from "../../support/project-fixture";

const FILE = "stacks/environments/qa.yaml";

/** The problems of the fixture environment with `from` replaced by `to`, as `field 'value' message`. */
function problems(from: string | RegExp, to: string): string[] {
    const text = QA_ENVIRONMENT.replace(from, to);
    expect(text, `'${String(from)}' is in the fixture`).to.not.equal(QA_ENVIRONMENT);
    try {
        parseEnvironment(parseYaml(FILE, text));
    } catch (error) {
        expect(error).to.be.instanceOf(ConfigError);
        return (error as ConfigError).message
            .split("\n")
            .slice(1)
            .map((l) => l.trim().replace(/^[^ ]+: /, ""));
    }
    return [];
}

describe("values AWS would refuse, refused before any resource", () => {
    describe("environment file", () => {
        it("refuses on-premises DNS servers inside the supernet or outside the on-premises ranges", () => {
            expect(
                problems("dnsServers: [192.168.0.10]", "dnsServers: [10.16.0.10, 172.20.0.10]"),
            ).to.deep.equal([
                "onPremises.dnsServers[0] '10.16.0.10' is inside the supernet 10.16.0.0/12: the forwarding rules would send on-premises queries into AWS; expected the address of an on-premises DNS server, in onPremises.cidrs",
                "onPremises.dnsServers[1] '172.20.0.10' is outside onPremises.cidrs (192.168.0.0/16): nothing routes the forwarded queries to it; expected an address in those ranges, or add its range there",
            ]);
        });

        it("refuses a repeated on-premises range", () => {
            expect(
                problems("cidrs: [192.168.0.0/16]", "cidrs: [192.168.0.0/16, 192.168.0.0/16]"),
            ).to.deep.equal([
                "onPremises.cidrs[1] '192.168.0.0/16' repeats range 0; expected each range once",
            ]);
        });

        it("refuses a corporate or on-premises domain under amazonaws.com", () => {
            expect(
                problems("corporateDomain: aws.qa.internal", "corporateDomain: internal.amazonaws.com")[0],
            ).to.equal(
                "dns.corporateDomain 'internal.amazonaws.com' is under amazonaws.com, AWS's own service domain: its zone would answer every AWS API name of the VPCs; expected a domain of your own, e.g. aws.example.internal",
            );
            expect(
                problems("domains: [corp.qa.internal]", "domains: [eu-west-1.amazonaws.com]")[0],
            ).to.contain("onPremises.domains[0] 'eu-west-1.amazonaws.com' is under amazonaws.com");
        });

        it("refuses ARNs of another partition than the regions'", () => {
            expect(
                problems("arn:aws:organizations::210000000009", "arn:aws-cn:organizations::210000000009"),
            ).to.deep.equal([
                "organization.arn 'arn:aws-cn:organizations::210000000009:organization/o-qa12345678' is an ARN of partition aws-cn, but the environment's regions are in aws; expected arn:aws:...",
            ]);
            expect(problems("arn:aws:iam::210000000003", "arn:aws-us-gov:iam::210000000003")[0]).to.contain(
                "accounts.spokes[210000000003].deployerRoleArn 'arn:aws-us-gov:iam::210000000003:role/deployer' is an ARN of partition aws-us-gov",
            );
        });

        it("refuses a single NAT gateway in production, naming the field", () => {
            expect(
                problems("profile: development", "profile: production").concat(
                    problems(
                        /profile: development[\s\S]*natGateways: per-az/,
                        QA_ENVIRONMENT.slice(
                            QA_ENVIRONMENT.indexOf("profile"),
                            QA_ENVIRONMENT.indexOf("natGateways"),
                        ).replace("development", "production") + "natGateways: single",
                    ),
                ),
            ).to.include(
                "egress.natGateways 'single' is a single NAT gateway in production: the other AZs' replies cross another AZ's firewall endpoint, which drops them, and one AZ's outage stops all egress; expected per-az",
            );
        });

        it("refuses an inspection range too small for its subnets, before any resource", () => {
            expect(problems("inspection: 10.20.0.0/24", "inspection: 10.20.0.0/27")).to.deep.equal([
                "regions.primary.cidrs.inspection '10.20.0.0/27' is too small for a /28 tgw, firewall and public subnet in each of 2 AZs; expected a larger range, e.g. a /24",
            ]);
        });

        it("refuses an appliance fleet that may run no appliance", () => {
            expect(
                problems("minSize: 2\n  desiredCapacity: 2", "minSize: 0\n  desiredCapacity: 0"),
            ).to.include.members([
                "appliances.minSize '0' is 0: with no appliance running, the Gateway Load Balancer drops every flow its endpoints send it; expected at least 1",
                "appliances.desiredCapacity '0' is 0: with no appliance running, the Gateway Load Balancer drops every flow its endpoints send it; expected at least 1",
            ]);
        });

        it("refuses tag keys and values AWS refuses, and more tags than a resource holds", () => {
            expect(
                problems("logging:", 'tags:\n  "bad!key{}": x\n  ok: "two\\nlines"\nlogging:'),
            ).to.deep.equal([
                "tags.bad!key{} 'x' has a tag key AWS refuses; expected a key of letters, digits, spaces and + - = . _ : / @",
                "tags.ok 'two\\nlines' has characters AWS refuses in a tag value (a line break, or a symbol); expected letters, digits, spaces and + - = . _ : / @",
            ]);
            const many = Array.from({ length: 43 }, (_, i) => `  k${i}: v`).join("\n");
            expect(problems("logging:", `tags:\n${many}\nlogging:`)[0]).to.match(
                /^tags '.*' has more tags than a resource can carry; expected at most 42 \(AWS allows 50 per resource and the stacks add up to 8\)$/,
            );
        });
    });

    describe("spoke request", () => {
        const environment = parseEnvironment(parseYaml(FILE, QA_ENVIRONMENT));
        const request = (changes: Record<string, unknown>) => ({
            name: "web",
            account: "210000000003",
            owner: "web-team@example.com",
            cidr: "10.24.0.0/20",
            workload: "lambda-api",
            ...changes,
        });
        const shape = (changes: Record<string, unknown>) => {
            const result = spokeRequestSchema.safeParse(request(changes));
            return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
        };
        const rules = (changes: Record<string, unknown>) =>
            checkSpokeRequest(
                spokeRequestSchema.parse(request(changes)),
                environment,
                FILE,
                { file: "f", lineOf: () => undefined, fieldName: (f) => f },
                [],
            ).map((p) => `${p.field}: ${p.message}`);

        it("takes interface endpoint services from AWS's list, as the part after com.amazonaws.<region>.", () => {
            expect(endpointServiceProblem("ssm")).to.equal(undefined);
            expect(endpointServiceProblem("ecr.api")).to.equal(undefined);
            expect(endpointServiceProblem("ssmm")).to.equal(
                "is not a service AWS offers as an interface endpoint; expected ssm, or a name from the PrivateLink list, e.g. ssm, logs or ecr.api",
            );
            expect(endpointServiceProblem("s3")).to.contain("has a gateway endpoint in every spoke already");
            expect(endpointServiceProblem("com.amazonaws.eu-west-1.logs")).to.equal(
                "is a full service name; expected only the part after com.amazonaws.<region>., e.g. logs",
            );
            expect(shape({ interfaceEndpoints: ["ssmm"] })[0]).to.match(
                /^interfaceEndpoints\.0: is not a service/,
            );
        });

        it("refuses an owner address longer than email allows", () => {
            expect(shape({ owner: `${"a".repeat(65)}@example.com` })).to.deep.equal([
                "owner: has a part before @ longer than 64 characters, more than email allows (RFC 5321); expected a shorter address",
            ]);
            expect(
                shape({
                    owner: `a@${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.${"e".repeat(60)}.${"f".repeat(60)}.com`,
                })[0],
            ).to.contain("is longer than 254 characters");
        });

        it("refuses a throttling rate below one request per second", () => {
            expect(shape({ api: { throttling: { rateLimit: 0.001 } } })[0]).to.contain(
                "is below 1 request per second",
            );
        });

        it("refuses alarms with no subscriber", () => {
            expect(rules({ api: { alarms: { email: [] } } })).to.deep.equal([
                "api.alarms.email: is empty, so the alarms notify no one; expected at least one address, or remove the field to notify the spoke's owner",
            ]);
        });

        it("refuses a certificate of another region or account", () => {
            const arn = (region: string, account: string) =>
                `arn:aws:acm:${region}:${account}:certificate/12345678-1234-1234-1234-123456789012`;
            const https = (certificateArn: string) => ({
                workload: "ecs-api",
                api: { https: { certificateArn, serverName: "api.web.aws.qa.internal" } },
            });
            expect(rules(https(arn("eu-west-1", "210000000003")))).to.deep.equal([]);
            expect(rules(https(arn("us-east-1", "210000000003")))).to.deep.equal([
                "api.https.certificateArn: is in account 210000000003, us-east-1; expected a certificate of the spoke's own account 210000000003 in eu-west-1, where its listener is",
            ]);
        });
    });
});
