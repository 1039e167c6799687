import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { ConfigError } from "../../../stacks/schema/errors";
import { loadEnvironment, loadStackContext } from "../../../stacks/schema/stack-config";
import { FIXTURE_ROOT } from "../../harness/fixture";

const DEV_CONFIG = "stacks/config/Pulumi.network-dev.yaml";

/**
 * The flat config map Pulumi hands the program for a real stack config file: every value a string,
 * structured values as JSON text.
 */
function rawConfigOf(stack: string): Record<string, string> {
    const text = fs.readFileSync(path.join(FIXTURE_ROOT, `stacks/config/Pulumi.${stack}.yaml`), "utf8");
    const config = (parse(text) as { config: Record<string, unknown> }).config;
    return Object.fromEntries(
        Object.entries(config).map(([key, value]) => [
            key,
            typeof value === "string" ? value : JSON.stringify(value),
        ]),
    );
}

/** The network-dev stack's raw config with some keys replaced (undefined deletes the key). */
function devConfig(changes: Record<string, string | undefined> = {}): Record<string, string> {
    const config = rawConfigOf("network-dev");
    for (const [key, value] of Object.entries(changes)) {
        if (value === undefined) delete config[key];
        else config[key] = value;
    }
    return config;
}

/** Runs `fn` and returns the ConfigError it throws (fails if it throws nothing or something else). */
function configError(fn: () => unknown): ConfigError {
    try {
        fn();
    } catch (e) {
        expect(e).to.be.instanceOf(ConfigError);
        return e as ConfigError;
    }
    expect.fail("expected a ConfigError");
}

/** The 1-based line of the fixture project file `file` that contains `needle`. */
function lineIn(file: string, needle: string): number {
    const lines = fs.readFileSync(path.join(FIXTURE_ROOT, file), "utf8").split("\n");
    const index = lines.findIndex((l) => l.includes(needle));
    if (index < 0) throw new Error(`lineIn: '${needle}' is not in ${file}`);
    return index + 1;
}

/** Loads network-dev with `changes` and checks the one problem reported (file, line, text). */
function expectDevRejected(
    changes: Record<string, string | undefined>,
    key: string,
    says: string,
): ConfigError {
    const err = configError(() => loadStackContext("network-dev", devConfig(changes), FIXTURE_ROOT));
    expect(err.problems).to.have.length(1);
    expect(err.message).to.contain(`${DEV_CONFIG}:${lineIn(DEV_CONFIG, `${key}:`)}: ${says}`);
    return err;
}

describe("stack config", () => {
    describe("the real stack config files", () => {
        it("loads network-dev", () => {
            const ctx = loadStackContext("network-dev", rawConfigOf("network-dev"), FIXTURE_ROOT);
            expect(ctx.stack).to.equal("network-dev");
            expect(ctx.file).to.equal(DEV_CONFIG);
            expect(ctx.role).to.equal("network");
            expect(ctx.regionKey).to.equal("primary");
            expect(ctx.environment.name).to.equal("dev");
            expect(ctx.environmentFile).to.equal("stacks/environments/dev.yaml");
            expect(ctx.region.name).to.equal("eu-west-1");
            // structured values arrive as JSON text and are parsed
            expect(ctx.config["aws:allowedAccountIds"]).to.deep.equal(["111111111111"]);
        });

        it("loads network-prod", () => {
            const ctx = loadStackContext("network-prod", rawConfigOf("network-prod"), FIXTURE_ROOT);
            expect(ctx.environment.profile).to.equal("production");
            expect(ctx.region.availabilityZones).to.equal(3);
            expect(ctx.environment.regions.dr?.name).to.equal("eu-central-1");
        });

        it("loads the DR region of prod", () => {
            const config = {
                ...rawConfigOf("network-prod"),
                "hub-network:region": "dr",
                "aws:region": "eu-central-1",
            };
            const ctx = loadStackContext("network-prod-dr", config, FIXTURE_ROOT);
            expect(ctx.regionKey).to.equal("dr");
            expect(ctx.region.name).to.equal("eu-central-1");
            expect(ctx.region.cidrs.inspection).to.equal("10.128.4.0/24");
        });

        it("defaults hub-network:region to primary", () => {
            const ctx = loadStackContext(
                "network-dev",
                devConfig({ "hub-network:region": undefined }),
                FIXTURE_ROOT,
            );
            expect(ctx.regionKey).to.equal("primary");
            expect(ctx.region.name).to.equal("eu-west-1");
        });

        it("refuses a config without aws:allowedAccountIds, the account pin", () => {
            const err = configError(() =>
                loadStackContext(
                    "network-dev",
                    devConfig({ "aws:allowedAccountIds": undefined }),
                    FIXTURE_ROOT,
                ),
            );
            expect(err.problems.map((p) => [p.field, p.message.split(";")[0]])).to.deep.equal([
                ["aws:allowedAccountIds", "is missing"],
            ]);
        });
    });

    describe("bad values", () => {
        it("rejects an unknown role", () => {
            expectDevRejected(
                { "hub-network:role": "router" },
                "hub-network:role",
                "hub-network:role 'router' is not a stack role; expected one of network, security, spoke",
            );
        });

        it("rejects a missing environment file and lists the known environments", () => {
            const err = expectDevRejected(
                { "hub-network:environment": "stage" },
                "hub-network:environment",
                "hub-network:environment 'stage' has no environment file stacks/environments/stage.yaml; expected one of dev, prod or a new file stacks/environments/stage.yaml",
            );
            expect(err.problems[0].file).to.equal(DEV_CONFIG);
        });

        it("rejects a malformed environment name", () => {
            expectDevRejected(
                { "hub-network:environment": "Dev_1" },
                "hub-network:environment",
                "hub-network:environment 'Dev_1' is not an environment name; expected the name of a file in stacks/environments, e.g. dev",
            );
        });

        it("rejects region dr when the environment declares none", () => {
            const err = configError(() =>
                loadStackContext("network-dev-dr", devConfig({ "hub-network:region": "dr" }), FIXTURE_ROOT),
            );
            expect(err.problems).to.have.length(1);
            expect(err.message).to.contain(
                "hub-network:region 'dr' is not declared in stacks/environments/dev.yaml (regions.dr); expected primary, or add regions.dr to the environment",
            );
        });

        it("rejects an unknown region key", () => {
            expectDevRejected(
                { "hub-network:region": "secondary" },
                "hub-network:region",
                "hub-network:region 'secondary' is not a region key; expected primary or dr",
            );
        });

        it("rejects an aws:region different from the environment's region", () => {
            expectDevRejected(
                { "aws:region": "us-east-1" },
                "aws:region",
                "aws:region 'us-east-1' differs from stacks/environments/dev.yaml regions.primary.name 'eu-west-1'; expected the stack to deploy to eu-west-1",
            );
        });

        it("rejects a malformed aws:region", () => {
            expectDevRejected(
                { "aws:region": "eu-west" },
                "aws:region",
                "aws:region 'eu-west' is not an AWS region name; expected e.g. eu-west-1",
            );
        });

        it("rejects an unknown hub-network: key", () => {
            const err = configError(() =>
                loadStackContext("network-dev", devConfig({ "hub-network:regoin": "primary" }), FIXTURE_ROOT),
            );
            expect(err.problems).to.have.length(1);
            expect(err.message).to.match(
                /stacks\/config\/Pulumi\.network-dev\.yaml:\d+: hub-network:regoin is not a key this project reads; expected hub-network:region/,
            );
        });

        it("rejects aws:allowedAccountIds without the network account", () => {
            expectDevRejected(
                { "aws:allowedAccountIds": '["999999999999"]' },
                "aws:allowedAccountIds",
                `aws:allowedAccountIds '["999999999999"]' is not the network account of stacks/environments/dev.yaml; expected ["111111111111"]`,
            );
        });

        it("rejects aws:allowedAccountIds that is not a list", () => {
            expectDevRejected(
                { "aws:allowedAccountIds": '["111111111111"' },
                "aws:allowedAccountIds",
                `aws:allowedAccountIds '["111111111111"' is not a list of one quoted 12-digit account ID; expected e.g. ["111111111111"], the one account this stack deploys into`,
            );
        });

        it("reports every missing key together", () => {
            const err = configError(() => loadStackContext("network-dev", {}, FIXTURE_ROOT));
            expect(err.problems.map((p) => p.field)).to.have.members([
                "hub-network:role",
                "hub-network:environment",
                "aws:region",
            ]);
            expect(err.message).to.contain(
                "hub-network:role is missing; expected one of network, security, spoke",
            );
            expect(err.message).to.contain(
                "hub-network:environment is missing; expected the name of a file in stacks/environments, e.g. dev",
            );
            expect(err.message).to.contain("aws:region is missing; expected e.g. eu-west-1");
        });

        it("reports a wrong region and a wrong account together", () => {
            const err = configError(() =>
                loadStackContext(
                    "network-dev",
                    devConfig({ "aws:region": "us-east-1", "aws:allowedAccountIds": '["999999999999"]' }),
                    FIXTURE_ROOT,
                ),
            );
            expect(err.problems.map((p) => p.field)).to.deep.equal(["aws:region", "aws:allowedAccountIds"]);
            expect(err.message).to.match(/^invalid configuration \(2 problems\):\n/);
        });
    });

    describe("with a scratch project root", () => {
        let root: string;

        before(() => {
            root = fs.mkdtempSync(path.join(os.tmpdir(), "stack-config-spec-"));
            const environments = path.join(root, "stacks", "environments");
            fs.mkdirSync(environments, { recursive: true });
            const dev = fs.readFileSync(path.join(FIXTURE_ROOT, "stacks/environments/dev.yaml"), "utf8");
            // qa.yaml is a copy of dev.yaml whose name field still says dev
            fs.writeFileSync(path.join(environments, "qa.yaml"), dev);
            const broken = parse(dev) as { name: string; logging: { retentionDays: number } };
            broken.name = "broken";
            broken.logging.retentionDays = 31;
            fs.writeFileSync(path.join(environments, "broken.yaml"), stringify(broken));
        });

        after(() => {
            fs.rmSync(root, { recursive: true, force: true });
        });

        const config = (environment: string) => devConfig({ "hub-network:environment": environment });

        it("rejects an environment file whose name field differs from its file name", () => {
            const err = configError(() => loadStackContext("network-qa", config("qa"), root));
            expect(err.problems).to.have.length(1);
            // no stack config file in the scratch root, so no line
            expect(err.message).to.contain(
                "stacks/config/Pulumi.network-qa.yaml: hub-network:environment 'qa' names stacks/environments/qa.yaml, whose name field is 'dev'; expected the file's name field to match its file name",
            );
        });

        it("reports problems in the environment file against that file", () => {
            const err = configError(() => loadStackContext("network-broken", config("broken"), root));
            expect(err.problems).to.have.length(1);
            expect(err.problems[0]).to.include({
                file: "stacks/environments/broken.yaml",
                field: "logging.retentionDays",
            });
            expect(err.message).to.match(
                /stacks\/environments\/broken\.yaml:\d+: logging\.retentionDays '31' is not a CloudWatch Logs retention; expected one of 1, 3, 5/,
            );
        });

        it("lists the environments of the given root", () => {
            const err = configError(() => loadEnvironment("stage", undefined, root));
            expect(err.message).to.contain(
                "stacks/environments/stage.yaml: hub-network:environment 'stage' has no environment file stacks/environments/stage.yaml; expected one of broken, qa or a new file",
            );
        });

        it("says so when there are no environments yet", () => {
            const empty = fs.mkdtempSync(path.join(os.tmpdir(), "stack-config-empty-"));
            try {
                const err = configError(() => loadEnvironment("dev", undefined, empty));
                expect(err.message).to.contain(
                    "expected one of (none yet) or a new file stacks/environments/dev.yaml",
                );
            } finally {
                fs.rmSync(empty, { recursive: true, force: true });
            }
        });
    });
});
