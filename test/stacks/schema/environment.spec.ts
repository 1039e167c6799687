import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import type { Environment } from "../../../stacks/schema/environment";
import { ConfigError } from "../../../stacks/schema/errors";
import { parseEnvironment } from "../../../stacks/schema/stack-config";
import { parseYaml } from "../../../stacks/schema/yaml-file";
import { FIXTURE_ROOT } from "../../harness/fixture";

type Key = string | number;
type EnvName = "dev" | "prod";

/** Passed as the value of an edit to delete the field instead. */
const DELETE = Symbol("delete");

/** One edit of the parsed file: the field path and its new value (or DELETE). */
type Edit = [keys: Key[], value: unknown];

function fileOf(env: EnvName): string {
    return `stacks/environments/${env}.yaml`;
}

function realText(env: EnvName): string {
    return fs.readFileSync(path.join(FIXTURE_ROOT, fileOf(env)), "utf8");
}

/** Sets (or deletes) the field at `keys`; fails loudly if the fixture has no such parent. */
function mutate(obj: unknown, keys: Key[], value: unknown): void {
    let node = obj as Record<Key, unknown>;
    for (const key of keys.slice(0, -1)) {
        const next = node[key];
        if (next === null || typeof next !== "object") {
            throw new Error(`mutate: ${keys.join(".")} has no parent in the fixture`);
        }
        node = next as Record<Key, unknown>;
    }
    const last = keys[keys.length - 1];
    if (value === DELETE) {
        if (!(last in node)) throw new Error(`mutate: ${keys.join(".")} is not in the fixture`);
        delete node[last];
    } else {
        node[last] = value;
    }
}

/** The real environment file with `edits` applied, as YAML text. */
function mutated(env: EnvName, ...edits: Edit[]): string {
    const data: unknown = parse(realText(env));
    for (const [keys, value] of edits) mutate(data, keys, value);
    return stringify(data);
}

function parseText(env: EnvName, text: string): Environment {
    return parseEnvironment(parseYaml(fileOf(env), text));
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

/**
 * The 1-based line of the `occurrence`-th line of `text` containing `needle`, counting from the first
 * line that contains `after` (when given).
 */
function lineOf(text: string, needle: string, occurrence = 1, after?: string): number {
    const lines = text.split("\n");
    let seen = 0;
    let i = after === undefined ? 0 : lines.findIndex((l) => l.includes(after));
    if (i < 0) throw new Error(`lineOf: '${after}' not in the text`);
    for (; i < lines.length; i++) {
        if (lines[i].includes(needle) && ++seen === occurrence) return i + 1;
    }
    throw new Error(`lineOf: '${needle}' (#${occurrence}) not in the text`);
}

/** The first rule group of `kind` in the real dev.yaml: its index, name and raw data. */
function groupOf(kind: string): { index: number; name: string; group: Record<string, unknown> } {
    const data = parse(realText("dev")) as { firewall: { ruleGroups: Record<string, unknown>[] } };
    const index = data.firewall.ruleGroups.findIndex((g) => g.kind === kind);
    if (index < 0) throw new Error(`dev.yaml has no ${kind} rule group`);
    const group = data.firewall.ruleGroups[index];
    return { index, name: String(group.name), group };
}

interface Expected {
    /**
     * The text after `file:line: `: field path, quoted value, what is wrong and what is expected; or,
     * with `field`, the text after the field and its (long) quoted value.
     */
    readonly says: string;
    /** The field path, when `says` starts after the quoted value. */
    readonly field?: string;
    /** A snippet of the line the problem must point at (defaults to any line number). */
    readonly at?: string;
    /** Which occurrence of `at` (1-based). */
    readonly occurrence?: number;
    /** Count occurrences of `at` from the first line containing this. */
    readonly after?: string;
    /** How many problems the error holds. */
    readonly problems?: number;
}

/** Parses `text` and checks the single (or `problems`) problem(s) reported, with file and line. */
function expectRejected(env: EnvName, text: string, expected: Expected): ConfigError {
    const err = configError(() => parseText(env, text));
    const file = fileOf(env);
    const line =
        expected.at === undefined
            ? "\\d+"
            : String(lineOf(text, expected.at, expected.occurrence, expected.after));
    const says =
        expected.field === undefined
            ? escape(expected.says)
            : `${escape(expected.field)} '[^\n]*' ${escape(expected.says)}`;
    expect(err.message).to.match(new RegExp(`  ${escape(file)}:${line}: ${says}`));
    expect(err.problems).to.have.length(expected.problems ?? 1);
    for (const p of err.problems) {
        expect(p.file).to.equal(file);
        expect(p.line).to.be.a("number");
    }
    return err;
}

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("environment file schema", () => {
    describe("the real environment files", () => {
        it("parses dev.yaml", () => {
            const env = parseText("dev", realText("dev"));
            expect(env.name).to.equal("dev");
            expect(env.profile).to.equal("development");
            expect(env.regions.primary.name).to.equal("eu-west-1");
            expect(env.regions.primary.availabilityZones).to.equal(2);
            expect(env.regions.dr).to.equal(undefined);
            expect(env.accounts.spokes).to.have.length(3);
            expect(env.firewall.ruleGroups.map((g) => g.kind)).to.include.members([
                "stateless",
                "stateful",
                "domain-list",
                "suricata",
            ]);
        });

        it("parses prod.yaml: 3 AZs in both regions and a DR region", () => {
            const env = parseText("prod", realText("prod"));
            expect(env.name).to.equal("prod");
            expect(env.profile).to.equal("production");
            expect(env.regions.primary.availabilityZones).to.equal(3);
            expect(env.regions.dr?.name).to.equal("eu-central-1");
            expect(env.regions.dr?.availabilityZones).to.equal(3);
            expect(env.regions.dr?.transitGatewayAsn).to.not.equal(env.regions.primary.transitGatewayAsn);
            expect(env.regions.primary.transitGatewayFlowLogs).to.equal(true);
        });

        it("applies defaults and converts rule data to the component's form", () => {
            const env = parseText(
                "dev",
                mutated("dev", [["tags"], DELETE], [["firewall", "logging"], DELETE]),
            );
            expect(env.regions.primary.transitGatewayFlowLogs).to.equal(false);
            expect(env.tags).to.deep.equal({});
            expect(env.firewall.logging).to.deep.equal({ alert: "cloudwatch", flow: "cloudwatch" });
            const stateless = env.firewall.ruleGroups[groupOf("stateless").index];
            expect(stateless.kind).to.equal("stateless");
            if (stateless.kind === "stateless") {
                // tcp becomes protocol number 6, port "23" the range 23-23
                expect(stateless.rules[0].protocols).to.deep.equal([6]);
                expect(stateless.rules[0].destinationPorts).to.deep.equal([{ from: 23, to: 23 }]);
            }
        });

        it("reads the same data after the test's parse/stringify round trip", () => {
            for (const env of ["dev", "prod"] as const) {
                expect(parseText(env, mutated(env))).to.deep.equal(parseText(env, realText(env)));
            }
        });
    });

    describe("addressing", () => {
        it("rejects a malformed CIDR", () => {
            const text = mutated("dev", [["addressing", "supernet"], "10.0.0.0/33"]);
            const err = expectRejected("dev", text, {
                says: "addressing.supernet '10.0.0.0/33' is not a CIDR; expected e.g. 10.20.0.0/20",
                at: "supernet: 10.0.0.0/33",
            });
            expect(err.problems[0]).to.include({ field: "addressing.supernet", value: "10.0.0.0/33" });
        });

        it("rejects a CIDR with host bits set and names the network address", () => {
            const text = mutated("dev", [["regions", "primary", "cidrs", "inspection"], "10.64.0.5/24"]);
            expectRejected("dev", text, {
                says: "regions.primary.cidrs.inspection '10.64.0.5/24' has host bits set; expected the network address, e.g. 10.64.0.0/24",
                at: "inspection: 10.64.0.5/24",
            });
        });

        it("rejects overlapping hub CIDRs", () => {
            const text = mutated("dev", [["regions", "primary", "cidrs", "sharedServices"], "10.64.0.0/24"]);
            expectRejected("dev", text, {
                says: "regions.primary.cidrs.sharedServices '10.64.0.0/24' overlaps regions.primary.cidrs.inspection (10.64.0.0/24); expected distinct ranges for every hub VPC",
                at: "sharedServices: 10.64.0.0/24",
            });
        });

        it("rejects a DR hub CIDR overlapping a primary hub CIDR", () => {
            const text = mutated("prod", [["regions", "dr", "cidrs", "inspection"], "10.128.0.0/23"]);
            expectRejected("prod", text, {
                says: "regions.dr.cidrs.inspection '10.128.0.0/23' overlaps regions.primary.cidrs.inspection (10.128.0.0/24); expected distinct ranges for every hub VPC",
                at: "inspection: 10.128.0.0/23",
                // it also overlaps primary sharedServices 10.128.1.0/24
                problems: 2,
            });
        });

        it("rejects a hub CIDR outside the supernet", () => {
            const text = mutated("dev", [["regions", "primary", "cidrs", "security"], "10.200.0.0/24"]);
            expectRejected("dev", text, {
                says: "regions.primary.cidrs.security '10.200.0.0/24' is outside the supernet 10.64.0.0/12; expected a range inside it",
                at: "security: 10.200.0.0/24",
            });
        });

        it("rejects a spoke pool outside the supernet", () => {
            const text = mutated("dev", [["addressing", "spokePool"], "10.96.0.0/13"]);
            expectRejected("dev", text, {
                says: "addressing.spokePool '10.96.0.0/13' is outside the supernet 10.64.0.0/12; expected a range inside it",
                at: "spokePool: 10.96.0.0/13",
            });
        });

        it("rejects a hub CIDR overlapping the spoke pool", () => {
            const text = mutated("dev", [["regions", "primary", "cidrs", "security"], "10.72.0.0/24"]);
            expectRejected("dev", text, {
                says: "regions.primary.cidrs.security '10.72.0.0/24' overlaps addressing.spokePool 10.72.0.0/13; expected hub ranges clear of the spoke pool (or a spokePool clear of regions.primary.cidrs)",
                at: "security: 10.72.0.0/24",
            });
        });

        it("rejects an on-premises CIDR overlapping the supernet", () => {
            const text = mutated("dev", [
                ["onPremises", "cidrs"],
                ["172.16.0.0/16", "10.64.128.0/20"],
            ]);
            expectRejected("dev", text, {
                says: "onPremises.cidrs[1] '10.64.128.0/20' overlaps the supernet 10.64.0.0/12; expected on-premises ranges outside the AWS supernet",
                at: "- 10.64.128.0/20",
            });
        });
    });

    describe("regions", () => {
        it("rejects an AZ count of 0", () => {
            const text = mutated("dev", [["regions", "primary", "availabilityZones"], 0]);
            expectRejected("dev", text, {
                says: "regions.primary.availabilityZones '0' is out of range; expected an AZ count from 1 to 6",
                at: "availabilityZones: 0",
            });
        });

        it("rejects an AZ count of 7", () => {
            const text = mutated("dev", [["regions", "primary", "availabilityZones"], 7]);
            expectRejected("dev", text, {
                says: "regions.primary.availabilityZones '7' is out of range; expected an AZ count from 1 to 6",
                at: "availabilityZones: 7",
            });
        });

        it("rejects fewer than 2 AZs in production", () => {
            const text = mutated("prod", [["regions", "primary", "availabilityZones"], 1]);
            expectRejected("prod", text, {
                says: "regions.primary.availabilityZones '1' is below the production minimum; expected at least 2 AZs in production",
                at: "availabilityZones: 1",
            });
        });

        it("rejects 1 AZ even in development: the resolver endpoints need two", () => {
            const text = mutated("dev", [["regions", "primary", "availabilityZones"], 1]);
            expectRejected("dev", text, {
                says: "regions.primary.availabilityZones '1' is below the resolver minimum; expected at least 2 AZs, since the Route 53 Resolver endpoints need addresses in two AZs",
                at: "availabilityZones: 1",
            });
        });

        it("rejects a DR region equal to the primary region", () => {
            const text = mutated("prod", [["regions", "dr", "name"], "eu-west-1"]);
            expectRejected("prod", text, {
                says: "regions.dr.name 'eu-west-1' is the primary region too; expected a different region for DR",
                at: "name: eu-west-1",
                occurrence: 2,
            });
        });

        it("rejects a DR Transit Gateway ASN equal to the primary one", () => {
            const text = mutated("prod", [["regions", "dr", "transitGatewayAsn"], 64520]);
            expectRejected("prod", text, {
                says: "regions.dr.transitGatewayAsn '64520' repeats the primary region's ASN; expected a distinct ASN per Transit Gateway",
                at: "transitGatewayAsn: 64520",
                occurrence: 2,
            });
        });

        it("rejects a public ASN", () => {
            const text = mutated("dev", [["regions", "primary", "transitGatewayAsn"], 16509]);
            expectRejected("dev", text, {
                says: "regions.primary.transitGatewayAsn '16509' is not a private ASN; expected 64512-65534 or 4200000000-4294967294",
                at: "transitGatewayAsn: 16509",
            });
        });
    });

    describe("accounts and organization", () => {
        it("rejects an account ID with 11 digits", () => {
            const text = mutated("dev", [["accounts", "network"], "11111111111"]);
            expectRejected("dev", text, {
                says: `accounts.network '11111111111' is not an AWS account ID; expected exactly 12 digits, e.g. "111111111111"`,
                at: `network: "11111111111"`,
            });
        });

        it("rejects an account ID given as an unquoted YAML number", () => {
            const text = mutated("dev", [["accounts", "security"], 222222222222]);
            expect(text).to.contain("security: 222222222222\n");
            expectRejected("dev", text, {
                says: `accounts.security '222222222222' is not a quoted string; expected a 12-digit account ID in quotes, e.g. "111111111111"`,
                at: "security: 222222222222",
            });
        });

        it("rejects a missing account ID", () => {
            const text = mutated("dev", [["accounts", "network"], DELETE]);
            expectRejected("dev", text, {
                says: `accounts.network is missing; expected a 12-digit account ID in quotes, e.g. "111111111111"`,
                at: "accounts:",
            });
        });

        it("names each spoke account once: the deployer role's ARN comes from it and deployerRoleName", () => {
            const ids = mutated(
                "dev",
                [
                    ["accounts", "spokes"],
                    [{ id: "333333333333" }, { id: "444444444444" }],
                ],
                [["accounts", "deployerRoleName"], "pipelines/spoke-deployer"],
            );
            expectRejected("dev", ids, {
                says: "accounts.deployerRoleName 'pipelines/spoke-deployer' is not an IAM role name; expected 1-64 letters, digits and +=,.@_-, e.g. hub-network-deployer",
                at: "deployerRoleName:",
            });
            const named = parseText(
                "dev",
                mutated(
                    "dev",
                    [
                        ["accounts", "spokes"],
                        [{ id: "333333333333" }, { id: "444444444444" }],
                    ],
                    [["accounts", "deployerRoleName"], "spoke-deployer"],
                ),
            );
            expect(named.accounts.spokes.map((s) => s.deployerRoleArn)).to.deep.equal([
                "arn:aws:iam::333333333333:role/spoke-deployer",
                "arn:aws:iam::444444444444:role/spoke-deployer",
            ]);
            const byDefault = parseText(
                "dev",
                mutated("dev", [["accounts", "spokes"], [{ id: "333333333333" }]]),
            );
            expect(byDefault.accounts.spokes).to.deep.equal([
                {
                    id: "333333333333",
                    deployerRoleArn: "arn:aws:iam::333333333333:role/hub-network-deployer",
                },
            ]);
        });

        it("rejects a deployer role ARN in another account", () => {
            const arn = "arn:aws:iam::333333333333:role/hub-network-deployer";
            const text = mutated("dev", [["accounts", "spokes", 1, "deployerRoleArn"], arn]);
            expectRejected("dev", text, {
                says: `accounts.spokes[444444444444].deployerRoleArn '${arn}' belongs to account 333333333333; expected a role in the spoke's own account 444444444444`,
                at: `deployerRoleArn: ${arn}`,
                occurrence: 2,
            });
        });

        it("rejects a malformed deployer role ARN", () => {
            const text = mutated("dev", [
                ["accounts", "spokes", 0, "deployerRoleArn"],
                "hub-network-deployer",
            ]);
            expectRejected("dev", text, {
                says: "accounts.spokes[333333333333].deployerRoleArn 'hub-network-deployer' is not an IAM role ARN; expected arn:aws:iam::<12-digit account>:role/<name> (a name of 1-64 letters, digits and + = , . @ _ -)",
                at: "deployerRoleArn: hub-network-deployer",
            });
        });

        it("rejects a duplicate spoke account", () => {
            const spoke = {
                id: "333333333333",
                deployerRoleArn: "arn:aws:iam::333333333333:role/hub-network-deployer",
            };
            const text = mutated("dev", [["accounts", "spokes", 2], spoke]);
            expectRejected("dev", text, {
                says: "accounts.spokes[2].id '333333333333' is listed twice; expected each spoke account once",
                at: `id: "333333333333"`,
                occurrence: 2,
            });
        });

        it("rejects the network account as a spoke", () => {
            const spoke = {
                id: "111111111111",
                deployerRoleArn: "arn:aws:iam::111111111111:role/hub-network-deployer",
            };
            const text = mutated("dev", [["accounts", "spokes", 0], spoke]);
            expectRejected("dev", text, {
                says: "accounts.spokes[111111111111].id '111111111111' is the network or security account; expected a separate workload account",
                at: `id: "111111111111"`,
            });
        });

        it("rejects spokes given as a single string", () => {
            const text = mutated("dev", [["accounts", "spokes"], "333333333333"]);
            expectRejected("dev", text, {
                says: "accounts.spokes '333333333333' is a string; expected a list",
                at: "spokes:",
            });
        });

        it("rejects an unknown profile", () => {
            const text = mutated("dev", [["profile"], "staging"]);
            expectRejected("dev", text, {
                says: "profile 'staging' is not a profile; expected development or production",
                at: "profile: staging",
            });
        });

        it("rejects a bad organization ARN", () => {
            const arn = "arn:aws:organizations::999999999999:organization/a1b2c3d4e5";
            const text = mutated("dev", [["organization", "arn"], arn]);
            expectRejected("dev", text, {
                says: `organization.arn '${arn}' is not an organization ARN; expected arn:aws:organizations::<12-digit account>:organization/o-<10-32 characters>`,
                at: `arn: ${arn}`,
            });
        });
    });

    describe("on-premises and DNS", () => {
        it("reads the VPN of dev.yaml", () => {
            const env = parseText("dev", realText("dev"));
            expect(env.onPremises.vpn).to.deep.equal({ customerGatewayIp: "203.0.113.10", bgpAsn: 65010 });
        });

        it("rejects a private customer gateway address and names its range", () => {
            const text = mutated("dev", [["onPremises", "vpn", "customerGatewayIp"], "192.168.1.1"]);
            expectRejected("dev", text, {
                says: "onPremises.vpn.customerGatewayIp '192.168.1.1' is not a public address (it is in 192.168.0.0/16); expected the public IPv4 address of the on-premises VPN device",
                at: "customerGatewayIp: 192.168.1.1",
            });
        });

        it("rejects a customer gateway address that is not an address", () => {
            const text = mutated("dev", [["onPremises", "vpn", "customerGatewayIp"], "vpn.corp.example"]);
            expectRejected("dev", text, {
                says: "onPremises.vpn.customerGatewayIp 'vpn.corp.example' is not an IPv4 address; expected the device's public address, e.g. 203.0.113.10",
                at: "customerGatewayIp:",
            });
        });

        it("rejects a VPN ASN equal to the Transit Gateway's", () => {
            const text = mutated("dev", [["onPremises", "vpn", "bgpAsn"], 64512]);
            expectRejected("dev", text, {
                says: "onPremises.vpn.bgpAsn '64512' is the ASN of the primary Transit Gateway (regions.primary.transitGatewayAsn); expected the on-premises device's own ASN",
                at: "bgpAsn: 64512",
            });
        });

        it("rejects an ASN AWS reserves in the region", () => {
            const text = mutated("dev", [["onPremises", "vpn", "bgpAsn"], 9059]);
            expectRejected("dev", text, {
                says: "onPremises.vpn.bgpAsn '9059' is reserved by AWS in eu-west-1 (regions.primary.name); expected another ASN for the on-premises device",
                at: "bgpAsn: 9059",
            });
        });

        it("rejects an ASN out of the customer gateway range", () => {
            const text = mutated("dev", [["onPremises", "vpn", "bgpAsn"], 4200000000]);
            expectRejected("dev", text, {
                says: "onPremises.vpn.bgpAsn '4200000000' is out of range; expected a BGP ASN from 1 to 2147483647",
                at: "bgpAsn:",
            });
        });

        it("rejects a VPN without on-premises ranges", () => {
            const text = mutated("dev", [["onPremises", "cidrs"], []]);
            const err = expectRejected("dev", text, {
                says: "onPremises.cidrs '[]' is empty while onPremises.vpn is set; expected the on-premises ranges the VPN reaches",
                problems: 2,
            });
            // and the firewall rule that names the on-premises ranges has nothing to name
            expect(err.message).to.include(
                "firewall.ruleGroups[allow-dns-from-on-prem].rules[0].source '$ON_PREM' refers to $ON_PREM, which is empty: onPremises.cidrs lists nothing",
            );
        });

        it("rejects an unknown VPN field", () => {
            const text = mutated("dev", [["onPremises", "vpn", "staticRoutes"], ["172.16.0.0/16"]]);
            const err = configError(() => parseText("dev", text));
            expect(err.message).to.include("onPremises.vpn");
            expect(err.message).to.include("staticRoutes");
        });

        it("accepts an environment without a VPN", () => {
            const text = mutated("dev", [["onPremises", "vpn"], DELETE]);
            expect(parseText("dev", text).onPremises.vpn).to.equal(undefined);
        });

        it("rejects a bad on-premises domain name", () => {
            const text = mutated("dev", [["onPremises", "domains"], ["corp_example..internal"]]);
            expectRejected("dev", text, {
                says: "onPremises.domains[0] 'corp_example..internal' is not a valid domain name; expected lowercase labels of a-z, 0-9 and '-' separated by dots, e.g. corp.example.internal",
                at: "- corp_example..internal",
            });
        });

        it("rejects a bad DNS server IP", () => {
            const text = mutated("dev", [
                ["onPremises", "dnsServers"],
                ["172.16.0.10", "172.16.0.300"],
            ]);
            expectRejected("dev", text, {
                says: "onPremises.dnsServers[1] '172.16.0.300' is not an IPv4 address; expected e.g. 172.16.0.10",
                at: "- 172.16.0.300",
            });
        });

        it("rejects duplicate on-premises domains", () => {
            const text = mutated("dev", [
                ["onPremises", "domains"],
                ["corp.example.internal", "corp.example.internal"],
            ]);
            expectRejected("dev", text, {
                says: "onPremises.domains[1] 'corp.example.internal' repeats domain 0; expected each domain once",
                at: "- corp.example.internal",
                occurrence: 2,
            });
        });

        it("rejects duplicate DNS servers", () => {
            const text = mutated("dev", [
                ["onPremises", "dnsServers"],
                ["172.16.0.10", "172.16.0.10"],
            ]);
            expectRejected("dev", text, {
                says: "onPremises.dnsServers[1] '172.16.0.10' repeats DNS server 0; expected each DNS server once",
                at: "- 172.16.0.10",
                occurrence: 2,
            });
        });

        it("rejects a bad corporate domain", () => {
            const text = mutated("dev", [["dns", "corporateDomain"], "AWS.Example.internal."]);
            expectRejected("dev", text, {
                says: "dns.corporateDomain 'AWS.Example.internal.' is not a valid domain name; expected lowercase labels of a-z, 0-9 and '-' separated by dots, e.g. corp.example.internal",
                at: "corporateDomain:",
            });
        });

        it("rejects a DNS server given as a host name", () => {
            const text = mutated("dev", [["onPremises", "dnsServers"], ["ns1.corp.example.internal"]]);
            expectRejected("dev", text, {
                says: "onPremises.dnsServers[0] 'ns1.corp.example.internal' is not an IPv4 address; expected e.g. 172.16.0.10",
                at: "- ns1.corp.example.internal",
            });
        });

        it("rejects query logging that is not a boolean", () => {
            const text = mutated("dev", [["dns", "queryLogging"], "yes please"]);
            expectRejected("dev", text, {
                says: "dns.queryLogging 'yes please' is not true or false; expected true or false",
                at: "queryLogging:",
            });
        });

        it("defaults query logging to off and the inbound addresses to the plan's", () => {
            const env = parseText("dev", mutated("dev", [["dns", "queryLogging"], DELETE]));
            expect(env.dns.queryLogging).to.equal(false);
            expect(env.regions.primary.dns).to.equal(undefined);
            const prod = parseText("prod", realText("prod"));
            expect(prod.dns.queryLogging).to.equal(true);
            expect(prod.regions.primary.dns?.inboundIps).to.deep.equal([
                "10.128.1.52",
                "10.128.1.68",
                "10.128.1.84",
            ]);
        });

        it("rejects an inbound address outside the resolver subnet of its AZ", () => {
            // dev: tgw 10.64.1.0/28 and .16/28, resolver 10.64.1.32/28 (AZ 1) and .48/28 (AZ 2).
            const text = mutated("dev", [
                ["regions", "primary", "dns"],
                { inboundIps: ["10.64.1.36", "10.64.1.40"] },
            ]);
            expectRejected("dev", text, {
                says: "regions.primary.dns.inboundIps[1] '10.64.1.40' is outside the resolver subnet 10.64.1.48/28 of its AZ (AZ 2); expected an address such as 10.64.1.52",
                at: "- 10.64.1.40",
            });
        });

        it("rejects an inbound address in the tgw subnet", () => {
            const text = mutated("dev", [
                ["regions", "primary", "dns"],
                { inboundIps: ["10.64.1.5", "10.64.1.52"] },
            ]);
            expectRejected("dev", text, {
                says: "regions.primary.dns.inboundIps[0] '10.64.1.5' is outside the resolver subnet 10.64.1.32/28 of its AZ (AZ 1); expected an address such as 10.64.1.36",
                at: "- 10.64.1.5",
            });
        });

        it("rejects an inbound address AWS reserves", () => {
            const text = mutated("dev", [
                ["regions", "primary", "dns"],
                { inboundIps: ["10.64.1.33", "10.64.1.52"] },
            ]);
            expectRejected("dev", text, {
                says: "regions.primary.dns.inboundIps[0] '10.64.1.33' is reserved by AWS in the resolver subnet 10.64.1.32/28 (first 4 and last address) (AZ 1); expected an address such as 10.64.1.36",
                at: "- 10.64.1.33",
            });
        });

        it("rejects fewer than 2 inbound addresses", () => {
            const text = mutated("dev", [["regions", "primary", "dns"], { inboundIps: ["10.64.1.36"] }]);
            expectRejected("dev", text, {
                says: "regions.primary.dns.inboundIps '[\"10.64.1.36\"]' lists 1 address(es); expected one address in each of at least 2 AZs (the resolver endpoints span two AZs)",
                at: "inboundIps:",
            });
        });

        it("rejects more inbound addresses than AZs", () => {
            const text = mutated("dev", [
                ["regions", "primary", "dns"],
                { inboundIps: ["10.64.1.36", "10.64.1.52", "10.64.1.68"] },
            ]);
            expectRejected("dev", text, {
                field: "regions.primary.dns.inboundIps",
                says: "lists 3 addresses for 2 AZs; expected at most one address per AZ of regions.primary",
                at: "inboundIps:",
            });
        });

        it("rejects an inbound address that is not an IPv4 address", () => {
            const text = mutated("dev", [
                ["regions", "primary", "dns"],
                { inboundIps: ["10.64.1.36", "10.64.1.520"] },
            ]);
            expectRejected("dev", text, {
                says: "regions.primary.dns.inboundIps[1] '10.64.1.520' is not an IPv4 address; expected e.g. 172.16.0.10",
                at: "- 10.64.1.520",
            });
        });

        it("rejects a shared-services range too small for the resolver subnets", () => {
            const text = mutated("dev", [["regions", "primary", "cidrs", "sharedServices"], "10.64.1.0/27"]);
            expectRejected("dev", text, {
                says: "regions.primary.cidrs.sharedServices '10.64.1.0/27' is too small for a /28 tgw and a /28 resolver subnet in each of 2 AZs; expected a larger range, e.g. a /24",
                at: "sharedServices: 10.64.1.0/27",
            });
        });

        it("rejects an on-premises domain overlapping the corporate domain", () => {
            const text = mutated("dev", [["onPremises", "domains"], ["example.internal"]]);
            expectRejected("dev", text, {
                says: "onPremises.domains[0] 'example.internal' overlaps the corporate AWS domain aws.example.internal; expected on-premises domains outside it",
                at: "- example.internal",
            });
        });
    });

    describe("firewall", () => {
        // Groups are found by kind, so the tests keep working when rule groups are added to dev.yaml.
        it("rejects an unknown rule group kind", () => {
            const { index, name } = groupOf("domain-list");
            const text = mutated("dev", [["firewall", "ruleGroups", index, "kind"], "geo-block"]);
            expectRejected("dev", text, {
                says: `firewall.ruleGroups[${name}].kind 'geo-block' has an unknown rule kind; expected stateless, stateful, domain-list or suricata`,
                at: "kind: geo-block",
                after: `name: ${name}`,
            });
        });

        it("rejects duplicate rule group names", () => {
            const first = groupOf("stateless");
            const { index } = groupOf("stateful");
            const text = mutated("dev", [["firewall", "ruleGroups", index, "name"], first.name]);
            expectRejected("dev", text, {
                says: `firewall.ruleGroups[${index}].name '${first.name}' repeats the name of rule group ${first.index}; expected unique rule group names`,
                at: `name: ${first.name}`,
                occurrence: 2,
            });
        });

        it("rejects duplicate stateless priorities", () => {
            const { index, name, group } = groupOf("stateless");
            const priority = (group.rules as { priority: number }[])[0].priority;
            const text = mutated("dev", [
                ["firewall", "ruleGroups", index, "rules", 1, "priority"],
                priority,
            ]);
            expectRejected("dev", text, {
                says: `firewall.ruleGroups[${name}].rules[1].priority '${priority}' repeats priority ${priority} of rule 0; expected a unique priority per rule in a group`,
                at: `priority: ${priority}`,
                occurrence: 2,
                after: `name: ${name}`,
            });
        });

        it("rejects an unknown stateless protocol", () => {
            const { index, name } = groupOf("stateless");
            const text = mutated("dev", [
                ["firewall", "ruleGroups", index, "rules", 0, "protocols"],
                ["sctp"],
            ]);
            expectRejected("dev", text, {
                says: `firewall.ruleGroups[${name}].rules[0].protocols[0] 'sctp' is not a protocol; expected tcp, udp, icmp or a number 0-255`,
                at: "- sctp",
                after: `name: ${name}`,
            });
        });

        it("rejects a stateful rule whose default sid repeats another rule's sid", () => {
            const { index, name } = groupOf("stateful");
            const rule = {
                action: "pass",
                protocol: "TCP",
                source: "ANY",
                sourcePort: "ANY",
                destination: "ANY",
                destinationPort: 443,
                direction: "FORWARD",
            };
            const text = mutated("dev", [
                ["firewall", "ruleGroups", index, "rules"],
                [{ ...rule, sid: 2 }, rule],
            ]);
            expectRejected("dev", text, {
                field: `firewall.ruleGroups[${name}].rules[1]`,
                says: "has no sid and defaults to 2 (its position + 1), which repeats the sid of rule 0; expected an explicit sid unique in the group",
                at: "- action: pass",
                occurrence: 2,
                after: `name: ${name}`,
            });
        });

        it("rejects a stateful address with host bits set", () => {
            const { index, name } = groupOf("stateful");
            const text = mutated("dev", [
                ["firewall", "ruleGroups", index, "rules", 0, "destination"],
                "172.16.0.1/16",
            ]);
            expectRejected("dev", text, {
                says: `firewall.ruleGroups[${name}].rules[0].destination '172.16.0.1/16' has host bits set; expected the network address, e.g. 172.16.0.0/16`,
                at: "destination: 172.16.0.1/16",
                after: `name: ${name}`,
            });
        });

        it("rejects a Suricata rule without a sid, on the rule's own line", () => {
            const { index, name } = groupOf("suricata");
            const rules =
                'drop tls $HOME_NET any -> $EXTERNAL_NET any (msg:"bad"; sid:1000001; rev:1;)\n' +
                'alert http $HOME_NET any -> $EXTERNAL_NET any (msg:"no sid"; rev:1;)\n';
            const text = mutated("dev", [["firewall", "ruleGroups", index, "rules"], rules]);
            const err = expectRejected("dev", text, {
                says: `firewall.ruleGroups[${name}].rules 'alert http $HOME_NET any -> $EXTERNAL_NET any (msg:"no sid"; rev:1;)' (rule 2) has no sid; expected every rule to carry "sid:<number>;"`,
                at: '(msg:"no sid"',
            });
            // the multi-line value is printed on one line
            expect(err.message.split("\n")).to.have.length(2);
        });

        it("rejects duplicate Suricata sids, counting rules from 1", () => {
            const { index, name } = groupOf("suricata");
            const rules =
                "# comment lines do not count\n" +
                'alert tcp any any -> any any (msg:"a"; sid:7;)\n' +
                'alert tcp any any -> any any (msg:"b"; sid:7;)\n';
            const text = mutated("dev", [["firewall", "ruleGroups", index, "rules"], rules]);
            expectRejected("dev", text, {
                says: `firewall.ruleGroups[${name}].rules 'alert tcp any any -> any any (msg:"b"; sid:7;)' (rule 2) repeats sid 7 of rule 1; expected a unique sid per rule in a group`,
                at: '(msg:"b"',
            });
        });

        it("rejects a declared capacity below the requirement", () => {
            const { index, name, group } = groupOf("domain-list");
            // a domain list needs one rule per domain and target type
            const needed = (group.domains as unknown[]).length * (group.targetTypes as unknown[]).length;
            const text = mutated("dev", [["firewall", "ruleGroups", index, "capacity"], needed - 1]);
            expectRejected("dev", text, {
                says: `firewall.ruleGroups[${name}].capacity '${needed - 1}' is below the ${needed} the rules need; expected at least ${needed}, e.g. 100 (a new capacity replaces the group: AWS fixes it at creation)`,
                at: `capacity: ${needed - 1}`,
                after: `name: ${name}`,
            });
        });

        it("rejects a rule group without a capacity: AWS fixes it at creation, so it is never computed", () => {
            const { index, name } = groupOf("domain-list");
            const text = mutated("dev", [["firewall", "ruleGroups", index, "capacity"], DELETE]);
            expectRejected("dev", text, {
                says: `firewall.ruleGroups[${name}].capacity is missing; expected the group's capacity: a whole number from 1 to 30000 that covers its rules with room to grow, e.g. 100 (AWS fixes it when the group is created)`,
                at: `name: ${name}`,
            });
        });

        it("accepts a declared capacity equal to the requirement", () => {
            const { index, group } = groupOf("domain-list");
            const needed = (group.domains as unknown[]).length * (group.targetTypes as unknown[]).length;
            const text = mutated("dev", [["firewall", "ruleGroups", index, "capacity"], needed]);
            expect(parseText("dev", text).firewall.ruleGroups[index].capacity).to.equal(needed);
        });
    });

    describe("other fields", () => {
        it("rejects a retention that CloudWatch Logs does not offer", () => {
            const text = mutated("dev", [["logging", "retentionDays"], 31]);
            expectRejected("dev", text, {
                says: "logging.retentionDays '31' is not a CloudWatch Logs retention; expected one of 1, 3, 5, 7, 14, 30, 60,",
                at: "retentionDays: 31",
            });
        });

        it("rejects a reserved tag key", () => {
            const text = mutated("dev", [["tags", "aws:owner"], "network-team"]);
            expectRejected("dev", text, {
                says: "tags.aws:owner 'network-team' has a reserved tag key; expected a key without the 'aws:' or 'hub-network:' prefix (the stacks set those)",
                at: "aws:owner: network-team",
            });
        });

        it("rejects a misspelt top-level field and suggests the right spelling", () => {
            const text = realText("dev").replace(/^addressing:/m, "adressing:");
            const err = expectRejected("dev", text, {
                says: "adressing is not a known field; expected 'addressing' (the missing field under the top level with a similar name)",
                at: "adressing:",
                problems: 2,
            });
            expect(err.message).to.contain("addressing is missing; expected a mapping");
        });

        it("suggests the right spelling of a misspelt nested field", () => {
            const text = realText("dev").replace("  natGateways: per-az", "  natGateway: per-az");
            const err = expectRejected("dev", text, {
                says: "egress.natGateway is not a known field; expected 'natGateways' (the missing field under egress with a similar name)",
                at: "natGateway: per-az",
                problems: 2,
            });
            expect(err.message).to.contain(
                `dev.yaml:${lineOf(text, "egress:")}: egress.natGateways is missing; expected per-az or single`,
            );
        });

        it("rejects an unknown nested field", () => {
            const text = mutated("dev", [["egress", "natGateway"], "single"]);
            expectRejected("dev", text, {
                says: "egress.natGateway is not a known field; expected one of the fields documented for egress, or remove it",
                at: "natGateway: single",
            });
        });
    });

    describe("YAML errors", () => {
        it("names the line of a YAML syntax error", () => {
            const text = realText("dev").replace("natGateways: per-az", "natGateways: [per-az");
            const err = configError(() => parseText("dev", text));
            expect(err.problems).to.have.length(1);
            const line = lineOf(text, "natGateways: [per-az");
            // the parser notices the unclosed bracket at the start of the next line
            expect(err.problems[0].line).to.be.oneOf([line, line + 1, line + 2]);
            expect(err.message).to.contain(
                `stacks/environments/dev.yaml:${err.problems[0].line}: (YAML) is not valid YAML:`,
            );
            expect(err.message).to.contain("expected valid YAML syntax");
            expect(err.message).to.not.contain(" at line ");
        });

        it("rejects a key given twice", () => {
            const text = realText("dev").replace(
                "  retentionDays: 30",
                "  retentionDays: 30\n  retentionDays: 60",
            );
            const err = configError(() => parseText("dev", text));
            expect(err.message).to.contain(
                `stacks/environments/dev.yaml:${lineOf(text, "retentionDays: 60")}: (YAML) key 'retentionDays' repeats a key of the same mapping; expected each key once`,
            );
        });
    });

    it("reports several problems in one file together", () => {
        const text = mutated(
            "dev",
            [["profile"], "staging"],
            [["addressing", "supernet"], "10.0.0.0/33"],
            [["onPremises", "dnsServers", 1], "172.16.0.300"],
            [["firewall", "ruleGroups", groupOf("domain-list").index, "kind"], "geo-block"],
            [["logging", "retentionDays"], 31],
        );
        const err = configError(() => parseText("dev", text));
        expect(err.problems.map((p) => p.field)).to.have.members([
            "profile",
            "addressing.supernet",
            "onPremises.dnsServers[1]",
            `firewall.ruleGroups[${groupOf("domain-list").name}].kind`,
            "logging.retentionDays",
        ]);
        const lines = err.message.split("\n");
        expect(lines[0]).to.equal("invalid configuration (5 problems):");
        expect(lines).to.have.length(6);
        for (const line of lines.slice(1))
            expect(line).to.match(/^ {2}stacks\/environments\/dev\.yaml:\d+: /);
    });
});
