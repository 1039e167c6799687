/**
 * The `new-env` scaffolder's logic, without process I/O: turns command-line arguments into a new
 * environment, runs the checks every stack of the environment runs (the environment schema, each hub
 * stack's config), and writes the environment file, its firewall rules file and the hub stack files.
 * Every problem is reported at once, each naming the flag (or the field it became), the value and the fix; nothing is written
 * unless everything passes, and no file is ever overwritten.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, formatProblem, type ConfigProblem } from "../../stacks/schema/errors";
import { cidr } from "../../stacks/schema/fields";
import { FIREWALL_RULES_DIR, firewallRulesFile } from "../../stacks/schema/firewall-file";
import {
    environmentNames,
    loadStackContext,
    parseEnvironmentWithRules,
    STACK_CONFIG_DIR,
} from "../../stacks/schema/stack-config";
import { parseYaml } from "../../stacks/schema/yaml-file";
import { readStackConfig } from "../plan/stacks";
import {
    defaultSpokePool,
    hubRanges,
    renderEnvironment,
    renderFirewallRules,
    renderHubStacks,
    type NewEnvironment,
} from "./template";

export const USAGE = `usage: npm run new-env -- --env <env> --network-account <id> --security-account <id>
                               --spoke-account <id>... --organization <arn> --region <region>
                               --supernet <cidr> --corporate-domain <domain> [options]

  --env NAME               environment name: 2-16 lowercase letters and digits, e.g. staging
  --profile PROFILE        development (default) or production
  --network-account ID     the networking account (Transit Gateway, inspection, DNS hub)
  --security-account ID    the security account (GWLB appliance fleet)
  --spoke-account ID       an account allowed to attach a spoke (repeat for several; at least one)
  --organization ARN       arn:aws:organizations::<management account>:organization/o-...
  --share-with SCOPE       accounts (default: only the spoke accounts) or organization
  --region REGION          the primary region, e.g. eu-west-1
  --dr-region REGION       a disaster-recovery region: the hub is built there too
  --azs N                  AZs of each hub (default 2, production 3)
  --asn N                  the Transit Gateway's private ASN (default 64512; DR: the next one)
  --supernet CIDR          every VPC of the environment, e.g. 10.80.0.0/12
  --spoke-pool CIDR        spoke VPC ranges (default: the upper half of the supernet)
  --corporate-domain NAME  the parent private zone, e.g. aws.example.internal
  --on-prem-cidr CIDR      an on-premises range (repeatable)
  --on-prem-dns IP         an on-premises DNS server (repeatable)
  --on-prem-domain NAME    an on-premises domain the hub forwards (repeatable)
  --vpn-ip IP              public address of the on-premises VPN device (with --vpn-asn)
  --vpn-asn N              BGP ASN of the on-premises VPN device

Writes stacks/environments/<env>.yaml, its firewall rules stacks/firewall/<env>.yaml and the hub stack
files stacks/config/Pulumi.network-<env>.yaml, Pulumi.security-<env>.yaml (and -dr with --dr-region);
never overwrites a file.`;

/** How problems found on the command line are attributed. */
const COMMAND = "npm run new-env";

/** Which flag set each field of the environment file, for problems the schema finds. */
const FLAG_OF: readonly [RegExp, string][] = [
    [/^name$/, "--env"],
    [/^profile$/, "--profile"],
    [/^accounts\.network$/, "--network-account"],
    [/^accounts\.security$/, "--security-account"],
    [/^accounts\.spokes/, "--spoke-account"],
    [/^organization/, "--organization"],
    [/^shareWith$/, "--share-with"],
    [/^regions\.primary\.name$/, "--region"],
    [/^regions\.dr\.name$/, "--dr-region"],
    [/^regions\.\w+\.availabilityZones$/, "--azs"],
    [/^regions\.primary\.transitGatewayAsn$/, "--asn"],
    [/^regions\.dr\.transitGatewayAsn$/, "--asn"],
    [/^addressing\.supernet$/, "--supernet"],
    [/^addressing\.spokePool$/, "--spoke-pool"],
    [/^dns\.corporateDomain$/, "--corporate-domain"],
    [/^onPremises\.cidrs/, "--on-prem-cidr"],
    [/^onPremises\.dnsServers/, "--on-prem-dns"],
    [/^onPremises\.domains/, "--on-prem-domain"],
    [/^onPremises\.vpn\.customerGatewayIp$/, "--vpn-ip"],
    [/^onPremises\.vpn\.bgpAsn$/, "--vpn-asn"],
];

/** A bad command line or environment: every problem, each naming the flag, the value and the fix. */
export class NewEnvError extends Error {
    constructor(readonly problems: readonly ConfigProblem[]) {
        super(problems.map(formatProblem).join("\n"));
        this.name = "NewEnvError";
    }
}

/** What the scaffolder wrote, paths relative to the project root. */
export interface NewEnvResult {
    readonly environment: string;
    readonly files: readonly string[];
    readonly stacks: readonly string[];
}

const problemAt = (flag: string, value: unknown, message: string): ConfigProblem => ({
    file: COMMAND,
    field: flag,
    value,
    message,
});

function parse(argv: readonly string[]) {
    const text = { type: "string" } as const;
    const list = { type: "string", multiple: true } as const;
    try {
        return parseArgs({
            args: [...argv],
            strict: true,
            allowPositionals: false,
            options: {
                env: text,
                profile: text,
                "network-account": text,
                "security-account": text,
                "spoke-account": list,
                organization: text,
                "share-with": text,
                region: text,
                "dr-region": text,
                azs: text,
                asn: text,
                supernet: text,
                "spoke-pool": text,
                "corporate-domain": text,
                "on-prem-cidr": list,
                "on-prem-dns": list,
                "on-prem-domain": list,
                "vpn-ip": text,
                "vpn-asn": text,
                help: { type: "boolean" },
            },
        }).values;
    } catch (error) {
        throw new NewEnvError([
            problemAt(
                "(arguments)",
                undefined,
                `${(error as Error).message}; expected the flags in the usage below`,
            ),
        ]);
    }
}

const REQUIRED: Record<string, string> = {
    env: "the environment name, e.g. --env staging",
    "network-account": 'the networking account\'s 12-digit ID, e.g. --network-account "111111111111"',
    "security-account": 'the security account\'s 12-digit ID, e.g. --security-account "222222222222"',
    organization:
        "the organization ARN, e.g. --organization arn:aws:organizations::999999999999:organization/o-a1b2c3d4e5",
    region: "the primary region, e.g. --region eu-west-1",
    supernet: "the range every VPC of the environment lives in, e.g. --supernet 10.80.0.0/12",
    "corporate-domain": "the corporate AWS domain, e.g. --corporate-domain aws.example.internal",
};

/** A whole number flag, or the text itself so that the schema reports it. */
function numberOrText(text: string | undefined): number | string | undefined {
    return text !== undefined && /^\d+$/.test(text) ? Number(text) : text;
}

/**
 * Builds, checks and writes a new environment under `root`. Throws NewEnvError with every problem
 * before writing anything; `--help` throws a NewEnvError with no problems.
 */
export function scaffoldEnvironment(argv: readonly string[], root: string): NewEnvResult {
    const flags = parse(argv);
    if (flags.help) throw new NewEnvError([]);
    const problems: ConfigProblem[] = Object.entries(REQUIRED)
        .filter(([flag]) => flags[flag as keyof typeof flags] === undefined)
        .map(([flag, hint]) => problemAt(`--${flag}`, undefined, `is missing; expected ${hint}`));
    if ((flags["spoke-account"] ?? []).length === 0) {
        problems.push(
            problemAt(
                "--spoke-account",
                undefined,
                'is missing; expected at least one account allowed to attach a spoke (the hub\'s onboarding role and appliance fleet trust them), e.g. --spoke-account "333333333333"',
            ),
        );
    }
    const profile = flags.profile ?? "development";
    if (profile !== "development" && profile !== "production") {
        problems.push(
            problemAt("--profile", profile, "is not a profile; expected development or production"),
        );
    }
    const shareWith = flags["share-with"] ?? "accounts";
    if (shareWith !== "accounts" && shareWith !== "organization") {
        problems.push(
            problemAt("--share-with", shareWith, "is not a sharing scope; expected accounts or organization"),
        );
    }
    if ((flags["vpn-ip"] === undefined) !== (flags["vpn-asn"] === undefined)) {
        const [given, missing] =
            flags["vpn-ip"] === undefined ? ["--vpn-asn", "--vpn-ip"] : ["--vpn-ip", "--vpn-asn"];
        problems.push(
            problemAt(
                missing,
                undefined,
                `is missing; expected it with ${given}: the VPN needs the device's public address and its BGP ASN`,
            ),
        );
    }
    const name = flags.env;
    if (name !== undefined) {
        if (environmentNames(root).includes(name)) {
            problems.push(
                problemAt(
                    "--env",
                    name,
                    `already has an environment file stacks/environments/${name}.yaml; expected a new environment name (the scaffolder never overwrites a file)`,
                ),
            );
        }
    }
    if (problems.length > 0) throw new NewEnvError(problems);

    const supernet = String(flags.supernet);
    const spokePool = flags["spoke-pool"] ?? defaultSpokePool(supernet) ?? "";
    const azs = numberOrText(flags.azs) ?? (profile === "production" ? 3 : 2);
    const asn = numberOrText(flags.asn) ?? 64512;
    const env: NewEnvironment = {
        name: String(name),
        profile: profile as NewEnvironment["profile"],
        networkAccount: String(flags["network-account"]),
        securityAccount: String(flags["security-account"]),
        spokeAccounts: flags["spoke-account"] ?? [],
        organizationArn: String(flags.organization),
        shareWith: shareWith as NewEnvironment["shareWith"],
        region: String(flags.region),
        ...(flags["dr-region"] !== undefined
            ? { drRegion: flags["dr-region"], drAsn: typeof asn === "number" ? asn + 1 : undefined }
            : {}),
        availabilityZones: azs as number,
        asn: asn as number,
        supernet,
        spokePool,
        corporateDomain: String(flags["corporate-domain"]),
        onPremises: {
            cidrs: flags["on-prem-cidr"] ?? [],
            dnsServers: flags["on-prem-dns"] ?? [],
            domains: flags["on-prem-domain"] ?? [],
            ...(flags["vpn-ip"] !== undefined
                ? {
                      vpn: {
                          customerGatewayIp: flags["vpn-ip"],
                          bgpAsn: numberOrText(flags["vpn-asn"]) as number,
                      },
                  }
                : {}),
        },
    };

    // The hub ranges come from the supernet: a valid supernet without room for them is this command's
    // problem to explain (the schema would only see the ranges missing).
    if (
        cidr.safeParse(env.supernet).success &&
        cidr.safeParse(env.spokePool).success &&
        !hubRanges(env.supernet, env.spokePool, env.drRegion ? 2 : 1)
    ) {
        throw new NewEnvError([
            problemAt(
                "--supernet",
                env.supernet,
                `has no room for the hub VPCs outside the spoke pool ${env.spokePool}; expected a supernet with ${env.drRegion ? 6 : 3} free /24s outside the pool, e.g. a /12 with the pool in its upper half`,
            ),
        ]);
    }
    const environmentFile = `stacks/environments/${env.name}.yaml`;
    const rulesFile = firewallRulesFile(env.name);
    const text = renderEnvironment(env);
    const rulesText = renderFirewallRules(env);
    try {
        parseEnvironmentWithRules(parseYaml(environmentFile, text), parseYaml(rulesFile, rulesText));
    } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        throw new NewEnvError(error.problems.map(asFlagProblem));
    }

    const stacks = renderHubStacks(env);
    const files = [
        environmentFile,
        rulesFile,
        ...stacks.map((s) => `${STACK_CONFIG_DIR}/Pulumi.${s.stack}.yaml`),
    ];
    const taken = files.filter((f) => fs.existsSync(path.join(root, f)));
    if (taken.length > 0) {
        throw new NewEnvError(
            taken.map((f) =>
                problemAt(
                    "--env",
                    env.name,
                    `would write ${f}, which exists; expected a new environment name (the scaffolder never overwrites a file)`,
                ),
            ),
        );
    }
    const written: string[] = [];
    try {
        // `wx`: fail rather than overwrite, even if a file appeared since the check above.
        fs.writeFileSync(path.join(root, environmentFile), text, { flag: "wx" });
        written.push(environmentFile);
        fs.mkdirSync(path.join(root, FIREWALL_RULES_DIR), { recursive: true });
        fs.writeFileSync(path.join(root, rulesFile), rulesText, { flag: "wx" });
        written.push(rulesFile);
        for (const s of stacks) {
            const file = `${STACK_CONFIG_DIR}/Pulumi.${s.stack}.yaml`;
            fs.writeFileSync(path.join(root, file), s.text, { flag: "wx" });
            written.push(file);
        }
        // The stacks read the files the same way: prove every one accepts what was written.
        const stackProblems = stacks.flatMap((s) => {
            try {
                loadStackContext(s.stack, readStackConfig(s.stack, root), root);
                return [];
            } catch (error) {
                if (error instanceof ConfigError) return error.problems;
                throw error;
            }
        });
        if (stackProblems.length > 0) throw new NewEnvError(stackProblems);
    } catch (error) {
        for (const file of written) fs.rmSync(path.join(root, file), { force: true });
        throw error;
    }
    return { environment: env.name, files, stacks: stacks.map((s) => s.stack) };
}

/** A problem the environment schema found, attributed to the flag that set the field. */
function asFlagProblem(problem: ConfigProblem): ConfigProblem {
    const flag = FLAG_OF.find(([pattern]) => pattern.test(problem.field))?.[1];
    return flag
        ? { ...problem, file: COMMAND, line: undefined, field: flag }
        : { ...problem, line: undefined };
}
