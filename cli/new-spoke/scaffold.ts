/**
 * The `new-spoke` scaffolder's logic, without process I/O: turns command-line arguments into a spoke
 * request, fills in the next free CIDR(s) of the environment's spoke pool, runs the same checks as the
 * spoke stack, and renders the stack config file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { HelpRequested, parseCommandLine, UsageError, type FlagSpecs } from "../args";
import { Document, isMap, isSeq, Scalar } from "yaml";
import {
    firstFreeRange,
    regionalSpokeRanges,
    SPOKE_AZ_SLOTS,
    SPOKE_PREFIX,
} from "../../components/network/spoke-plan";
import type { Environment } from "../../stacks/schema/environment";
import { ConfigError, formatProblem, type ConfigProblem } from "../../stacks/schema/errors";
import {
    checkSpokeRequest,
    loadSpokeRequest,
    SPOKE_KEY,
    spokeFilesOf,
    spokeRequestSchema,
    spokeStackName,
    type RequestLocation,
    type SpokeRequest,
} from "../../stacks/schema/spoke";
import { environmentNames, loadEnvironment, loadStackContext } from "../../stacks/schema/stack-config";
import { readStackConfig } from "../plan/stacks";

export const USAGE = `usage: npm run new-spoke -- --env <env> --name <name> --account <id> --owner <email>
                                 [--kind KIND] [--inspection none|gwlb] [--dr] [--azs N] [--cidr CIDR]
                                 [--netmask N] [--endpoint SERVICE]...

  --env ENV           environment of the spoke (a file in stacks/environments)
  --name NAME         spoke name: 2-20 lowercase letters, digits and dashes; the stack is spoke-<name>-<env>
  --account ID        the spoke's AWS account, one of the environment's accounts.spokes
  --owner EMAIL       the owning team's email address
  --kind KIND         workload: none (default: network only, for the team's own program),
                      or a shipped example: ecs-api or lambda-api
  --inspection MODE   none (default) or gwlb (ecs-api only: inspect the VPC-link path)
  --dr                also build the spoke in the environment's DR region
  --azs N             availability zones (default: the hub's, at most ${SPOKE_AZ_SLOTS})
  --cidr CIDR         the VPC CIDR (default: the next free /${SPOKE_PREFIX.default} of the spoke pool)
  --netmask N         with IPAM: the size of the VPC to allocate (default ${SPOKE_PREFIX.default})
  --endpoint SERVICE  an interface endpoint, e.g. ssm or ecr.api (repeat for several)
  -h, --help          print this help

Writes stacks/config/Pulumi.spoke-<name>-<env>.yaml; never overwrites a file.`;

/** What each required flag takes. */
const REQUIRED_HINT_TEXT: Record<"env" | "name" | "account" | "owner" | "kind", string> = {
    env: "the environment, e.g. --env dev",
    name: "the spoke name, e.g. --name petstore",
    account: 'the spoke\'s 12-digit account ID, e.g. --account "333333333333"',
    owner: "the owning team's email address, e.g. --owner pets-team@example.com",
    kind: "the workload: none (network only), or a shipped example, ecs-api or lambda-api",
};

/** Where each request field comes from on the command line. */
const FLAG_OF: Record<string, string> = {
    name: "--name",
    account: "--account",
    owner: "--owner",
    workload: "--kind",
    inspection: "--inspection",
    dr: "--dr",
    availabilityZones: "--azs",
    cidr: "--cidr",
    drCidr: "--cidr",
    netmaskLength: "--netmask",
    interfaceEndpoints: "--endpoint",
};

/** How problems found on the command line are attributed. */
const COMMAND = "npm run new-spoke";

/** A bad command line or request: every problem, each naming the flag, the value and the fix. */
export class ScaffoldError extends Error {
    /** `usage`: a command-line mistake, printed with the usage. */
    constructor(
        readonly problems: readonly ConfigProblem[],
        readonly usage = false,
    ) {
        super(problems.map(formatProblem).join("\n"));
        this.name = "ScaffoldError";
    }
}

/** What the scaffolder wrote. */
export interface Scaffolded {
    readonly environment: string;
    readonly stack: string;
    /** Path relative to the project root. */
    readonly file: string;
    readonly request: SpokeRequest;
    readonly text: string;
}

const problemAt = (flag: string, value: unknown, message: string): ConfigProblem => ({
    file: COMMAND,
    field: flag,
    value,
    message,
});

/** The scaffolder's flags. */
const FLAGS: FlagSpecs = {
    env: { type: "string", expects: REQUIRED_HINT_TEXT.env },
    name: { type: "string", expects: REQUIRED_HINT_TEXT.name },
    account: { type: "string", expects: REQUIRED_HINT_TEXT.account },
    owner: { type: "string", expects: REQUIRED_HINT_TEXT.owner },
    kind: { type: "string", expects: REQUIRED_HINT_TEXT.kind },
    inspection: { type: "string", expects: "none or gwlb" },
    dr: { type: "boolean" },
    azs: { type: "string", expects: `an AZ count from 1 to ${SPOKE_AZ_SLOTS}` },
    cidr: { type: "string", expects: "a CIDR from the spoke pool, e.g. 10.72.0.0/20" },
    netmask: { type: "string", expects: `a netmask length from ${SPOKE_PREFIX.min} to ${SPOKE_PREFIX.max}` },
    endpoint: { type: "string", multiple: true, expects: "an interface endpoint service, e.g. ssm" },
    help: { type: "boolean" },
};

/** Parses the command line; flag problems throw a ScaffoldError (with the usage), --help one with none. */
function parse(argv: readonly string[]) {
    try {
        return parseCommandLine(argv, FLAGS, { script: "new-spoke" }).values as {
            env?: string;
            name?: string;
            account?: string;
            owner?: string;
            kind?: string;
            inspection?: string;
            dr?: boolean;
            azs?: string;
            cidr?: string;
            netmask?: string;
            endpoint?: string[];
            help?: boolean;
        };
    } catch (error) {
        if (error instanceof HelpRequested) throw new ScaffoldError([]);
        if (!(error instanceof UsageError)) throw error;
        const flag = /^(--[\w-]+) /.exec(error.message)?.[1];
        throw new ScaffoldError(
            [
                flag
                    ? problemAt(flag, undefined, error.message.slice(flag.length + 1))
                    : problemAt("(arguments)", undefined, error.message),
            ],
            true,
        );
    }
}

/** A whole number flag, or the text itself so the schema reports it. */
function numberOrText(text: string | undefined): number | string | undefined {
    return text !== undefined && /^\d+$/.test(text) ? Number(text) : text;
}

/**
 * Builds, checks and writes a new spoke request under `root`. Throws ScaffoldError for every bad
 * input, before writing anything; `--help` throws a ScaffoldError with no problems.
 */
export function scaffoldSpoke(argv: readonly string[], root: string): Scaffolded {
    const flags = parse(argv);
    const missing = (["env", "name", "account", "owner"] as const).filter((f) => flags[f] === undefined);
    if (missing.length > 0) {
        throw new ScaffoldError(
            missing.map((f) =>
                problemAt(`--${f}`, undefined, `is missing; expected ${REQUIRED_HINT_TEXT[f]}`),
            ),
            true,
        );
    }
    const envName = String(flags.env);
    const known = environmentNames(root);
    if (!known.includes(envName)) {
        throw new ScaffoldError([
            problemAt(
                "--env",
                envName,
                `is not an environment; expected one of ${known.join(", ")} (files in stacks/environments)`,
            ),
        ]);
    }
    let env: Environment;
    let environmentFile: string;
    try {
        ({ environment: env, file: environmentFile } = loadEnvironment(envName, undefined, root));
    } catch (error) {
        if (error instanceof ConfigError) throw new ScaffoldError(error.problems);
        throw error;
    }

    const others = spokeFilesOf(env.name, root);
    const used = others.flatMap((o) => [o.request?.cidr, o.request?.drCidr].filter((c): c is string => !!c));
    const hubAzs = Math.min(SPOKE_AZ_SLOTS, env.regions.primary.availabilityZones);
    const raw: Record<string, unknown> = {
        name: flags.name,
        account: flags.account,
        owner: flags.owner,
        availabilityZones: flags.azs === undefined ? hubAzs : numberOrText(flags.azs),
        workload: flags.kind ?? "none",
        inspection: flags.inspection ?? "none",
        dr: flags.dr ?? false,
        interfaceEndpoints: flags.endpoint ?? [],
        tags: {},
    };
    if (env.addressing.ipam) {
        if (flags.cidr !== undefined) raw.cidr = flags.cidr;
        raw.netmaskLength = flags.netmask === undefined ? SPOKE_PREFIX.default : numberOrText(flags.netmask);
    } else {
        if (flags.netmask !== undefined) raw.netmaskLength = numberOrText(flags.netmask);
        // Each region's spokes take their CIDRs from its part of the pool (what its VPN advertises).
        const regional = regionalSpokeRanges(env.addressing.spokePool, env.regions.dr !== undefined);
        const cidr = flags.cidr ?? firstFreeRange(regional.primary, SPOKE_PREFIX.default, used);
        if (cidr === undefined) {
            throw new ScaffoldError([
                problemAt(
                    "--cidr",
                    undefined,
                    `cannot be chosen: the spoke pool ${env.addressing.spokePool} of ${environmentFile} has no free /${SPOKE_PREFIX.default} left; expected a larger pool there, or --cidr with a smaller range`,
                ),
            ]);
        }
        raw.cidr = cidr;
        if (raw.dr === true) {
            const drCidr = firstFreeRange(regional.dr ?? env.addressing.spokePool, SPOKE_PREFIX.default, [
                ...used,
                cidr,
            ]);
            if (drCidr !== undefined) raw.drCidr = drCidr;
        }
    }

    const shape = spokeRequestSchema.safeParse(raw);
    if (!shape.success) {
        throw new ScaffoldError(
            shape.error.issues.map((issue) => {
                const key = String(issue.path[0]);
                const value = issue.path.reduce<unknown>(
                    (v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k as PropertyKey],
                    raw,
                );
                return problemAt(FLAG_OF[key] ?? key, value, issue.message);
            }),
        );
    }
    const request = shape.data;
    const at: RequestLocation = {
        file: COMMAND,
        lineOf: () => undefined,
        fieldName: (field) => FLAG_OF[field.split(".")[0]] ?? field,
    };
    const problems = checkSpokeRequest(request, env, environmentFile, at, others);
    const stack = spokeStackName(request.name, env.name);
    const file = `stacks/config/Pulumi.${stack}.yaml`;
    if (fs.existsSync(path.join(root, file))) {
        problems.unshift(
            problemAt(
                "--name",
                request.name,
                `already has a stack config file ${file}; expected a new spoke name (the scaffolder never overwrites a file)`,
            ),
        );
    }
    if (problems.length > 0) throw new ScaffoldError(problems);

    const text = render(request, env, environmentFile);
    // `wx`: fail rather than overwrite, even if the file appeared since the check above.
    try {
        fs.writeFileSync(path.join(root, file), text, { flag: "wx" });
    } catch (error) {
        throw new ScaffoldError([
            {
                file,
                field: "(file)",
                message: `cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); expected a writable stacks/config folder and no file of that name`,
            },
        ]);
    }
    try {
        // The stack reads the file the same way: prove it accepts what was written.
        loadSpokeRequest(loadStackContext(stack, readStackConfig(stack, root), root));
    } catch (error) {
        fs.rmSync(path.join(root, file));
        if (error instanceof ConfigError) throw new ScaffoldError(error.problems);
        throw error;
    }
    return { environment: env.name, stack, file, request, text };
}

/** The stack config file for `request`, with comments that say what each part is for. */
export function render(request: SpokeRequest, env: Environment, environmentFile: string): string {
    const spoke: Record<string, unknown> = {
        name: request.name,
        account: request.account,
        owner: request.owner,
        ...(request.cidr ? { cidr: request.cidr } : {}),
        ...(request.drCidr ? { drCidr: request.drCidr } : {}),
        ...(request.netmaskLength !== undefined ? { netmaskLength: request.netmaskLength } : {}),
        availabilityZones: request.availabilityZones,
        workload: request.workload,
        inspection: request.inspection,
        dr: request.dr,
        interfaceEndpoints: request.interfaceEndpoints,
        tags: request.tags,
    };
    const doc = new Document({
        config: {
            "aws:region": env.regions.primary.name,
            "aws:allowedAccountIds": [request.account],
            "hub-network:role": "spoke",
            "hub-network:environment": env.name,
            [SPOKE_KEY]: spoke,
        },
    });
    doc.commentBefore =
        ` Spoke '${request.name}' of ${env.name}, owned by ${request.owner}.\n` +
        ` The request below is validated against ${environmentFile} and every other spoke of ${env.name}\n` +
        ` before anything is declared; see docs/configuration.md for each field.`;
    const config = doc.get("config", true);
    if (isMap(config)) {
        const allowed = config.get("aws:allowedAccountIds", true);
        if (isSeq(allowed)) {
            allowed.flow = true;
            allowed.items.forEach((item) => {
                if (item instanceof Scalar) item.type = Scalar.QUOTE_DOUBLE;
            });
        }
        const allowedKey = config.items.find(
            (p) => p.key instanceof Scalar && p.key.value === "aws:allowedAccountIds",
        )?.key;
        if (allowedKey instanceof Scalar) {
            allowedKey.commentBefore = " The stack refuses to deploy into any other account.";
        }
        const spokeNode = config.get(SPOKE_KEY, true);
        if (isMap(spokeNode)) {
            const account = spokeNode.get("account", true);
            if (account instanceof Scalar) account.type = Scalar.QUOTE_DOUBLE;
            for (const key of ["interfaceEndpoints", "tags"]) {
                const node = spokeNode.get(key, true);
                if (isSeq(node) || isMap(node)) node.flow = true;
            }
        }
    }
    return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
