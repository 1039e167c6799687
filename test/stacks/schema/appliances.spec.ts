import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { INSTANCE_FAMILIES } from "../../../components/network/gwlb-plan";
import { resolveAppliances, type ApplianceSettings } from "../../../stacks/schema/appliances";
import { ConfigError, formatProblem } from "../../../stacks/schema/errors";
import { parseEnvironment } from "../../../stacks/schema/stack-config";
import { parseYaml } from "../../../stacks/schema/yaml-file";
import { FIXTURE_ROOT } from "../../harness/fixture";

type EnvName = "dev" | "prod";
type Key = string | number;
const DELETE = Symbol("delete");

const fileOf = (env: EnvName) => `stacks/environments/${env}.yaml`;
const realText = (env: EnvName) => fs.readFileSync(path.join(FIXTURE_ROOT, fileOf(env)), "utf8");

/** The real environment file with each `[keys, value]` edit applied (DELETE removes the field). */
function mutated(env: EnvName, ...edits: [Key[], unknown][]): string {
    const data = parse(realText(env)) as Record<Key, unknown>;
    for (const [keys, value] of edits) {
        let node = data;
        for (const key of keys.slice(0, -1)) node = node[key] as Record<Key, unknown>;
        const last = keys[keys.length - 1];
        if (value === DELETE) delete node[last];
        else node[last] = value;
    }
    return stringify(data);
}

/** Parses the environment and resolves the fleet settings of `regionKey`, as the security stack does. */
function resolve(env: EnvName, text: string, regionKey: "primary" | "dr" = "primary"): ApplianceSettings {
    const yaml = parseYaml(fileOf(env), text);
    return resolveAppliances(parseEnvironment(yaml), yaml, regionKey);
}

/** The 1-based line of the first line of `text` containing `needle` after the line containing `after`. */
function lineOf(text: string, needle: string, after = "appliances:"): number {
    const lines = text.split("\n");
    const start = lines.findIndex((l) => l.includes(after));
    const index = lines.findIndex((l, i) => i >= start && l.includes(needle));
    if (start < 0 || index < 0) throw new Error(`lineOf: '${needle}' after '${after}' not in the text`);
    return index + 1;
}

/** The problems `fn` reports, each formatted as `file:line: field 'value' message`. */
function problems(fn: () => unknown): string[] {
    try {
        fn();
    } catch (e) {
        expect(e).to.be.instanceOf(ConfigError);
        return (e as ConfigError).problems.map(formatProblem);
    }
    return expect.fail("expected a ConfigError");
}

describe("appliances schema", () => {
    describe("the fixture environments", () => {
        it("resolves dev: one burstable appliance, cross-zone on, every spoke deployer role allowed", () => {
            const settings = resolve("dev", realText("dev"));
            expect(settings).to.deep.include({
                instanceType: "t3.small",
                minSize: 1,
                desiredCapacity: 1,
                maxSize: 2,
                crossZone: true,
                logFlows: true,
                deregistrationDelaySeconds: 30,
            });
            expect(settings.healthCheck).to.deep.equal({
                port: 8080,
                protocol: "TCP",
                path: undefined,
                intervalSeconds: 10,
                timeoutSeconds: 5,
                healthyThreshold: 3,
                unhealthyThreshold: 3,
            });
            // The spoke accounts, which always exist, never a role that must exist first.
            expect(settings.allowedPrincipals).to.deep.equal([
                "arn:aws:iam::333333333333:root",
                "arn:aws:iam::444444444444:root",
                "arn:aws:iam::555555555555:root",
            ]);
            expect(settings.image).to.equal(undefined);
            expect(settings.userData).to.equal(undefined);
        });

        it("resolves prod in both regions: one appliance per AZ at least, an HTTP health check", () => {
            for (const region of ["primary", "dr"] as const) {
                const settings = resolve("prod", realText("prod"), region);
                expect(settings).to.deep.include({ instanceType: "c6in.large", minSize: 3, maxSize: 6 });
                expect(settings.healthCheck).to.deep.include({
                    protocol: "HTTP",
                    port: 8080,
                    path: "/healthz",
                });
                expect(settings.allowedPrincipals).to.have.length(3);
            }
        });

        it("fills the defaults of an appliances section that gives only the sizes", () => {
            const text = mutated("dev", [
                ["appliances"],
                { instanceType: "c6i.large", minSize: 2, desiredCapacity: 2, maxSize: 4 },
            ]);
            expect(resolve("dev", text)).to.deep.include({
                crossZone: false,
                logFlows: false,
                deregistrationDelaySeconds: 300,
                healthCheck: {
                    port: 8080,
                    protocol: "TCP",
                    path: undefined,
                    intervalSeconds: 10,
                    timeoutSeconds: 5,
                    healthyThreshold: 3,
                    unhealthyThreshold: 3,
                },
            });
        });
    });

    describe("bad input", () => {
        const file = fileOf("dev");
        /** Expects exactly one problem, on the first line containing `line` after the one containing `after`. */
        const rejects = (
            edits: [Key[], unknown][],
            line: string,
            says: string,
            env: EnvName = "dev",
            after = "appliances:",
        ) => {
            const text = mutated(env, ...edits);
            expect(problems(() => resolve(env, text))).to.deep.equal([
                `${fileOf(env)}:${lineOf(text, line, after)}: ${says}`,
            ]);
        };

        it("rejects minSize above maxSize", () => {
            rejects(
                [[["appliances", "minSize"], 3]],
                "minSize:",
                "appliances.minSize '3' is above maxSize 2; expected minSize <= maxSize",
            );
        });

        it("rejects a desired capacity outside the range", () => {
            rejects(
                [[["appliances", "desiredCapacity"], 5]],
                "desiredCapacity:",
                "appliances.desiredCapacity '5' is outside minSize-maxSize (1-2); expected a count from 1 to 2",
            );
            rejects(
                [[["appliances", "desiredCapacity"], 1.5]],
                "desiredCapacity:",
                "appliances.desiredCapacity '1.5' is not a whole number; expected a whole number of appliances, e.g. 2",
            );
        });

        it("rejects a health-check port outside 1-65535 and the GENEVE port", () => {
            rejects(
                [[["appliances", "healthCheck", "port"], 70000]],
                "port:",
                "appliances.healthCheck.port '70000' is not a port; expected 1-65535",
            );
            rejects(
                [[["appliances", "healthCheck", "port"], 0]],
                "port:",
                "appliances.healthCheck.port '0' is not a port; expected 1-65535",
            );
            rejects(
                [[["appliances", "healthCheck", "port"], 6081]],
                "port:",
                "appliances.healthCheck.port '6081' is the GENEVE port; expected another port for the appliances' health listener",
            );
        });

        it("rejects an unknown instance family and a malformed type", () => {
            rejects(
                [[["appliances", "instanceType"], "x9.large"]],
                "instanceType:",
                `appliances.instanceType 'x9.large' has an unknown instance family 'x9'; expected one of ${Object.keys(INSTANCE_FAMILIES).join(", ")}`,
            );
            rejects(
                [[["appliances", "instanceType"], "large"]],
                "instanceType:",
                "appliances.instanceType 'large' is not an EC2 instance type; expected <family>.<size>, e.g. c6in.large",
            );
        });

        it("rejects an empty principal list and a wildcard", () => {
            rejects(
                [[["appliances", "allowedPrincipals"], []]],
                "allowedPrincipals:",
                "appliances.allowedPrincipals '[]' is empty; expected at least one spoke account root or deployer role ARN (or remove the field to allow every spoke account)",
            );
            rejects(
                [[["appliances", "allowedPrincipals"], ["*"]]],
                '- "*"',
                "appliances.allowedPrincipals[0] '*' is a wildcard; expected the account root or deployer role of a listed spoke account, never *",
            );
            rejects(
                [[["appliances", "allowedPrincipals"], ["333333333333"]]],
                '- "333333333333"',
                "appliances.allowedPrincipals[0] '333333333333' is not an account root or role ARN; expected arn:aws:iam::<account>:root or arn:aws:iam::<account>:role/<name>",
            );
        });

        it("rejects a principal of an account the environment does not list", () => {
            rejects(
                [
                    [
                        ["appliances", "allowedPrincipals"],
                        ["arn:aws:iam::333333333333:root", "arn:aws:iam::999999999999:role/x"],
                    ],
                ],
                "999999999999",
                "appliances.allowedPrincipals[1] 'arn:aws:iam::999999999999:role/x' belongs to account 999999999999, which accounts.spokes does not list; expected a principal of a listed spoke account",
            );
        });

        it("rejects an environment without spokes: nobody could use the fleet or the onboarding role", () => {
            rejects(
                [[["accounts", "spokes"], []]],
                "spokes:",
                "accounts.spokes '[]' is empty; expected at least one spoke account: the network stack's onboarding role and the appliance fleet trust the spoke accounts' deployer roles",
                "dev",
                "accounts:",
            );
        });

        it("requires an appliance per AZ in production and when cross-zone load balancing is off", () => {
            rejects(
                [
                    [["appliances", "minSize"], 2],
                    [["appliances", "desiredCapacity"], 2],
                ],
                "minSize:",
                "appliances.minSize '2' is below one appliance per AZ (3 AZs in regions.primary); expected at least 3 in production",
                "prod",
            );
            rejects(
                [[["appliances", "crossZone"], false]],
                "minSize:",
                "appliances.minSize '1' leaves an AZ without an appliance while crossZone is false (2 AZs in regions.primary); expected at least 2, or crossZone: true",
            );
        });

        it("rejects a health-check timeout not below its interval and a path on a tcp check", () => {
            rejects(
                [[["appliances", "healthCheck", "timeoutSeconds"], 10]],
                "timeoutSeconds:",
                "appliances.healthCheck.timeoutSeconds '10' is not below intervalSeconds 10; expected a timeout shorter than the interval",
            );
            rejects(
                [[["appliances", "healthCheck", "path"], "/healthz"]],
                "path:",
                "appliances.healthCheck.path '/healthz' is set for a tcp health check; expected protocol http, or remove the path",
            );
            rejects(
                [[["appliances", "healthCheck", "protocol"], "udp"]],
                "protocol:",
                "appliances.healthCheck.protocol 'udp' is not a health-check protocol; expected tcp or http",
            );
        });

        it("rejects an image that is neither an AMI ID nor an SSM parameter reference", () => {
            rejects(
                [[["appliances", "ami"], "amzn2-latest"]],
                "ami:",
                "appliances.ami 'amzn2-latest' is not an image; expected an AMI ID such as ami-0123456789abcdef0 or resolve:ssm:<parameter>",
            );
        });

        it("takes a vendor image with its root device and bootstrap, and rejects a bad device name", () => {
            const text = mutated(
                "dev",
                [["appliances", "ami"], "ami-0123456789abcdef0"],
                [
                    ["appliances", "userData"],
                    "type=dhcp-client\nplugin-op-commands=aws-gwlb-inspect:enable\n",
                ],
                [["appliances", "rootVolume"], { deviceName: "/dev/sda1", sizeGiB: 60 }],
            );
            expect(resolve("dev", text)).to.deep.include({
                image: "ami-0123456789abcdef0",
                userData: "type=dhcp-client\nplugin-op-commands=aws-gwlb-inspect:enable\n",
                rootVolume: { deviceName: "/dev/sda1", sizeGiB: 60 },
            });
            rejects(
                [[["appliances", "rootVolume"], { deviceName: "sda1" }]],
                "deviceName:",
                "appliances.rootVolume.deviceName 'sda1' is not a device name; expected e.g. /dev/xvda or /dev/sda1",
            );
        });

        it("names a misspelt field", () => {
            const text = mutated("dev", [["appliances", "maxSize"], DELETE], [["appliances", "maxsize"], 2]);
            expect(problems(() => resolve("dev", text))).to.have.members([
                `${file}:${lineOf(text, "maxsize:")}: appliances.maxsize is not a known field; expected 'maxSize' (the missing field under appliances with a similar name)`,
                `${file}:${lineOf(text, "appliances:", "name:")}: appliances.maxSize is missing; expected a whole number of appliances, e.g. 2`,
            ]);
        });

        it("needs the section for a security stack, and a security VPC that holds the subnets", () => {
            expect(problems(() => resolve("dev", mutated("dev", [["appliances"], DELETE])))).to.deep.equal([
                `${file}: appliances is missing; expected an appliances section (instanceType, minSize, desiredCapacity, maxSize) for the security stack's GWLB fleet`,
            ]);
            const text = mutated("dev", [["regions", "primary", "cidrs", "security"], "10.64.2.0/26"]);
            expect(problems(() => resolve("dev", text))).to.deep.equal([
                `${file}:${lineOf(text, "security:", "cidrs:")}: regions.primary.cidrs.security '10.64.2.0/26' is too small for an appliance /27 and a gwlb /28 in each of 2 AZs; expected a larger range, e.g. a /23`,
            ]);
        });
    });
});
