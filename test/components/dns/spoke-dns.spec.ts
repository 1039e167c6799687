import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ruleIdsOf, SpokeDns } from "../../../components/dns/spoke-dns";
import { SpokeZone, type SpokeZoneArgs } from "../../../components/dns/spoke-zone";
import { runProgram, type Recorded, type RecordedResource } from "../../harness";

const ZONE = "aws:route53/zone:Zone";
const ZONE_ASSOC = "aws:route53/zoneAssociation:ZoneAssociation";
const AUTHORIZATION = "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization";
const HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck";
const RECORD = "aws:route53/record:Record";
const RULE_ASSOC = "aws:route53/resolverRuleAssociation:ResolverRuleAssociation";
const PROVIDER = "pulumi:providers:aws";

const SPOKE_VPC = "vpc-0spoke00000000001";
const SPOKE_DR_VPC = "vpc-0spoke0000000dr01";
const HUB_VPC = "vpc-0hubshared000001";
const HUB_DR_VPC = "vpc-0hubshared00dr01";
const TAGS = { owner: "pets-team" };
const VETTING_VPC = "vpc-0000000000000vetting";
const VETTING_DR_VPC = "vpc-000000000000dvetting";
const REGISTRAR = "arn:aws:lambda:eu-west-1:111111111111:function:hub-network-dev-onboarding-registrar";
const REGISTRAR_DR = "arn:aws:lambda:eu-central-1:111111111111:function:hub-network-dev-onboarding-registrar";
const INVOCATION = "aws:lambda/invocation:Invocation";

/** Runs a SpokeZone in the spoke account, with a `hub` provider for the network account. */
function runZone(extra: Partial<SpokeZoneArgs> = {}): Promise<Recorded> {
    return runProgram(
        () => {
            const spoke = new aws.Provider("spoke", { region: "eu-west-1" });
            const hub = new aws.Provider("hub", { region: "eu-west-1" });
            const zone = new SpokeZone(
                "pets",
                {
                    zoneName: "pets.aws.example.internal",
                    vpcs: {
                        primary: { vpcId: SPOKE_VPC, vpcRegion: "eu-west-1" },
                        dr: { vpcId: SPOKE_DR_VPC, vpcRegion: "eu-central-1" },
                    },
                    hubVpcs: {
                        primary: {
                            vpcId: HUB_VPC,
                            vpcRegion: "eu-west-1",
                            vettingVpcId: VETTING_VPC,
                            registrarFunctionArn: REGISTRAR,
                        },
                        dr: {
                            vpcId: HUB_DR_VPC,
                            vpcRegion: "eu-central-1",
                            vettingVpcId: VETTING_DR_VPC,
                            registrarFunctionArn: REGISTRAR_DR,
                        },
                    },
                    hubProvider: hub,
                    tags: TAGS,
                    ...extra,
                },
                { provider: spoke },
            );
            return { zoneId: zone.zoneId };
        },
        { accountId: "333333333333" },
    );
}

function providerUrn(run: Recorded, name: string): string {
    return run.all(PROVIDER).find((p) => p.name === name)!.urn;
}

function startsWithUrn(resource: RecordedResource, urn: string): boolean {
    return (resource.provider ?? "").startsWith(`${urn}::`);
}

describe("SpokeZone", () => {
    let run: Recorded;
    let failover: Recorded;
    before(async () => {
        run = await runZone();
        failover = await runZone({
            failoverRecords: {
                api: {
                    recordName: "api.pets.aws.example.internal",
                    primary: {
                        records: ["10.72.0.10"],
                        alarm: { name: "pets-api-primary", region: "eu-west-1" },
                    },
                    secondary: {
                        records: ["10.80.0.10"],
                        alarm: { name: "pets-api-dr", region: "eu-central-1" },
                    },
                },
            },
        });
    });

    it("creates the protected zone in the spoke account with the spoke's first VPC", () => {
        const zone = run.find(ZONE, "pets-zone");
        expect(zone.id).to.match(/^Z[0-9A-Z]{13}$/);
        expect(zone.protect).to.equal(true);
        // The other VPCs are associated by their own resources: the zone's own list stays as created.
        expect(zone.ignoreChanges).to.deep.equal(["vpcs"]);
        expect(zone.inputs.name).to.equal("pets.aws.example.internal");
        expect(zone.inputs.vpcs).to.deep.equal([{ vpcId: SPOKE_VPC, vpcRegion: "eu-west-1" }]);
        expect(startsWithUrn(zone, providerUrn(run, "spoke"))).to.equal(true);
        expect(run.outputs.zoneId).to.equal(zone.id);
    });

    it("associates the spoke's other VPCs through the spoke provider", () => {
        const dr = run.find(ZONE_ASSOC, "pets-dr");
        expect(dr.inputs).to.deep.include({ vpcId: SPOKE_DR_VPC, vpcRegion: "eu-central-1" });
        expect(startsWithUrn(dr, providerUrn(run, "spoke"))).to.equal(true);
    });

    it("authorizes every hub's shared-services and vetting VPCs, then asks that hub's registrar to associate", () => {
        const zone = run.find(ZONE, "pets-zone");
        const spokeProvider = providerUrn(run, "spoke");
        const hubProvider = providerUrn(run, "hub");
        expect(run.all(AUTHORIZATION)).to.have.length(4);
        // No Route 53 write through the hub provider: the hub's role has none (IAM cannot tell zones apart).
        expect(run.all(ZONE_ASSOC).filter((a) => startsWithUrn(a, hubProvider))).to.deep.equal([]);
        for (const [key, vpcId, vettingVpcId, vpcRegion, registrar] of [
            ["primary", HUB_VPC, VETTING_VPC, "eu-west-1", REGISTRAR],
            ["dr", HUB_DR_VPC, VETTING_DR_VPC, "eu-central-1", REGISTRAR_DR],
        ]) {
            const authorization = run.find(AUTHORIZATION, `pets-hub-${key}`);
            const vetting = run.find(AUTHORIZATION, `pets-vetting-${key}`);
            const registration = run.find(INVOCATION, `pets-hub-${key}`);
            expect(authorization.inputs).to.deep.equal({ zoneId: zone.id, vpcId, vpcRegion });
            expect(vetting.inputs).to.deep.equal({ zoneId: zone.id, vpcId: vettingVpcId, vpcRegion });
            expect(registration.inputs).to.deep.include({
                functionName: registrar,
                input: JSON.stringify({ zone: zone.id }),
            });
            expect(startsWithUrn(authorization, spokeProvider), "authorization provider").to.equal(true);
            expect(startsWithUrn(vetting, spokeProvider), "vetting authorization provider").to.equal(true);
            expect(startsWithUrn(registration, hubProvider), "registration provider").to.equal(true);
            expect(registration.dependencies).to.include.members([authorization.urn, vetting.urn]);
        }
    });

    it("serves failover records whose health comes from CloudWatch alarms", () => {
        const zone = failover.find(ZONE, "pets-zone");
        for (const [role, alarm, region, value] of [
            ["primary", "pets-api-primary", "eu-west-1", "10.72.0.10"],
            ["secondary", "pets-api-dr", "eu-central-1", "10.80.0.10"],
        ]) {
            const check = failover.find(HEALTH_CHECK, `pets-api-${role}`);
            expect(check.inputs).to.deep.include({
                type: "CLOUDWATCH_METRIC",
                cloudwatchAlarmName: alarm,
                cloudwatchAlarmRegion: region,
                insufficientDataHealthStatus: "LastKnownStatus",
            });
            const record = failover.find(RECORD, `pets-api-${role}`);
            expect(record.inputs).to.deep.include({
                zoneId: zone.id,
                name: "api.pets.aws.example.internal",
                type: "A",
                ttl: 60,
                setIdentifier: role,
                healthCheckId: check.id,
            });
            expect(record.inputs.records).to.deep.equal([value]);
            expect(record.inputs.failoverRoutingPolicies).to.deep.equal([{ type: role.toUpperCase() }]);
        }
        expect(run.all(RECORD)).to.have.length(0);
    });
});

describe("SpokeDns", () => {
    let run: Recorded;
    before(async () => {
        run = await runProgram(
            () => {
                const spoke = new aws.Provider("spoke", { region: "eu-west-1" });
                // What a spoke stack reads from the network stack's `resolverRuleIds` export.
                const exported = pulumi.output({
                    "corp.example.internal": "rslvr-rr-0000000000000corp",
                    "aws.example.internal": "rslvr-rr-00000000000000aws",
                });
                new SpokeDns(
                    "pets-dns",
                    {
                        vpcId: SPOKE_VPC,
                        ruleIds: ruleIdsOf(exported, ["corp.example.internal", "aws.example.internal"]),
                    },
                    { provider: spoke },
                );
            },
            { accountId: "333333333333" },
        );
    });

    it("associates every rule the network stack exports with the spoke VPC", () => {
        expect(
            run.all(RULE_ASSOC).map((a) => [a.inputs.resolverRuleId, a.inputs.vpcId]),
        ).to.have.deep.members([
            ["rslvr-rr-0000000000000corp", SPOKE_VPC],
            ["rslvr-rr-00000000000000aws", SPOKE_VPC],
        ]);
        for (const association of run.all(RULE_ASSOC)) {
            expect(startsWithUrn(association, providerUrn(run, "spoke"))).to.equal(true);
            expect(association.id).to.match(/^rslvr-rrassoc-[0-9a-f]{17}$/);
        }
    });
});
