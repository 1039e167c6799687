import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import { main } from "../../cli/new-env/main";
import { main as newSpoke } from "../../cli/new-spoke/main";
import { readStackConfig } from "../../cli/plan/stacks";
import { loadEnvironment, loadStackContext } from "../../stacks/schema/stack-config";
import { copyProject, runFixtureStack } from "../harness";

interface Result {
    code: number;
    out: string;
    err: string;
    root: string;
}

/** Runs the scaffolder on `root` (default: a fresh copy of the fixture project). */
function newEnv(args: string[], root = copyProject()): Result {
    const out: string[] = [];
    const err: string[] = [];
    const code = main(
        args,
        root,
        (l) => out.push(l),
        (l) => err.push(l),
    );
    return { code, out: out.join("\n"), err: err.join("\n"), root };
}

/** Every file under the copy's stacks/, so a refused run can be shown to have written nothing. */
const files = (root: string) =>
    ["stacks/config", "stacks/environments"].flatMap((dir) =>
        fs.readdirSync(path.join(root, dir)).map((f) => `${dir}/${f}`),
    );

/** A valid command line for a new `staging` environment, with flags replaced or removed (undefined). */
function args(changes: Record<string, string | string[] | undefined> = {}): string[] {
    const flags: Record<string, string | string[] | undefined> = {
        env: "staging",
        "network-account": "777777777777",
        "security-account": "888888888888",
        "spoke-account": ["666666666666", "666666666667"],
        organization: "arn:aws:organizations::999999999999:organization/o-a1b2c3d4e5",
        region: "eu-west-1",
        supernet: "10.80.0.0/12",
        "corporate-domain": "aws.example.internal",
        "on-prem-cidr": "172.16.0.0/16",
        "on-prem-dns": "172.16.0.10",
        "on-prem-domain": "corp.example.internal",
        ...changes,
    };
    return Object.entries(flags).flatMap(([k, v]) =>
        v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((x) => [`--${k}`, x]),
    );
}

describe("new-env", () => {
    describe("a development environment", () => {
        let result: Result;
        before(() => {
            result = newEnv(args());
        });

        it("writes the environment file, its firewall rules file and the hub stack files, naming each", () => {
            expect(result.code, result.err).to.equal(0);
            expect(result.out.split("\n").filter((l) => l.startsWith("wrote "))).to.deep.equal([
                "wrote stacks/environments/staging.yaml",
                "wrote stacks/firewall/staging.yaml",
                "wrote stacks/config/Pulumi.network-staging.yaml",
                "wrote stacks/config/Pulumi.security-staging.yaml",
            ]);
        });

        it("writes an environment the stacks accept, with the hub ranges outside the spoke pool", () => {
            const { environment } = loadEnvironment("staging", undefined, result.root);
            // The account ID is written once: the deployer role's ARN comes from it and the role name.
            expect(environment.accounts).to.deep.equal({
                network: "777777777777",
                security: "888888888888",
                deployerRoleName: "hub-network-deployer",
                spokes: [
                    {
                        id: "666666666666",
                        deployerRoleArn: "arn:aws:iam::666666666666:role/hub-network-deployer",
                    },
                    {
                        id: "666666666667",
                        deployerRoleArn: "arn:aws:iam::666666666667:role/hub-network-deployer",
                    },
                ],
            });
            expect(environment.addressing).to.include({
                supernet: "10.80.0.0/12",
                spokePool: "10.88.0.0/13",
            });
            expect(environment.regions.primary).to.deep.include({
                name: "eu-west-1",
                availabilityZones: 2,
                transitGatewayAsn: 64512,
                cidrs: {
                    inspection: "10.80.0.0/24",
                    sharedServices: "10.80.1.0/24",
                    security: "10.80.2.0/24",
                },
            });
            expect(environment.regions.dr).to.equal(undefined);
            // The rules are in a file of their own, the security team's; the logging stays here.
            const envText = fs.readFileSync(
                path.join(result.root, "stacks/environments/staging.yaml"),
                "utf8",
            );
            expect(parse(envText).firewall).to.deep.equal({
                logging: { alert: "cloudwatch", flow: "cloudwatch" },
            });
            const rulesText = fs.readFileSync(path.join(result.root, "stacks/firewall/staging.yaml"), "utf8");
            expect(Object.keys(parse(rulesText) as object)).to.deep.equal(["ruleGroups"]);
            // Deny by default: no web egress until the security team adds a domain list.
            expect(environment.firewall.ruleGroups.map((g) => g.name)).to.deep.equal([
                "drop-legacy-protocols",
                "allow-dns-to-on-prem",
                "allow-dns-from-on-prem",
                "allow-east-west-https",
            ]);
            for (const stack of ["network-staging", "security-staging"]) {
                const context = loadStackContext(stack, readStackConfig(stack, result.root), result.root);
                expect(context.config["aws:allowedAccountIds"], stack).to.deep.equal([
                    stack.startsWith("network") ? "777777777777" : "888888888888",
                ]);
            }
        });

        it("gives new-spoke an environment to add spokes to, and the hub and spoke stacks build", async () => {
            const out: string[] = [];
            const code = newSpoke(
                [
                    "--env",
                    "staging",
                    "--name",
                    "ledger",
                    "--account",
                    "666666666666",
                    "--owner",
                    "ledger@example.com",
                ],
                result.root,
                (l) => out.push(l),
                (l) => out.push(l),
            );
            expect(code, out.join("\n")).to.equal(0);
            expect(out.join("\n")).to.contain("spoke ledger: none, inspection none, 2 AZs, 10.88.0.0/20");
            const network = await runFixtureStack("network-staging", { root: result.root });
            expect(network.outputs.region).to.equal("eu-west-1");
            const spoke = await runFixtureStack("spoke-ledger-staging", {
                root: result.root,
                stackOutputs: { "network-staging": network.outputs },
            });
            expect(spoke.outputs.vpcCidr).to.equal("10.88.0.0/20");
        });

        it("writes files the formatting check accepts as they are", () => {
            const written = parse(
                fs.readFileSync(path.join(result.root, "stacks/config/Pulumi.network-staging.yaml"), "utf8"),
            ) as { config: Record<string, unknown> };
            expect(written.config).to.deep.equal({
                "aws:region": "eu-west-1",
                "aws:allowedAccountIds": ["777777777777"],
                "hub-network:role": "network",
                "hub-network:environment": "staging",
                "hub-network:region": "primary",
            });
        });
    });

    it("builds a production environment with a DR region: 3 AZs, distinct ASNs and hub ranges, one fleet per AZ", () => {
        const result = newEnv(args({ profile: "production", "dr-region": "eu-central-1", asn: "64600" }));
        expect(result.code, result.err).to.equal(0);
        expect(result.out).to.contain("wrote stacks/config/Pulumi.security-staging-dr.yaml");
        const { environment } = loadEnvironment("staging", undefined, result.root);
        expect(environment.regions.primary).to.deep.include({
            availabilityZones: 3,
            transitGatewayAsn: 64600,
        });
        expect(environment.regions.dr).to.deep.include({
            name: "eu-central-1",
            transitGatewayAsn: 64601,
            cidrs: { inspection: "10.80.3.0/24", sharedServices: "10.80.4.0/24", security: "10.80.5.0/24" },
        });
        expect(environment.appliances).to.deep.include({ minSize: 3, desiredCapacity: 3, maxSize: 6 });
        expect(environment.firewall.logging).to.deep.equal({ alert: "cloudwatch", flow: "s3" });
        const dr = loadStackContext(
            "network-staging-dr",
            readStackConfig("network-staging-dr", result.root),
            result.root,
        );
        expect([dr.regionKey, dr.region.name]).to.deep.equal(["dr", "eu-central-1"]);
    });

    it("prints the usage for --help and writes nothing", () => {
        const root = copyProject();
        const before = files(root);
        const result = newEnv(["--help"], root);
        expect(result.code).to.equal(0);
        expect(result.out).to.contain("usage: npm run new-env -- --env <env>");
        expect(files(root)).to.deep.equal(before);
    });

    describe("refuses bad input with every problem, exit 2 and nothing written", () => {
        const cases: [string, string[], string[]][] = [
            [
                "missing flags, all at once",
                args({ "network-account": undefined, supernet: undefined, "spoke-account": undefined }),
                [
                    `npm run new-env: --network-account is missing; expected the networking account's 12-digit ID, e.g. --network-account "111111111111"`,
                    "npm run new-env: --supernet is missing; expected the range every VPC of the environment lives in, e.g. --supernet 10.80.0.0/12",
                    "npm run new-env: --spoke-account is missing; expected at least one account allowed to attach a spoke",
                ],
            ],
            [
                "an environment that exists",
                args({ env: "dev" }),
                [
                    "npm run new-env: --env 'dev' already has an environment file stacks/environments/dev.yaml; expected a new environment name (the scaffolder never overwrites a file)",
                ],
            ],
            [
                "malformed values, each named by its flag",
                args({
                    "network-account": "7777",
                    supernet: "10.80.0.0/33",
                    profile: "prod",
                    "share-with": "everyone",
                }),
                [
                    "npm run new-env: --profile 'prod' is not a profile; expected development or production",
                    "npm run new-env: --share-with 'everyone' is not a sharing scope; expected accounts or organization",
                ],
            ],
            [
                "values the environment schema refuses",
                args({
                    "network-account": "7777",
                    supernet: "10.80.0.0/33",
                    "spoke-account": "777777777777",
                }),
                [
                    "npm run new-env: --network-account '7777' is not an AWS account ID; expected exactly 12 digits",
                    "npm run new-env: --supernet '10.80.0.0/33' is not a CIDR",
                ],
            ],
            [
                "a spoke account that is the network account",
                args({ "spoke-account": "777777777777" }),
                [
                    "npm run new-env: --spoke-account '777777777777' is the network or security account; expected a separate workload account",
                ],
            ],
            [
                "on-premises ranges inside the supernet",
                args({ "on-prem-cidr": "10.90.0.0/16" }),
                [
                    "npm run new-env: --on-prem-cidr '10.90.0.0/16' overlaps the supernet 10.80.0.0/12; expected on-premises ranges outside the AWS supernet",
                ],
            ],
            [
                "a VPN address without its ASN",
                args({ "vpn-ip": "203.0.113.10" }),
                [
                    "npm run new-env: --vpn-asn is missing; expected it with --vpn-ip: the VPN needs the device's public address and its BGP ASN",
                ],
            ],
            [
                "a supernet with no room for the hub outside the pool",
                args({ supernet: "10.80.0.0/24", "spoke-pool": "10.80.0.0/25" }),
                [
                    "npm run new-env: --supernet '10.80.0.0/24' has no room for the hub VPCs outside the spoke pool 10.80.0.0/25",
                ],
            ],
        ];
        for (const [what, argv, messages] of cases) {
            it(`refuses ${what}`, () => {
                const root = copyProject();
                const before = files(root);
                const result = newEnv(argv, root);
                expect(result.code, result.out).to.equal(2);
                expect(result.err).to.match(/^new-env: nothing written \(\d+ problems?\):/);
                for (const message of messages) expect(result.err, result.err).to.contain(message);
                expect(result.err).to.not.match(/\n\s+at /);
                expect(files(root)).to.deep.equal(before);
            });
        }

        it("refuses to overwrite a hub stack file left behind by another environment", () => {
            const root = copyProject();
            fs.writeFileSync(path.join(root, "stacks/config/Pulumi.security-staging.yaml"), "config: {}\n");
            const before = files(root);
            const result = newEnv(args(), root);
            expect(result.code).to.equal(2);
            expect(result.err).to.contain(
                "--env 'staging' would write stacks/config/Pulumi.security-staging.yaml, which exists; expected a new environment name",
            );
            expect(files(root)).to.deep.equal(before);
        });
    });
});
