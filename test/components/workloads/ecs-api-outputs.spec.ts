import { expect } from "chai";
import { LogBucket } from "../../../components/shared/log-bucket";
import { StackRunError } from "../../../cli/mock-cloud/run";
import { isUnknown, runProgram, type Recorded, type RecordedResource } from "../../harness";
import { analyzeRun } from "../../policy-pack/recorded";
import {
    T,
    ACCOUNT,
    REGION,
    LOG_KEY,
    WORKLOAD,
    VPCLINK,
    type Overrides,
    runEcs,
    statementsOf,
    ecsRuns,
} from "./ecs-api.fixture";

describe("EcsApi outputs and bad input", () => {
    let run: Recorded;
    let https: Recorded;
    let preview: Recorded;

    before(async () => {
        ({ run, https, preview } = await ecsRuns());
    });

    describe("outputs and structure", () => {
        it("exports the API endpoint, cluster, tables and user pool after an update, unknown in a preview", () => {
            const api = run.find(T.api, "pets-http-api");
            expect(run.outputs.apiEndpoint).to.equal(
                `https://${String(api.id)}.execute-api.${REGION}.amazonaws.com`,
            );
            expect(run.outputs.clusterName).to.equal(run.find(T.cluster, "pets-cluster").outputs.name);
            expect(run.outputs.tableNames).to.deep.equal({
                petstore: run.find(T.table, "pets-petstore-items").outputs.name,
                foodstore: run.find(T.table, "pets-foodstore-items").outputs.name,
            });
            expect(run.outputs.userPoolId).to.equal(run.find(T.pool, "pets-users-pool").id);
            expect(isUnknown(preview.outputs.apiEndpoint)).to.equal(true);
            expect(isUnknown(preview.outputs.userPoolId)).to.equal(true);
            expect(preview.resources.map((r) => `${r.type}::${r.name}`).sort()).to.deep.equal(
                run.resources.map((r) => `${r.type}::${r.name}`).sort(),
            );
        });

        it("parents every child to the component and passes the provider on", () => {
            const component = run.find("hub-network:workloads:EcsApi", "pets");
            const inside = (r: RecordedResource): boolean =>
                r.parent === component.urn || (r.parent !== undefined && inside(run.byUrn(r.parent)));
            const declared = run.resources.filter(
                (r) =>
                    r !== component && r.type !== "pulumi:providers:aws" && r.type !== "pulumi:pulumi:Stack",
            );
            expect(
                declared.filter((r) => !inside(r) && !r.name.startsWith("pets-users")).map((r) => r.name),
            ).to.deep.equal([]);
            for (const r of declared.filter((x) => x.custom))
                expect(r.provider, r.name).to.match(/::spoke::/);
        });

        it("breaks no policy of the pack", async () => {
            for (const recorded of [run, https, preview]) {
                // The user pool of the test (dev settings) is covered by its own spec.
                const findings = (await analyzeRun(recorded)).filter(
                    (f) => f.urn === undefined || f.urn.includes("workloads:EcsApi"),
                );
                expect(findings.map((f) => `${f.policy} ${f.message}`)).to.deep.equal([]);
            }
        });
    });

    describe("bad input", () => {
        async function failure(overrides: Overrides): Promise<{ message: string; declared: string[] }> {
            try {
                await runEcs(overrides);
            } catch (e) {
                const declared =
                    e instanceof StackRunError
                        ? e.resources
                              .filter((r) => r.type.startsWith("aws:") && !r.name.startsWith("pets-users"))
                              .map((r) => r.name)
                        : [];
                return { message: String(e), declared };
            }
            throw new Error("expected the program to fail");
        }

        it("rejects workload subnets in one AZ before declaring anything", async () => {
            const { message, declared } = await failure((args) => ({
                ...args,
                network: { ...args.network, subnets: [WORKLOAD[0]] },
            }));
            expect(message).to.include(
                `EcsApi pets: network.subnets spans 1 AZ (${REGION}a); expected subnets in at least 2 AZs`,
            );
            expect(declared).to.deep.equal([]);
        });

        it("rejects VPC link subnets in one AZ", async () => {
            const { message } = await failure({ vpcLinkSubnets: [VPCLINK[1]] });
            expect(message).to.include(`EcsApi pets: vpcLinkSubnets spans 1 AZ (${REGION}b)`);
        });

        it("rejects workload subnets without their CIDR", async () => {
            const { message } = await failure((args) => ({
                ...args,
                network: {
                    ...args.network,
                    subnets: WORKLOAD.map((s) => ({
                        subnetId: s.subnetId,
                        availabilityZone: s.availabilityZone,
                    })),
                },
            }));
            expect(message).to.include("EcsApi pets: network.subnets need their cidr");
        });

        it("rejects an unknown service and settings for a service it does not run", async () => {
            expect((await failure({ services: ["catstore" as "petstore"] })).message).to.include(
                "EcsApi pets: services lists unknown service 'catstore'; expected petstore, foodstore",
            );
            expect((await failure({ services: ["petstore"] })).message).to.include(
                "EcsApi pets: serviceSettings has 'foodstore', which is not in services",
            );
        });

        it("rejects memory that does not fit the CPU, and a desired count above the maximum", async () => {
            expect(
                (await failure({ serviceSettings: { petstore: { cpu: 256, memory: 4096 } } })).message,
            ).to.include(
                "EcsApi pets: serviceSettings.petstore.memory 4096 does not fit cpu 256; expected 512 to 2048 in steps of 512",
            );
            expect(
                (await failure({ serviceSettings: { petstore: { desiredCount: 9, maxCount: 4 } } })).message,
            ).to.include(
                "EcsApi pets: serviceSettings.petstore.desiredCount 9 is out of range; expected a whole number from 2 to 4",
            );
        });

        it("rejects a WAF rate limit under WAF's minimum", async () => {
            const { message, declared } = await failure({ waf: { rateLimitPerMinute: 1 } });
            expect(message).to.include("EcsApi pets: rateLimitPerMinute 1 is outside what WAF accepts");
            expect(declared).to.deep.equal([]);
        });
    });

    describe("LogBucket for ELB access logs", () => {
        it("takes exactly one of a KMS key and elbAccessLogs", async () => {
            for (const args of [{}, { kmsKeyArn: LOG_KEY, elbAccessLogs: true }]) {
                let message = "";
                try {
                    await runProgram(() => {
                        new LogBucket("logs", {
                            accountId: ACCOUNT,
                            region: REGION,
                            retentionDays: 30,
                            ...args,
                        });
                    });
                } catch (e) {
                    message = String(e);
                }
                expect(message).to.include(
                    "LogBucket logs: give exactly one of kmsKeyArn (SSE-KMS) or elbAccessLogs (SSE-S3, as ELB requires)",
                );
            }
        });

        it("allows only the service principal in Regions opened after August 2022", async () => {
            const recorded = await runProgram(
                () => {
                    new LogBucket("logs", {
                        accountId: ACCOUNT,
                        region: "eu-central-2",
                        retentionDays: 30,
                        elbAccessLogs: true,
                    });
                },
                { accountId: ACCOUNT, region: "eu-central-2" },
            );
            const sids = statementsOf(recorded.find(T.bucketPolicy, "logs-policy").inputs.policy).map(
                (s) => s.Sid,
            );
            expect(sids).to.include("ElbLogDeliveryWrite").and.not.to.include("ElbRegionalAccountWrite");
        });
    });
});
