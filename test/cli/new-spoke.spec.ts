import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { main } from "../../cli/new-spoke/main";
import { copyProject, runFixtureStack, type Recorded } from "../harness";

interface Result {
    code: number;
    out: string;
    err: string;
    root: string;
}

/** Runs the scaffolder on a fresh copy of the project. */
function scaffold(args: string[], root = copyProject()): Result {
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

const files = (root: string) => fs.readdirSync(path.join(root, "stacks/config")).sort();

/** A valid command line for a new dev spoke, with flags replaced or removed (undefined). */
function args(changes: Record<string, string | true | undefined> = {}): string[] {
    const flags: Record<string, string | true | undefined> = {
        env: "dev",
        name: "billing",
        account: "555555555555",
        owner: "billing-team@example.com",
        kind: "lambda-api",
        ...changes,
    };
    return Object.entries(flags).flatMap(([k, v]) =>
        v === undefined ? [] : v === true ? [`--${k}`] : [`--${k}`, v],
    );
}

describe("new-spoke", () => {
    describe("a valid request", () => {
        let result: Result;
        let written: { config: Record<string, unknown> };
        before(() => {
            // app1 gives up its account so billing can have one
            const root = copyProject();
            fs.rmSync(path.join(root, "stacks/config/Pulumi.spoke-app1-dev.yaml"));
            result = scaffold(args(), root);
            written = parse(
                fs.readFileSync(path.join(root, "stacks/config/Pulumi.spoke-billing-dev.yaml"), "utf8"),
            ) as { config: Record<string, unknown> };
        });

        it("writes the stack config file with the next free /20 of the spoke pool", () => {
            expect(result.code).to.equal(0);
            expect(result.out).to.include("wrote stacks/config/Pulumi.spoke-billing-dev.yaml");
            expect(written.config).to.deep.equal({
                "aws:region": "eu-west-1",
                "aws:allowedAccountIds": ["555555555555"],
                "hub-network:role": "spoke",
                "hub-network:environment": "dev",
                "hub-network:spoke": {
                    name: "billing",
                    account: "555555555555",
                    owner: "billing-team@example.com",
                    // petstore has 10.72.0.0/20 and orders 10.72.16.0/20; app1's range was freed
                    cidr: "10.72.32.0/20",
                    availabilityZones: 2,
                    workload: "lambda-api",
                    inspection: "none",
                    dr: false,
                    interfaceEndpoints: [],
                    tags: {},
                },
            });
        });

        it("writes a file the spoke stack then builds", async () => {
            const network = await runFixtureStack("network-dev");
            const spoke: Recorded = await runFixtureStack("spoke-billing-dev", {
                root: result.root,
                stackOutputs: { "network-dev": network.outputs },
            });
            expect(spoke.outputs.vpcCidr).to.equal("10.72.32.0/20");
            expect(spoke.outputs.zoneName).to.equal("billing.aws.example.internal");
        });
    });

    it("writes a network-only spoke when --kind is left out, which the stack builds without a workload", async () => {
        const root = copyProject();
        fs.rmSync(path.join(root, "stacks/config/Pulumi.spoke-app1-dev.yaml"));
        const result = scaffold(args({ kind: undefined, azs: "1" }), root);
        expect(result.code, result.err).to.equal(0);
        expect(result.out).to.include("spoke billing: none, inspection none, 1 AZs, 10.72.32.0/20");
        const written = parse(
            fs.readFileSync(path.join(root, "stacks/config/Pulumi.spoke-billing-dev.yaml"), "utf8"),
        ) as { config: Record<string, Record<string, unknown>> };
        expect(written.config["hub-network:spoke"]).to.include({ workload: "none", availabilityZones: 1 });
        expect(written.config["hub-network:spoke"]).to.not.have.property("api");
        const network = await runFixtureStack("network-dev");
        const spoke = await runFixtureStack("spoke-billing-dev", {
            root,
            stackOutputs: { "network-dev": network.outputs },
        });
        expect(spoke.outputs.subnetIds).to.have.keys(["workload", "tgw"]);
        // No function of its own: its only Lambda resources are the hub registrar's invocations.
        expect(
            spoke.resources
                .filter((r) => r.type.startsWith("aws:lambda/"))
                .map((r) => r.type)
                .filter((t) => t !== "aws:lambda/invocation:Invocation"),
        ).to.deep.equal([]);
    });

    it("skips every range another spoke holds and gives a DR spoke a range from each region's half of the pool", () => {
        const root = copyProject();
        fs.rmSync(path.join(root, "stacks/config/Pulumi.spoke-app1-prod.yaml"));
        const result = scaffold(
            args({ env: "prod", name: "ledger", account: "555555555556", kind: "ecs-api", dr: true }),
            root,
        );
        expect(result.code, result.err).to.equal(0);
        const config = (
            parse(
                fs.readFileSync(path.join(root, "stacks/config/Pulumi.spoke-ledger-prod.yaml"), "utf8"),
            ) as {
                config: Record<string, Record<string, unknown>>;
            }
        ).config;
        expect(config["hub-network:spoke"]).to.include({
            cidr: "10.136.32.0/20",
            drCidr: "10.140.0.0/20",
            availabilityZones: 3,
            dr: true,
        });
    });

    it("prints the usage for --help and writes nothing", () => {
        const root = copyProject();
        const before = files(root);
        const result = scaffold(["--help"], root);
        expect(result.code).to.equal(0);
        expect(result.out).to.include("usage: npm run new-spoke -- --env <env> --name <name>");
        expect(files(root)).to.deep.equal(before);
    });

    describe("refuses bad input with a clear message, exit 2 and nothing written", () => {
        const cases: [string, string[], string][] = [
            [
                "an unknown flag",
                [...args(), "--colour", "blue"],
                "npm run new-spoke: (arguments) unknown option '--colour'; expected one of --env,",
            ],
            [
                "a missing --env",
                args({ env: undefined }),
                "--env is missing; expected the environment, e.g. --env dev",
            ],
            [
                "a missing --owner",
                args({ owner: undefined }),
                "--owner is missing; expected the owning team's email address, e.g. --owner pets-team@example.com",
            ],
            [
                "an unknown environment",
                args({ env: "qa" }),
                "--env 'qa' is not an environment; expected one of dev, prod (files in stacks/environments)",
            ],
            [
                "a name with capitals",
                args({ name: "Billing" }),
                "--name 'Billing' is not a spoke name; expected 2-20 lowercase letters, digits and dashes, starting with a letter, e.g. petstore",
            ],
            [
                "a name that is too long",
                args({ name: "a-very-long-spoke-name-indeed" }),
                "--name 'a-very-long-spoke-name-indeed' is not a spoke name",
            ],
            [
                "a duplicate spoke",
                args({ name: "orders", account: "444444444444" }),
                "--name 'orders' already has a stack config file stacks/config/Pulumi.spoke-orders-dev.yaml; expected a new spoke name (the scaffolder never overwrites a file)",
            ],
            [
                "a malformed account",
                args({ account: "5555" }),
                `--account '5555' is not an AWS account ID; expected exactly 12 digits, e.g. "111111111111"`,
            ],
            [
                "an account the environment does not list",
                args({ account: "999999999999" }),
                "--account '999999999999' is not a spoke account of stacks/environments/dev.yaml; expected one of 333333333333, 444444444444, 555555555555",
            ],
            [
                "an account another spoke already has",
                args({ account: "555555555555" }),
                "--account '555555555555' is already the account of spoke 'app1' (stacks/config/Pulumi.spoke-app1-dev.yaml); expected one account per spoke",
            ],
            [
                "an unknown workload kind",
                args({ kind: "batch" }),
                "--kind 'batch' is not a workload kind; expected one of none, ecs-api, lambda-api",
            ],
            [
                "GWLB inspection for a Lambda API",
                args({ inspection: "gwlb" }),
                "--inspection 'gwlb' inspects the API Gateway VPC-link path, which only the ecs-api workload has; expected none for workload lambda-api",
            ],
            [
                "DR in an environment without a DR region",
                args({ dr: true }),
                "--dr 'true' is true but stacks/environments/dev.yaml has no DR region (regions.dr); expected dr: false",
            ],
            [
                "a CIDR that overlaps another spoke",
                args({ cidr: "10.72.8.0/21" }),
                "--cidr '10.72.8.0/21' overlaps spoke 'petstore' (stacks/config/Pulumi.spoke-petstore-dev.yaml: hub-network:spoke.cidr 10.72.0.0/20); expected a range no other spoke uses, e.g. 10.72.48.0/20",
            ],
            [
                "a CIDR outside the spoke pool",
                args({ cidr: "10.64.16.0/20" }),
                "--cidr '10.64.16.0/20' is outside the spoke pool 10.72.0.0/13 of stacks/environments/dev.yaml; expected a range inside it, e.g. 10.72.48.0/20",
            ],
            [
                "a CIDR too small for a spoke",
                args({ cidr: "10.72.48.0/24" }),
                "--cidr '10.72.48.0/24' is a /24; expected a /16 to /22 (a /20 is usual)",
            ],
            [
                "more AZs than the hub covers",
                args({ azs: "3" }),
                "--azs '3' is more than the 2 AZs the hub covers in eu-west-1 (stacks/environments/dev.yaml regions.primary); expected at most 2",
            ],
            [
                "an AZ count that is not a number",
                args({ azs: "two" }),
                "--azs 'two' is not a number; expected an AZ count from 1 to 4",
            ],
            [
                "a netmask without IPAM",
                args({ netmask: "20" }),
                "--netmask '20' is set but stacks/environments/dev.yaml does not use IPAM; expected a fixed cidr instead",
            ],
            [
                "a bad interface endpoint",
                args({ endpoint: "Not A Service" }),
                "--endpoint 'Not A Service' is not a service AWS offers as an interface endpoint; expected a name from the PrivateLink list, e.g. ssm, logs or ecr.api",
            ],
        ];
        for (const [what, argv, message] of cases) {
            it(`refuses ${what}`, () => {
                const root = copyProject();
                const before = files(root);
                const result = scaffold(argv, root);
                expect(result.code).to.equal(2);
                expect(result.err).to.include("new-spoke: nothing written");
                expect(result.err, result.err).to.include(message);
                expect(result.err).to.not.match(/\n\s+at /);
                expect(files(root)).to.deep.equal(before);
            });
        }

        it("refuses when the spoke pool is full", () => {
            const root = copyProject({
                "stacks/environments/dev.yaml": (doc) =>
                    doc.setIn(["addressing", "spokePool"], "10.72.0.0/19"),
            });
            fs.rmSync(path.join(root, "stacks/config/Pulumi.spoke-app1-dev.yaml"));
            const result = scaffold(args(), root);
            expect(result.code).to.equal(2);
            expect(result.err).to.include(
                "--cidr cannot be chosen: the spoke pool 10.72.0.0/19 of stacks/environments/dev.yaml has no free /20 left",
            );
        });
    });
});
