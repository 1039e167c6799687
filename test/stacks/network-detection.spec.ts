/**
 * The network stack's automated response to GuardDuty findings: the block list, the firewall's first
 * rule group that drops it, the findings bus and rule, and the function with a role that may touch
 * exactly that list. Runs the suite's own environments with `detection` set, removed (production's
 * default) and broken.
 */
import { expect } from "chai";
import type { Document } from "yaml";
import { StackRunError } from "../../cli/mock-cloud/run";
import { RequestContext } from "../../cli/iam/conditions";
import { authorize } from "../../cli/iam/evaluate";
import { parsePolicy } from "../../cli/iam/policy";
import type { StackResult } from "../../cli/plan/run";
import { runtimeOwnedText } from "../../cli/plan/summary";
import { ConfigError } from "../../stacks/schema/errors";
import { copyProject, runFixtureStack, type Recorded } from "../harness";

const LIST = "aws:ec2/managedPrefixList:ManagedPrefixList";
const RULE_GROUP = "aws:networkfirewall/ruleGroup:RuleGroup";
const POLICY = "aws:networkfirewall/firewallPolicy:FirewallPolicy";
const EVENT_RULE = "aws:cloudwatch/eventRule:EventRule";
const SUBSCRIPTION = "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const NETWORK = "111111111111";
const SECURITY = "222222222222";

const setDetection =
    (value: Record<string, unknown>) =>
    (doc: Document): void => {
        doc.set("detection", doc.createNode(value));
    };

/**
 * What the role of function `fn` of `run` may do with its inline policy alone: `ask(action,
 * resource)` is the IAM decision (cli/iam) for a call made in the network account.
 */
function functionAccess(run: Recorded, fn: string): (action: string, resource: string) => string {
    const role = run.find("aws:iam/role:Role", `${fn}-role`);
    const policy = `${fn}-policy`;
    const statements = parsePolicy(String(run.find("aws:iam/rolePolicy:RolePolicy", policy).inputs.policy));
    return (action, resource) =>
        authorize(
            {
                action,
                resource,
                principal: { type: "AWS", account: NETWORK, arn: String(role.outputs.arn) },
                context: new RequestContext(),
            },
            { identity: [{ name: policy, statements }] },
        ).decision;
}

describe("network stack: detection and response", function () {
    describe("with detection on in dev", () => {
        let run: Recorded;
        before(async () => {
            const root = copyProject({
                "stacks/environments/dev.yaml": setDetection({
                    enabled: true,
                    response: {
                        minimumSeverity: 5,
                        findingTypes: ["Recon:EC2/PortProbe", "UnauthorizedAccess:EC2/MaliciousIPCaller"],
                        blockHours: 6,
                        maxEntries: 40,
                        neverBlock: ["198.51.100.0/28"],
                    },
                }),
            });
            run = await runFixtureStack("network-dev", { root });
        });

        it("declares one block list of the configured size whose entries the stack never manages", () => {
            const [list] = run.all(LIST);
            expect(run.all(LIST)).to.have.length(1);
            expect(list.inputs).to.include({
                addressFamily: "IPv4",
                maxEntries: 40,
                name: "hub-network-dev-block-list",
            });
            expect(list.inputs).to.not.have.property("entries");
            expect(list.ignoreChanges).to.deep.equal(["entries"]);
        });

        it("tells the plan's reader that the list's entries are owned at run time", () => {
            const text = runtimeOwnedText([
                { stack: { name: "network-dev" }, run } as unknown as StackResult,
            ]);
            const lines = text.split("\n");
            expect(lines[0]).to.equal(
                "Owned at run time (pulumi up never changes or removes these properties):",
            );
            expect(lines).to.include(
                "  network-dev: aws:ec2/managedPrefixList:ManagedPrefixList: block-list-list: entries",
            );
        });

        it("drops the list both ways in a rule group the policy evaluates before every other", () => {
            const group = run.find(RULE_GROUP, "inspection-block-list");
            const list = run.all(LIST)[0];
            const spec = group.inputs.ruleGroup as {
                referenceSets: { ipSetReferences: unknown[] };
                rulesSource: { rulesString: string };
            };
            expect(group.inputs.type).to.equal("STATEFUL");
            expect(spec.referenceSets.ipSetReferences).to.deep.equal([
                { key: "BLOCK_LIST", ipSetReferences: [{ referenceArn: list.outputs.arn }] },
            ]);
            expect(spec.rulesSource.rulesString).to.match(/^drop ip @BLOCK_LIST any -> any any /m);
            expect(spec.rulesSource.rulesString).to.match(/^drop ip any any -> @BLOCK_LIST any /m);
            const refs = (
                run.all(POLICY)[0].inputs.firewallPolicy as {
                    statefulRuleGroupReferences: { priority: number; resourceArn: string }[];
                }
            ).statefulRuleGroupReferences;
            const first = [...refs].sort((a, b) => a.priority - b.priority)[0];
            expect(first.resourceArn).to.equal(group.outputs.arn);
            expect(refs.filter((r) => r.priority === first.priority)).to.have.length(1);
        });

        it("invokes the function for GuardDuty findings of the configured severity and types on its findings bus", () => {
            const rule = run.find(EVENT_RULE, "block-list-findings");
            const bus = run.find("aws:cloudwatch/eventBus:EventBus", "block-list-bus");
            expect(rule.inputs.eventBusName).to.equal(bus.outputs.name);
            expect(JSON.parse(String(rule.inputs.eventPattern))).to.deep.equal({
                source: ["aws.guardduty"],
                "detail-type": ["GuardDuty Finding"],
                detail: {
                    severity: [{ numeric: [">=", 5] }],
                    type: [
                        { prefix: "Recon:EC2/PortProbe" },
                        { prefix: "UnauthorizedAccess:EC2/MaliciousIPCaller" },
                    ],
                },
            });
            const fn = run.find("aws:lambda/function:Function", "block-list-function");
            const targets = run.all("aws:cloudwatch/eventTarget:EventTarget");
            expect(targets.map((t) => [t.inputs.rule, t.inputs.arn])).to.deep.include([
                rule.outputs.name,
                fn.outputs.arn,
            ]);
            const permission = run.find("aws:lambda/permission:Permission", "block-list-findings-invoke");
            expect(permission.inputs).to.include({
                principal: "events.amazonaws.com",
                sourceArn: rule.outputs.arn,
            });
        });

        it("lets only the security account put GuardDuty events on the findings bus", () => {
            const policy = JSON.parse(
                String(
                    run.find("aws:cloudwatch/eventBusPolicy:EventBusPolicy", "block-list-bus-policy").inputs
                        .policy,
                ),
            );
            expect(policy.Statement).to.have.length(1);
            expect(policy.Statement[0]).to.deep.include({
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${SECURITY}:root` },
                Action: "events:PutEvents",
                Condition: { StringEquals: { "events:source": "aws.guardduty" } },
            });
        });

        it("configures the function from the environment file, never blocking the environment's own ranges", () => {
            const fn = run.find("aws:lambda/function:Function", "block-list-function");
            const vars = (fn.inputs.environment as { variables: Record<string, string> }).variables;
            expect(vars).to.include({
                PREFIX_LIST_ID: run.all(LIST)[0].id,
                MAX_ENTRIES: "40",
                BLOCK_HOURS: "6",
                MINIMUM_SEVERITY: "5",
                FINDING_TYPES: "Recon:EC2/PortProbe,UnauthorizedAccess:EC2/MaliciousIPCaller",
                PROTECTED_CIDRS: "10.64.0.0/12,172.16.0.0/16,198.51.100.0/28",
            });
            expect(vars.EC2_ENDPOINT).to.match(
                /^https:\/\/vpce-[0-9a-f]+-[0-9a-z]+\.ec2\.eu-west-1\.vpce\.amazonaws\.com$/,
            );
            // Traced through an X-Ray endpoint of its own; one execution at a time changes the list.
            expect(fn.inputs).to.deep.include({
                tracingConfig: { mode: "Active" },
                reservedConcurrentExecutions: 1,
            });
            expect(run.find("aws:ec2/vpcEndpoint:VpcEndpoint", "block-list-xray-endpoint").inputs).to.include(
                {
                    serviceName: "com.amazonaws.eu-west-1.xray",
                    privateDnsEnabled: true,
                },
            );
            const endpoint = run.find("aws:ec2/vpcEndpoint:VpcEndpoint", "block-list-ec2-endpoint");
            expect(endpoint.inputs).to.include({
                serviceName: "com.amazonaws.eu-west-1.ec2",
                privateDnsEnabled: false,
            });
        });

        it("lets the function's role read and change exactly the block list, nothing else (access matrix)", () => {
            const list = run.all(LIST)[0];
            const other = `arn:aws:ec2:eu-west-1:${NETWORK}:prefix-list/pl-0123456789abcdef0`;
            const ask = functionAccess(run, "block-list-function");
            const listArn = String(list.outputs.arn);
            const matrix = {
                "ec2:GetManagedPrefixListEntries on the list": ask(
                    "ec2:GetManagedPrefixListEntries",
                    listArn,
                ),
                "ec2:ModifyManagedPrefixList on the list": ask("ec2:ModifyManagedPrefixList", listArn),
                "ec2:ModifyManagedPrefixList on another list": ask("ec2:ModifyManagedPrefixList", other),
                "ec2:DeleteManagedPrefixList on the list": ask("ec2:DeleteManagedPrefixList", listArn),
                "ec2:CreateManagedPrefixList": ask("ec2:CreateManagedPrefixList", "*"),
                "ec2:AuthorizeSecurityGroupIngress": ask(
                    "ec2:AuthorizeSecurityGroupIngress",
                    `arn:aws:ec2:eu-west-1:${NETWORK}:security-group/sg-0123456789abcdef0`,
                ),
                "network-firewall:UpdateRuleGroup": ask(
                    "network-firewall:UpdateRuleGroup",
                    String(run.find(RULE_GROUP, "inspection-block-list").outputs.arn),
                ),
            };
            expect(matrix).to.deep.equal({
                "ec2:GetManagedPrefixListEntries on the list": "allow",
                "ec2:ModifyManagedPrefixList on the list": "allow",
                "ec2:ModifyManagedPrefixList on another list": "implicit-deny",
                "ec2:DeleteManagedPrefixList on the list": "implicit-deny",
                "ec2:CreateManagedPrefixList": "implicit-deny",
                "ec2:AuthorizeSecurityGroupIngress": "implicit-deny",
                "network-firewall:UpdateRuleGroup": "implicit-deny",
            });
        });

        it("sends the firewall's alert log, alerts only, to the firewall-alerts function, which only that log group may invoke", () => {
            const alertGroup = run.find("aws:cloudwatch/logGroup:LogGroup", "inspection-firewall-alert");
            const fn = run.find("aws:lambda/function:Function", "firewall-alerts-function");
            const filter = run.find(SUBSCRIPTION, "firewall-alerts-subscription");
            expect(filter.inputs).to.deep.include({
                name: "hub-network-dev-firewall-alerts",
                logGroup: alertGroup.outputs.name,
                filterPattern: '{ $.event.event_type = "alert" }',
                destinationArn: fn.outputs.arn,
            });
            const permission = run.find("aws:lambda/permission:Permission", "firewall-alerts-invoke");
            expect(permission.inputs).to.deep.include({
                action: "lambda:InvokeFunction",
                function: fn.outputs.name,
                principal: "logs.amazonaws.com",
                sourceArn: `${String(alertGroup.outputs.arn)}:*`,
                sourceAccount: NETWORK,
            });
            // CloudWatch Logs checks the destination when the filter is put: the permission comes first.
            expect(filter.dependencies).to.include(permission.urn);
            const firewall = run.all("aws:networkfirewall/firewall:Firewall")[0]!;
            const variables = (fn.inputs.environment as { variables: Record<string, string> }).variables;
            expect(variables.FIREWALL_ARN).to.equal(firewall.outputs.arn);
            const endpoint = run.find(
                "aws:ec2/vpcEndpoint:VpcEndpoint",
                "firewall-alerts-securityhub-endpoint",
            );
            expect(endpoint.inputs).to.deep.include({
                serviceName: "com.amazonaws.eu-west-1.securityhub",
                privateDnsEnabled: false,
            });
            expect(fn.inputs).to.deep.include({
                tracingConfig: { mode: "Active" },
                reservedConcurrentExecutions: 2,
            });
            // It traces through the block list's X-Ray endpoint: one endpoint with private DNS per VPC.
            const xray = run
                .all("aws:ec2/vpcEndpoint:VpcEndpoint")
                .filter((e) => e.inputs.serviceName === "com.amazonaws.eu-west-1.xray");
            expect(xray.map((e) => e.name)).to.deep.equal(["block-list-xray-endpoint"]);
            const fromFunction = run.find(
                "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                "firewall-alerts-xray-from-function",
            );
            expect(fromFunction.inputs).to.deep.include({
                securityGroupId: run.find("aws:ec2/securityGroup:SecurityGroup", "block-list-endpoint-sg").id,
                referencedSecurityGroupId: run.find(
                    "aws:ec2/securityGroup:SecurityGroup",
                    "firewall-alerts-function-sg",
                ).id,
                fromPort: 443,
            });
            expect(variables.SECURITYHUB_ENDPOINT).to.match(/^https:\/\/[a-z0-9.-]+$/);
        });

        it("lets the firewall-alerts function's role import findings to its account's default product only (access matrix)", () => {
            const ask = functionAccess(run, "firewall-alerts-function");
            const product = (region: string, company: string, id: string) =>
                `arn:aws:securityhub:${region}:${NETWORK}:product/${company}/${id}`;
            const logGroup = run.find("aws:cloudwatch/logGroup:LogGroup", "firewall-alerts-function-logs");
            const matrix = {
                "BatchImportFindings to the default product": ask(
                    "securityhub:BatchImportFindings",
                    product("eu-west-1", NETWORK, "default"),
                ),
                "BatchImportFindings in another region": ask(
                    "securityhub:BatchImportFindings",
                    product("eu-central-1", NETWORK, "default"),
                ),
                "BatchImportFindings to a partner's product": ask(
                    "securityhub:BatchImportFindings",
                    product("eu-west-1", "crowdstrike", "crowdstrike-falcon"),
                ),
                BatchUpdateFindings: ask(
                    "securityhub:BatchUpdateFindings",
                    `arn:aws:securityhub:eu-west-1:${NETWORK}:hub/default`,
                ),
                "its own log group": ask("logs:PutLogEvents", `${String(logGroup.outputs.arn)}:*`),
                "the firewall's alert log": ask(
                    "logs:PutLogEvents",
                    `${String(run.find("aws:cloudwatch/logGroup:LogGroup", "inspection-firewall-alert").outputs.arn)}:*`,
                ),
                "ec2:ModifyManagedPrefixList on the block list": ask(
                    "ec2:ModifyManagedPrefixList",
                    String(run.all(LIST)[0]!.outputs.arn),
                ),
            };
            expect(matrix).to.deep.equal({
                "BatchImportFindings to the default product": "allow",
                "BatchImportFindings in another region": "implicit-deny",
                "BatchImportFindings to a partner's product": "implicit-deny",
                BatchUpdateFindings: "implicit-deny",
                "its own log group": "allow",
                "the firewall's alert log": "implicit-deny",
                "ec2:ModifyManagedPrefixList on the block list": "implicit-deny",
            });
        });

        it("lets the onboarding registrar's X-Ray traces into the block list's X-Ray endpoint, whose private DNS answers in its VPC", () => {
            const rule = run.find(INGRESS, "onboarding-registrar-to-xray-endpoint");
            expect(rule.inputs).to.deep.include({
                securityGroupId: run.find(SG, "block-list-endpoint-sg").id,
                referencedSecurityGroupId: run.find(SG, "onboarding-registrar-function").id,
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
            });
        });

        it("exports the block list and the findings bus", () => {
            expect(run.outputs.blockListId).to.equal(run.all(LIST)[0].id);
            expect(run.outputs.findingsBusArn).to.equal(
                `arn:aws:events:eu-west-1:${NETWORK}:event-bus/hub-network-dev-findings`,
            );
        });
    });

    it("builds no response in dev by default", async () => {
        const run = await runFixtureStack("network-dev");
        expect(run.all(LIST)).to.deep.equal([]);
        expect(run.all(EVENT_RULE)).to.deep.equal([]);
        expect(run.all(SUBSCRIPTION)).to.deep.equal([]);
        expect(run.outputs).to.not.have.any.keys("blockListId", "findingsBusArn");
    });

    it("gives the firewall-alerts function an X-Ray endpoint of its own when there is no block list", async () => {
        const root = copyProject({
            "stacks/environments/dev.yaml": setDetection({ enabled: true, response: { enabled: false } }),
        });
        const run = await runFixtureStack("network-dev", { root });
        expect(run.all(LIST)).to.deep.equal([]);
        const endpoints = run
            .all("aws:ec2/vpcEndpoint:VpcEndpoint")
            .filter((e) => e.name.startsWith("firewall-alerts-"))
            .map((e) => [e.name, e.inputs.serviceName, e.inputs.privateDnsEnabled]);
        expect(endpoints).to.deep.equal([
            ["firewall-alerts-securityhub-endpoint", "com.amazonaws.eu-west-1.securityhub", false],
            ["firewall-alerts-xray-endpoint", "com.amazonaws.eu-west-1.xray", true],
        ]);
        expect(run.all(SUBSCRIPTION)).to.have.length(1);
        // That endpoint answers for X-Ray in the whole VPC: the registrar's traces go there too.
        expect(run.find(INGRESS, "onboarding-registrar-to-xray-endpoint").inputs).to.deep.include({
            securityGroupId: run.find(SG, "firewall-alerts-endpoint-sg").id,
            referencedSecurityGroupId: run.find(SG, "onboarding-registrar-function").id,
        });
    });

    it("builds the response in production when the environment file says nothing", async () => {
        const root = copyProject({ "stacks/environments/prod.yaml": (doc) => doc.delete("detection") });
        const run = await runFixtureStack("network-prod", { root });
        expect(run.all(LIST)).to.have.length(1);
        expect(run.all(LIST)[0].inputs.maxEntries).to.equal(250);
        // The example's alert log is in CloudWatch Logs: its alerts reach Security Hub by default.
        expect(run.all(SUBSCRIPTION).map((f) => f.name)).to.deep.equal(["firewall-alerts-subscription"]);
        const pattern = JSON.parse(String(run.find(EVENT_RULE, "block-list-findings").inputs.eventPattern));
        expect(pattern.detail.severity).to.deep.equal([{ numeric: [">=", 7] }]);
    });

    describe("bad settings fail before any resource, naming the file, field, value and fix", () => {
        const failure = async (value: Record<string, unknown>): Promise<string> => {
            const root = copyProject({ "stacks/environments/dev.yaml": setDetection(value) });
            try {
                await runFixtureStack("network-dev", { root });
            } catch (error) {
                expect(error).to.be.instanceOf(StackRunError);
                const run = error as StackRunError;
                expect(run.cause).to.be.instanceOf(ConfigError);
                expect(run.resources.filter((r) => r.type.startsWith("aws:"))).to.have.length(0);
                return (run.cause as Error).message;
            }
            throw new Error("expected the stack to fail");
        };

        it("names every problem at once", async () => {
            const message = await failure({
                enabled: true,
                response: {
                    minimumSeverity: 11,
                    findingTypes: ["port probes"],
                    maxEntries: 0,
                    neverBlock: ["10.0.0.1/8"],
                },
            });
            expect(message).to.match(
                /^ {2}stacks\/environments\/dev\.yaml:\d+: detection\.response\.minimumSeverity /m,
            );
            expect(message).to.contain(
                "detection.response.minimumSeverity '11' is out of range; expected a GuardDuty severity from 1 to 10, e.g. 7",
            );
            expect(message).to.contain(
                "detection.response.findingTypes[0] 'port probes' is not a GuardDuty finding type (ThreatPurpose:ResourceType/ThreatFamily...); expected e.g. Recon:EC2/PortProbeUnprotectedPort",
            );
            expect(message).to.contain(
                "detection.response.maxEntries '0' is out of range; expected a number of entries from 1 to 1000",
            );
            expect(message).to.contain("detection.response.neverBlock[0] '10.0.0.1/8' has host bits set");
        });

        it("refuses firewall alerts in Security Hub when the alert log goes to S3", async () => {
            const root = copyProject({
                "stacks/environments/dev.yaml": (doc) => {
                    setDetection({ enabled: true, firewallAlerts: true })(doc);
                    doc.setIn(["firewall", "logging", "alert"], "s3");
                },
            });
            const error = await runFixtureStack("network-dev", { root }).then(
                () => undefined,
                (e: unknown) => e,
            );
            expect(error).to.be.instanceOf(StackRunError);
            expect(
                (error as StackRunError).resources.filter((r) => r.type.startsWith("aws:")),
            ).to.have.length(0);
            expect(((error as StackRunError).cause as Error).message).to.contain(
                "detection.firewallAlerts 'true' is true but firewall.logging.alert is s3: the alerts are read from their CloudWatch Logs group, and Network Firewall sends each log type to one destination only; set firewall.logging.alert: cloudwatch, or leave firewallAlerts out",
            );
        });

        it("asks for the findings account when the organization runs GuardDuty", async () => {
            const message = await failure({ findings: "organization" });
            expect(message).to.contain(
                "detection.findingsAccount is missing; expected the 12-digit account that receives the organization's GuardDuty findings",
            );
        });
    });
});

describe("security stack: findings forwarding", function () {
    it("forwards the findings the response acts on to the network account's findings bus of its region", async () => {
        const root = copyProject({
            "stacks/environments/dev.yaml": setDetection({ enabled: true, response: { minimumSeverity: 8 } }),
        });
        const run = await runFixtureStack("security-dev", { root });
        const rule = run.find(EVENT_RULE, "findings-forwarder-findings");
        expect(rule.inputs).to.not.have.property("eventBusName");
        expect(JSON.parse(String(rule.inputs.eventPattern)).detail.severity).to.deep.equal([
            { numeric: [">=", 8] },
        ]);
        const bus = `arn:aws:events:eu-west-1:${NETWORK}:event-bus/hub-network-dev-findings`;
        const target = run.find("aws:cloudwatch/eventTarget:EventTarget", "findings-forwarder-target");
        const role = run.find("aws:iam/role:Role", "findings-forwarder-role");
        expect(target.inputs).to.include({ arn: bus, roleArn: role.outputs.arn, rule: rule.outputs.name });
        const policy = JSON.parse(
            String(run.find("aws:iam/rolePolicy:RolePolicy", "findings-forwarder-policy").inputs.policy),
        );
        expect(policy.Statement).to.deep.equal([
            { Sid: "FindingsBus", Effect: "Allow", Action: "events:PutEvents", Resource: bus },
        ]);
        // Only EventBridge acting for this rule, in this account, may assume the role.
        const trust = { name: "trust", statements: parsePolicy(String(role.inputs.assumeRolePolicy)) };
        const assume = (sourceArn: string, sourceAccount: string) =>
            authorize(
                {
                    action: "sts:AssumeRole",
                    resource: String(role.outputs.arn),
                    principal: { type: "Service", service: "events.amazonaws.com" },
                    context: new RequestContext({
                        "aws:SourceArn": sourceArn,
                        "aws:SourceAccount": sourceAccount,
                    }),
                },
                { resource: trust, resourceAccount: SECURITY, resourcePolicyRequired: true },
            ).decision;
        const ruleArn = String(rule.outputs.arn);
        expect({
            "this rule": assume(ruleArn, SECURITY),
            "another rule of the account": assume(`${ruleArn}-other`, SECURITY),
            "this rule's name in another account": assume(
                ruleArn.replace(SECURITY, "777777777777"),
                "777777777777",
            ),
        }).to.deep.equal({
            "this rule": "allow",
            "another rule of the account": "implicit-deny",
            "this rule's name in another account": "implicit-deny",
        });
    });

    it("forwards nothing when another account receives the organization's findings", async () => {
        const root = copyProject({
            "stacks/environments/dev.yaml": setDetection({
                enabled: true,
                findings: "organization",
                findingsAccount: "777777777777",
            }),
        });
        const run = await runFixtureStack("security-dev", { root });
        expect(run.all(EVENT_RULE)).to.deep.equal([]);
        const network = await runFixtureStack("network-dev", { root });
        const policy = JSON.parse(
            String(
                network.find("aws:cloudwatch/eventBusPolicy:EventBusPolicy", "block-list-bus-policy").inputs
                    .policy,
            ),
        );
        expect(policy.Statement[0].Principal).to.deep.equal({ AWS: "arn:aws:iam::777777777777:root" });
    });
});

describe("security stack: detection and audit", function () {
    let run: Recorded;
    before(async () => {
        const root = copyProject({
            "stacks/environments/dev.yaml": setDetection({
                enabled: true,
                audit: { managementEvents: true },
            }),
        });
        run = await runFixtureStack("security-dev", { root });
    });

    it("runs GuardDuty for every member account and Security Hub with the FSBP standard", () => {
        expect(run.find("aws:guardduty/detector:Detector", "threat-detection-detector").inputs).to.include({
            enable: true,
        });
        const members = run.find(
            "aws:guardduty/organizationConfiguration:OrganizationConfiguration",
            "threat-detection-members",
        );
        expect(members.inputs).to.include({
            autoEnableOrganizationMembers: "ALL",
            detectorId: run.find("aws:guardduty/detector:Detector", "threat-detection-detector").id,
        });
        expect(
            run.find("aws:securityhub/standardsSubscription:StandardsSubscription", "threat-detection-fsbp")
                .inputs.standardsArn,
        ).to.equal(
            "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0",
        );
    });

    it("records data and management events in an organization trail with log file validation, KMS-encrypted", () => {
        const trail = run.find("aws:cloudtrail/trail:Trail", "audit-trail");
        const key = run.find("aws:kms/key:Key", "audit-key");
        expect(trail.inputs).to.include({
            name: "hub-network-dev-audit",
            isOrganizationTrail: true,
            isMultiRegionTrail: true,
            includeGlobalServiceEvents: true,
            enableLogFileValidation: true,
            kmsKeyId: key.outputs.arn,
        });
        expect(trail.inputs.advancedEventSelectors).to.deep.equal([
            {
                name: "Management events",
                fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }],
            },
            {
                name: "AWS::DynamoDB::Table data events",
                fieldSelectors: [
                    { field: "eventCategory", equals: ["Data"] },
                    { field: "resources.type", equals: ["AWS::DynamoDB::Table"] },
                ],
            },
            {
                name: "AWS::Lambda::Function data events",
                fieldSelectors: [
                    { field: "eventCategory", equals: ["Data"] },
                    { field: "resources.type", equals: ["AWS::Lambda::Function"] },
                ],
            },
        ]);
    });

    it("writes to a protected, access-logged bucket that only this trail may write and nobody may delete from", () => {
        const bucket = run.find("aws:s3/bucket:Bucket", "audit-bucket");
        const logs = run.find("aws:s3/bucket:Bucket", "audit-access-logs");
        expect([bucket.protect, logs.protect]).to.deep.equal([true, true]);
        expect(run.find("aws:s3/bucketLogging:BucketLogging", "audit-bucket-logging").inputs).to.include({
            bucket: bucket.id,
            targetBucket: logs.id,
        });
        const policy = JSON.parse(
            String(run.find("aws:s3/bucketPolicy:BucketPolicy", "audit-bucket-policy").inputs.policy),
        ) as {
            Statement: {
                Sid: string;
                Resource: unknown;
                Condition: { StringEquals: Record<string, unknown> };
            }[];
        };
        const arn = String(bucket.outputs.arn);
        const write = policy.Statement.find((s) => s.Sid === "CloudTrailWrite");
        expect(write?.Resource).to.deep.equal([
            `${arn}/AWSLogs/999999999999/*`,
            `${arn}/AWSLogs/o-a1b2c3d4e5/*`,
        ]);
        expect(write?.Condition.StringEquals["aws:SourceArn"]).to.deep.equal([
            "arn:aws:cloudtrail:eu-west-1:999999999999:trail/hub-network-dev-audit",
            "arn:aws:cloudtrail:eu-west-1:222222222222:trail/hub-network-dev-audit",
        ]);
        expect(policy.Statement.find((s) => s.Sid === "DenyLogFileDeletion")).to.deep.include({
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
        });
    });

    it("builds no detector where the organization runs GuardDuty, and no trail when asked for none", async () => {
        const root = copyProject({
            "stacks/environments/dev.yaml": setDetection({
                enabled: true,
                findings: "organization",
                findingsAccount: "777777777777",
                audit: { dataEvents: false },
            }),
        });
        const other = await runFixtureStack("security-dev", { root });
        expect(other.all("aws:guardduty/detector:Detector")).to.deep.equal([]);
        expect(other.all("aws:cloudtrail/trail:Trail")).to.deep.equal([]);
    });
});
